import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../src/registry/command/actor';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { SuggestNamesHandler } from '../../src/registry/domains/commands/suggest-names.handler';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';

const visitor: Actor = { type: 'registrant', id: 'anonymous', channel: 'panel' };

describe('name suggestions for the panel search', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await newRegistrar(t, 'sug-a');
    await newContact(t, 'sug-a', 'SUG-A');
    await t.run(CreateDomainHandler, registrarActor('sug-a'), { name: 'seki.com.az', registrarId: 'sug-a', years: 1, registrant: 'SUG-A', holder: { type: 'registrar', id: 'sug-a' } });
  });
  after(() => t.close());

  it('a label gives the .az name, other spellings and the other open zones, with availability', async () => {
    const s = await t.run(SuggestNamesHandler, visitor, { query: 'Şəki' });
    assert.equal(s.exact.unicodeName, 'şəki.az');
    assert.equal(s.exact.available, true);
    assert.equal(s.spellings.length, 3);
    assert.ok(s.spellings.every((r) => r.zone === 'az' && r.available), 'same bundle, same availability');
    const zones = s.otherZones.map((r) => r.zone);
    assert.ok(zones.includes('com.az') && zones.includes('org.az'));
    assert.ok(!zones.includes('gov.az'), 'restricted zones are not suggested');
    const com = s.otherZones.find((r) => r.zone === 'com.az')!;
    assert.equal(com.availability, 'blocked-variant', 'şəki.com.az is blocked by the registered seki.com.az');
    assert.deepEqual(com.price, null);
  });

  it('an unusable query is a clear error', async () => {
    await assert.rejects(t.run(SuggestNamesHandler, visitor, { query: '   ' }), /Type a name/);
    await assert.rejects(t.run(SuggestNamesHandler, visitor, { query: 'a' }), /too short/);
  });
});
