import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { BatchedRateLimiter } from '../../infrastructure/redis/batched-rate-limiter';
import { AppConfig } from '../../config/app-config';
import { RateLimitedError } from '../../common/registry-errors';
import { REDIS } from '../../infrastructure/redis/redis.tokens';

/**
 * Availability checks are rate-limited per client (invariant 4): one budget of names per minute
 * per registrar, shared by REST and EPP, in Redis so every process counts together. The key is the
 * registrar id only; the names checked are never stored. If Redis is unavailable the check is
 * allowed (and logged): PostgreSQL still decides every registration. Points go to Redis in
 * batches (`BatchedRateLimiter`): a check costs no Redis round trip until its client nears the budget.
 */
@Injectable()
export class CheckRateLimiter {
  private readonly logger = new Logger(CheckRateLimiter.name);
  private readonly limiter: BatchedRateLimiter;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    const points = config.CHECK_RATE_LIMIT_PER_MINUTE;
    const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}:rl:check`, points, duration: 60 });
    this.limiter = new BatchedRateLimiter(shared, points, (error) => this.logger.warn({ err: error }, 'check rate limiter unavailable; allowing the check'));
  }

  /** Charges `names` checks to `client`; throws RateLimitedError (EPP 2502, HTTP 429) when over budget. */
  async charge(client: string, names: number): Promise<void> {
    const res = await this.limiter.consume(client, names);
    if (!res.allowed) {
      throw new RateLimitedError(`Check rate limit exceeded; try again in ${Math.max(1, Math.ceil(res.msBeforeNext / 1000))} s`, { reason: 'check-rate-limit', value: client });
    }
  }
}
