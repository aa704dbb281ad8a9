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
    assert.match(home.headers['content-security-policy'] ?? '', /script-src 'self'/);
    assert.doesNotMatch(home.headers['content-security-policy'] ?? '', /script-src[^;]*unsafe/);
    assert.match(home.text, /<label for="q">/);
    assert.match(home.text, /href="#main"/);

    const results = await agent.get('/search?q=gunes').expect(200);
    assert.match(results.text, /gunes\.az/);
    assert.match(results.text, /Boşdur/);
    assert.match(results.text, /gunes\.com\.az/);
    assert.match(results.text, /Qiymət: \d+\.\d\d AZN/);

    // A visitor holds at once, without an account; paying needs one.
    const anonymous = await agent.post('/cart/add').type('form').send({ name: 'gunes.az', _csrf: csrfOf(results.text) }).expect(303);
    assert.equal(anonymous.headers.location, '/cart');
    const visitorCart = (await agent.get('/cart').expect(200)).text;
    assert.match(visitorCart, /gunes\.az/);
    assert.match(visitorCart, /bitmə vaxtı 14:15 \(Bakı vaxtı\)/);
    assert.match(visitorCart, /role="timer" data-expires="2026-01-15T10:15:00.000Z"/);
    assert.match(visitorCart, /href="\/panel\/login\?why=cart&amp;next=\/cart"/);
    assert.doesNotMatch(visitorCart, /\/panel\/checkout\//, 'no checkout before login');
    const visitorHold = await queryOne<{ hold_id: string; owner_type: string }>(t, `SELECT hold_id, owner_type FROM name_holds WHERE name = 'gunes.az'`);
    assert.equal(visitorHold.owner_type, 'visitor');

    // Logging in (passport-local) moves the visitor's hold to the account: same hold, same expiry.
    await signUpAndLogin(t, agent, 'aynur@example.az');
    const cart = (await agent.get('/cart').expect(200)).text;
    assert.match(cart, /bitmə vaxtı 14:15 \(Bakı vaxtı\)/);
    const holdId = /\/panel\/checkout\/([0-9a-f-]{36})/.exec(cart)?.[1];
    assert.equal(holdId, visitorHold.hold_id);
    const claimed = await queryOne<{ owner_type: string; n: string }>(t, `SELECT h.owner_type, (SELECT count(*) FROM history WHERE action = 'hold.claim' AND object_id = h.hold_id::text) AS n FROM name_holds h WHERE hold_id = $1`, [holdId]);
    assert.equal(claimed.owner_type, 'account');
    assert.equal(Number(claimed.n), 1, 'the move has a history row');

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
