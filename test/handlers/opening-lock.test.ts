import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandRunner } from '../../src/registry/command/command-runner';
import type { CommandContext, CommandHandler } from '../../src/registry/command/command-context';
import { HoldRepository } from '../../src/registry/holds/hold.repository';
import { ADMIN_ACTOR, startTestApp, type TestApp } from '../support/test-app';

/** CommandRunner's opening lock: START TRANSACTION and the handler's first lock in one round trip. */
describe('command runner: opening lock', () => {
  let t: TestApp;
  let runner: CommandRunner;
  let holds: HoldRepository;

  before(async () => {
    t = await startTestApp();
    runner = t.get(CommandRunner);
    holds = t.get(HoldRepository);
    await t.dataSource.query(`CREATE TABLE opening_lock_probe (note text)`);
  });
  after(() => t.close());

  /** Advisory locks held by the transaction of `ctx`, as pg_locks shows them from inside it. */
  const advisoryLocks = async (ctx: CommandContext) =>
    Number((await ctx.manager.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`))[0].n);

  function handler(lock: string | null, work: (ctx: CommandContext) => Promise<void>): CommandHandler<null, void> {
    return { command: 'test.opening-lock', openingLock: async () => lock, handle: (ctx) => work(ctx) };
  }

  it('takes the lock before the handler runs, inside the transaction, tells the handler, and releases it at commit', async () => {
    const statement = holds.bundleLockStatement("kilid'li.az");
    let seen: { locks: number; opening: string | undefined } | undefined;
    await runner.run(handler(statement, async (ctx) => {
      // A transaction-level advisory lock still held in a later statement: START was in effect.
      seen = { locks: await advisoryLocks(ctx), opening: ctx.openingLock };
      // lockBundleUnlessOpened does not take it a second time
      await holds.lockBundleUnlessOpened(ctx, "kilid'li.az");
      assert.equal(await advisoryLocks(ctx), 1);
      await ctx.manager.query(`INSERT INTO opening_lock_probe VALUES ('committed')`);
    }), ADMIN_ACTOR, null);
    assert.deepEqual(seen, { locks: 1, opening: statement });
    const held = await t.dataSource.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`);
    assert.equal(Number(held[0].n), 0, 'released at commit');
    assert.equal((await t.dataSource.query(`SELECT count(*) AS n FROM opening_lock_probe WHERE note = 'committed'`))[0].n, '1');
  });

  it('is the same lock as lockBundle: a second command on the bundle waits for the first to commit', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = runner.run(handler(holds.bundleLockStatement('növbə.az'), async () => {
      order.push('first in');
      await gate;
      order.push('first out');
    }), ADMIN_ACTOR, null);
    await new Promise((r) => setTimeout(r, 100));
    const second = runner.run(handler(null, async (ctx) => {
      await holds.lockBundle(ctx.manager, 'növbə.az');
      order.push('second in');
    }), ADMIN_ACTOR, null);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(order, ['first in'], 'the plain lockBundle waits on the opening lock');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first in', 'first out', 'second in']);
  });

  it('a failing handler rolls back everything, and the connection goes back clean', async () => {
    await assert.rejects(
      runner.run(handler(holds.bundleLockStatement('geri.az'), async (ctx) => {
        await ctx.manager.query(`INSERT INTO opening_lock_probe VALUES ('rolled back')`);
        throw new Error('boom');
      }), ADMIN_ACTOR, null),
    );
    assert.equal((await t.dataSource.query(`SELECT count(*) AS n FROM opening_lock_probe WHERE note = 'rolled back'`))[0].n, '0');
    assert.equal(Number((await t.dataSource.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`))[0].n), 0);
    // Every pooled connection is idle outside a transaction.
    const states = await t.dataSource.query(`SELECT state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`);
    assert.deepEqual(states, []);
  });

  it('without an opening lock the handler sees none and takes its own', async () => {
    await runner.run(handler(null, async (ctx) => {
      assert.equal(ctx.openingLock, undefined);
      assert.equal(await advisoryLocks(ctx), 0);
      await holds.lockBundleUnlessOpened(ctx, 'ozu.az');
      assert.equal(await advisoryLocks(ctx), 1);
    }), ADMIN_ACTOR, null);
  });
});
