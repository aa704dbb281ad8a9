import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { totpCode } from '../../src/admin/auth/totp';
import { queryOne, type TestApp } from '../support/test-app';
import { ADMIN_PASSWORD, auditCount, newAgent, createAdmin, csrfOf, secretOnPage, signIn, startAdminApp, submit, totpSecretOf } from './admin-helpers';

describe('admin console sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await startAdminApp();
  });
  after(async () => t.close());

  it('anonymous visitors are redirected to the login page, which sets the console headers', async () => {
    const res = await request(t.http).get('/admin/audit');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/login?next=%2Fadmin%2Faudit');
    const page = await request(t.http).get('/admin/login');
    assert.equal(page.status, 200);
    const csp = page.headers['content-security-policy'];
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'nonce-[^']+'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
    assert.ok(cookies.some((c) => c.startsWith('azreg.admin.sid=') && /Path=\/admin/.test(c) && /HttpOnly/.test(c)), cookies.join('\n'));
    assert.ok(!cookies.some((c) => c.startsWith('azreg.sid=')), 'no registrant session cookie on console pages');
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.ok(page.text.includes(`<style nonce="${nonce}">`));
  });

  it('first sign-in forces TOTP enrolment: secret and QR shown, a wrong code refused, the right one stores the secret encrypted', async () => {
    const id = await createAdmin(t, 'enrol@nic.az');
    const agent = newAgent(t);
    const pw = await submit(agent, '/admin/login', '/admin/login', { email: 'enrol@nic.az', password: ADMIN_PASSWORD, next: '/admin' });
    assert.equal(pw.status, 303);
    assert.equal(pw.headers.location, '/admin/login/enrol');
    // Without the second factor nothing else opens.
    assert.equal((await agent.get('/admin')).status, 303);
    const page = (await agent.get('/admin/login/enrol').expect(200)).text;
    assert.match(page, /<svg role="img" aria-label="[^"]+"/);
    const secret = secretOnPage(page);
    assert.equal(secret.length, 32);
    const wrong = await agent.post('/admin/login/enrol').type('form').send({ code: totpCode(secret, new Date(t.clock.now().getTime() + 10 * 60_000)), _csrf: csrfOf(page) });
    assert.equal(wrong.status, 422);
    assert.equal((await queryOne<{ totp_secret: string | null }>(t, `SELECT totp_secret FROM admin_users WHERE id = $1`, [id])).totp_secret, null);
    const again = (await agent.get('/admin/login/enrol').expect(200)).text;
    assert.equal(secretOnPage(again), secret, 'the same secret until it is confirmed');
    const ok = await agent.post('/admin/login/enrol').type('form').send({ code: totpCode(secret, t.clock.now()), _csrf: csrfOf(again) });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/admin');
    const stored = await queryOne<{ totp_secret: string }>(t, `SELECT totp_secret FROM admin_users WHERE id = $1`, [id]);
    assert.ok(!stored.totp_secret.includes(secret), 'the secret is not stored in clear');
    assert.equal(await totpSecretOf(t, id), secret);
    const home = await agent.get('/admin');
    assert.equal(home.status, 200);
    assert.match(home.text, /enrol@nic\.az/);
    assert.equal(await auditCount(t, 'admin.totp-enrolled', id), 1);
  });

  it('a wrong code is refused, a right one accepted once; replaying it (or an older one) is refused', async () => {
    const id = await createAdmin(t, 'codes@nic.az');
    await signIn(t, newAgent(t), 'codes@nic.az', id); // enrols
    const secret = await totpSecretOf(t, id);
    t.clock.advance(30_000);
    const agent = newAgent(t);
    const pw = await submit(agent, '/admin/login', '/admin/login', { email: 'codes@nic.az', password: ADMIN_PASSWORD });
    assert.equal(pw.headers.location, '/admin/login/code');
    const wrongCode = totpCode(secret, new Date(t.clock.now().getTime() + 5 * 60_000));
    assert.equal((await submit(agent, '/admin/login/code', '/admin/login/code', { code: wrongCode })).status, 422);
    const code = totpCode(secret, t.clock.now());
    const ok = await submit(agent, '/admin/login/code', '/admin/login/code', { code });
    assert.equal(ok.status, 303);
    assert.equal((await agent.get('/admin')).status, 200);

    // Someone who saw the code tries it within its 30 s window: refused.
    const thief = newAgent(t);
    await submit(thief, '/admin/login', '/admin/login', { email: 'codes@nic.az', password: ADMIN_PASSWORD });
    const replay = await submit(thief, '/admin/login/code', '/admin/login/code', { code });
    assert.equal(replay.status, 422);
    assert.equal((await thief.get('/admin')).status, 303);
    // The previous step's code is inside the ±1 window but older than the accepted one: refused too.
    const previous = totpCode(secret, new Date(t.clock.now().getTime() - 30_000));
    assert.equal((await submit(thief, '/admin/login/code', '/admin/login/code', { code: previous })).status, 422);
    // The next step's code works.
    t.clock.advance(30_000);
    assert.equal((await submit(thief, '/admin/login/code', '/admin/login/code', { code: totpCode(secret, t.clock.now()) })).status, 303);
    assert.ok((await auditCount(t, 'admin.login-failed')) >= 3);
  });

  it('five failures lock the account for 15 minutes, even for the right password', async () => {
    const id = await createAdmin(t, 'locked@nic.az');
    await signIn(t, newAgent(t), 'locked@nic.az', id);
    for (let i = 0; i < 5; i++) {
      const agent = newAgent(t);
      const res = await submit(agent, '/admin/login', '/admin/login', { email: 'locked@nic.az', password: `wrong-password-${i}` });
      assert.equal(res.status, 422);
      assert.match(res.text, /role="alert"/);
    }
    const row = await queryOne<{ locked_until: Date }>(t, `SELECT locked_until FROM admin_users WHERE id = $1`, [id]);
    assert.equal(row.locked_until.getTime(), t.clock.now().getTime() + 15 * 60_000);
    assert.equal(await auditCount(t, 'admin.locked-out'), 1);
    const refused = await submit(newAgent(t), '/admin/login', '/admin/login', { email: 'locked@nic.az', password: ADMIN_PASSWORD });
    assert.equal(refused.status, 422, 'the right password is refused while locked');
    t.clock.advance(15 * 60_000 + 1000);
    await signIn(t, newAgent(t), 'locked@nic.az', id);
  });

  it('the login form is refused without a CSRF token, and sign-in attempts are rate-limited per address', async () => {
    const agent = newAgent(t);
    await agent.get('/admin/login').expect(200);
    const noToken = await agent.post('/admin/login').type('form').send({ email: 'x@nic.az', password: 'whatever-password' });
    assert.equal(noToken.status, 403);
    let limited = 0;
    for (let i = 0; i < 12; i++) {
      const res = await submit(agent, '/admin/login', '/admin/login', { email: 'nobody@nic.az', password: 'not-the-password' });
      if (res.status === 429) {
        limited++;
        assert.ok(Number(res.headers['retry-after']) > 0);
      }
    }
    assert.ok(limited >= 1, 'the 11th attempt in a minute is refused');
  });

  it('disabled administrators are signed out on their next request', async () => {
    const id = await createAdmin(t, 'disabled@nic.az');
    const agent = newAgent(t);
    await signIn(t, agent, 'disabled@nic.az', id);
    assert.equal((await agent.get('/admin')).status, 200);
    await t.dataSource.query(`UPDATE admin_users SET disabled_at = now() WHERE id = $1`, [id]);
    assert.equal((await agent.get('/admin')).status, 303);
  });
});
