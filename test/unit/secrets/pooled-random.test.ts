import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from '../../../src/common/secrets';

/** The pooled CSPRNG bytes behind EPP transaction ids and auth-info salts. */
describe('pooledRandomBytes', () => {
  it('gives the asked number of bytes, never the same bytes twice, across many refills of the 4 KB pool', () => {
    const seen = new Set<string>();
    let total = 0;
    for (let i = 0; i < 5_000; i++) {
      const n = 1 + (i % 24);
      const b = pooledRandomBytes(n);
      assert.equal(b.length, n);
      total += n;
      if (n >= 8) {
        const hex = b.toString('hex');
        assert.ok(!seen.has(hex), 'an 8+ byte draw repeated');
        seen.add(hex);
      }
    }
    assert.ok(total > 4 * 4096, 'the pool was refilled several times');
  });

  it('returns copies: changing one draw does not change the next', () => {
    const a = pooledRandomBytes(16);
    const copy = Buffer.from(a);
    a.fill(0);
    const b = pooledRandomBytes(16);
    assert.notDeepEqual(b, Buffer.alloc(16));
    assert.notDeepEqual(copy, Buffer.alloc(16));
  });

  it('looks uniform: every byte value turns up in 64 KB', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 256; i++) for (const byte of pooledRandomBytes(256)) counts[byte]++;
    assert.ok(Math.min(...counts) > 128, `rarest byte value seen ${Math.min(...counts)} times of ~256`);
  });

  it('refuses sizes outside 0..256', () => {
    assert.throws(() => pooledRandomBytes(257), RangeError);
    assert.throws(() => pooledRandomBytes(-1), RangeError);
    assert.equal(pooledRandomBytes(0).length, 0);
  });
});
