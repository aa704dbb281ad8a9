import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { LookupRateLimiter, type RateDecision } from '../lookup/lookup-rate-limiter';
import type { RdapAnswer } from './rdap.types';
import { RdapAnswerException } from './rdap-http';
import { rdapError } from './rdap.service';

/**
 * Every RDAP request spends one lookup from the client address's budget, shared with WHOIS
 * (the key is the address, never the query). Over budget: an RDAP 429 with `Retry-After`.
 */
@Injectable()
export class RdapRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: LookupRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const decision = await this.limiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (decision.allowed) return true;
    throw new RdapAnswerException(rdapRateLimited(decision));
  }
}

/** The RDAP 429 for a refused lookup (also used by the domain fast path). */
export function rdapRateLimited(decision: RateDecision): RdapAnswer {
  return rdapError(429, [`Too many lookups from this address: at most ${decision.limit} a minute across WHOIS and RDAP.`, `Retry after ${decision.retryAfterSeconds} seconds.`], decision.retryAfterSeconds);
}
