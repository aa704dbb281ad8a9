import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticationError,
  AuthorizationError,
  DataManagementPolicyError,
  ParameterRangeError,
} from '../../src/common/registry-errors';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment.provider';
import { CompletePaymentHandler } from '../../src/registry/checkout/complete-payment.handler';
import { StartCheckoutHandler } from '../../src/registry/checkout/start-checkout.handler';
import { queryOne, type TestApp } from '../support/test-app';
import { balanceOf, count, historyCount, ledgerCount, plusYears, registryError } from '../handlers/handler-helpers';
import {
  accountActor, callback, decide, DIRECT, holdFor, newAccount, paramsOf, paymentRow, PUBLIC_URL, startCheckout, startPaymentsApp,
} from './payments-support';

/** checkout.start → sandbox page → signed callback → payment.complete: the panel's purchase, without HTML. */
describe('checkout and payment completion', () => {
  let t: TestApp;
  let buyer: { id: string; contactHandle: string | null };
  let other: { id: string; contactHandle: string | null };

  const domainsNamed = (name: string) => count(t, `SELECT 1 FROM domains WHERE name = $1 AND purged_at IS NULL`, [name]);
  const creditsFor = (paymentId: string) => count(t, `SELECT 1 FROM ledger_entries WHERE registrar_id = $1 AND kind = 'credit' AND note = $2`, [DIRECT, `payment ${paymentId}`]);

  before(async () => {
    t = await startPaymentsApp();
    buyer = await newAccount(t);
    other = await newAccount(t);
  });
  after(() => t.close());

  it('happy path: hold, pay on the sandbox page, the domain is the buyer’s, sponsored by the direct channel', async () => {
    const balance = await balanceOf(t, DIRECT);
    const ledger = await ledgerCount(t, DIRECT);
    const hold = await holdFor(t, buyer.id, 'Gəncə-bazar.az');

    const NAME = hold.name; // the A-label
    assert.ok(NAME.startsWith('xn--') && NAME.endsWith('.az'), NAME);
    const started = await startCheckout(t, buyer.id, hold.holdId, 2);
    assert.equal(started.amount, 6000);
    assert.equal(started.currency, 'AZN');
    assert.equal(started.name, NAME);
    assert.ok(started.redirectUrl!.startsWith(`${PUBLIC_URL}/pay/sandbox/`), started.redirectUrl!);
    const pending = await paymentRow(t, started.paymentId);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.provider, 'sandbox');
    assert.equal(pending.provider_ref, started.providerRef);
    assert.equal(Number(pending.amount), 6000);
    assert.deepEqual(pending.order_data, { name: NAME, unicodeName: 'gəncə-bazar.az', holdId: hold.holdId, years: 2, contactHandle: buyer.contactHandle });

    const page = t.get(SandboxPaymentProvider).sandboxPage(started.providerRef)!;
    assert.equal(page.paymentId, started.paymentId);
    assert.equal(page.amountText, '60.00');
    assert.equal(page.description, 'gəncə-bazar.az — registration, 2 years');

    const url = t.get(SandboxPaymentProvider).sandboxDecision(started.providerRef, 'succeeded')!;
    assert.ok(url.startsWith(`${PUBLIC_URL}/panel/payments/callback?`), url);
    const params = paramsOf(url);
    assert.deepEqual(Object.keys(params).sort(), ['outcome', 'payment', 'ref', 'sig']);
    assert.deepEqual(t.get(SandboxPaymentProvider).verifyCallback(params), { paymentId: started.paymentId, providerRef: started.providerRef, outcome: 'succeeded' });

    const done = await callback(t, params);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.replayed, false);
    const expiry = plusYears(t.clock.now(), 2);
    assert.deepEqual(done.result, { domain: { name: NAME, unicodeName: 'gəncə-bazar.az', roid: done.result!.domain!.roid, expiresAt: expiry.toISOString(), pendingCreate: false } });

    const domain = await queryOne<{ registrar_id: string; account_id: string; expires_at: Date; handle: string }>(t,
      `SELECT d.registrar_id, d.account_id, d.expires_at, c.handle FROM domains d JOIN contacts c ON c.id = d.registrant_id WHERE d.name = $1`, [NAME]);
    assert.equal(domain.registrar_id, DIRECT);
    assert.equal(domain.account_id, buyer.id);
    assert.equal(domain.handle, buyer.contactHandle);
    assert.deepEqual(domain.expires_at, expiry);
    assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE hold_id = $1`, [hold.holdId]), 0, 'hold consumed');

    const entries = await t.dataSource.query(`SELECT amount, kind, note, domain_name FROM ledger_entries WHERE registrar_id = $1 ORDER BY id DESC LIMIT 2`, [DIRECT]);
    assert.deepEqual(entries.reverse().map((e: { amount: string; kind: string; note: string }) => [Number(e.amount), e.kind, e.note]), [
      [6000, 'credit', `payment ${started.paymentId}`],
      [-6000, 'create', ''],
    ]);
    assert.equal(await ledgerCount(t, DIRECT), ledger + 2);
    assert.equal(await balanceOf(t, DIRECT), balance, 'the direct channel keeps nothing');

    const paid = await paymentRow(t, started.paymentId);
    assert.equal(paid.status, 'succeeded');
    assert.deepEqual(paid.completed_at, t.clock.now());
    const actions = await t.dataSource.query(`SELECT action FROM history WHERE action IN ('checkout.start', 'payment.complete', 'domain.create') AND object_name = $1 ORDER BY id`, [NAME]);
    assert.deepEqual(actions.map((a: { action: string }) => a.action), ['checkout.start', 'domain.create', 'payment.complete']);
  });

  it('a callback replayed three times, and two arriving at once: one domain, one credit', async () => {
    const hold = await holdFor(t, buyer.id, 'tekrar.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    const params = decide(t, started.providerRef, 'succeeded');
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await callback(t, params));
    assert.deepEqual(results.map((r) => [r.status, r.replayed]), [['succeeded', false], ['succeeded', true], ['succeeded', true]]);
    assert.deepEqual(results[2].result, results[0].result);
    assert.equal(await domainsNamed('tekrar.az'), 1);
    assert.equal(await creditsFor(started.paymentId), 1);

    const balance = await balanceOf(t, DIRECT);
    const hold2 = await holdFor(t, buyer.id, 'eyni-anda.az');
    const started2 = await startCheckout(t, buyer.id, hold2.holdId);
    const params2 = decide(t, started2.providerRef, 'succeeded');
    const both = await Promise.all([callback(t, params2), callback(t, params2)]);
    assert.deepEqual(both.map((r) => r.status), ['succeeded', 'succeeded']);
    assert.deepEqual(both.map((r) => r.replayed).sort(), [false, true]);
    assert.equal(await domainsNamed('eyni-anda.az'), 1);
    assert.equal(await creditsFor(started2.paymentId), 1);
    assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'payment.complete' AND after ->> 'paymentId' = $1`, [started2.paymentId]), 1);
    assert.equal(await balanceOf(t, DIRECT), balance);
  });

  it('a forged or altered callback is refused (2200) and changes nothing', async () => {
    const hold = await holdFor(t, buyer.id, 'saxta.az');
    const started = await startCheckout(t, buyer.id, hold.holdId);
    const otherHold = await holdFor(t, buyer.id, 'diger-saxta.az');
    const otherStarted = await startCheckout(t, buyer.id, otherHold.holdId);
    const good = decide(t, started.providerRef, 'succeeded');
    const cancel = decide(t, started.providerRef, 'cancelled');
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    const forgeries: Array<[string, Record<string, string>]> = [
      ['outcome changed', { ...cancel, outcome: 'succeeded' }],
      ['signature altered', { ...good, sig: flip(good.sig) }],
      ['signature missing', { payment: good.payment, ref: good.ref, outcome: good.outcome }],
      ['signature padded', { ...good, sig: `${good.sig}=` }],
      ['another payment id', { ...good, payment: otherStarted.paymentId }],
      ['another reference', { ...good, ref: otherStarted.providerRef }],
      ['not a uuid', { ...good, payment: 'x' }],
    ];
    const [ledger, history, domains] = [await ledgerCount(t, DIRECT), await historyCount(t), await count(t, `SELECT 1 FROM domains`)];
    for (const [label, params] of forgeries) {
      await assert.rejects(callback(t, params), registryError(AuthenticationError, 2200, 'bad-signature'), label);
    }
    // A validly signed callback presented for another payment: the handler's own check.
    await assert.rejects(
      t.run(CompletePaymentHandler, accountActor(buyer.id), { paymentId: otherStarted.paymentId, providerRef: started.providerRef, outcome: 'succeeded' }),
      registryError(AuthorizationError, 2201, 'provider-ref-mismatch'),
    );
    assert.equal((await paymentRow(t, started.paymentId)).status, 'pending');
    assert.equal((await paymentRow(t, otherStarted.paymentId)).status, 'pending');
    assert.equal(await ledgerCount(t, DIRECT), ledger);
    assert.equal(await historyCount(t), history);
    assert.equal(await count(t, `SELECT 1 FROM domains`), domains);
    assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE hold_id = $1`, [hold.holdId]), 1);
  });

  for (const outcome of ['failed', 'cancelled'] as const) {
    it(`a ${outcome} payment releases the hold: another account can hold the name`, async () => {
      const name = `azad-${outcome}.az`;
      const hold = await holdFor(t, buyer.id, name);
      const started = await startCheckout(t, buyer.id, hold.holdId);
      await assert.rejects(holdFor(t, other.id, name), /on hold for another buyer/);
      const balance = await balanceOf(t, DIRECT);
      const done = await callback(t, decide(t, started.providerRef, outcome));
      assert.equal(done.status, outcome);
      assert.deepEqual(done.result, { reason: outcome === 'failed' ? 'declined' : 'cancelled' });
      assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE hold_id = $1`, [hold.holdId]), 0);
      assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'hold.release' AND object_id = $1`, [hold.holdId]), 1);
      assert.equal(await balanceOf(t, DIRECT), balance);
      const again = await callback(t, decide(t, started.providerRef, outcome));
      assert.equal(again.replayed, true);
      const theirs = await holdFor(t, other.id, name);
      assert.equal(theirs.owner.id, other.id);
      assert.equal(await domainsNamed(name), 0);
    });
  }

  it('checkout started twice for one hold: cancelling one keeps the hold for the other, which then pays', async () => {
    const hold = await holdFor(t, buyer.id, 'iki-defe.az');
    const first = await startCheckout(t, buyer.id, hold.holdId);
    const second = await startCheckout(t, buyer.id, hold.holdId);
    await callback(t, decide(t, first.providerRef, 'cancelled'));
    assert.equal(await count(t, `SELECT 1 FROM name_holds WHERE hold_id = $1`, [hold.holdId]), 1, 'still held for the second payment');
    const done = await callback(t, decide(t, second.providerRef, 'succeeded'));
    assert.equal(done.status, 'succeeded');
    assert.equal(await domainsNamed('iki-defe.az'), 1);
  });

  it('no verified e-mail, no registrant contact, someone else’s hold, a bad term: clear errors, nothing written', async () => {
    const unverified = await newAccount(t, { verified: false });
    const noContact = await newAccount(t, { contact: false });
    const h1 = await holdFor(t, unverified.id, 'tesdiqsiz.az');
    const h2 = await holdFor(t, noContact.id, 'kontaktsiz.az');
    const h3 = await holdFor(t, other.id, 'ozgenin.az');
    const [history, payments] = [await historyCount(t), await count(t, `SELECT 1 FROM payments`)];
    const start = (accountId: string, holdId: string, years = 1) => t.run(StartCheckoutHandler, accountActor(accountId), { accountId, holdId, years });
    await assert.rejects(start(unverified.id, h1.holdId), registryError(DataManagementPolicyError, 2308, 'email-not-verified'));
    await assert.rejects(start(noContact.id, h2.holdId), registryError(DataManagementPolicyError, 2308, 'registrant-contact-missing'));
    await assert.rejects(start(buyer.id, h3.holdId), registryError(AuthorizationError, 2201, 'not-owner'));
    await assert.rejects(t.run(StartCheckoutHandler, accountActor(buyer.id), { accountId: other.id, holdId: h3.holdId, years: 1 }), registryError(AuthorizationError, 2201, 'not-owner'));
    await assert.rejects(start(other.id, h3.holdId, 11), registryError(ParameterRangeError, 2004, 'term'));
    await assert.rejects(start(other.id, '00000000-0000-4000-8000-00000000dead'), registryError(DataManagementPolicyError, 2308, 'hold-expired'));
    assert.equal(await historyCount(t), history);
    assert.equal(await count(t, `SELECT 1 FROM payments`), payments);
  });

  it('checkout refuses a hold with less than 2 minutes left (2308 hold-ending)', async () => {
    const hold = await holdFor(t, buyer.id, 'son-deqiqe.az');
    t.clock.set(new Date(hold.expiresAt.getTime() - 119_000));
    await assert.rejects(
      t.run(StartCheckoutHandler, accountActor(buyer.id), { accountId: buyer.id, holdId: hold.holdId, years: 1 }),
      registryError(DataManagementPolicyError, 2308, 'hold-ending'),
    );
    assert.equal(await count(t, `SELECT 1 FROM payments WHERE order_data ->> 'holdId' = $1`, [hold.holdId]), 0);
  });
});
