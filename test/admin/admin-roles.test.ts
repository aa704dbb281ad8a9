import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { newContact, newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';
import { createDomain } from '../handlers/handler-helpers';
import { auditCount, csrfOf, signedInAgent, submit, type Agent } from './admin-helpers';

const ADMIN_ONLY = ['/admin/registrars', '/admin/registrars/roles-r', '/admin/registrars/new', '/admin/zones', '/admin/zones/az', '/admin/lists', '/admin/applications', '/admin/audit'];

describe('admin console: roles, CSRF, audit log, history', () => {
  let t: TestApp;
  let admin: Agent;
  let officer: Agent;
  let expert: Agent;
  before(async () => {
    t = await startTestApp({ roles: ['api'] });
    ({ agent: admin } = await signedInAgent(t, 'boss@nic.az', ['admin']));
    ({ agent: officer } = await signedInAgent(t, 'officer@nic.az', ['officer']));
    ({ agent: expert } = await signedInAgent(t, 'expert@nic.az', ['expert']));
    await newRegistrar(t, 'roles-r');
    await newContact(t, 'roles-r', 'ROLE-C1');
  });
  after(async () => t.close());

  it('officers and experts cannot reach registrar or policy pages (403), and their navigation does not offer them', async () => {
    for (const path of ADMIN_ONLY) {
      assert.equal((await officer.get(path)).status, 403, `officer ${path}`);
      assert.equal((await expert.get(path)).status, 403, `expert ${path}`);
      assert.equal((await admin.get(path)).status, 200, `admin ${path}`);
    }
    const home = (await expert.get('/admin').expect(200)).text;
    assert.doesNotMatch(home, /href="\/admin\/registrars"/);
    assert.doesNotMatch(home, /href="\/admin\/audit"/);
    assert.match((await admin.get('/admin').expect(200)).text, /href="\/admin\/registrars"/);
    // History: administrators and officers, never experts.
    assert.equal((await officer.get('/admin/history')).status, 200);
    assert.equal((await expert.get('/admin/history')).status, 403);
  });

  it('a refused role changes nothing: an officer cannot top up credit even with a valid CSRF token', async () => {
    const before = await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = 'roles-r'`);
    const page = (await officer.get('/admin').expect(200)).text;
    const res = await officer.post('/admin/registrars/roles-r/credit').type('form').send({ amount: '1000', _csrf: csrfOf(page) });
    assert.equal(res.status, 403);
    assert.equal((await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = 'roles-r'`)).balance, before.balance);
    assert.equal(await auditCount(t, 'registrar.credit'), 0);
  });

  it('anonymous visitors are redirected to sign in from every console page', async () => {
    for (const path of [...ADMIN_ONLY, '/admin', '/admin/history', '/admin/stats']) {
      const res = await request(t.http).get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.location, `/admin/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('a POST without the CSRF token is refused (403) and changes nothing', async () => {
    const res = await admin.post('/admin/registrars/roles-r/suspend').type('form').send({ reason: 'x' });
    assert.equal(res.status, 403);
    assert.equal((await queryOne<{ status: string }>(t, `SELECT status FROM registrars WHERE id = 'roles-r'`)).status, 'active');
    const forged = await admin.post('/admin/registrars/roles-r/suspend').type('form').send({ reason: 'x', _csrf: 'forged.token' });
    assert.equal(forged.status, 403);
    // A token from another session is refused too.
    const other = (await officer.get('/admin').expect(200)).text;
    assert.equal((await admin.post('/admin/registrars/roles-r/suspend').type('form').send({ _csrf: csrfOf(other) })).status, 403);
    assert.equal(await auditCount(t, 'registrar.suspend'), 0);
  });

  it('the audit log is browsable and filterable, and append-only in the database', async () => {
    assert.equal((await submit(admin, '/admin/registrars/roles-r', '/admin/registrars/roles-r/credit', { amount: '12.34', note: 'audit me' })).status, 303);
    const all = (await admin.get('/admin/audit').expect(200)).text;
    assert.match(all, /registrar\.credit/);
    assert.match(all, /admin\.login/);
    const filtered = (await admin.get('/admin/audit?action=registrar.&objectId=roles-r').expect(200)).text;
    assert.match(filtered, /registrar\.credit/);
    assert.doesNotMatch(filtered, /<code>admin\.login<\/code>/);
    const entry = await queryOne<{ id: string; admin_email: string; details: Record<string, unknown> }>(t, `SELECT id, admin_email, details FROM admin_audit_log WHERE action = 'registrar.credit'`);
    assert.equal(entry.admin_email, 'boss@nic.az');
    assert.equal(entry.details.amount, '12.34');
    await assert.rejects(t.dataSource.query(`UPDATE admin_audit_log SET action = 'x' WHERE id = $1`, [entry.id]), /append-only/);
    await assert.rejects(t.dataSource.query(`DELETE FROM admin_audit_log WHERE id = $1`, [entry.id]), /append-only/);
  });

  it('an object\'s full history is found by U-label, A-label or id', async () => {
    await createDomain(t, 'roles-r', 'şəki.az', 'ROLE-C1');
    const { id, name } = await queryOne<{ id: string; name: string }>(t, `SELECT id, name FROM domains WHERE unicode_name = 'şəki.az'`);
    assert.match(name, /^xn--/);
    for (const q of ['şəki.az', 'ŞƏKİ.az', name, id]) {
      const page = (await officer.get(`/admin/history?type=domain&id=${encodeURIComponent(q)}`).expect(200)).text;
      assert.match(page, /domain\.create/, q);
    }
    const registrar = (await admin.get('/admin/history?type=registrar&id=roles-r').expect(200)).text;
    assert.match(registrar, /registrar\.create/);
    assert.match(registrar, /registrar\.credit/);
  });
});
