import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LookupService } from '../../src/lookup/lookup.service';
import { queryOne, type TestApp } from '../support/test-app';
import { addToCart, checkoutToSandbox, csrfOf, localPath, sandboxOutcome, signUpAndLogin, startPanelApp, submit } from './panel-helpers';

describe('control panel: the registrant journey', () => {
  let t: TestApp;
  before(async () => {
    t = await startPanelApp();
  });
  after(async () => {
    await t.close();
  });

  it('search → sign up → verify → log in → hold → pay (sandbox) → My domains → nameservers → WHOIS', async () => {
    const agent = request.agent(t.http);
    const home = await agent.get('/').expect(200);
    assert.match(home.text, /<html lang="az">/);
    assert.match(home.headers['content-security-policy'] ?? '', /script-src 'none'/);
    assert.match(home.text, /<label for="q">/);
    assert.match(home.text, /href="#main"/);

    const results = await agent.get('/search?q=gunes').expect(200);
    assert.match(results.text, /gunes\.az/);
    assert.match(results.text, /Boşdur/);
    assert.match(results.text, /gunes\.com\.az/);
    assert.match(results.text, /Qiymət: \d+\.\d\d AZN/);

    // Adding needs a login: the visitor is sent to the login page, and back to the results after it.
    const anonymous = await agent.post('/cart/add').type('form').send({ name: 'gunes.az', _csrf: csrfOf(results.text) }).expect(303);
    assert.match(anonymous.headers.location, /^\/panel\/login\?why=cart&next=%2Fsearch%3Fq%3Dgunes\.az/);

    await signUpAndLogin(t, agent, 'aynur@example.az');
    const holdId = await addToCart(agent, 'gunes.az');
    const cart = (await agent.get('/cart').expect(200)).text;
    assert.match(cart, /gunes\.az/);
    assert.match(cart, /bitmə vaxtı 14:15 \(Bakı vaxtı\)/);

    const sandbox = await checkoutToSandbox(agent, holdId);
    assert.match(sandbox, /^\/pay\/sandbox\//);
    const page = (await agent.get(sandbox).expect(200)).text;
    assert.match(page, /Məbləğ: \d+\.\d\d AZN/);
    const result = await sandboxOutcome(agent, sandbox, 'succeeded');
    assert.equal(result.status, 200, result.text);
    assert.match(result.text, /gunes\.az artıq sizindir/);

    const mine = (await agent.get('/panel/domains').expect(200)).text;
    assert.match(mine, /href="\/panel\/domains\/gunes\.az"/);
    assert.match(mine, /2027-01-15/);

    const changed = await submit(agent, '/panel/domains/gunes.az', '/panel/domains/gunes.az/nameservers', { add: 'ns1.example.com\nns2.example.net' });
    assert.equal(changed.status, 303, changed.text);
    const domainPage = (await agent.get(localPath(changed.headers.location)).expect(200)).text;
    assert.match(domainPage, /ns1\.example\.com/);
    assert.match(domainPage, /Dəyişikliklər yadda saxlanıldı/);

    const whois = await t.get(LookupService).domain('gunes.az');
    assert.equal(whois.kind, 'found');
    if (whois.kind === 'found') assert.deepEqual(whois.domain.nameservers.map((n) => n.name).sort(), ['ns1.example.com', 'ns2.example.net']);

    // Removing one keeps the other.
    const removed = await submit(agent, '/panel/domains/gunes.az', '/panel/domains/gunes.az/nameservers', { remove: 'ns2.example.net', add: '' });
    assert.equal(removed.status, 303, removed.text);
    const after = await t.get(LookupService).domain('gunes.az');
    if (after.kind === 'found') assert.deepEqual(after.domain.nameservers.map((n) => n.name), ['ns1.example.com']);

    // A bad host name is refused with a message on the page, and nothing changes.
    const bad = await submit(agent, '/panel/domains/gunes.az', '/panel/domains/gunes.az/nameservers', { add: 'not a host!' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /role="alert"/);

    const row = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = 'gunes.az'`);
    assert.equal(Number(row.n), 0, 'the hold was consumed by the create');
  });
});
