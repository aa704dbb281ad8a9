import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LookupRepository } from '../../src/lookup/lookup.repository';
import { LookupService } from '../../src/lookup/lookup.service';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { createDomain } from '../handlers/handler-helpers';

/**
 * Public lookups that miss the cache (here the cache is off) under concurrency, against real
 * PostgreSQL: lookups that arrive together share statements (LookupRepository's ReadCoalescer),
 * and each gets the answer about its own name, with that domain's own contacts and name servers.
 */
describe('concurrent lookups share statements and each answers for its own name', { timeout: 60_000 }, () => {
  let t: TestApp;
  let lookup: LookupService;
  const R = 'lookup-coal';
  const names = Array.from({ length: 40 }, (_, i) => `sorgu-${i}.az`);

  before(async () => {
    t = await startTestApp();
    lookup = t.get(LookupService);
    await newRegistrar(t, R);
    for (let i = 0; i < 4; i++) await newContact(t, R, `LC-${i}`);
    for (const [i, name] of names.entries()) await createDomain(t, R, name, `LC-${i % 4}`, { contacts: [{ type: 'tech', handle: `LC-${(i + 1) % 4}` }] });
  });
  after(async () => t.close());

  it('300 concurrent lookups of 40 names and some unregistered ones: every answer is right, in fewer statements than lookups', async () => {
    const coalescer = t.get(LookupRepository).coalescer(t.dataSource.manager);
    const before = coalescer.statements;
    const asked = Array.from({ length: 300 }, (_, i) => (i % 5 === 4 ? `yoxdur-${i}.az` : names[(i * 13) % names.length]));
    const answers = await Promise.all(asked.map((name) => lookup.domain(name)));
    answers.forEach((a, i) => {
      const name = asked[i];
      if (name.startsWith('yoxdur')) return assert.equal(a.kind, 'not-found', name);
      assert.equal(a.kind, 'found', name);
      if (a.kind !== 'found') return;
      const n = names.indexOf(name);
      assert.equal(a.domain.name, name);
      assert.equal(a.domain.registrant?.handle, `LC-${n % 4}`, `${name}: registrant`);
      assert.deepEqual(a.domain.contacts.map((c) => [c.type, c.contact.handle]), [['tech', `LC-${(n + 1) % 4}`]], `${name}: contacts`);
    });
    const statements = coalescer.statements - before;
    assert.ok(statements >= 1 && statements < 240, `${statements} statements for 240 registered-name lookups`);
  });

  it('a lookup made after an update has committed shows it, while other lookups keep the statements busy', async () => {
    for (let i = 0; i < 5; i++) {
      const name = names[i];
      const noise = Array.from({ length: 30 }, (_, k) => lookup.domain(names[(k + 7) % names.length]));
      await t.run(UpdateDomainHandler, registrarActor(R), { name, registrarId: R, add: { statuses: ['clientHold'] } });
      const own = await lookup.domain(name);
      assert.ok(own.kind === 'found' && own.domain.statuses.includes('clientHold'), `${name}: ${JSON.stringify(own.kind === 'found' ? own.domain.statuses : own)}`);
      for (const a of await Promise.all(noise)) assert.equal(a.kind, 'found');
    }
  });
});
