import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { BatchedRateLimiter } from '../../../src/infrastructure/redis/batched-rate-limiter';

/** Against the real Redis at REDIS_URL: the counts that reach Redis, not a mock's. */
describe('BatchedRateLimiter', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = `azreg-test-rl-${randomUUID()}`;
  const errors: unknown[] = [];
  const make = (points: number) =>
    new BatchedRateLimiter(new RateLimiterRedis({ storeClient: redis, keyPrefix: prefix, points, duration: 60 }), points, (e) => errors.push(e));
  const counted = async (key: string) => Number(await redis.get(`${prefix}:${key}`));

  before(async () => {
    await redis.ping();
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('one process admits exactly the budget, refuses the rest, and Redis ends up with every point', async () => {
    const limiter = make(5);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await limiter.consume('one', 1));
    assert.deepEqual(answers.map((a) => a.allowed), [true, true, true, true, true, false, false, false]);
    assert.ok(answers[5].msBeforeNext > 0 && answers[5].msBeforeNext <= 60_000);
    await limiter.flush();
    assert.ok((await counted('one')) >= 6, 'the points admitted locally and the refused request reached Redis');
    assert.deepEqual(errors, []);
  });

  it('admits locally without a Redis call until the budget is near, then flushes what it admitted', async () => {
    const limiter = make(1_000);
    for (let i = 0; i < 100; i++) assert.equal((await limiter.consume('quiet', 1)).allowed, true);
    assert.equal(await counted('quiet'), 0, 'nothing sent yet: the hot path made no Redis call');
    await limiter.flush();
    assert.equal(await counted('quiet'), 100);
  });

  it('several processes racing on one key share the budget: the overshoot stays within one flush of the others', async () => {
    const processes = [make(200), make(200), make(200), make(200)];
    let allowed = 0;
    await Promise.all(
      processes.map(async (p) => {
        for (let i = 0; i < 150; i++) {
          if ((await p.consume('shared', 1)).allowed) allowed++;
          if (i % 25 === 0) await p.flush();
        }
      }),
    );
    await Promise.all(processes.map((p) => p.flush()));
    // 600 asked of a budget of 200: without sharing each process would admit 150 (600 in all).
    assert.ok(allowed >= 200 && allowed <= 200 + 3 * 25, `admitted ${allowed}`);
    assert.ok((await counted('shared')) >= allowed, 'every admitted point was counted in Redis (refusals after the budget is spent stay local)');
  });

  it('a batch larger than the budget is refused and counted', async () => {
    const limiter = make(10);
    assert.equal((await limiter.consume('big', 11)).allowed, false);
    assert.equal((await limiter.consume('big', 1)).allowed, false, 'the window is spent');
  });

  it('fails open when Redis is unreachable, reporting the error', async () => {
    const dead = new Redis({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    const seen: unknown[] = [];
    const limiter = new BatchedRateLimiter(new RateLimiterRedis({ storeClient: dead, keyPrefix: prefix, points: 1, duration: 60 }), 1, (e) => seen.push(e));
    assert.equal((await limiter.consume('x', 1)).allowed, true);
    assert.equal((await limiter.consume('x', 1)).allowed, true, 'over the budget, but Redis cannot say so');
    assert.ok(seen.length >= 1);
    dead.disconnect();
  });
});
