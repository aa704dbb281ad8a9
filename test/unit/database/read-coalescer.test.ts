import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReadCoalescer } from '../../../src/infrastructure/database/read-coalescer';

/** A statement that answers when the test says so, recording what it was asked. */
function gate() {
  const calls: Array<{ queries: string[]; answer: (r: string) => void; fail: (e: Error) => void }> = [];
  const run = (queries: string[]) => new Promise<string>((answer, fail) => calls.push({ queries, answer, fail }));
  return { calls, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('ReadCoalescer', () => {
  it('sends a lone read at once, on its own', async () => {
    const g = gate();
    const c = new ReadCoalescer(g.run, { maxInFlight: 1, maxWeight: 100, weight: () => 1 });
    const a = c.load('a');
    await tick();
    assert.deepEqual(g.calls.map((x) => x.queries), [['a']]);
    g.calls[0].answer('A');
    assert.equal(await a, 'A');
  });

  it('queues reads that arrive while every slot is busy and sends them as one statement; each gets its answer', async () => {
    const g = gate();
    const c = new ReadCoalescer(g.run, { maxInFlight: 2, maxWeight: 100, weight: () => 1 });
    const first = [c.load('a'), c.load('b')];
    const queued = [c.load('c'), c.load('d'), c.load('e')];
    await tick();
    assert.deepEqual(g.calls.map((x) => x.queries), [['a'], ['b']]);
    g.calls[0].answer('A');
    await tick();
    assert.deepEqual(g.calls[2].queries, ['c', 'd', 'e'], 'the queue goes out merged as soon as a slot frees');
    g.calls[1].answer('B');
    g.calls[2].answer('CDE');
    assert.deepEqual(await Promise.all(first), ['A', 'B']);
    assert.deepEqual(await Promise.all(queued), ['CDE', 'CDE', 'CDE']);
    assert.equal(c.statements, 3);
  });

  it('never answers a read from a statement that started before it arrived', async () => {
    const g = gate();
    const c = new ReadCoalescer(g.run, { maxInFlight: 1, maxWeight: 100, weight: () => 1 });
    const early = c.load('early');
    await tick();
    const late = c.load('late');
    g.calls[0].answer('before the late read');
    assert.equal(await early, 'before the late read');
    await tick();
    assert.deepEqual(g.calls[1].queries, ['late']);
    g.calls[1].answer('after');
    assert.equal(await late, 'after');
  });

  it('caps a statement at maxWeight (a heavier read still goes alone)', async () => {
    const g = gate();
    const c = new ReadCoalescer(g.run, { maxInFlight: 1, maxWeight: 10, weight: (q: string) => q.length });
    const reads = [c.load('x'), c.load('aaaa'), c.load('bbbb'), c.load('cccc'), c.load('d'.repeat(30))];
    await tick();
    g.calls[0].answer('1');
    await tick();
    assert.deepEqual(g.calls[1].queries, ['aaaa', 'bbbb'], '4 + 4 fits in 10, + 4 does not');
    g.calls[1].answer('2');
    await tick();
    assert.deepEqual(g.calls[2].queries, ['cccc']);
    g.calls[2].answer('3');
    await tick();
    assert.deepEqual(g.calls[3].queries, ['d'.repeat(30)]);
    g.calls[3].answer('4');
    assert.deepEqual(await Promise.all(reads), ['1', '2', '2', '3', '4']);
  });

  it('a failed statement fails every read in it and the next statement still runs', async () => {
    const g = gate();
    const c = new ReadCoalescer(g.run, { maxInFlight: 1, maxWeight: 100, weight: () => 1 });
    const a = c.load('a');
    const bc = [c.load('b'), c.load('c')];
    await tick();
    g.calls[0].answer('A');
    await tick();
    g.calls[1].fail(new Error('connection lost'));
    for (const r of bc) await assert.rejects(r, /connection lost/);
    assert.equal(await a, 'A');
    const d = c.load('d');
    await tick();
    g.calls[2].answer('D');
    assert.equal(await d, 'D');
  });

  it('a run that throws synchronously fails its reads, not the caller', async () => {
    const c = new ReadCoalescer<string, string>(() => {
      throw new Error('bad statement');
    }, { maxInFlight: 1, maxWeight: 100, weight: () => 1 });
    await assert.rejects(c.load('a'), /bad statement/);
  });
});
