import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryError } from '../../src/common/registry-errors';
import { CommandRunner } from '../../src/registry/command/command-runner';
import { SuspendRegistrarHandler } from '../../src/registry/registrars/commands/suspend-registrar.handler';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';
import { balanceOf, count, createDomain } from './handler-helpers';

/**
 * Racers for one name queue in memory behind each other (CommandRunner); one that waited is
 * answered from one read of committed state when the name is taken by then
 * (CreateDomainHandler.settledAfterWait), with exactly the error and the order of checks of the
 * locked path. Against real PostgreSQL.
 */
describe('create: racers that queued behind the winner', { timeout: 60_000 }, () => {
  let t: TestApp;
  const A = 'wait-a';
  const B = 'wait-b';
  const S = 'wait-s';
  const CREDIT = 1_000_000;

  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof RegistryError ? `${e.code} ${e.reason} ${e.message}` : `unexpected ${String(e)}`),
    );
  before(async () => {
    t = await startTestApp();
    for (const r of [A, B, S]) {
      await newRegistrar(t, r, CREDIT);
      await newContact(t, r, `${r.toUpperCase()}-C`);
    }
    await t.run(SuspendRegistrarHandler, ADMIN_ACTOR, { registrarId: S, reason: 'test' });
  });
  after(async () => t.close());

  it('60 racers from two registrars: one registration and one debit; every other racer gets the locked path\'s 2302 from a read, without a transaction', async () => {
    const runner = t.get(CommandRunner);
    const settledBefore = runner.settledAfterWait;
    const racers = Array.from({ length: 60 }, (_, i) => (i % 2 ? B : A));
    const results = await Promise.all(racers.map((r) => outcome(createDomain(t, r, 'tez-gelen.az', `${r.toUpperCase()}-C`))));
    assert.equal(results.filter((r) => r === 'ok').length, 1);
    assert.deepEqual([...new Set(results.filter((r) => r !== 'ok'))], ['2302 registered tez-gelen.az is already registered']);
    assert.equal(await count(t, `SELECT 1 FROM domains WHERE name = 'tez-gelen.az'`), 1);
    assert.equal(await count(t, `SELECT 1 FROM ledger_entries WHERE domain_name = 'tez-gelen.az'`), 1);
    const { amount } = await queryOne<{ amount: string }>(t, `SELECT amount FROM ledger_entries WHERE domain_name = 'tez-gelen.az'`);
    assert.ok(Number(amount) < 0);
    assert.equal((await balanceOf(t, A)) + (await balanceOf(t, B)), 2 * CREDIT + Number(amount), 'one debit across both registrars');
    // The 59 late racers were answered from a read: none of them opened a transaction.
    assert.equal(runner.settledAfterWait - settledBefore, 59);
  });

  it('a variant of the winner: 2302 naming the registered name, as under the lock', async () => {
    const results = await Promise.all([
      outcome(createDomain(t, A, 'şəki.az', 'WAIT-A-C')),
      ...Array.from({ length: 10 }, () => outcome(createDomain(t, B, 'seki.az', 'WAIT-B-C'))),
    ]);
    assert.equal(results[0], 'ok');
    assert.deepEqual([...new Set(results.slice(1))], ['2302 blocked-variant seki.az is a variant of the registered name şəki.az']);
  });

  it('checks that come before the name in the locked path still come first: a suspended registrar gets 2201, a bad term 2004', async () => {
    const results = await Promise.all([
      outcome(createDomain(t, A, 'sira.az', 'WAIT-A-C')),
      ...Array.from({ length: 5 }, () => outcome(createDomain(t, B, 'sira.az', 'WAIT-B-C'))),
      outcome(createDomain(t, S, 'sira.az', 'WAIT-S-C')),
      outcome(createDomain(t, B, 'sira.az', 'WAIT-B-C', { years: 99 })),
    ]);
    assert.equal(results[0], 'ok');
    for (const r of results.slice(1, 6)) assert.match(r, /^2302 registered /);
    assert.match(results[6], /^2201 registrar-inactive /);
    assert.match(results[7], /^2004 /);
  });
});
