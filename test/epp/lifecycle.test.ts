import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { balanceOf } from '../handlers/handler-helpers';
import { newContact, newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';
import { Epp, eppDoc, resultCode } from './golden';

/**
 * One domain's whole life over EPP, at fixed clock times, with the money checked at every step:
 * create → update → renew → transfer (request by B, approve by A) → delete by B after the grace
 * periods (1001, redemption) → restore (RGP) → info shows it back, sponsored by B.
 */
describe('EPP lifecycle: create → update → renew → transfer → delete → restore', { timeout: 60_000 }, () => {
  let t: TestApp;
  let a: Epp;
  let b: Epp;
  const A = 'cycle-a';
  const B = 'cycle-b';
  const NAME = 'omur.az';
  const CREDIT = 1_000_000;
  const D = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';
  const cmd = (body: string, ext = '') => eppDoc(`<command>${body}${ext ? `<extension>${ext}</extension>` : ''}<clTRID>CYCLE-1</clTRID></command>`);
  const info = () => cmd(`<info><domain:info ${D}><domain:name>${NAME}</domain:name></domain:info></info>`);
  const tag = (xml: string, name: string) => new RegExp(`<domain:${name}>([^<]*)</domain:${name}>`).exec(xml)?.[1];
  const statuses = (xml: string) => [...xml.matchAll(/<domain:status s="([^"]+)"\/>/g)].map((m) => m[1]).sort();

  /** Every ledger row for the domain, oldest first. */
  const ledger = async () =>
    (await t.dataSource.query(`SELECT registrar_id, kind, amount, balance_after FROM ledger_entries WHERE domain_name = $1 ORDER BY id`, [NAME])).map(
      (r: { registrar_id: string; kind: string; amount: string; balance_after: string }) => `${r.registrar_id} ${r.kind} ${r.amount} → ${r.balance_after}`,
    );

  before(async () => {
    t = await startTestApp({ roles: ['epp'] });
    await newRegistrar(t, A, CREDIT);
    await newRegistrar(t, B, CREDIT);
    await newContact(t, A, 'CYC-A1');
    a = await Epp.login(t, A);
    b = await Epp.login(t, B);
    await a.expect(cmd(`<create><host:create xmlns:host="urn:ietf:params:xml:ns:host-1.0"><host:name>ns1.cycle-dns.net</host:name></host:create></create>`), 1000);
  });
  after(async () => {
    a?.close();
    b?.close();
    await t?.close();
  });

  it('2026-01-15: A creates it for one year (−3000)', async () => {
    t.clock.set('2026-01-15T10:00:00Z');
    const r = await a.expect(
      cmd(`<create><domain:create ${D}><domain:name>${NAME}</domain:name><domain:period unit="y">1</domain:period><domain:registrant>CYC-A1</domain:registrant><domain:authInfo><domain:pw>Omur-Secret-1</domain:pw></domain:authInfo></domain:create></create>`),
      1000,
    );
    assert.equal(tag(r, 'exDate'), '2027-01-15T10:00:00.000Z');
    assert.equal(await balanceOf(t, A), CREDIT - 3000);
    assert.deepEqual(await ledger(), [`${A} create -3000 → ${CREDIT - 3000}`]);
  });

  it('2026-01-16: A updates it (name server, status): no charge', async () => {
    t.clock.set('2026-01-16T10:00:00Z');
    await a.expect(cmd(`<update><domain:update ${D}><domain:name>${NAME}</domain:name><domain:add><domain:ns><domain:hostObj>ns1.cycle-dns.net</domain:hostObj></domain:ns><domain:status s="clientDeleteProhibited"/></domain:add></domain:update></update>`), 1000);
    const r = await a.expect(info(), 1000);
    assert.deepEqual(statuses(r), ['clientDeleteProhibited']);
    assert.equal(tag(r, 'hostObj'), 'ns1.cycle-dns.net');
    assert.equal(tag(r, 'upDate'), '2026-01-16T10:00:00.000Z');
    assert.equal(await balanceOf(t, A), CREDIT - 3000);
  });

  it('2026-01-17: A renews it for one year (−3000), expiry 2028-01-15', async () => {
    t.clock.set('2026-01-17T10:00:00Z');
    const r = await a.expect(cmd(`<renew><domain:renew ${D}><domain:name>${NAME}</domain:name><domain:curExpDate>2027-01-15</domain:curExpDate><domain:period unit="y">1</domain:period></domain:renew></renew>`), 1000);
    assert.equal(tag(r, 'exDate'), '2028-01-15T10:00:00.000Z');
    assert.equal(await balanceOf(t, A), CREDIT - 6000);
    assert.deepEqual((await ledger()).slice(1), [`${A} renew -3000 → ${CREDIT - 6000}`]);
  });

  it('2026-02-01: B requests a transfer (−3000 from B, 1001); A is told by poll', async () => {
    t.clock.set('2026-02-01T10:00:00Z');
    const r = await b.expect(cmd(`<transfer op="request"><domain:transfer ${D}><domain:name>${NAME}</domain:name><domain:authInfo><domain:pw>Omur-Secret-1</domain:pw></domain:authInfo></domain:transfer></transfer>`), 1001);
    assert.equal(tag(r, 'trStatus'), 'pending');
    assert.equal(tag(r, 'acDate'), '2026-02-06T10:00:00.000Z');
    assert.equal(await balanceOf(t, B), CREDIT - 3000);
    assert.equal(await balanceOf(t, A), CREDIT - 6000);
    assert.deepEqual((await ledger()).slice(2), [`${B} transfer -3000 → ${CREDIT - 3000}`]);
    const poll = await a.expect(cmd('<poll op="req"/>'), 1301);
    assert.match(poll, /<domain:trStatus>pending<\/domain:trStatus>/);
    assert.match(poll, new RegExp(`<domain:name>${NAME}</domain:name>`));
  });

  it('2026-02-02: A approves: B sponsors it, expiry + 1 year, client statuses cleared, no money moves', async () => {
    t.clock.set('2026-02-02T10:00:00Z');
    const r = await a.expect(cmd(`<transfer op="approve"><domain:transfer ${D}><domain:name>${NAME}</domain:name></domain:transfer></transfer>`), 1000);
    assert.equal(tag(r, 'trStatus'), 'clientApproved');
    assert.equal(tag(r, 'exDate'), '2029-01-15T10:00:00.000Z');
    await a.expect(info(), 2201);
    const i = await b.expect(info(), 1000);
    assert.equal(tag(i, 'clID'), B);
    assert.equal(tag(i, 'trDate'), '2026-02-02T10:00:00.000Z');
    assert.deepEqual(statuses(i), ['ok']);
    assert.equal(await balanceOf(t, A), CREDIT - 6000);
    assert.equal(await balanceOf(t, B), CREDIT - 3000);
    assert.equal((await ledger()).length, 3);
  });

  it('2026-03-01: B deletes it after every grace period: 1001, redemption, no refund', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    await b.expect(cmd(`<delete><domain:delete ${D}><domain:name>${NAME}</domain:name></domain:delete></delete>`), 1001);
    const i = await b.expect(info(), 1000);
    assert.deepEqual(statuses(i), ['pendingDelete']);
    assert.match(i, /<rgp:rgpStatus s="redemptionPeriod"\/>/);
    assert.equal(await balanceOf(t, B), CREDIT - 3000);
    assert.equal((await ledger()).length, 3);
    const d = await queryOne<{ purge_at: Date }>(t, `SELECT purge_at FROM domains WHERE name = $1 AND purged_at IS NULL`, [NAME]);
    assert.deepEqual(d.purge_at, new Date('2026-04-05T10:00:00Z'));
  });

  it('2026-03-10: B restores it (RGP, −6000): info shows it back, sponsored by B, same expiry', async () => {
    t.clock.set('2026-03-10T10:00:00Z');
    const r = await b.expect(
      cmd(`<update><domain:update ${D}><domain:name>${NAME}</domain:name><domain:chg/></domain:update></update>`, '<rgp:update xmlns:rgp="urn:ietf:params:xml:ns:rgp-1.0"><rgp:restore op="request"/></rgp:update>'),
      1000,
    );
    assert.match(r, /<rgp:rgpStatus s="pendingRestore"\/>/);
    const i = await b.expect(info(), 1000);
    assert.equal(tag(i, 'clID'), B);
    assert.deepEqual(statuses(i), ['ok']);
    assert.equal(tag(i, 'exDate'), '2029-01-15T10:00:00.000Z');
    assert.doesNotMatch(i, /redemptionPeriod/);
    assert.equal(await balanceOf(t, B), CREDIT - 9000);
    assert.deepEqual((await ledger()).slice(3), [`${B} restore -6000 → ${CREDIT - 9000}`]);
    // the ledger is the balance's whole story
    for (const id of [A, B]) {
      const sum = await queryOne<{ s: string }>(t, `SELECT sum(amount) AS s FROM ledger_entries WHERE registrar_id = $1`, [id]);
      assert.equal(Number(sum.s), await balanceOf(t, id), id);
    }
    assert.equal(resultCode(await a.send(info())), 2201);
  });
});
