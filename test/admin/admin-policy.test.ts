import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationsRepository } from '../../src/admin/applications/applications.repository';
import { RegistryError } from '../../src/common/registry-errors';
import { CheckDomainsHandler } from '../../src/registry/domains/commands/check-domains.handler';
import { ApproveApplicationHandler } from '../../src/registry/domains/commands/approve-application.handler';
import { RejectApplicationHandler } from '../../src/registry/domains/commands/reject-application.handler';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { createDomain } from '../handlers/handler-helpers';
import { auditCount, balanceAndLedger, csrfOf, signedInAgent, submit, type Agent } from './admin-helpers';


describe('admin console: registry policy and restricted-zone applications', () => {
  let t: TestApp;
  let agent: Agent;
  before(async () => {
    t = await startTestApp({ roles: ['api'] });
    ({ agent } = await signedInAgent(t, 'policy@nic.az'));
    await newRegistrar(t, 'polreg');
    await newContact(t, 'polreg', 'POL-1', 'org');
  });
  after(async () => t.close());

  it('editing a zone changes the price check and create use, validated and audited', async () => {
    const page = (await agent.get('/admin/zones/com.az').expect(200)).text;
    const form = {
      restricted: '', idnEnabled: 'on', minLabelLength: '3', maxLabelLength: '63', minTermYears: '1', maxTermYears: '5', holdMinutes: '20',
      'price.create': '42.50', 'price.renew': '40', 'price.transfer': '40', 'price.restore': '90',
      addGraceDays: '5', renewGraceDays: '5', transferGraceDays: '5', autoRenewGraceDays: '45', redemptionDays: '30', pendingDeleteDays: '5', transferPendingDays: '5', pendingCreateDays: '30',
    };
    const saved = await agent.post('/admin/zones/com.az').type('form').send({ ...form, _csrf: csrfOf(page) });
    assert.equal(saved.status, 303, saved.text);
    const check = await t.run(CheckDomainsHandler, registrarActor('polreg'), { names: ['yeniad.com.az', 'ab.com.az'] });
    const text = JSON.stringify(check);
    assert.match(text, /4250/, `the new price in the check answer: ${text}`);
    const before = await balanceAndLedger(t, 'polreg');
    await createDomain(t, 'polreg', 'yeniad.com.az', 'POL-1', { years: 2 });
    assert.equal((await balanceAndLedger(t, 'polreg')).balance, before.balance - 8500);
    await assert.rejects(createDomain(t, 'polreg', 'ab.com.az', 'POL-1'), (e: unknown) => e instanceof RegistryError, 'min length 3 now');
    await assert.rejects(createDomain(t, 'polreg', 'uzun.com.az', 'POL-1', { years: 6 }), (e: unknown) => e instanceof RegistryError, 'max term 5 now');
    assert.equal(await auditCount(t, 'zone.update', 'com.az'), 1);
    assert.equal((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE object_type = 'zone' AND object_id = 'com.az' AND actor_type = 'admin'`)).n, '1');

    // Out of range: refused, nothing changes.
    for (const bad of [{ minLabelLength: '0' }, { maxTermYears: '11' }, { 'price.create': '-1' }, { minTermYears: '4', maxTermYears: '2' }]) {
      const p = (await agent.get('/admin/zones/com.az').expect(200)).text;
      const res = await agent.post('/admin/zones/com.az').type('form').send({ ...form, ...bad, _csrf: csrfOf(p) });
      assert.equal(res.status, 422, JSON.stringify(bad));
    }
    assert.equal((await queryOne<{ price_create: string }>(t, `SELECT price_create FROM zones WHERE name = 'com.az'`)).price_create, '4250');
    assert.equal(await auditCount(t, 'zone.update', 'com.az'), 1);
  });

  it('reserved and premium lists: add and remove take effect on check, each audited', async () => {
    assert.equal((await submit(agent, '/admin/lists', '/admin/lists/reserved', { name: 'bakı', reason: 'capital' })).status, 303);
    const reserved = await t.run(CheckDomainsHandler, registrarActor('polreg'), { names: ['baki.az', 'bakı.org.az'] });
    assert.equal((JSON.stringify(reserved).match(/"reserved"/g) ?? []).length, 2, JSON.stringify(reserved));
    assert.equal((await submit(agent, '/admin/lists', '/admin/lists/reserved/remove', { name: 'baki' })).status, 303);
    const free = await t.run(CheckDomainsHandler, registrarActor('polreg'), { names: ['baki.az'] });
    assert.doesNotMatch(JSON.stringify(free), /"reserved"/);
    assert.equal((await submit(agent, '/admin/lists', '/admin/lists/reserved/remove', { name: 'baki' })).status, 404, 'nothing left to remove');

    assert.equal((await submit(agent, '/admin/lists', '/admin/lists/premium', { name: 'şəki.az', create: '5000', renew: '100' })).status, 303);
    const page = (await agent.get('/admin/lists').expect(200)).text;
    assert.match(page, /xn--/);
    const premium = await queryOne<{ name: string; price_create: string }>(t, `SELECT name, price_create FROM premium_names`);
    assert.equal(premium.price_create, '500000');
    assert.equal((await submit(agent, '/admin/lists', '/admin/lists/premium', { name: 'x.az', create: '1', renew: '1' })).status, 422, 'too short for .az');
    assert.equal((await submit(agent, '/admin/lists', '/admin/lists/premium/remove', { name: premium.name })).status, 303);
    assert.equal(Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM premium_names`)).n), 0);
    for (const action of ['reserved.add', 'reserved.remove', 'premium.set', 'premium.remove']) assert.equal(await auditCount(t, action), 1, action);
  });

  it('a restricted-zone application is listed with its documents and approved: active, poll message, history', async () => {
    await createDomain(t, 'polreg', 'nazirlik.gov.az', 'POL-1');
    const domain = await queryOne<{ id: string; statuses: string[] }>(t, `SELECT id, statuses FROM domains WHERE name = 'nazirlik.gov.az'`);
    assert.deepEqual(domain.statuses, ['pendingCreate']);
    const docId = await t.get(ApplicationsRepository).addDocument(t.dataSource.manager, { domainId: domain.id, fileName: 'letter.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test'), description: 'ministry letter' }, t.clock.now());
    const list = (await agent.get('/admin/applications').expect(200)).text;
    assert.match(list, /nazirlik\.gov\.az/);
    assert.match(list, /letter\.pdf/);
    const doc = await agent.get(`/admin/applications/${domain.id}/documents/${docId}`).expect(200);
    assert.match(doc.headers['content-disposition'], /attachment; filename="letter.pdf"/);
    assert.equal(doc.body.toString(), '%PDF-1.4 test');

    const approved = await agent.post(`/admin/applications/${domain.id}/approve`).type('form').send({ reason: 'letter checked', _csrf: csrfOf(list) });
    assert.equal(approved.status, 303);
    const after = await queryOne<{ statuses: string[]; purged_at: Date | null }>(t, `SELECT statuses, purged_at FROM domains WHERE id = $1`, [domain.id]);
    assert.deepEqual(after.statuses, []);
    const poll = await queryOne<{ payload: Record<string, unknown> }>(t, `SELECT payload FROM poll_messages WHERE registrar_id = 'polreg' ORDER BY id DESC LIMIT 1`);
    assert.equal(poll.payload.type, 'application-approved');
    assert.equal(poll.payload.paResult, true);
    const h = await queryOne<{ actor_type: string; channel: string }>(t, `SELECT actor_type, channel FROM history WHERE object_type = 'domain' AND object_id = $1 AND action = 'domain.application-approve'`, [domain.id]);
    assert.deepEqual(h, { actor_type: 'admin', channel: 'admin' });
    assert.equal(await auditCount(t, 'domain.application-approve', domain.id), 1);
    // Deciding twice is refused.
    const again = await agent.post(`/admin/applications/${domain.id}/approve`).type('form').send({ _csrf: csrfOf(list) });
    assert.equal(again.status, 409);
  });

  it('rejecting an application refunds the fee, deletes the domain and frees the name', async () => {
    const before = await balanceAndLedger(t, 'polreg');
    await createDomain(t, 'polreg', 'mekteb.edu.az', 'POL-1', { years: 3 });
    const charged = await balanceAndLedger(t, 'polreg');
    assert.equal(charged.balance, before.balance - 3000);
    const domain = await queryOne<{ id: string }>(t, `SELECT id FROM domains WHERE name = 'mekteb.edu.az' AND purged_at IS NULL`);
    const page = (await agent.get('/admin/applications').expect(200)).text;
    const noReason = await agent.post(`/admin/applications/${domain.id}/reject`).type('form').send({ reason: ' ', _csrf: csrfOf(page) });
    assert.equal(noReason.status, 422, 'a reason is required');
    const rejected = await agent.post(`/admin/applications/${domain.id}/reject`).type('form').send({ reason: 'not an accredited school', _csrf: csrfOf(page) });
    assert.equal(rejected.status, 303);
    assert.deepEqual(await balanceAndLedger(t, 'polreg'), before, 'refunded: balance and ledger back where they were');
    const row = await queryOne<{ deleted_at: Date | null; purged_at: Date | null }>(t, `SELECT deleted_at, purged_at FROM domains WHERE id = $1`, [domain.id]);
    assert.ok(row.deleted_at && row.purged_at);
    const poll = await queryOne<{ payload: Record<string, unknown> }>(t, `SELECT payload FROM poll_messages WHERE registrar_id = 'polreg' AND payload->>'type' = 'application-rejected'`);
    assert.equal(poll.payload.reason, 'not an accredited school');
    assert.equal(await auditCount(t, 'domain.application-reject', domain.id), 1);
    await createDomain(t, 'polreg', 'mekteb.edu.az', 'POL-1'); // the name is free again
  });

  it('handlers: approve/reject only pending applications, and a rejection needs a reason', async () => {
    const active = await createDomain(t, 'polreg', 'adi.az', 'POL-1');
    const id = (await queryOne<{ id: string }>(t, `SELECT id FROM domains WHERE name = $1 AND purged_at IS NULL`, [active.name])).id;
    await assert.rejects(t.run(ApproveApplicationHandler, ADMIN_ACTOR, { domainId: id, reason: '' }), (e: unknown) => e instanceof RegistryError && e.code === 2304);
    await assert.rejects(t.run(RejectApplicationHandler, ADMIN_ACTOR, { domainId: id, reason: 'x' }), (e: unknown) => e instanceof RegistryError && e.code === 2304);
    await assert.rejects(t.run(ApproveApplicationHandler, ADMIN_ACTOR, { domainId: '999999', reason: '' }), (e: unknown) => e instanceof RegistryError && e.code === 2303);
    await createDomain(t, 'polreg', 'herbi.mil.az', 'POL-1');
    const pending = (await queryOne<{ id: string }>(t, `SELECT id FROM domains WHERE name = 'herbi.mil.az'`)).id;
    await assert.rejects(t.run(RejectApplicationHandler, ADMIN_ACTOR, { domainId: pending, reason: '' }), (e: unknown) => e instanceof RegistryError && e.code === 2306);
    const r = await t.run(RejectApplicationHandler, ADMIN_ACTOR, { domainId: pending, reason: 'no documents' });
    assert.equal(r.refunded, 1000);
  });
});
