import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { queryOne, type TestApp } from '../support/test-app';
import { addToCart, localPath, PASSWORD, signUpAndLogin, startPanelApp, submit } from './panel-helpers';

describe('control panel: accounts and holds', () => {
  let t: TestApp;
  before(async () => {
    t = await startPanelApp();
  });
  after(async () => {
    await t.close();
  });

  it('of two buyers adding the same name, one holds it and the other is told so', async () => {
    const first = request.agent(t.http);
    const second = request.agent(t.http);
    await signUpAndLogin(t, first, 'first@example.az');
    await signUpAndLogin(t, second, 'second@example.az');
    await addToCart(first, 'şəki.az');
    // seki.az is a spelling of şəki.az: one hold takes the whole bundle.
    const refused = await submit(second, '/search?q=seki', '/cart/add', { name: 'seki.az' });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /başqa alıcı tərəfindən saxlanılır/);
    const search = (await second.get('/search?q=seki').expect(200)).text;
    assert.match(search, /Başqa alıcı tərəfindən saxlanılır/);
  });

  it('removing a cart item releases the hold', async () => {
    const agent = request.agent(t.http);
    await signUpAndLogin(t, agent, 'remover@example.az');
    const holdId = await addToCart(agent, 'ulduz.az');
    const removed = await submit(agent, '/cart', '/cart/remove', { holdId });
    assert.equal(removed.status, 303);
    const row = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE hold_id = $1`, [holdId]);
    assert.equal(Number(row.n), 0);
  });

  it('shows sign-up errors on the form, and resets a password through the mailed link', async () => {
    const agent = request.agent(t.http);
    await signUpAndLogin(t, agent, 'reset@example.az');
    const again = await submit(request.agent(t.http), '/panel/signup', '/panel/signup', { email: 'reset@example.az', password: PASSWORD });
    assert.equal(again.status, 422);
    assert.match(again.text, /Bu e-poçt ünvanı ilə hesab artıq mövcuddur/);

    const anon = request.agent(t.http);
    const asked = await submit(anon, '/panel/forgot', '/panel/forgot', { email: 'reset@example.az' });
    assert.equal(asked.status, 200);
    const mail = await queryOne<{ link: string }>(t, `SELECT payload->>'link' AS link FROM outbox WHERE recipient = 'reset@example.az' AND template = 'password-reset' ORDER BY id DESC LIMIT 1`);
    const token = new URL(mail.link).searchParams.get('token') ?? '';
    const reset = await submit(anon, localPath(mail.link), '/panel/reset-password', { token, password: 'Yeni-Şifrə-2026-xyz' });
    assert.equal(reset.status, 303, reset.text);
    const oldLogin = await submit(anon, '/panel/login', '/panel/login', { email: 'reset@example.az', password: PASSWORD });
    assert.equal(oldLogin.status, 422);
    assert.match(oldLogin.text, /E-poçt və ya şifrə yanlışdır/);
    const newLogin = await submit(anon, '/panel/login?next=/cart', '/panel/login', { email: 'reset@example.az', password: 'Yeni-Şifrə-2026-xyz', next: '/cart' });
    assert.equal(newLogin.status, 303);
    assert.equal(newLogin.headers.location, '/cart');
    // Log out: the session is gone.
    const out = await submit(anon, '/cart', '/panel/logout', {});
    assert.equal(out.status, 303);
    assert.equal((await anon.get('/panel/domains')).status, 303, 'My domains needs the login again');
    assert.match((await anon.get('/cart').expect(200)).text, /Səbətiniz boşdur/, 'the cart is a visitor cart now');
  });

  it('never redirects off-site after login', async () => {
    const agent = request.agent(t.http);
    await signUpAndLogin(t, agent, 'next@example.az');
    const other = request.agent(t.http);
    const r = await submit(other, '/panel/login', '/panel/login', { email: 'next@example.az', password: PASSWORD, next: '//evil.example/x' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/panel/domains');
  });
});
