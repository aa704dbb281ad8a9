import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../infrastructure/redis/redis.tokens';

/** Login attempts allowed per client address and minute. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Per-IP budget for login attempts (rate-limiter-flexible on Redis, shared by every process),
 * on top of the account lockout in LoginHandler. The key is the address only. If Redis is
 * down the attempt is refused: a login flood is worse than a short outage of logins.
 */
@Injectable()
export class PanelLoginRateLimiter {
  private readonly logger = new Logger(PanelLoginRateLimiter.name);
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}:rl:panel-login`, points: LOGIN_ATTEMPTS_PER_MINUTE, duration: 60 });
  }

  /** 0 when the attempt may go ahead, else the seconds to wait. */
  async consume(address: string | undefined): Promise<number> {
    const key = (address ?? 'unknown').replace(/^::ffff:/, '');
    try {
      await this.limiter.consume(key, 1);
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      this.logger.warn({ err: error }, 'login rate limiter unavailable; refusing the attempt');
      return 60;
    }
  }
}
