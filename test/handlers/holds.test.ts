import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizationError,
  DataManagementPolicyError,
  ObjectExistsError,
  ObjectNotFoundError,
  ParameterPolicyError,
} from '../../src/common/registry-errors';
import { systemActor } from '../../src/registry/command/actor';
import { CommandRunner } from '../../src/registry/command/command-runner';
import { CheckDomainsHandler } from '../../src/registry/domains/commands/check-domains.handler';
import { ExpireHoldsHandler } from '../../src/registry/holds/commands/expire-holds.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import { ReleaseHoldHandler } from '../../src/registry/holds/commands/release-hold.handler';
import { AddReservedHandler } from '../../src/registry/names/add-reserved.handler';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { balanceOf, count, createDomain, historyCount, ledgerCount, registryError } from './handler-helpers';

/** Checkout holds: one holder per variant bundle, consumed by the holder's create, harmless once expired. */
describe('hold handlers', () => {
  let t: TestApp;
  const A = 'hold-a';
  const B = 'hold-b';
  const MIN = 60_000;

  const owner = (id: string) => ({ type: 'registrar' as const, id });
  const place = (registrarId: string, name: string) => t.run(PlaceHoldHandler, registrarActor(registrarId), { name, owner: owner(registrarId) });
  const release = (registrarId: string, holdId: string) => t.run(ReleaseHoldHandler, registrarActor(registrarId), { holdId, owner: owner(registrarId) });
  const holdRow = (variantKey: string) => queryOne<{ hold_id: string; owner_id: string; expires_at: Date } | undefined>(t, `SELECT * FROM name_holds WHERE variant_key = $1`, [variantKey]);
  const availability = async (name: string) => (await t.run(CheckDomainsHandler, registrarActor(B), { names: [name] }))[0].availability;

  before(async () => {
    t = await startTestApp();
    await newRegistrar(t, A);
    await newRegistrar(t, B);
    await newContact(t, A, 'HOLD-A1');
    await newContact(t, B, 'HOLD-B1');
  });
  after(() => t.close());

  it('check never places a hold', async () => {
    assert.equal(await availability('sebet.az'), 'available');
    assert.equal(await count(t, `SELECT 1 FROM name_holds`), 0);
  });

  it('a hold keeps the whole bundle from everyone else, for hold and for create (2302 held)', async () => {
    const now = t.clock.now();
    const r = await place(A, 'Səbət.az');
    assert.equal(r.created, true);
    assert.equal(r.hold.name, 'xn--sbt-dtbb.az');
    assert.deepEqual(r.hold.owner, owner(A));
    assert.deepEqual(r.hold.expiresAt, new Date(now.getTime() + 15 * MIN));
    assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'hold.place' AND object_id = $1 AND actor_id = $2`, [r.hold.holdId, A]), 1);
    assert.equal(await availability('səbət.az'), 'on-hold');
    assert.equal(await availability('sebet.az'), 'on-hold');
    for (const name of ['səbət.az', 'sebet.az', 'şebet.az']) {
      await assert.rejects(place(B, name), registryError(ObjectExistsError, 2302, 'held'), name);
    }
    const [balance, history] = [await balanceOf(t, B), await historyCount(t)];
    for (const name of ['səbət.az', 'sebet.az']) {
      await assert.rejects(createDomain(t, B, name, 'HOLD-B1'), registryError(ObjectExistsError, 2302, 'held'), name);
    }
    assert.equal(await count(t, `SELECT 1 FROM domains WHERE variant_key = 'sebet.az'`), 0);
    assert.equal(await balanceOf(t, B), balance);
    assert.equal(await historyCount(t), history);
    assert.equal((await holdRow('sebet.az'))!.owner_id, A);
  });

  it('20 racers of two registrars for one name: one hold; the holder\'s other racers get it back, the other registrar\'s get 2302 held from the hold cache, without a transaction', async () => {
    const runner = t.get(CommandRunner);
    const settledBefore = runner.settledAfterWait;
    const racers = Array.from({ length: 20 }, (_, i) => (i % 2 ? B : A));
    const results = await Promise.all(racers.map((r) => place(r, 'yarış.az').then((v) => ({ r, v }), (e: unknown) => ({ r, e }))));
    const created = results.filter((x) => 'v' in x && x.v.created);
    assert.equal(created.length, 1);
    const winner = created[0] as { r: string; v: { hold: { holdId: string } } };
    for (const x of results.filter((y) => y.r === winner.r)) assert.ok('v' in x && x.v.hold.holdId === winner.v.hold.holdId, 'the holder gets its one hold back');
    for (const x of results.filter((y) => y.r !== winner.r)) assert.ok('e' in x && registryError(ObjectExistsError, 2302, 'held')(x.e));
    assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE name = 'xn--yar-lua4u.az'`), 1);
    assert.equal(runner.settledAfterWait - settledBefore, 10, 'every racer of the other registrar waited and was answered from the cache');
  });

  it('asking again for a name one holds returns the same hold, created: false, not extended', async () => {
    const first = await holdRow('sebet.az');
    t.clock.advance(5 * MIN);
    const again = await place(A, 'səbət.az');
    assert.equal(again.created, false);
    assert.equal(again.hold.holdId, first!.hold_id);
    assert.deepEqual(again.hold.expiresAt, first!.expires_at);
    assert.deepEqual((await holdRow('sebet.az'))!.expires_at, first!.expires_at);
  });

  it('the holder creates the name; the hold is consumed', async () => {
    const hold = await holdRow('sebet.az');
    const r = await createDomain(t, A, 'səbət.az', 'HOLD-A1', { holdId: hold!.hold_id });
    assert.equal(r.name, 'xn--sbt-dtbb.az');
    assert.equal(await holdRow('sebet.az'), undefined);
    const h = await queryOne<{ after: { holdId: string } }>(t, `SELECT after FROM history WHERE action = 'domain.create' AND object_name = 'xn--sbt-dtbb.az'`);
    assert.equal(h.after.holdId, hold!.hold_id);
    await assert.rejects(place(B, 'sebet.az'), registryError(ObjectExistsError, 2302, 'blocked-variant'));
    await assert.rejects(place(A, 'səbət.az'), registryError(ObjectExistsError, 2302, 'registered'));
  });

  it('a create naming a hold that has expired: 2308 and nothing written', async () => {
    const { hold } = await place(A, 'muddet.az');
    t.clock.advance(15 * MIN + 1);
    const [balance, ledger, history] = [await balanceOf(t, A), await ledgerCount(t, A), await historyCount(t)];
    await assert.rejects(createDomain(t, A, 'muddet.az', 'HOLD-A1', { holdId: hold.holdId }), registryError(DataManagementPolicyError, 2308, 'hold-expired'));
    assert.equal(await count(t, `SELECT 1 FROM domains WHERE name = 'muddet.az'`), 0);
    assert.equal(await balanceOf(t, A), balance);
    assert.equal(await ledgerCount(t, A), ledger);
    assert.equal(await historyCount(t), history);
    assert.equal(await availability('muddet.az'), 'available');
  });

  it('an expired hold never blocks another registrar: it may hold or create the name', async () => {
    await place(A, 'kohne.az');
    await place(A, 'kohne2.az');
    t.clock.advance(16 * MIN);
    const created = await createDomain(t, B, 'kohne.az', 'HOLD-B1');
    assert.equal(created.name, 'kohne.az');
    const held = await place(B, 'kohne2.az');
    assert.equal(held.created, true);
    assert.deepEqual(held.hold.owner, owner(B));
    assert.equal((await holdRow('kohne2.az'))!.owner_id, B);
    await assert.rejects(place(A, 'kohne2.az'), registryError(ObjectExistsError, 2302, 'held'));
  });

  it('release: only by the owner (2201); then the name is free for another buyer', async () => {
    const { hold } = await place(A, 'burax.az');
    await assert.rejects(release(B, hold.holdId), registryError(AuthorizationError, 2201, 'not-owner'));
    assert.equal((await holdRow('burax.az'))!.hold_id, hold.holdId);
    await assert.rejects(place(B, 'burax.az'), registryError(ObjectExistsError, 2302, 'held'));
    await release(A, hold.holdId);
    assert.equal(await holdRow('burax.az'), undefined);
    assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'hold.release' AND object_id = $1 AND actor_id = $2`, [hold.holdId, A]), 1);
    await assert.rejects(release(A, hold.holdId), registryError(ObjectNotFoundError, 2303, 'hold-not-found'));
    const theirs = await place(B, 'burax.az');
    assert.equal(theirs.created, true);
    assert.notEqual(theirs.hold.holdId, hold.holdId);
  });

  it('a name that is registered or reserved cannot be held', async () => {
    await assert.rejects(place(B, 'kohne.az'), registryError(ObjectExistsError, 2302, 'registered'));
    await t.run(AddReservedHandler, ADMIN_ACTOR, { name: 'baki.az', reason: 'capital' });
    await assert.rejects(place(B, 'bakı.az'), registryError(ParameterPolicyError, 2306, 'reserved'));
    assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE variant_key = 'baki.az'`), 0);
  });

  it('ExpireHoldsHandler removes every expired hold once: the count, then 0', async () => {
    t.clock.advance(16 * MIN);
    const now = t.clock.now();
    const expired = await count(t, `SELECT 1 FROM name_holds WHERE expires_at <= $1`, [now]);
    assert.ok(expired >= 3, `expected several expired holds, found ${expired}`);
    const live = await place(A, 'teze.az');
    assert.equal(await t.run(ExpireHoldsHandler, systemActor('hold-expire'), {}), expired);
    assert.equal(await t.run(ExpireHoldsHandler, systemActor('hold-expire'), {}), 0);
    assert.equal(await t.run(ExpireHoldsHandler, systemActor('hold-expire'), { holdId: live.hold.holdId }), 0);
    assert.equal(await count(t, `SELECT 1 FROM name_holds`), 1, 'the live hold stays');
    assert.equal((await holdRow('teze.az'))!.hold_id, live.hold.holdId);
  });
});
