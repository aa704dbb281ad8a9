import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { EppClient, loginXml, resultCode } from '../../src/epp/client/epp-client';
import { EppListener } from '../../src/epp/epp.module';
import { newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';
import { auditCount, balanceAndLedger, csrfOf, signedInAgent, submit, type Agent } from './admin-helpers';

async function eppLogin(t: TestApp, clID: string, password: string): Promise<number> {
  const { client } = await EppClient.connect({ host: '127.0.0.1', port: t.app.get(EppListener).port! });
  try {
    return resultCode(await client.command(loginXml(clID, password)));
  } finally {
    client.close();
  }
}


describe('admin console: registrars', () => {
  let t: TestApp;
  let agent: Agent;
  before(async () => {
    t = await startTestApp({ roles: ['api', 'epp'] });
    ({ agent } = await signedInAgent(t, 'ops@nic.az'));
  });
  after(async () => t.close());

  it('accredits a registrar: the API key is shown once, works, and the action is audited', async () => {
    const res = await submit(agent, '/admin/registrars/new', '/admin/registrars', { id: 'acme', name: 'Acme MMC', email: 'ops@acme.az', password: 'acme-pass-1', credit: '250.50' });
    assert.equal(res.status, 200, res.text);
    const key = /id="secret">(azr_[^<]+)</.exec(res.text)?.[1];
    assert.ok(key, 'the API key on the page');
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${key}`).expect(200);
    assert.deepEqual(await balanceAndLedger(t, 'acme'), { balance: 25050, ledger: 25050 });
    assert.equal(await auditCount(t, 'registrar.create', 'acme'), 1);
    const history = await queryOne<{ actor_type: string; channel: string }>(t, `SELECT actor_type, channel FROM history WHERE object_type = 'registrar' AND object_id = 'acme'`);
    assert.deepEqual(history, { actor_type: 'admin', channel: 'admin' });
    const list = await agent.get('/admin/registrars').expect(200);
    assert.match(list.text, /Acme MMC/);
    // A bad id: a clear error page, nothing created.
    const bad = await submit(agent, '/admin/registrars/new', '/admin/registrars', { id: 'X!', name: 'Bad', password: 'acme-pass-1' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /role="alert"/);
  });

  it('suspension blocks EPP login and REST; reinstatement restores both', async () => {
    const { apiKey } = await newRegistrar(t, 'susp');
    assert.equal(await eppLogin(t, 'susp', 'secret-pw1'), 1000);
    const suspended = await submit(agent, '/admin/registrars/susp', '/admin/registrars/susp/suspend', { reason: 'unpaid invoices' });
    assert.equal(suspended.status, 303);
    assert.equal((await queryOne<{ status: string }>(t, `SELECT status FROM registrars WHERE id = 'susp'`)).status, 'suspended');
    assert.equal(await eppLogin(t, 'susp', 'secret-pw1'), 2200);
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${apiKey}`).expect(401);
    assert.equal(await auditCount(t, 'registrar.suspend', 'susp'), 1);
    const reinstated = await submit(agent, '/admin/registrars/susp', '/admin/registrars/susp/reinstate', {});
    assert.equal(reinstated.status, 303);
    assert.equal(await eppLogin(t, 'susp', 'secret-pw1'), 1000);
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${apiKey}`).expect(200);
    assert.equal(await auditCount(t, 'registrar.reinstate', 'susp'), 1);
  });

  it('a registrar suspended while logged in is refused on its next command (2501) and the session closes', async () => {
    await newRegistrar(t, 'susp-open');
    const { client } = await EppClient.connect({ host: '127.0.0.1', port: t.app.get(EppListener).port! });
    try {
      assert.equal(resultCode(await client.command(loginXml('susp-open', 'secret-pw1'))), 1000);
      const poll = '<?xml version="1.0" encoding="UTF-8"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command><poll op="req"/><clTRID>SUSP-1</clTRID></command></epp>';
      assert.ok([1300, 1301].includes(resultCode(await client.command(poll))));
      assert.equal((await submit(agent, '/admin/registrars/susp-open', '/admin/registrars/susp-open/suspend', { reason: 'fraud' })).status, 303);
      t.clock.advance(6_000); // past the standing cache (RegistrarStanding, 5 s)
      assert.equal(resultCode(await client.command(poll)), 2501);
      assert.equal(await client.next(5_000), '', 'the server closed the session');
    } finally {
      client.close();
    }
  });

  it('a new EPP password replaces the old one; API keys are created (shown once) and revoked', async () => {
    const { apiKey: initialKey } = await newRegistrar(t, 'creds');
    const pw = await submit(agent, '/admin/registrars/creds', '/admin/registrars/creds/password', {});
    assert.equal(pw.status, 200);
    const password = /id="secret">([^<]+)</.exec(pw.text)![1];
    assert.equal(password.length, 16);
    assert.equal(await eppLogin(t, 'creds', 'secret-pw1'), 2200);
    assert.equal(await eppLogin(t, 'creds', password), 1000);
    assert.equal(await auditCount(t, 'registrar.password-reset', 'creds'), 1);

    const created = await submit(agent, '/admin/registrars/creds', '/admin/registrars/creds/api-keys', { label: 'billing system' });
    const newKey = /id="secret">(azr_[^<]+)</.exec(created.text)![1];
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${newKey}`).expect(200);
    const initialId = /^azr_([0-9a-f-]{36})_/.exec(initialKey)![1];
    const page = (await agent.get('/admin/registrars/creds').expect(200)).text;
    // The secret is base64url and may itself contain '_': take everything after the key id.
    const secret = /^azr_[0-9a-f-]{36}_(.+)$/.exec(newKey)![1];
    assert.ok(!page.includes(secret), 'the secret is never shown again');
    const revoked = await agent.post(`/admin/registrars/creds/api-keys/${initialId}/revoke`).type('form').send({ _csrf: csrfOf(page) });
    assert.equal(revoked.status, 303);
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${initialKey}`).expect(401);
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${newKey}`).expect(200);
    assert.equal(await auditCount(t, 'registrar.api-key-create', 'creds'), 1);
    assert.equal(await auditCount(t, 'registrar.api-key-revoke', 'creds'), 1);
  });

  it('the IP allow-list is validated and enforced at EPP login and on the REST API', async () => {
    const { apiKey } = await newRegistrar(t, 'iplist');
    const bad = await submit(agent, '/admin/registrars/iplist', '/admin/registrars/iplist/ip-allow-list', { cidrs: '192.0.2.7/24' });
    assert.equal(bad.status, 422, 'host bits set: refused');
    assert.equal(await auditCount(t, 'registrar.ip-allow-list', 'iplist'), 0, 'a refused change is not audited');
    const ok = await submit(agent, '/admin/registrars/iplist', '/admin/registrars/iplist/ip-allow-list', { cidrs: '192.0.2.0/24\n2001:db8::/32' });
    assert.equal(ok.status, 303);
    assert.equal(await eppLogin(t, 'iplist', 'secret-pw1'), 2200, '127.0.0.1 is not on the list');
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${apiKey}`).expect(401);
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${apiKey}`).set('X-Forwarded-For', '192.0.2.9').expect(200);
    await submit(agent, '/admin/registrars/iplist', '/admin/registrars/iplist/ip-allow-list', { cidrs: '192.0.2.0/24, 127.0.0.0/8' });
    assert.equal(await eppLogin(t, 'iplist', 'secret-pw1'), 1000);
    await request(t.http).get('/api/v1/balance').set('Authorization', `Bearer ${apiKey}`).expect(200);
    assert.equal(await auditCount(t, 'registrar.ip-allow-list', 'iplist'), 2);
  });

  it('credit top-ups go through the ledger: balance equals the ledger sum, and the statement agrees', async () => {
    await newRegistrar(t, 'money', 10_000);
    for (const amount of ['100', '0.55', '1234.45']) {
      const res = await submit(agent, '/admin/registrars/money', '/admin/registrars/money/credit', { amount, note: `wire ${amount}` });
      assert.equal(res.status, 303);
    }
    assert.deepEqual(await balanceAndLedger(t, 'money'), { balance: 10_000 + 10_000 + 55 + 123_445, ledger: 10_000 + 10_000 + 55 + 123_445 });
    for (const bad of ['-5', '0', 'abc', '1.234']) {
      assert.equal((await submit(agent, '/admin/registrars/money', '/admin/registrars/money/credit', { amount: bad })).status, 422, bad);
    }
    assert.equal(await auditCount(t, 'registrar.credit', 'money'), 3);
    const day = t.clock.now().toISOString().slice(0, 10);
    const statement = await agent.get(`/admin/registrars/money/statement?from=${day}&to=${day}`).expect(200);
    assert.match(statement.text, /id="opening">0\.00 AZN/);
    assert.match(statement.text, /id="closing">1435\.00 AZN/);
    const csv = await agent.get(`/admin/registrars/money/statement?from=${day}&to=${day}&format=csv`).expect(200);
    assert.match(csv.headers['content-type'], /text\/csv/);
    assert.match(csv.headers['content-disposition'], /attachment; filename="statement-money-/);
    const lines = csv.text.trim().split('\r\n');
    assert.equal(lines.length, 1 + 1 + 4 + 1, 'header, opening, four entries, closing');
    assert.equal(lines.at(-1), `"","closing","","","${day}","","1435.00"`);
    // The period before any entry: opening = closing = 0.
    const before = await agent.get(`/admin/registrars/money/statement?from=2025-01-01&to=2025-01-31`).expect(200);
    assert.match(before.text, /id="closing">0\.00 AZN/);
    assert.equal((await agent.get(`/admin/registrars/money/statement?from=2025-13-01&to=2025-01-31`)).status, 422);
  });
});
