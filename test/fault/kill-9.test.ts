import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { AzregProcess } from '../support/fault/azreg-process';
import { moneyAndAuditViolations, seedRegistrar } from '../support/fault/fault-data';
import { waitFor } from '../support/fault/free-port';
import { created, EppRegistrar, RestRegistrar, type Outcome } from '../support/fault/registrar-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * kill -9 of the server in the middle of a create storm (REST and EPP, four registrars, distinct
 * names and contested ones, one registrar running out of money). After a restart on the same
 * database: every create answered 201/1000 exists, no create answered with an error exists,
 * nothing exists that nobody asked for, and the money and audit invariants hold.
 */
describe('fault: kill -9 during a create storm', { timeout: 150_000 }, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let azreg: AzregProcess;
  const PRICE = 3_000; // .az create, one year (qəpik)
  const registrars = [
    { id: 'k9-rest-a', channel: 'rest' as const, credit: 1_000_000 },
    { id: 'k9-rest-b', channel: 'rest' as const, credit: 1_000_000 },
    { id: 'k9-epp-c', channel: 'epp' as const, credit: 1_000_000 },
    { id: 'k9-epp-d', channel: 'epp' as const, credit: 6 * PRICE }, // runs out of money mid-storm: 2104
  ];
  const keys = new Map<string, string>();

  before(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, 3, 'azreg-fault-check').initialize();
    for (const r of registrars) keys.set(r.id, (await seedRegistrar(ds, r.id, r.credit)).apiKey);
    azreg = await AzregProcess.start({ databaseUrl: db.url });
    for (const r of registrars) {
      const contact = await new RestRegistrar(azreg.url, keys.get(r.id)!).createContact(`${r.id}-c`);
      assert.ok(created(contact), JSON.stringify(contact));
    }
  });
  after(async () => {
    await azreg?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('after the restart: answered creates exist, refused ones do not, balances equal their ledgers, every domain has its debit and history', async () => {
    type Attempt = { registrar: string; name: string; outcome: Outcome };
    const attempts: Attempt[] = [];
    let stop = false;
    const acked = () => attempts.filter((a) => created(a.outcome)).length;

    /** One worker: creates its own names, and every third round a name every worker races for. */
    const worker = async (registrar: string, w: number, send: (name: string) => Promise<Outcome>) => {
      for (let i = 0; !stop; i += 1) {
        const names = [`k9-${registrar}-${w}-${i}.az`];
        if (i % 3 === 0) names.push(`k9-race-${i}.az`);
        for (const name of names) {
          const outcome = await send(name);
          attempts.push({ registrar, name, outcome });
          if (!outcome.answered) return; // the server is gone: this client stops
        }
      }
    };

    const workers: Array<Promise<void>> = [];
    const sessions: EppRegistrar[] = [];
    for (const r of registrars) {
      for (let w = 0; w < 3; w += 1) {
        if (r.channel === 'rest') {
          const rest = new RestRegistrar(azreg.url, keys.get(r.id)!);
          workers.push(worker(r.id, w, (name) => rest.createDomain(name, `${r.id}-c`)));
        } else {
          const epp = await EppRegistrar.login(azreg.ports.epp, r.id);
          sessions.push(epp);
          workers.push(worker(r.id, w, (name) => epp.createDomain(name, `${r.id}-c`)));
        }
      }
    }

    // Kill once the storm is well under way (enough answered creates, and the poor registrar broke).
    await waitFor('40 answered creates and a billing failure', () => acked() >= 40 && attempts.some((a) => a.outcome.answered && a.outcome.code === 2104), 60_000, 20);
    const exit = await azreg.kill('SIGKILL');
    assert.equal(exit.signal, 'SIGKILL');
    stop = true;
    await Promise.all(workers);
    for (const s of sessions) s.close();
    assert.deepEqual(azreg.unexpectedExits, [], 'azreg did not crash before the kill');

    await azreg.spawn();

    const live: Array<{ name: string; registrar_id: string }> = await ds.query(`SELECT name, registrar_id FROM domains WHERE deleted_at IS NULL`);
    const holder = new Map(live.map((d) => [d.name, d.registrar_id]));
    const unanswered = attempts.filter((a) => !a.outcome.answered);
    const refused = attempts.filter((a) => a.outcome.answered && !created(a.outcome));
    const byName = new Map<string, Attempt[]>();
    for (const a of attempts) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
    for (const [name, tries] of byName) {
      const wins = tries.filter((a) => created(a.outcome));
      assert.ok(wins.length <= 1, `${name} was answered as created ${wins.length} times`);
      if (wins.length === 1) {
        assert.equal(holder.get(name), wins[0].registrar, `${name} was answered as created for ${wins[0].registrar} but is held by ${holder.get(name) ?? 'nobody'}`);
      } else if (tries.every((a) => a.outcome.answered)) {
        assert.equal(holder.get(name), undefined, `every create of ${name} was refused (${tries.map((a) => (a.outcome as { code: number }).code).join(', ')}) but it exists`);
      } else if (holder.has(name)) {
        // Only a create that was in flight at the kill may have committed.
        assert.ok(tries.some((a) => !a.outcome.answered && a.registrar === holder.get(name)), `${name} exists for ${holder.get(name)}, whose create was not in flight`);
      }
    }
    // Nothing exists that nobody asked for.
    for (const name of holder.keys()) assert.ok(byName.has(name), `${name} exists but was never requested`);
    // The refusals are the expected kinds: lost races and the empty purse (no 5xx, no 2400).
    const codes = new Set(refused.map((a) => (a.outcome as { code: number }).code));
    for (const code of codes) assert.ok([409, 2302, 2104].includes(code), `unexpected refusal ${code}: ${JSON.stringify(refused.find((a) => (a.outcome as { code: number }).code === code))}`);

    assert.deepEqual(await moneyAndAuditViolations(ds), []);
    const poor = await ds.query(`SELECT balance::int AS b, (SELECT count(*)::int FROM domains WHERE registrar_id = 'k9-epp-d') AS n FROM registrars WHERE id = 'k9-epp-d'`);
    assert.equal(poor[0].b + poor[0].n * PRICE, 6 * PRICE, 'the registrar that ran dry paid exactly for its domains');

    // The restarted server takes new work on both channels.
    const rest = new RestRegistrar(azreg.url, keys.get('k9-rest-a')!);
    assert.equal((await rest.createDomain('k9-after-restart.az', 'k9-rest-a-c')).answered && 201, 201);
    const epp = await EppRegistrar.login(azreg.ports.epp, 'k9-epp-c');
    const again = await epp.createDomain('k9-after-restart-epp.az', 'k9-epp-c-c');
    epp.close();
    assert.ok(created(again), JSON.stringify(again));
    assert.deepEqual(await moneyAndAuditViolations(ds), []);
    process.stdout.write(`# kill -9: ${attempts.length} creates sent, ${acked()} answered created, ${refused.length} refused, ${unanswered.length} unanswered (in flight at the kill)\n`);
  });
});
