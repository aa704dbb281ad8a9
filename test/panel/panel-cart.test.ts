import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { anonymousPanelActor } from '../../src/registry/accounts/account.types';
import { ClaimHoldsHandler } from '../../src/registry/holds/commands/claim-holds.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import { MAX_LIVE_HOLDS } from '../../src/registry/holds/hold.repository';
import { queryOne, type TestApp } from '../support/test-app';
import { PASSWORD, signUpAndLogin, startPanelApp, submit } from './panel-helpers';

async function holdCount(t: TestApp, ownerType: string, ownerId?: string): Promise<number> {
  const row = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE owner_type = $1 AND ($2::text IS NULL OR owner_id = $2)`, [ownerType, ownerId ?? null]);
  return Number(row.n);
}

describe('control panel: the cart before and after login', () => {
  let t: TestApp;
  before(async () => {
    t = await startPanelApp();
  });
  after(async () => {
    await t.close();
  });

  it('a visitor holds at most three names; the fourth is refused with the reason and nothing is held', async () => {
    const agent = request.agent(t.http);
    for (const name of ['birinci.az', 'ikinci.az', 'ucuncu.az']) {
      const r = await submit(agent, '/search?q=salam', '/cart/add', { name });
      assert.equal(r.status, 303, r.text);
    }
    const fourth = await submit(agent, '/search?q=salam', '/cart/add', { name: 'dord.az' });
    assert.equal(fourth.status, 422);
    assert.match(fourth.text, /saxlaya biləcəyiniz adların sayı həddə çatıb/);
    assert.equal((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = 'dord.az'`)).n, '0');
  });

  it('another visitor can neither see nor remove a visitor hold, and cannot hold the same name', async () => {
    const first = request.agent(t.http);
    const second = request.agent(t.http);
    assert.equal((await submit(first, '/search?q=salam', '/cart/add', { name: 'alma.az' })).status, 303);
    const hold = await queryOne<{ hold_id: string }>(t, `SELECT hold_id FROM name_holds WHERE name = 'alma.az'`);
    assert.equal((await submit(second, '/search?q=salam', '/cart/add', { name: 'armud.az' })).status, 303);
    const theirs = (await second.get('/cart').expect(200)).text;
    assert.doesNotMatch(theirs, /alma\.az/);
    const removal = await submit(second, '/search?q=salam', '/cart/remove', { holdId: hold.hold_id });
    assert.ok([403, 404].includes(removal.status), `status ${removal.status}`);
    const taken = await submit(second, '/search?q=salam', '/cart/add', { name: 'alma.az' });
    assert.equal(taken.status, 409);
    assert.match(taken.text, /başqa alıcı tərəfindən saxlanılır/);
    assert.equal((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE hold_id = $1`, [hold.hold_id])).n, '1');

    const removed = await submit(first, '/cart', '/cart/remove', { holdId: hold.hold_id });
    assert.equal(removed.status, 303);
    assert.equal((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE hold_id = $1`, [hold.hold_id])).n, '0');
  });

  it('an expired visitor hold is not claimed at login', async () => {
    const agent = request.agent(t.http);
    assert.equal((await submit(agent, '/search?q=salam', '/cart/add', { name: 'kohne.az' })).status, 303);
    t.clock.advance(16 * 60_000);
    try {
      await signUpAndLogin(t, agent, 'gec@example.az');
      const cart = (await agent.get('/cart').expect(200)).text;
      assert.doesNotMatch(cart, /kohne\.az/);
      const row = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = 'kohne.az' AND owner_type = 'account'`);
      assert.equal(row.n, '0');
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it('at login, visitor holds beyond the account cap are released, the rest move (hold.claim)', async () => {
    const accountId = (await queryOne<{ id: string }>(t, `INSERT INTO registrant_accounts (id, email, password_hash, locale, created_at, updated_at) VALUES (gen_random_uuid(), 'cap@example.az', 'x', 'az', now(), now()) RETURNING id`)).id;
    const account = { type: 'account' as const, id: accountId };
    for (let i = 0; i < MAX_LIVE_HOLDS.account - 1; i++) await t.run(PlaceHoldHandler, anonymousPanelActor(), { name: `dolu${i}.az`, owner: account });
    const visitor = { type: 'visitor' as const, id: randomUUID() };
    for (const name of ['qonaq1.az', 'qonaq2.az', 'qonaq3.az']) await t.run(PlaceHoldHandler, anonymousPanelActor(), { name, owner: visitor });
    const moved = await t.run(ClaimHoldsHandler, anonymousPanelActor(), { visitorId: visitor.id, accountId });
    assert.deepEqual(moved.map((h) => h.name), ['qonaq1.az']);
    assert.equal(await holdCount(t, 'account', accountId), MAX_LIVE_HOLDS.account);
    assert.equal(await holdCount(t, 'visitor', visitor.id), 0);
    const released = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE action = 'hold.release' AND object_name IN ('qonaq2.az', 'qonaq3.az')`);
    assert.equal(released.n, '2');
  });

  it('login goes through passport-local: missing fields and a wrong password are the login page with the reason', async () => {
    const agent = request.agent(t.http);
    await signUpAndLogin(t, agent, 'pasport@example.az');
    const other = request.agent(t.http);
    const missing = await submit(other, '/panel/login', '/panel/login', { email: 'pasport@example.az' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /E-poçt və şifrə tələb olunur/);
    const wrong = await submit(other, '/panel/login', '/panel/login', { email: 'pasport@example.az', password: `${PASSWORD}x` });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /E-poçt və ya şifrə yanlışdır/);
    const right = await submit(other, '/panel/login', '/panel/login', { email: 'pasport@example.az', password: PASSWORD, next: '/cart' });
    assert.equal(right.status, 303);
    assert.equal(right.headers.location, '/cart');
  });

  it('serves the countdown script from its own origin as JavaScript', async () => {
    const r = await request(t.http).get('/panel/assets/countdown.js').expect(200);
    assert.match(r.headers['content-type'], /^text\/javascript/);
    assert.match(r.text, /data-expires/);
  });
});
