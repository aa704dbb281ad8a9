import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { queryOne, type TestApp } from '../support/test-app';
import { addToCart, checkoutToSandbox, csrfOf, sandboxOutcome, signUpAndLogin, startPanelApp, submit } from './panel-helpers';

async function holdCount(t: TestApp, name: string): Promise<number> {
  return Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = $1`, [name])).n);
}

describe('control panel: CSRF, language, ownership, failed payment', () => {
  let t: TestApp;
  let owner: ReturnType<typeof request.agent>;
  before(async () => {
    t = await startPanelApp();
    owner = request.agent(t.http);
    await signUpAndLogin(t, owner, 'owner@example.az');
    const holdId = await addToCart(owner, 'bulud.az');
    const done = await sandboxOutcome(owner, await checkoutToSandbox(owner, holdId), 'succeeded');
    assert.equal(done.status, 200, done.text);
  });
  after(async () => {
    await t.close();
  });

  it('refuses a POST without or with a wrong CSRF token (403 page) and changes nothing', async () => {
    const missing = await owner.post('/cart/add').type('form').send({ name: 'yagis.az' });
    assert.equal(missing.status, 403);
    assert.match(missing.headers['content-type'] ?? '', /text\/html/);
    assert.match(missing.text, /Formun müddəti bitib/);
    const wrong = await owner.post('/cart/add').type('form').send({ name: 'yagis.az', _csrf: 'forged.token' });
    assert.equal(wrong.status, 403);
    assert.equal(await holdCount(t, 'yagis.az'), 0);

    const ns = await owner.post('/panel/domains/bulud.az/nameservers').type('form').send({ add: 'ns1.evil.example' });
    assert.equal(ns.status, 403);
    const hosts = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM hosts WHERE name = 'ns1.evil.example'`);
    assert.equal(Number(hosts.n), 0);

    // Another browser's token does not pass in this session.
    const other = request.agent(t.http);
    const foreign = csrfOf((await other.get('/panel/login').expect(200)).text);
    const crossed = await owner.post('/cart/add').type('form').send({ name: 'yagis.az', _csrf: foreign });
    assert.equal(crossed.status, 403);
  });

  it('switches the language with ?lang= and remembers it', async () => {
    const agent = request.agent(t.http);
    assert.match((await agent.get('/').expect(200)).text, /Öz \.az adınızı tapın/);
    const en = await agent.get('/?lang=en').expect(200);
    assert.match(en.text, /<html lang="en">/);
    assert.match(en.text, /Find your \.az name/);
    assert.match(en.text, /href="\/\?lang=az"/);
    const again = await agent.get('/search?q=bulud').expect(200);
    assert.match(again.text, /Registered/);
    assert.match(again.text, /href="\/whois\?q=bulud\.az"/);
    assert.match((await agent.get('/?lang=az').expect(200)).text, /<html lang="az">/);
  });

  it('another account cannot see or change my domain (404)', async () => {
    const intruder = request.agent(t.http);
    await signUpAndLogin(t, intruder, 'intruder@example.az');
    const page = await intruder.get('/panel/domains/bulud.az');
    assert.equal(page.status, 404);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.doesNotMatch((await intruder.get('/panel/domains').expect(200)).text, /bulud\.az/);
    const post = await submit(intruder, '/panel/domains', '/panel/domains/bulud.az/nameservers', { add: 'ns1.evil.example' });
    assert.equal(post.status, 404);
    const anonymous = await request(t.http).get('/panel/domains/bulud.az');
    assert.equal(anonymous.status, 303);
  });

  it('a failed payment releases the hold, so the name is free again', async () => {
    const buyer = request.agent(t.http);
    await signUpAndLogin(t, buyer, 'buyer@example.az');
    const holdId = await addToCart(buyer, 'dalga.az');
    assert.equal(await holdCount(t, 'dalga.az'), 1);
    const result = await sandboxOutcome(buyer, await checkoutToSandbox(buyer, holdId), 'failed');
    assert.equal(result.status, 200, result.text);
    assert.match(result.text, /Ödəniş alınmadı/);
    assert.equal(await holdCount(t, 'dalga.az'), 0);
    assert.match((await buyer.get('/search?q=dalga.az').expect(200)).text, /Boşdur/);
    assert.doesNotMatch((await buyer.get('/cart').expect(200)).text, /dalga\.az/);
  });

  it('leaves the APIs alone: no session cookie or panel headers on REST and health routes', async () => {
    const health = await request(t.http).get('/healthz');
    assert.equal(health.headers['content-security-policy'], undefined);
    assert.equal(health.headers['set-cookie'], undefined);
  });

  it('rate-limits logins per address (10 a minute)', async () => {
    const agent = request.agent(t.http);
    let last = 0;
    for (let i = 0; i < 11; i++) {
      last = (await submit(agent, '/panel/login', '/panel/login', { email: 'nobody@example.az', password: 'wrong-password-1' })).status;
    }
    assert.equal(last, 429);
  });
});
