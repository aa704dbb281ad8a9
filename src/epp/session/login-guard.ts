import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../infrastructure/redis/redis.tokens';

/**
 * Brute-force protection and session limits for EPP, in Redis so that every epp process sees the
 * same numbers. Failed logins are counted per clID and per source address; reaching
 * EPP_LOGIN_MAX_FAILURES locks that key for EPP_LOGIN_LOCKOUT_SECONDS. Live sessions per
 * registrar are a sorted set of connection ids scored by their expiry (refreshed on every command),
 * so a crashed process cannot leave sessions counted for ever.
 */
const CLAIM_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

@Injectable()
export class LoginGuard {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private failKeys(clID: string, address: string): string[] {
    const p = this.config.REDIS_PREFIX;
    return [`${p}:epp:login-fail:id:${clID.toLowerCase()}`, `${p}:epp:login-fail:ip:${address}`];
  }

  async isLockedOut(clID: string, address: string): Promise<boolean> {
    const counts = await this.redis.mget(...this.failKeys(clID, address));
    return counts.some((c) => Number(c ?? 0) >= this.config.EPP_LOGIN_MAX_FAILURES);
  }

  /** Records a failure; returns true when this failure triggered (or continues) a lock-out. */
  async recordFailure(clID: string, address: string): Promise<boolean> {
    const multi = this.redis.multi();
    for (const key of this.failKeys(clID, address)) multi.incr(key).expire(key, this.config.EPP_LOGIN_LOCKOUT_SECONDS);
    const results = (await multi.exec()) ?? [];
    return results.some(([, value], i) => i % 2 === 0 && Number(value) >= this.config.EPP_LOGIN_MAX_FAILURES);
  }

  async clearFailures(clID: string): Promise<void> {
    await this.redis.del(this.failKeys(clID, '')[0]);
  }

  private sessionsKey(registrarId: string): string {
    return `${this.config.REDIS_PREFIX}:epp:sessions:${registrarId}`;
  }

  /** Claims a session slot atomically (one Lua script); false when the registrar is at its maximum (2502). */
  async claimSession(registrarId: string, connectionId: string): Promise<boolean> {
    const now = Date.now();
    const ttl = this.config.EPP_IDLE_TIMEOUT_SECONDS * 1000 + 60_000;
    const claimed = await this.redis.eval(CLAIM_SCRIPT, 1, this.sessionsKey(registrarId), now, this.config.EPP_MAX_SESSIONS_PER_REGISTRAR, now + ttl, connectionId, ttl * 2);
    return Number(claimed) === 1;
  }

  async touchSession(registrarId: string, connectionId: string): Promise<void> {
    await this.redis.zadd(this.sessionsKey(registrarId), 'XX', Date.now() + this.config.EPP_IDLE_TIMEOUT_SECONDS * 1000 + 60_000, connectionId);
  }

  async releaseSession(registrarId: string, connectionId: string): Promise<void> {
    await this.redis.zrem(this.sessionsKey(registrarId), connectionId);
  }
}
