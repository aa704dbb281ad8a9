import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../infrastructure/redis/redis.tokens';
import { addressAllowed } from '../registry/registrars/ip-allow-list';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the client may ask again (when refused). */
  retryAfterSeconds: number;
  remaining: number;
  limit: number;
}

/**
 * One per-IP budget for WHOIS, web WHOIS and RDAP together (rate-limiter-flexible on Redis, so
 * every process shares it). The key is the client address only — never the query — so the limiter
 * records nothing about which names were looked up. If Redis is down, lookups are allowed (and
 * logged): availability of public data beats strictness here.
 */
@Injectable()
export class LookupRateLimiter {
  private readonly logger = new Logger(LookupRateLimiter.name);
  private readonly limiter: RateLimiterRedis;
  private readonly exempt: string[];

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: AppConfig,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:rl:lookup`,
      points: config.LOOKUP_RATE_LIMIT_PER_MINUTE,
      duration: 60,
    });
    this.exempt = config.LOOKUP_RATE_LIMIT_EXEMPT.split(',').map((s) => s.trim()).filter(Boolean);
  }

  async consume(address: string): Promise<RateDecision> {
    const limit = this.config.LOOKUP_RATE_LIMIT_PER_MINUTE;
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
    if (this.exempt.length && addressAllowed(this.exempt, plain)) return { allowed: true, retryAfterSeconds: 0, remaining: limit, limit };
    try {
      const res = await this.limiter.consume(plain, 1);
      return { allowed: true, retryAfterSeconds: 0, remaining: res.remainingPoints, limit };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)), remaining: 0, limit };
      this.logger.warn({ err: error }, 'rate limiter unavailable; allowing the lookup');
      return { allowed: true, retryAfterSeconds: 0, remaining: limit, limit };
    }
  }
}
