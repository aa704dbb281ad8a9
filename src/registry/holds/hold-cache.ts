import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../infrastructure/redis/redis.tokens';
import type { HoldOwner, NameHold } from './hold.repository';

/**
 * The Redis fast path for holds. It only ever *refuses* early: when Redis says another owner holds
 * a bundle, a hold request is answered without touching PostgreSQL. Every grant, and every create,
 * is decided in PostgreSQL. Entries expire with the hold (PX), are deleted on release/consume, and
 * losing Redis only costs speed.
 */
@Injectable()
export class HoldCache {
  private readonly logger = new Logger(HoldCache.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private key(variantKey: string): string {
    return `${this.config.REDIS_PREFIX}:hold:${variantKey}`;
  }

  async heldByOther(variantKey: string, owner: HoldOwner, now: Date): Promise<{ expiresAt: Date } | null> {
    try {
      const value = await this.redis.get(this.key(variantKey));
      if (!value) return null;
      const [type, id, expires] = value.split('|');
      const expiresAt = new Date(Number(expires));
      if (expiresAt <= now) return null;
      if (type === owner.type && id === owner.id) return null;
      return { expiresAt };
    } catch (error) {
      this.logger.warn({ err: error }, 'hold cache unavailable; falling back to PostgreSQL');
      return null;
    }
  }

  async remember(hold: NameHold, now: Date): Promise<void> {
    const ttl = hold.expiresAt.getTime() - now.getTime();
    if (ttl <= 0) return;
    const value = `${hold.owner.type}|${hold.owner.id}|${hold.expiresAt.getTime()}`;
    await this.redis.set(this.key(hold.variantKey), value, 'PX', ttl);
  }

  async forget(variantKey: string): Promise<void> {
    await this.redis.del(this.key(variantKey));
  }
}
