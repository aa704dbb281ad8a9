import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { AzregProcess } from '../support/fault/azreg-process';
import { moneyAndAuditViolations, seedRegistrar } from '../support/fault/fault-data';
import { waitFor } from '../support/fault/free-port';
import { created, EppRegistrar, RestRegistrar, type Outcome } from '../support/fault/registrar-clients';
import { TcpProxy } from '../support/fault/tcp-proxy';
import { ADMIN_URL } from '../support/test-database';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * PostgreSQL goes away under a running azreg: a TCP proxy between the app and PostgreSQL drops every
 * connection and refuses new ones for a few seconds. EPP sessions stay open and answer 2400, REST
 * answers 503 problem+json, readiness says "not ready", the process does not crash, and everything
 * works again (in the same EPP session) once connections go through.
 */
describe('fault: PostgreSQL connection loss', { timeout: 150_000 }, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let proxy: TcpProxy;
  let azreg: AzregProcess;
  let rest: RestRegistrar;
  let epp: EppRegistrar;

  before(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, 3, 'azreg-fault-check').initialize();
    const restKey = (await seedRegistrar(ds, 'pg-rest', 1_000_000)).apiKey;
    const eppKey = (await seedRegistrar(ds, 'pg-epp', 1_000_000)).apiKey;
    const pg = new URL(ADMIN_URL);
    proxy = await TcpProxy.start({ host: pg.hostname, port: Number(pg.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    // ROLES=all: the worker's repeatable jobs hit the database during the outage too.
    azreg = await AzregProcess.start({ databaseUrl: viaProxy.toString(), env: { LOOKUP_RATE_LIMIT_PER_MINUTE: '100000' } });
    rest = new RestRegistrar(azreg.url, restKey);
    assert.ok(created(await rest.createContact('pg-rest-c')));
    assert.ok(created(await new RestRegistrar(azreg.url, eppKey).createContact('pg-epp-c')));
    epp = await EppRegistrar.login(azreg.ports.epp, 'pg-epp');
    assert.ok(created(await epp.createDomain('pg-before.az', 'pg-epp-c')));
  });
  after(async () => {
    epp?.close();
    await azreg?.stop();
    await proxy?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  const code = (o: Outcome) => (o.answered ? o.code : `no answer (${o.error})`);

  it('while the database is unreachable: EPP 2400 in the open session, REST 503 problem+json, not ready, no crash; then both recover', async () => {
    await proxy.cut();
    const outageStarted = Date.now();
    let n = 0;
    // Keep asking for a few seconds: pool clients die, reconnects are refused, timeouts fire.
    while (Date.now() - outageStarted < 4_000) {
      n += 1;
      const eppOut = await epp.createDomain(`pg-outage-${n}.az`, 'pg-epp-c');
      assert.equal(code(eppOut), 2400, `EPP create during the outage: ${JSON.stringify(eppOut)}\n${azreg.log}`);
      assert.equal(code(await epp.info('pg-before.az')), 2400);
      assert.equal(code(await epp.check(['pg-free.az'])), 2400);

      const restOut = await rest.createDomain(`pg-outage-rest-${n}.az`, 'pg-rest-c');
      assert.equal(code(restOut), 503, `REST create during the outage: ${JSON.stringify(restOut)}\n${azreg.log}`);
      const problem = JSON.parse((restOut as { body: string }).body) as { status: number; code: number; type: string };
      assert.equal(problem.status, 503);
      assert.equal(problem.code, 2400);
      assert.match(problem.type, /unavailable/);
      assert.equal(code(await rest.call('GET', '/api/v1/domains/pg-before.az')), 503);
      assert.equal(await azreg.readyz(), 503);
      const rdap = await fetch(`${azreg.url}/rdap/domain/pg-before.az`);
      assert.equal(rdap.status, 503, 'RDAP says "unavailable", not "internal error"');
      assert.equal(((await rdap.json()) as { errorCode: number }).errorCode, 503);
      assert.ok(azreg.running, `azreg died during the outage:\n${azreg.log}`);
    }
    // A new EPP connection still gets its greeting, and a login attempt an answer (not a hang-up).
    const fresh = await EppRegistrar.login(azreg.ports.epp, 'pg-epp').catch((e: Error) => e);
    assert.ok(fresh instanceof Error && /<result code="2400">/.test(fresh.message), `login during the outage: ${String(fresh)}`);
    assert.equal((await fetch(`${azreg.url}/healthz`)).status, 200, 'liveness stays up: the process is fine, its database is not');

    await proxy.restore();
    await waitFor('readiness after the database returns', async () => (await azreg.readyz()) === 200, 60_000, 200);
    let i = 0;
    await waitFor('a REST create after the database returns', async () => created(await rest.createDomain(`pg-after-rest-${(i += 1)}.az`, 'pg-rest-c')), 60_000, 200);
    let j = 0;
    await waitFor('an EPP create in the same session', async () => created(await epp.createDomain(`pg-after-${(j += 1)}.az`, 'pg-epp-c')), 60_000, 200);
    assert.ok(!epp.closed, 'the EPP session survived the outage');
    assert.deepEqual(azreg.unexpectedExits, []);

    const outage: Array<{ name: string }> = await ds.query(`SELECT name FROM domains WHERE name LIKE 'pg-outage-%'`);
    assert.deepEqual(outage, [], 'nothing answered 2400/503 was created');
    assert.deepEqual(await moneyAndAuditViolations(ds), []);
  });
});
