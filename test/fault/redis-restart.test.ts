import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { JobName, jobIds, QueueName } from '../../src/infrastructure/queue/queue.names';
import { AzregProcess } from '../support/fault/azreg-process';
import { moneyAndAuditViolations, seedRegistrar } from '../support/fault/fault-data';
import { waitFor } from '../support/fault/free-port';
import { PrivateRedis } from '../support/fault/redis-server';
import { created, EppRegistrar, RestRegistrar, type Outcome } from '../support/fault/registrar-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Redis (a private redis-server with an fsynced append-only file) is killed and restarted in the
 * middle of a storm of creates and holds. PostgreSQL decides every grant, so: no name registered
 * twice, a name on hold is created by nobody else (even once Redis has forgotten the hold), the
 * service answers again once Redis is back, and a BullMQ job enqueued before the outage still runs.
 */
describe('fault: Redis restarted mid-storm', { timeout: 150_000 }, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let redis: PrivateRedis;
  let azreg: AzregProcess;
  let a: RestRegistrar; // holds names
  let b: RestRegistrar; // races for them over REST
  let c: EppRegistrar; // races for them over EPP
  const HELD = Array.from({ length: 6 }, (_, i) => `rd-held-${i}.az`);

  before(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, 3, 'azreg-fault-check').initialize();
    const keys = new Map<string, string>();
    for (const id of ['rd-a', 'rd-b', 'rd-c']) keys.set(id, (await seedRegistrar(ds, id, 1_000_000)).apiKey);
    redis = await PrivateRedis.start();
    azreg = await AzregProcess.start({ databaseUrl: db.url, redisUrl: redis.url });
    a = new RestRegistrar(azreg.url, keys.get('rd-a')!);
    b = new RestRegistrar(azreg.url, keys.get('rd-b')!);
    for (const id of ['rd-a', 'rd-b', 'rd-c']) assert.ok(created(await new RestRegistrar(azreg.url, keys.get(id)!).createContact(`${id}-c`)));
    c = await EppRegistrar.login(azreg.ports.epp, 'rd-c');
    for (const name of HELD) assert.ok(created(await a.hold(name)), name);
  });
  after(async () => {
    c?.close();
    await azreg?.stop();
    await redis?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('no double registration, holds honoured, service back after Redis returns, a delayed job survives and runs', async () => {
    // A hold whose expiry job the app enqueued (delayed by the zone's 15 minutes): move the hold's
    // expiry into the past in PostgreSQL and the job's delay to a few seconds, so it falls due
    // while Redis is down and must run after it returns.
    const expiring = await a.hold('rd-expiring.az');
    assert.ok(created(expiring));
    const holdId = (JSON.parse((expiring as { body: string }).body) as { holdId: string }).holdId;
    const queue = new Queue(QueueName.Holds, { prefix: azreg.prefix, connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null } });
    queue.on('error', () => undefined);
    const job = await queue.getJob(jobIds.holdExpire(holdId));
    assert.ok(job, 'the app enqueued the hold expiry job');
    assert.equal(job.name, JobName.HoldExpire);
    await ds.query(`UPDATE name_holds SET expires_at = now() - interval '1 second' WHERE hold_id = $1`, [holdId]);
    await job.changeDelay(2_000);
    await queue.close();

    type Attempt = { who: string; name: string; what: 'create' | 'hold'; outcome: Outcome; ms: number };
    const attempts: Attempt[] = [];
    let stop = false;
    const storm = async (who: string, send: (name: string, what: 'create' | 'hold') => Promise<Outcome>) => {
      for (let i = 0; !stop; i += 1) {
        const race = `rd-race-${i}.az`;
        const one = async (name: string, what: 'create' | 'hold') => {
          const t0 = Date.now();
          const outcome = await send(name, what);
          attempts.push({ who, name, what, outcome, ms: Date.now() - t0 });
        };
        await one(`rd-race-${i}.az`, 'create');
        await one(HELD[i % HELD.length], i % 2 ? 'create' : 'hold');
        await one(`rd-newhold-${i}.az`, 'hold');
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const bStorm = storm('rd-b', (name, what) => (what === 'create' ? b.createDomain(name, 'rd-b-c') : b.hold(name)));
    const cStorm = storm('rd-c', (name, what) => (what === 'create' ? c.createDomain(name, 'rd-c-c') : b.call('GET', '/api/v1/holds')));

    await waitFor('the storm to get going', () => attempts.length >= 30, 60_000, 20);
    await redis.kill();
    const duringOutage = attempts.length;
    await waitFor('requests answered while Redis is down', () => attempts.length >= duringOutage + 12, 60_000, 50).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1_500));
    await redis.spawn();
    await waitFor('readiness once Redis is back', async () => (await azreg.readyz()) === 200, 60_000, 200);
    const afterReturn = attempts.length;
    await waitFor('more of the storm after Redis returned', () => attempts.length >= afterReturn + 30, 60_000, 50);
    stop = true;
    await Promise.all([bStorm, cStorm]);
    assert.deepEqual(azreg.unexpectedExits, [], 'azreg did not crash');

    // The service answers normally again.
    assert.ok(created(await b.createDomain('rd-after.az', 'rd-b-c')), 'REST create after Redis returned');
    assert.ok(created(await c.createDomain('rd-after-epp.az', 'rd-c-c')), 'EPP create in the session that lived through the outage');
    const check = await c.check(['rd-free.az']);
    assert.equal(check.answered && check.code, 1000, 'EPP check (rate limited through Redis) works again');

    // PostgreSQL decides: make Redis forget every hold, then try the held names again.
    const r = redis.client();
    const cached = await r.keys(`${azreg.prefix}:hold:*`);
    if (cached.length) await r.del(...cached);
    r.disconnect();
    for (const name of HELD) {
      const viaRest = await b.createDomain(name, 'rd-b-c');
      assert.equal(viaRest.answered && viaRest.code, 409, `${name}: ${JSON.stringify(viaRest)}`);
      const viaEpp = await c.createDomain(name, 'rd-c-c');
      assert.equal(viaEpp.answered && viaEpp.code, 2302, `${name}: ${JSON.stringify(viaEpp)}`);
      assert.equal((await b.hold(name)).answered && 409, 409);
    }

    const live: Array<{ name: string; registrar_id: string }> = await ds.query(`SELECT name, registrar_id FROM domains WHERE deleted_at IS NULL`);
    const holder = new Map(live.map((d) => [d.name, d.registrar_id]));
    for (const name of HELD) assert.equal(holder.get(name), undefined, `${name} was on hold for rd-a but got registered`);
    const heldRows: Array<{ name: string; owner_id: string }> = await ds.query(`SELECT name, owner_id FROM name_holds WHERE name = ANY($1)`, [HELD]);
    assert.equal(heldRows.length, HELD.length, 'every hold of rd-a is still there');
    assert.ok(heldRows.every((h) => h.owner_id === 'rd-a'));
    for (const name of new Set(attempts.filter((x) => x.name.startsWith('rd-race-')).map((x) => x.name))) {
      const wins = attempts.filter((x) => x.name === name && created(x.outcome));
      assert.ok(wins.length <= 1, `${name} answered as created ${wins.length} times`);
      if (wins.length === 1) assert.equal(holder.get(name), wins[0].who, `${name}: the told winner holds it`);
    }
    const newHolds: Array<{ name: string; n: number }> = await ds.query(`SELECT name, count(*)::int AS n FROM name_holds WHERE name LIKE 'rd-newhold-%' GROUP BY name HAVING count(*) > 1`);
    assert.deepEqual(newHolds, []);
    assert.deepEqual(await moneyAndAuditViolations(ds), []);

    // The hold expiry job enqueued before the outage ran after it.
    await waitFor('the delayed hold.expire job to run after Redis returned', async () => (await ds.query(`SELECT 1 FROM name_holds WHERE hold_id = $1`, [holdId])).length === 0, 60_000, 200);
    const codes = attempts.reduce<Record<string, number>>((acc, x) => ((acc[x.outcome.answered ? String(x.outcome.code) : 'none'] = (acc[String(x.outcome.answered ? x.outcome.code : 'none')] ?? 0) + 1), acc), {});
    process.stdout.write(`# redis restart: ${attempts.length} requests; answers by code ${JSON.stringify(codes)}\n`);
    for (const x of attempts.filter((y) => !y.outcome.answered)) process.stdout.write(`#   ${x.who} ${x.what} ${x.name} ${x.ms} ms ${JSON.stringify(x.outcome).slice(0, 200)}\n`);
  });
});
