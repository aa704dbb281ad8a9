import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';

/** How often a process sends the points it admitted locally to Redis. */
export const RATE_FLUSH_MS = 100;

export interface Consumption {
  allowed: boolean;
  /** Points left in the current window, as far as this process knows. */
  remaining: number;
  /** Milliseconds until the window resets (0 when unknown). */
  msBeforeNext: number;
}

interface KeyState {
  /** Points Redis has counted for the key in the current window, as of its last answer. */
  remote: number;
  /** When that window ends (epoch ms; 0 = no window known). */
  resetAt: number;
  /** Points admitted here and not yet sent to Redis. */
  pending: number;
  /** Refuse locally until then: Redis said the window's budget is spent. */
  blockedUntil: number;
}

/**
 * A shared fixed-window budget (rate-limiter-flexible's `RateLimiterRedis`) with the Redis round
 * trip taken off the hot path: a process admits a request locally while its last view of the
 * window plus what it admitted since stays within the budget, and sends the admitted points to
 * Redis every `RATE_FLUSH_MS` in one call per key. Near the limit it asks Redis at once, so one
 * process alone never admits more than the budget; with several processes the overshoot is at most
 * what the others admitted in one flush interval (≈ 0.2% of a per-minute budget at 100 ms).
 * WHOIS, RDAP and EPP check answer thousands a second — one Redis call each was a visible part of
 * their cost.
 *
 * Redis errors are handed to `onError` and the request is allowed (both limiters using this fail
 * open: PostgreSQL still decides every registration, and public data stays available).
 */
export class BatchedRateLimiter {
  private readonly keys = new Map<string, KeyState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limiter: RateLimiterRedis,
    private readonly points: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async consume(key: string, n: number): Promise<Consumption> {
    const now = Date.now();
    const s = this.state(key, now);
    if (s.blockedUntil > now) return { allowed: false, remaining: 0, msBeforeNext: s.blockedUntil - now };
    if (s.remote + s.pending + n <= this.points) {
      s.pending += n;
      this.schedule();
      return { allowed: true, remaining: this.points - s.remote - s.pending, msBeforeNext: s.resetAt ? s.resetAt - now : 0 };
    }
    // Near the limit: Redis decides, with everything this process admitted so far.
    const take = s.pending + n;
    s.pending = 0;
    try {
      const res = await this.limiter.consume(key, take);
      this.learn(s, res, Date.now());
      return { allowed: true, remaining: res.remainingPoints, msBeforeNext: res.msBeforeNext };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        this.learn(s, error, Date.now());
        s.blockedUntil = s.resetAt;
        return { allowed: false, remaining: 0, msBeforeNext: error.msBeforeNext };
      }
      this.onError(error);
      return { allowed: true, remaining: this.points, msBeforeNext: 0 };
    }
  }

  /** Sends every key's locally admitted points to Redis (also run by the timer). */
  async flush(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const sends: Array<Promise<void>> = [];
    for (const [key, s] of this.keys) {
      if (s.pending === 0) {
        if (s.resetAt <= now && s.blockedUntil <= now) this.keys.delete(key);
        continue;
      }
      const take = s.pending;
      s.pending = 0;
      sends.push(
        this.limiter.consume(key, take).then(
          (res) => this.learn(s, res, Date.now()),
          (error: unknown) => {
            if (error instanceof RateLimiterRes) {
              this.learn(s, error, Date.now());
              s.blockedUntil = s.resetAt;
            } else {
              this.onError(error);
            }
          },
        ),
      );
    }
    await Promise.all(sends);
  }

  private state(key: string, now: number): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = { remote: 0, resetAt: 0, pending: 0, blockedUntil: 0 };
      this.keys.set(key, s);
    } else if (s.resetAt !== 0 && s.resetAt <= now) {
      s.remote = 0;
      s.resetAt = 0;
    }
    return s;
  }

  private learn(s: KeyState, res: RateLimiterRes, now: number): void {
    s.remote = res.consumedPoints;
    s.resetAt = now + res.msBeforeNext;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), RATE_FLUSH_MS);
    this.timer.unref();
  }
}
