import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { balanceOf } from './handler-helpers';

describe('policy details', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await newRegistrar(t, 'pol-a', 100_000);
    await newContact(t, 'pol-a', 'POL-A');
  });
  after(() => t.close());

  it('a restricted-zone application withdrawn before approval is purged and its fee refunded', async () => {
    const start = await balanceOf(t, 'pol-a');
    const created = await t.run(CreateDomainHandler, registrarActor('pol-a'), { name: 'mekteb.edu.az', registrarId: 'pol-a', years: 1, registrant: 'POL-A', holder: { type: 'registrar', id: 'pol-a' } });
    assert.equal(created.pendingCreate, true);
    assert.equal(await balanceOf(t, 'pol-a'), start - created.price);
    const ledger = await queryOne<{ domain_id: string | null }>(t, `SELECT domain_id FROM ledger_entries WHERE kind = 'create' AND domain_name = 'mekteb.edu.az'`);
    assert.ok(ledger.domain_id, 'the create debit names its domain');
    const deleted = await t.run(DeleteDomainHandler, registrarActor('pol-a'), { name: 'mekteb.edu.az', registrarId: 'pol-a' });
    assert.equal(deleted.purged, true);
    assert.equal(deleted.refunded, created.price);
    assert.equal(await balanceOf(t, 'pol-a'), start);
  });

  it('asking to hold another spelling of a bundle one already holds returns that hold', async () => {
    const owner = { type: 'registrar' as const, id: 'pol-a' };
    const first = await t.run(PlaceHoldHandler, registrarActor('pol-a'), { name: 'səbət.az', owner });
    const second = await t.run(PlaceHoldHandler, registrarActor('pol-a'), { name: 'sebet.az', owner });
    assert.equal(second.created, false);
    assert.equal(second.hold.holdId, first.hold.holdId);
  });
});
