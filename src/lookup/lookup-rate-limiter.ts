import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { BatchedRateLimiter } from '../infrastructure/redis/batched-rate-limiter';
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
 * logged): availability of public data beats strictness here. Points go to Redis in batches
 * (`BatchedRateLimiter`), so a lookup costs no Redis round trip until its address nears the budget.
 */
@Injectable()
export class LookupRateLimiter {
  private readonly logger = new Logger(LookupRateLimiter.name);
  private readonly limiter: BatchedRateLimiter;
  private readonly exempt: string[];

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: AppConfig,
  ) {
    const shared = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:rl:lookup`,
      points: config.LOOKUP_RATE_LIMIT_PER_MINUTE,
      duration: 60,
    });
    this.limiter = new BatchedRateLimiter(shared, config.LOOKUP_RATE_LIMIT_PER_MINUTE, (error) => this.logger.warn({ err: error }, 'rate limiter unavailable; allowing the lookup'));
    this.exempt = config.LOOKUP_RATE_LIMIT_EXEMPT.split(',').map((s) => s.trim()).filter(Boolean);
  }

  async consume(address: string): Promise<RateDecision> {
    const limit = this.config.LOOKUP_RATE_LIMIT_PER_MINUTE;
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
    if (this.exempt.length && addressAllowed(this.exempt, plain)) return { allowed: true, retryAfterSeconds: 0, remaining: limit, limit };
    const res = await this.limiter.consume(plain, 1);
    if (!res.allowed) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), remaining: 0, limit };
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.max(0, res.remaining), limit };
  }
}
