import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { newContact, newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';

/**
 * Invariant 1 under a real race: many clients, two registrars, one name, through the REST API,
 * against real PostgreSQL and Redis.
 */
describe('first come, first served under concurrency', () => {
  let t: TestApp;
  let a: { id: string; apiKey: string };
  let b: { id: string; apiKey: string };

  before(async () => {
    t = await startTestApp({ poolSize: 30 });
    a = await newRegistrar(t, 'racer-a', 10_000_000);
    b = await newRegistrar(t, 'racer-b', 10_000_000);
    await newContact(t, a.id, 'RACE-A');
    await newContact(t, b.id, 'RACE-B');
  });
  after(() => t.close());

  it('200 concurrent creates of one name from two registrars: exactly one 201, 199 object-exists, one debit, one history row', async () => {
    const name = 'landrush.az';
    const attempts = Array.from({ length: 200 }, (_, i) => {
      const r = i % 2 === 0 ? a : b;
      return request(t.http)
        .post('/api/v1/domains')
        .set('Authorization', `Bearer ${r.apiKey}`)
        .send({ name, years: 1, registrant: r === a ? 'RACE-A' : 'RACE-B' });
    });
    const responses = await Promise.all(attempts);
    const statuses = responses.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${JSON.stringify(statuses)}`);
    const losers = responses.filter((r) => r.status !== 201);
    assert.equal(losers.length, 199);
    for (const l of losers) {
      assert.equal(l.status, 409);
      assert.equal(l.body.code, 2302);
      assert.match(String(l.headers['content-type']), /application\/problem\+json/);
    }
    const domains = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM domains WHERE name = $1`, [name]);
    assert.equal(Number(domains.n), 1);
    const debits = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM ledger_entries WHERE kind = 'create' AND domain_name = $1`, [name]);
    assert.equal(Number(debits.n), 1);
    const history = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE action = 'domain.create' AND object_name = $1`, [name]);
    assert.equal(Number(history.n), 1);
  });

  it('a variant bundle is one name under a race: şəki.az, seki.az, səki.az, şeki.az → one winner', async () => {
    const names = ['şəki.az', 'seki.az', 'səki.az', 'şeki.az'];
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request(t.http)
          .post('/api/v1/domains')
          .set('Authorization', `Bearer ${i % 2 ? a.apiKey : b.apiKey}`)
          .send({ name: names[i % 4], registrant: i % 2 ? 'RACE-A' : 'RACE-B' }),
      ),
    );
    assert.equal(responses.filter((r) => r.status === 201).length, 1);
    assert.ok(responses.filter((r) => r.status !== 201).every((r) => r.body.code === 2302));
    const live = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM domains WHERE variant_key = 'seki.az' AND purged_at IS NULL`);
    assert.equal(Number(live.n), 1);
  });

  it('balance never goes negative under concurrent creates, and always equals the ledger sum', async () => {
    const poor = await newRegistrar(t, 'poor-one', 3000 * 5); // exactly five .az creates
    await newContact(t, poor.id, 'POOR-1');
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(t.http).post('/api/v1/domains').set('Authorization', `Bearer ${poor.apiKey}`).send({ name: `budget-${i}.az`, registrant: 'POOR-1' }),
      ),
    );
    const created = responses.filter((r) => r.status === 201).length;
    assert.equal(created, 5);
    for (const r of responses.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 402);
      assert.equal(r.body.code, 2104);
    }
    const reg = await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = $1`, [poor.id]);
    assert.equal(Number(reg.balance), 0);
    const sum = await queryOne<{ s: string }>(t, `SELECT sum(amount) AS s FROM ledger_entries WHERE registrar_id = $1`, [poor.id]);
    assert.equal(Number(sum.s), 0);
    const domains = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM domains WHERE registrar_id = $1`, [poor.id]);
    assert.equal(Number(domains.n), 5);
  });

  it('100 concurrent holds on one name: exactly one holder; the others are told it is on hold', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(t.http).post('/api/v1/holds').set('Authorization', `Bearer ${i % 2 ? a.apiKey : b.apiKey}`).send({ name: 'hotname.az' }),
      ),
    );
    const created = responses.filter((r) => r.status === 201 && r.body.created === true);
    assert.equal(created.length, 1);
    const winner = created[0].body.holdId;
    // Same-owner repeats get the same hold back (201, created=false); the other registrar gets 409.
    for (const r of responses) {
      if (r.status === 201) assert.equal(r.body.holdId, winner);
      else assert.equal(r.body.code, 2302);
    }
    const rows = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = 'hotname.az'`);
    assert.equal(Number(rows.n), 1);
  });
});
