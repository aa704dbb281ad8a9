import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExpirePaymentsHandler } from '../../src/registry/checkout/expire-payments.handler';
import { systemActor } from '../../src/registry/command/actor';
import { NameListsRepository } from '../../src/registry/names/name-lists.repository';
import { ZoneCatalog } from '../../src/registry/zones/zone-catalog.service';
import { newContact, newRegistrar, type TestApp } from '../support/test-app';
import { balanceOf, count, createDomain, ledgerCount } from '../handlers/handler-helpers';
import { callback, decide, DIRECT, holdFor, newAccount, paymentRow, startCheckout, startPaymentsApp } from './payments-support';

const MIN = 60_000;

/** Time: abandoned payments, holds that run out on the card page, money that arrives late. */
describe('payment expiry and late outcomes', () => {
  let t: TestApp;
  let buyer: { id: string };
  let rival: { id: string };

  const expire = () => t.run(ExpirePaymentsHandler, systemActor('payment.expire'), {});
  const holdRows = (holdId: string) => count(t, `SELECT 1 FROM name_holds WHERE hold_id = $1`, [holdId]);
  const buyerDomains = (name: string) => count(t, `SELECT 1 FROM domains WHERE name = $1 AND account_id = $2 AND purged_at IS NULL`, [name, buyer.id]);

  before(async () => {
    t = await startPaymentsApp();
    buyer = await newAccount(t);
    rival = await newAccount(t);
    await newRegistrar(t, 'rival-reg');
    await newContact(t, 'rival-reg', 'RIVAL-1');
    // net.az holds last an hour here, so a hold outlives an abandoned payment and its release shows.
    await t.dataSource.query(`UPDATE zones SET hold_minutes = 60 WHERE name = 'net.az'`);
    t.get(ZoneCatalog).invalidate();
  });
  after(() => t.close());

  it('a payment abandoned for 30 minutes expires and its hold is released; expiring again does nothing', async () => {
    const hold = await holdFor(t, buyer.id, 'terk.net.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    t.clock.advance(29 * MIN);
    assert.equal(await expire(), 0);
    assert.equal((await paymentRow(t, started.paymentId)).status, 'pending');
    t.clock.advance(MIN);
    assert.equal(await expire(), 1);
    const row = await paymentRow(t, started.paymentId);
    assert.equal(row.status, 'expired');
    assert.equal(row.result!.reason, 'abandoned');
    assert.deepEqual(row.completed_at, t.clock.now());
    assert.equal(await holdRows(hold.holdId), 0);
    assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'hold.release' AND object_id = $1`, [hold.holdId]), 1);
    assert.equal(await expire(), 0);
    const theirs = await holdFor(t, rival.id, 'terk.net.az');
    assert.equal(theirs.owner.id, rival.id);

    // The buyer pays at minute 31 after all, but the name is now held by someone else: refunded.
    const balance = await balanceOf(t, DIRECT);
    const late = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(late.status, 'failed');
    assert.equal(late.result!.refundDue, true);
    assert.equal(late.result!.reason, 'held');
    assert.equal(await buyerDomains('terk.net.az'), 0);
    assert.equal(await balanceOf(t, DIRECT), balance);
  });

  it('money arriving after expiry for a name still free is honoured: the buyer gets the name', async () => {
    const hold = await holdFor(t, buyer.id, 'gecikmis.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    t.clock.advance(31 * MIN);
    assert.equal(await expire(), 1);
    const late = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(late.status, 'succeeded');
    assert.equal(await buyerDomains('gecikmis.az'), 1);
    const replay = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(replay.replayed, true);
    // An outcome other than success for a closed payment changes nothing.
    assert.equal((await callback(t, decide(t, started.providerRef, 'cancelled'))).replayed, true);
  });

  it('success after the hold ran out and someone else registered the name: failed, refund due and made, no money kept', async () => {
    const hold = await holdFor(t, buyer.id, 'qacirilmis.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    t.clock.advance(16 * MIN);
    await createDomain(t, 'rival-reg', 'qacirilmis.az', 'RIVAL-1');
    const [balance, ledger] = [await balanceOf(t, DIRECT), await ledgerCount(t, DIRECT)];

    const done = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(done.status, 'failed');
    assert.equal(done.replayed, false);
    assert.deepEqual(done.result, { reason: 'registered', message: 'qacirilmis.az is already registered', refundDue: true });
    const row = await paymentRow(t, started.paymentId);
    assert.equal(row.status, 'failed');
    assert.equal(row.result!.refundDue, true);
    assert.equal(row.result!.refundRef, `sandbox-refund-${started.paymentId}`);
    assert.equal(row.result!.refundedAt, t.clock.now().toISOString());
    assert.equal(await buyerDomains('qacirilmis.az'), 0);
    assert.equal(await count(t, `SELECT 1 FROM domains WHERE name = 'qacirilmis.az' AND registrar_id = 'rival-reg'`), 1);
    assert.equal(await balanceOf(t, DIRECT), balance, 'no money kept');
    assert.equal(await ledgerCount(t, DIRECT), ledger, 'the credit was rolled back with the create');

    const replay = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(replay.replayed, true);
    assert.equal(replay.result!.refundRef, `sandbox-refund-${started.paymentId}`);
    assert.equal(await ledgerCount(t, DIRECT), ledger);
  });

  it('success after the hold ran out, name still free: the payment completes', async () => {
    const hold = await holdFor(t, buyer.id, 'yavas-odeyen.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    t.clock.advance(20 * MIN);
    const done = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(done.status, 'succeeded');
    assert.equal(await buyerDomains('yavas-odeyen.az'), 1);
  });

  it('the price changed between checkout and payment: failed with a refund, nothing created', async () => {
    const hold = await holdFor(t, buyer.id, 'qiymet.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    await t.dataSource.transaction((m) => t.get(NameListsRepository).setPremium(m, 'qiymet.az', { create: 1000, renew: 1000 }, t.clock.now()));
    const balance = await balanceOf(t, DIRECT);
    const done = await callback(t, decide(t, started.providerRef, 'succeeded'));
    assert.equal(done.status, 'failed');
    assert.equal(done.result!.reason, 'price-changed');
    assert.equal(done.result!.refundDue, true);
    assert.equal(await buyerDomains('qiymet.az'), 0);
    assert.equal(await holdRows(hold.holdId), 1, 'the create rolled back, so the hold is still the buyer’s');
    assert.equal(await balanceOf(t, DIRECT), balance);
  });
});

describe('payment provider unreachable', () => {
  let t: TestApp;
  before(async () => {
    // The sandbox refuses to take part in production: the stand-in for a provider that is down.
    t = await startPaymentsApp({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32) });
  });
  after(() => t.close());

  it('checkout gives no page, closes the payment as failed (nothing charged), and keeps the hold', async () => {
    const buyer = await newAccount(t);
    const hold = await holdFor(t, buyer.id, 'elcatmaz.az');
    await assert.rejects(startCheckout(t, buyer.id, hold.holdId), /no payment page/);
    const row = await t.dataSource.query(`SELECT status, result, provider_ref FROM payments WHERE account_id = $1`, [buyer.id]);
    assert.equal(row.length, 1);
    assert.equal(row[0].status, 'failed');
    assert.equal(row[0].result.reason, 'provider-unavailable');
    assert.equal(row[0].provider_ref, null);
    assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE hold_id = $1`, [hold.holdId]), 1);
  });
});
