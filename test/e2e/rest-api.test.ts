import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { QueueEvents, type Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { JobName, QueueName } from '../../src/infrastructure/queue/queue.names';
import { newContact, newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';

describe('REST API end to end', () => {
  let t: TestApp;
  let a: { id: string; apiKey: string };
  let b: { id: string; apiKey: string };
  const as = (r: { apiKey: string }) => ({ Authorization: `Bearer ${r.apiKey}` });

  before(async () => {
    t = await startTestApp({ roles: ['api', 'worker'] });
    a = await newRegistrar(t, 'rest-a');
    b = await newRegistrar(t, 'rest-b');
    await newContact(t, a.id, 'REST-A1');
  });
  after(() => t.close());

  it('refuses requests without a valid API key (401 problem+json, code 2200)', async () => {
    for (const auth of [undefined, 'Bearer nonsense', `Bearer ${a.apiKey.slice(0, -1)}x`]) {
      const req = request(t.http).post('/api/v1/domains/check').send({ names: ['x1.az'] });
      const res = await (auth ? req.set('Authorization', auth) : req);
      assert.equal(res.status, 401);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.body.code, 2200);
    }
  });

  it('validates bodies at the edge: unknown fields, wrong types, too many names → 400 with every problem listed', async () => {
    const res = await request(t.http).post('/api/v1/domains').set(as(a)).send({ name: 42, years: 11, registrant: 'REST-A1', sneaky: true });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 2005);
    const props = res.body.errors.map((e: { property: string }) => e.property).sort();
    assert.deepEqual(props, ['name', 'sneaky', 'years']);
    const many = await request(t.http).post('/api/v1/domains/check').set(as(a)).send({ names: Array.from({ length: 101 }, (_, i) => `n${i}.az`) });
    assert.equal(many.status, 400);
  });

  it('invalid names are a clear 400 that changes nothing', async () => {
    const before = await queryOne<{ n: string }>(t, 'SELECT count(*) AS n FROM history');
    for (const name of ['a.az', '-bad.az', 'xn--zz.az', 'кириллица.az', 'example.com', 'a..az']) {
      const res = await request(t.http).post('/api/v1/domains').set(as(a)).send({ name, registrant: 'REST-A1' });
      assert.ok([400, 422].includes(res.status), `${name}: ${res.status}`);
      assert.ok([2005, 2306].includes(res.body.code), `${name}: ${res.body.code}`);
      assert.ok(res.body.detail.length > 5);
    }
    const afterCount = await queryOne<{ n: string }>(t, 'SELECT count(*) AS n FROM history');
    assert.equal(afterCount.n, before.n);
  });

  it('check → hold → create with the hold → info → renew → update → delete, all over HTTP', async () => {
    const check = await request(t.http).post('/api/v1/domains/check').set(as(a)).send({ names: ['Gəncə.AZ', 'xn--gnc-pla2b.az'] });
    assert.equal(check.status, 200);
    assert.equal(check.body.results[0].available, true);
    assert.equal(check.body.results[0].unicodeName, 'gəncə.az');
    assert.deepEqual(check.body.results[0].price, { amount: '30.00', currency: 'AZN' });

    const hold = await request(t.http).post('/api/v1/holds').set(as(a)).send({ name: 'gəncə.az' });
    assert.equal(hold.status, 201);
    const other = await request(t.http).post('/api/v1/domains/check').set(as(b)).send({ names: ['gəncə.az', 'gence.az'] });
    assert.deepEqual(other.body.results.map((r: { availability: string }) => r.availability), ['on-hold', 'on-hold']);

    const created = await request(t.http).post('/api/v1/domains').set(as(a)).send({ name: 'gəncə.az', years: 2, registrant: 'REST-A1', holdId: hold.body.holdId });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.name, hold.body.name);
    assert.equal(created.body.expiresAt, '2028-01-15T10:00:00.000Z');
    assert.match(created.body.authInfo, /^.{8}-.{9}$/);
    assert.deepEqual(created.body.price, { amount: '60.00', currency: 'AZN' });

    const variant = await request(t.http).post('/api/v1/domains/check').set(as(b)).send({ names: ['gence.az'] });
    assert.equal(variant.body.results[0].availability, 'blocked-variant');

    const info = await request(t.http).get(`/api/v1/domains/${encodeURIComponent('gəncə.az')}`).set(as(a));
    assert.equal(info.status, 200);
    assert.deepEqual(info.body.statuses, ['inactive']);
    assert.deepEqual(info.body.rgpStatuses, ['addPeriod']);
    assert.equal(info.body.registrant, 'REST-A1');
    const foreign = await request(t.http).get(`/api/v1/domains/${encodeURIComponent('gəncə.az')}`).set(as(b));
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 2201);

    const renew = await request(t.http).post(`/api/v1/domains/${created.body.name}/renew`).set(as(a)).send({ currentExpiryDate: '2028-01-15', years: 1 });
    assert.equal(renew.status, 200);
    assert.equal(renew.body.expiresAt, '2029-01-15T10:00:00.000Z');

    const host = await request(t.http).post('/api/v1/hosts').set(as(a)).send({ name: 'ns1.example.net' });
    assert.equal(host.status, 201);
    const upd = await request(t.http).patch(`/api/v1/domains/${created.body.name}`).set(as(a)).send({ add: { nameservers: ['ns1.example.net'], statuses: ['clientTransferProhibited'] } });
    assert.equal(upd.status, 200);
    assert.deepEqual(upd.body.nameservers, ['ns1.example.net']);
    assert.deepEqual(upd.body.statuses, ['clientTransferProhibited']);

    t.clock.advance(6 * 86_400_000); // past add grace: delete goes to redemption
    const del = await request(t.http).delete(`/api/v1/domains/${created.body.name}`).set(as(a));
    assert.equal(del.status, 200);
    assert.equal(del.body.purged, false);
    const again = await request(t.http).post('/api/v1/domains').set(as(b)).send({ name: 'gence.az', registrant: 'REST-A1' });
    assert.equal(again.status, 409);
  });

  it('serves the OpenAPI document, health, readiness and Prometheus metrics', async () => {
    const doc = await request(t.http).get('/api/docs-json');
    assert.equal(doc.status, 200);
    assert.ok(doc.body.paths['/api/v1/domains']);
    assert.ok(doc.body.paths['/api/v1/holds']);
    assert.equal((await request(t.http).get('/healthz')).status, 200);
    const ready = await request(t.http).get('/readyz');
    assert.deepEqual(ready.body.checks, { postgres: 'ok', redis: 'ok' });
    const metrics = await request(t.http).get('/metrics');
    assert.match(metrics.text, /azreg_requests_total\{surface="rest"/);
    assert.match(metrics.text, /azreg_db_pool_connections\{state="total"\}/);
    assert.match(metrics.text, /azreg_queue_jobs\{queue="holds"/);
    assert.ok(metrics.headers['x-request-id']);
  });

  it('the worker expires holds through BullMQ, and the released name can be held by someone else', async () => {
    const hold = await request(t.http).post('/api/v1/holds').set(as(a)).send({ name: 'expiring.az' });
    assert.equal(hold.status, 201);
    t.clock.advance(16 * 60_000);
    const queue = t.app.get<string, Queue>(getQueueToken(QueueName.Holds));
    const events = new QueueEvents(QueueName.Holds, { connection: queue.opts.connection, prefix: t.prefix });
    await events.waitUntilReady();
    const job = await queue.add(JobName.HoldSweep, {});
    const removed = await job.waitUntilFinished(events, 10_000);
    await events.close();
    assert.ok(removed >= 1);
    const rows = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = 'expiring.az'`);
    assert.equal(Number(rows.n), 0);
    const taken = await request(t.http).post('/api/v1/holds').set(as(b)).send({ name: 'expiring.az' });
    assert.equal(taken.status, 201);
    assert.equal(taken.body.created, true);
  });
});
