import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { RegistryError } from '../../src/common/registry-errors';
import { LifecycleService } from '../../src/lifecycle/lifecycle.service';
import { CheckDomainsHandler } from '../../src/registry/domains/commands/check-domains.handler';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { InfoDomainHandler } from '../../src/registry/domains/commands/info-domain.handler';
import { RestoreDomainHandler } from '../../src/registry/domains/commands/restore-domain.handler';
import { TransferDomainHandler } from '../../src/registry/domains/commands/transfer-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

/** Every time-based transition with a fake clock, run through the real scan (as the worker does). */
describe('domain lifecycle over time', () => {
  let t: TestApp;
  let scan: () => ReturnType<LifecycleService['scan']>;
  const create = (name: string, registrarId = 'life-a', registrant = 'LIFE-A') =>
    t.run(CreateDomainHandler, registrarActor(registrarId), { name, registrarId, years: 1, registrant, holder: { type: 'registrar', id: registrarId } });
  const balance = async (id: string) => Number((await queryOne<{ balance: string }>(t, 'SELECT balance FROM registrars WHERE id = $1', [id])).balance);
  const row = (name: string) => queryOne<{ purged_at: Date | null; deleted_at: Date | null; purge_at: Date | null; expires_at: Date; statuses: string[]; registrar_id: string }>(t, 'SELECT * FROM domains WHERE name = $1 ORDER BY id DESC LIMIT 1', [name]);

  before(async () => {
    t = await startTestApp({ roles: ['api', 'worker'], poolSize: 30 });
    scan = () => t.get(LifecycleService).scan();
    await newRegistrar(t, 'life-a', 1_000_000);
    await newRegistrar(t, 'life-b', 1_000_000);
    await newRegistrar(t, 'life-poor', 3000);
    for (const r of ['life-a', 'life-b', 'life-poor']) await newContact(t, r, r.toUpperCase());
  });
  after(() => t.close());

  it('expiry auto-renews and bills the sponsor; a delete in auto-renew grace refunds it; restore brings it back', async () => {
    t.clock.set('2026-01-15T10:00:00Z');
    await create('avto.az');
    const start = await balance('life-a');
    t.clock.set('2027-01-15T10:00:01Z');
    const first = await scan();
    assert.equal(first.renewed, 1);
    assert.equal((await row('avto.az')).expires_at.toISOString(), '2028-01-15T10:00:00.000Z');
    assert.equal(await balance('life-a'), start - 3000);
    assert.equal((await scan()).renewed, 0, 'a second scan changes nothing');
    t.clock.advance(10 * DAY);
    const del = await t.run(DeleteDomainHandler, registrarActor('life-a'), { name: 'avto.az', registrarId: 'life-a' });
    assert.equal(del.purged, false);
    assert.equal(del.refunded, 3000, 'auto-renew grace refund');
    t.clock.advance(3 * DAY);
    await t.run(RestoreDomainHandler, registrarActor('life-a'), { name: 'avto.az', registrarId: 'life-a', op: 'request' });
    const info = await t.run(InfoDomainHandler, registrarActor('life-a'), { name: 'avto.az', registrarId: 'life-a' });
    assert.ok(!info.statuses.includes('pendingDelete'));
  });

  it('a registrar whose balance is short lets the domain expire into redemption, then it drops at the published time', async () => {
    t.clock.set('2026-01-15T10:00:00Z');
    await create('kasib.az', 'life-poor', 'LIFE-POOR');
    assert.equal(await balance('life-poor'), 0);
    t.clock.set('2027-01-15T11:00:00Z');
    assert.equal((await scan()).expired, 1);
    const expired = await row('kasib.az');
    assert.ok(expired.statuses.includes('pendingDelete'));
    assert.equal(expired.purge_at!.toISOString(), '2027-02-19T11:00:00.000Z', '30 days redemption + 5 days pending delete');
    const list = await request(t.http).get('/api/v1/drops').query({ from: '2027-02-19', days: 1 });
    assert.deepEqual(list.body.drops.map((d: { name: string }) => d.name), ['kasib.az']);
    // One second before the drop it is still taken; at the drop it is free, even before any scan.
    t.clock.set('2027-02-19T10:59:59Z');
    const [taken] = await t.run(CheckDomainsHandler, registrarActor('life-a'), { names: ['kasib.az'] });
    assert.equal(taken.available, false);
    t.clock.set('2027-02-19T11:00:00Z');
    const [free] = await t.run(CheckDomainsHandler, registrarActor('life-a'), { names: ['kasib.az'] });
    assert.equal(free.available, true);
  });

  it('the drop race: 20 racers at the drop time, exactly one winner, the others get 2302', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => create('kasib.az', i % 2 ? 'life-a' : 'life-b', i % 2 ? 'LIFE-A' : 'LIFE-B')),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as RegistryError).code, 2302);
    const rows = await queryOne<{ live: string; purged: string }>(t, `SELECT count(*) FILTER (WHERE purged_at IS NULL) AS live, count(*) FILTER (WHERE purged_at IS NOT NULL) AS purged FROM domains WHERE name = 'kasib.az'`);
    assert.deepEqual([Number(rows.live), Number(rows.purged)], [1, 1]);
    const purged = await queryOne<{ purged_at: Date }>(t, `SELECT purged_at FROM domains WHERE name = 'kasib.az' AND purged_at IS NOT NULL`);
    assert.equal(purged.purged_at.toISOString(), '2027-02-19T11:00:00.000Z', 'purged at the published time');
  });

  it('a late worker recovers: a scan long after several due dates performs every transition once', async () => {
    t.clock.set('2026-03-01T00:00:00Z');
    await create('gec.az');
    t.clock.advance(6 * DAY);
    await t.run(DeleteDomainHandler, registrarActor('life-a'), { name: 'gec.az', registrarId: 'life-a' });
    t.clock.advance(200 * DAY); // far past the drop time
    const report = await scan();
    assert.ok(report.purged >= 1);
    const r = await row('gec.az');
    assert.ok(r.purged_at);
    assert.equal((await scan()).purged, 0);
  });

  it('a transfer the losing registrar ignores is approved by the registry after five days', async () => {
    t.clock.set('2026-05-01T00:00:00Z');
    await create('kocur.az');
    await t.run(UpdateDomainHandler, registrarActor('life-a'), { name: 'kocur.az', registrarId: 'life-a', change: { authInfo: 'kocur-secret-1' } });
    await t.run(TransferDomainHandler, registrarActor('life-b'), { op: 'request', name: 'kocur.az', registrarId: 'life-b', authInfo: 'kocur-secret-1' });
    t.clock.advance(4 * DAY);
    assert.equal((await scan()).transfersApproved, 0);
    t.clock.advance(1 * DAY);
    assert.equal((await scan()).transfersApproved, 1);
    assert.equal((await row('kocur.az')).registrar_id, 'life-b');
    const polls = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM poll_messages WHERE payload->>'status' = 'serverApproved' AND payload->>'name' = 'kocur.az'`);
    assert.equal(Number(polls.n), 2, 'both registrars are told');
    await assert.rejects(t.run(TransferDomainHandler, registrarActor('life-b'), { op: 'auto-approve', name: 'kocur.az', registrarId: 'life-b' }), (e: RegistryError) => e.code === 2201);
  });

  it('a restricted-zone application nobody approves lapses after 30 days and is refunded', async () => {
    t.clock.set('2026-06-01T00:00:00Z');
    const before = await balance('life-a');
    await create('mekteb.edu.az');
    t.clock.advance(29 * DAY);
    assert.equal((await scan()).applicationsLapsed, 0);
    t.clock.advance(2 * DAY);
    assert.equal((await scan()).applicationsLapsed, 1);
    assert.ok((await row('mekteb.edu.az')).purged_at);
    assert.equal(await balance('life-a'), before);
  });

  it('renewal reminders go out once each, 30, 7 and 1 days before expiry, to the registrant', async () => {
    t.clock.set('2026-08-01T00:00:00Z');
    await create('xatirlat.az');
    const reminders = async () =>
      (await t.dataSource.query(`SELECT payload->>'daysLeft' AS d, recipient FROM outbox WHERE template = 'renewal-reminder' AND payload->>'domain' = 'xatirlat.az' ORDER BY id`)) as Array<{ d: string; recipient: string }>;
    t.clock.set('2027-06-20T00:00:00Z');
    await scan();
    assert.equal((await reminders()).length, 0, 'nothing 42 days ahead');
    t.clock.set('2027-07-02T00:00:00Z');
    await scan();
    await scan();
    assert.deepEqual((await reminders()).map((r) => r.d), ['30']);
    t.clock.set('2027-07-25T00:00:00Z');
    await scan();
    t.clock.set('2027-07-31T12:00:00Z');
    await scan();
    const all = await reminders();
    assert.deepEqual(all.map((r) => r.d), ['30', '7', '1']);
    assert.equal(all[0].recipient, 'life-a@example.az');
  });

  it('every automatic transition writes history as the system actor', async () => {
    const rows = await t.dataSource.query(`SELECT DISTINCT action FROM history WHERE actor_type = 'system' ORDER BY action`);
    const actions = rows.map((r: { action: string }) => r.action);
    for (const a of ['domain.auto-renew', 'domain.expired', 'domain.purge', 'domain.transfer.serverApproved']) assert.ok(actions.includes(a), `${a} in ${actions}`);
  });
});
