import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../infrastructure/redis/redis.tokens';

/** Console sign-in attempts (password and code steps together) allowed per client address and minute. */
export const ADMIN_LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Per-address budget for console sign-in steps, shared by every process through Redis, on top of
 * the per-account lock-out. Redis down → the attempt is refused (a flood of guesses is worse).
 */
@Injectable()
export class AdminLoginRateLimiter {
  private readonly logger = new Logger(AdminLoginRateLimiter.name);
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}:rl:admin-login`, points: ADMIN_LOGIN_ATTEMPTS_PER_MINUTE, duration: 60 });
  }

  /** 0 when the attempt may go ahead, else the seconds to wait. */
  async consume(ip: string): Promise<number> {
    try {
      await this.limiter.consume(ip, 1);
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      this.logger.warn({ err: error }, 'admin login rate limiter unavailable; refusing the attempt');
      return 60;
    }
  }
}
