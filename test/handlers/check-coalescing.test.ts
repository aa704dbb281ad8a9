import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AvailabilityRepository } from '../../src/registry/domains/availability.repository';
import { CheckDomainsHandler } from '../../src/registry/domains/commands/check-domains.handler';
import { AddReservedHandler } from '../../src/registry/names/add-reserved.handler';
import { ADMIN_ACTOR, newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { createDomain } from './handler-helpers';

/**
 * domain.check under concurrency, against real PostgreSQL: checks that arrive together share
 * statements (AvailabilityRepository's ReadCoalescer), and every check still gets the answer for
 * its own names, including a name registered just before it.
 */
describe('concurrent checks share statements and each gets its own answer', { timeout: 60_000 }, () => {
  let t: TestApp;
  const R = 'coalesce-r';
  const registered = Array.from({ length: 20 }, (_, i) => `taken-${i}.az`);
  const check = (names: string[]) => t.run(CheckDomainsHandler, registrarActor(R), { names });

  before(async () => {
    t = await startTestApp();
    await newRegistrar(t, R);
    await newContact(t, R, 'COAL-1');
    for (const name of registered) await createDomain(t, R, name, 'COAL-1');
    await t.run(AddReservedHandler, ADMIN_ACTOR, { name: 'qorunan', reason: 'test' });
  });
  after(async () => t.close());

  it('200 concurrent checks of different names: every answer is right, in fewer statements than checks', async () => {
    const coalescer = t.get(AvailabilityRepository).coalescer(t.dataSource.manager);
    const before = coalescer.statements;
    const batches = Array.from({ length: 200 }, (_, i) => [registered[i % 20], `free-${i}.az`, `free-${i}-b.az`, 'qorunan.az', registered[(i * 7) % 20].toUpperCase(), 'bad..name']);
    const results = await Promise.all(batches.map((names) => check(names)));
    results.forEach((r, i) => {
      const names = batches[i];
      assert.deepEqual(
        r.map((x) => [x.input, x.availability]),
        [[names[0], 'registered'], [names[1], 'available'], [names[2], 'available'], ['qorunan.az', 'reserved'], [names[4], 'registered'], ['bad..name', 'invalid']],
        `check ${i}`,
      );
    });
    const statements = coalescer.statements - before;
    assert.ok(statements >= 1 && statements < 200, `${statements} statements for 200 checks`);
  });

  it('a check made after a create has committed sees the name, while other checks keep the statements busy', async () => {
    for (let i = 0; i < 10; i++) {
      const name = `just-made-${i}.az`;
      const noise = Array.from({ length: 30 }, (_, k) => check([`noise-${i}-${k}.az`]));
      await createDomain(t, R, name, 'COAL-1');
      const [own] = await check([name]);
      assert.equal(own.availability, 'registered', name);
      for (const r of await Promise.all(noise)) assert.equal(r[0].availability, 'available');
    }
  });
});
