import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { UpdateContactHandler } from '../../src/registry/contacts/commands/update-contact.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { UpdateHostHandler } from '../../src/registry/hosts/commands/update-host.handler';
import { LookupService } from '../../src/lookup/lookup.service';
import { LookupCache } from '../../src/lookup/lookup-cache';
import type { DomainLookup } from '../../src/lookup/lookup.types';
import request from 'supertest';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';

type Found = Extract<DomainLookup, { kind: 'found' }>;

/** The lookup cache with its PostgreSQL-driven invalidation, against real PostgreSQL (no mocks). */
describe('public lookup cache', () => {
  let t: TestApp;
  let lookup: LookupService;
  let cache: LookupCache;
  const R = 'cache-r1';

  before(async () => {
    t = await startTestApp({ env: { LOOKUP_CACHE_SECONDS: '60' } });
    lookup = t.get(LookupService);
    cache = t.get(LookupCache);
    await newRegistrar(t, R);
    await newContact(t, R, 'C-CACHE');
    await t.run(CreateHostHandler, registrarActor(R), { name: 'ns1.cache-dns.com', registrarId: R });
    for (const n of ['keş.az', 'keş2.az', 'keş3.az']) {
      await t.run(CreateDomainHandler, registrarActor(R), { name: n, registrarId: R, years: 1, registrant: 'C-CACHE', contacts: [{ type: 'tech', handle: 'C-CACHE' }], holder: { type: 'registrar', id: R } });
    }
    await waitFor(async () => (cache.ticket() !== null ? true : null), 'the listener is connected');
  });
  after(async () => t.close());

  async function found(name: string): Promise<Found['domain']> {
    const r = await lookup.domain(name);
    assert.equal(r.kind, 'found');
    return (r as Found).domain;
  }

  /** Polls until `probe` returns non-null (notifications arrive asynchronously, within milliseconds). */
  async function waitFor<T>(probe: () => Promise<T | null>, what: string, ms = 3_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== null) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('serves a registered domain from memory: a change that bypasses the triggers is not seen, a real one is', async () => {
    await found('keş.az');
    assert.ok(cache.size >= 1);
    // Triggers off for this one statement's session: nothing notifies, so the cached answer stays.
    await t.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE domains SET statuses = '{clientHold}' WHERE unicode_name = 'keş.az'`);
    });
    assert.ok(!(await found('keş.az')).statuses.includes('clientHold'), 'the cached answer was served');
    // The same change made normally evicts it.
    await t.dataSource.query(`UPDATE domains SET statuses = '{clientHold}' WHERE unicode_name = 'keş.az'`);
    await waitFor(async () => ((await found('keş.az')).statuses.includes('clientHold') ? true : null), 'the change is visible');
  });

  it('every kind of change evicts: domain update, name server link, contact, host, registrar', async () => {
    await found('keş2.az');
    await t.run(UpdateDomainHandler, registrarActor(R), { name: 'keş2.az', registrarId: R, add: { nameservers: ['ns1.cache-dns.com'], statuses: ['clientTransferProhibited'] } });
    await waitFor(async () => ((await found('keş2.az')).nameservers.length === 1 ? true : null), 'the name server link');

    await found('keş2.az');
    assert.equal((await found('keş2.az')).registrant?.cc, 'AZ');
    await t.run(UpdateContactHandler, registrarActor(R), { handle: 'C-CACHE', registrarId: R, change: { cc: 'GE' } });
    await waitFor(async () => ((await found('keş2.az')).registrant?.cc === 'GE' ? true : null), 'the contact change');

    await found('keş2.az');
    await t.dataSource.query(`UPDATE hosts SET statuses = '{clientUpdateProhibited}' WHERE name = 'ns1.cache-dns.com'`);
    await waitFor(async () => ((await found('keş2.az')).nameservers[0].statuses.includes('clientUpdateProhibited') ? true : null), 'the host change');

    await found('keş2.az');
    await t.dataSource.query(`UPDATE registrars SET name = 'Keş Registrar MMC' WHERE id = $1`, [R]);
    await waitFor(async () => ((await found('keş2.az')).registrar.name === 'Keş Registrar MMC' ? true : null), 'the registrar change');
  });

  it('a debit (balance only) does not evict: the registrar trigger watches public columns only', async () => {
    await found('keş3.az');
    const before = cache.size;
    await t.dataSource.query(`UPDATE registrars SET balance = balance - 1, updated_at = now() WHERE id = $1`, [R]);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(cache.size, before);
  });

  it('under racing updates and lookups the cache ends with what PostgreSQL holds', async () => {
    const statuses = ['clientHold', 'clientTransferProhibited', 'clientDeleteProhibited', 'clientRenewProhibited'];
    for (let round = 0; round < 20; round++) {
      const s = statuses[round % statuses.length];
      await Promise.all([
        t.run(UpdateDomainHandler, registrarActor(R), { name: 'keş3.az', registrarId: R, add: { statuses: [s] } }).catch(() => undefined),
        ...Array.from({ length: 5 }, () => lookup.domain('keş3.az')),
      ]);
      await Promise.all([
        t.run(UpdateDomainHandler, registrarActor(R), { name: 'keş3.az', registrarId: R, remove: { statuses: [s] } }).catch(() => undefined),
        ...Array.from({ length: 5 }, () => lookup.domain('keş3.az')),
      ]);
    }
    const truth = (await t.dataSource.query(`SELECT statuses FROM domains WHERE unicode_name = 'keş3.az'`))[0].statuses as string[];
    await waitFor(async () => {
      const shown = (await found('keş3.az')).statuses.filter((s) => s !== 'inactive' && s !== 'ok');
      return JSON.stringify(shown.sort()) === JSON.stringify([...truth].sort()) ? true : null;
    }, 'the cache converges on the database');
  });

  it('a lost listener empties the cache and turns it off; it comes back by itself', async () => {
    await found('keş.az');
    assert.ok(cache.size > 0);
    await t.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'azreg-lookup-cache' AND datname = current_database()`);
    await waitFor(async () => (cache.size === 0 && cache.ticket() === null ? true : null), 'the cache goes dark');
    // Meanwhile lookups still answer, from PostgreSQL.
    assert.equal((await lookup.domain('keş.az')).kind, 'found');
    await waitFor(async () => (cache.ticket() !== null ? true : null), 'the listener reconnects', 5_000);
    await found('keş.az');
    assert.ok(cache.size > 0, 'caching again');
  });

  it('RDAP serves a cached answer rendered once, with only the "last update of RDAP database" date current', async () => {
    const get = async () => {
      const res = await request(t.http).get('/rdap/domain/ke%C5%9F3.az').set('Host', 'rdap.nic.az').expect(200);
      assert.match(String(res.headers['content-type']), /application\/rdap\+json/);
      return JSON.parse(res.text) as { events: Array<{ eventAction: string; eventDate: string }> } & Record<string, unknown>;
    };
    const first = await get();
    t.clock.advance(1_000);
    const second = await get();
    const lastUpdate = (b: typeof first) => b.events.find((e) => e.eventAction === 'last update of RDAP database')!.eventDate;
    assert.equal(new Date(lastUpdate(second)).getTime() - new Date(lastUpdate(first)).getTime(), 1_000);
    const withoutDate = (b: typeof first) => ({ ...b, events: b.events.filter((e) => e.eventAction !== 'last update of RDAP database') });
    assert.deepEqual(withoutDate(second), withoutDate(first));
    assert.equal(lastUpdate(second), t.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });

  it('an entry lapses when its answer changes with time: the add grace period ends', async () => {
    assert.ok((await found('keş2.az')).rgpStatuses.includes('addPeriod'));
    t.clock.advance(6 * 86_400_000);
    assert.ok(!(await found('keş2.az')).rgpStatuses.includes('addPeriod'), 'no stale addPeriod after the grace period');
  });
});
