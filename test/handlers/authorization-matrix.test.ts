import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationError, ParameterPolicyError } from '../../src/common/registry-errors';
import { DeleteContactHandler } from '../../src/registry/contacts/commands/delete-contact.handler';
import { UpdateContactHandler } from '../../src/registry/contacts/commands/update-contact.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { InfoDomainHandler } from '../../src/registry/domains/commands/info-domain.handler';
import { RenewDomainHandler } from '../../src/registry/domains/commands/renew-domain.handler';
import { TransferDomainHandler, type TransferOp } from '../../src/registry/domains/commands/transfer-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import { ReleaseHoldHandler } from '../../src/registry/holds/commands/release-hold.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { DeleteHostHandler } from '../../src/registry/hosts/commands/delete-host.handler';
import { UpdateHostHandler } from '../../src/registry/hosts/commands/update-host.handler';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { createDomain, registryError } from './handler-helpers';

/**
 * Every transform by a registrar on an object another registrar sponsors is refused with 2201, and
 * refused *before* anything is written: every row of every table the handlers touch is identical
 * afterwards, no history, ledger or poll row appears, no balance moves.
 */
describe('authorization matrix: registrar B on registrar A\'s objects', () => {
  let t: TestApp;
  const A = 'mx-a'; // sponsor of everything below
  const B = 'mx-b'; // a stranger to it
  const C = 'mx-c'; // gaining registrar of a pending transfer
  const SECRET = 'Matrix-Secret-1';
  let holdId = '';

  /** Everything a domain, contact, host, transfer or hold command can write, rendered as text. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const tables = [
      'domains', 'contacts', 'hosts', 'domain_contacts', 'domain_nameservers', 'domain_ds_records', 'grace_periods',
      'domain_transfers', 'name_holds', 'registrars', 'ledger_entries', 'history', 'poll_messages',
    ];
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      const rows: Array<{ r: string }> = await t.dataSource.query(`SELECT x::text AS r FROM ${table} x ORDER BY 1`);
      out[table] = rows.map((row) => row.r);
    }
    return out;
  }

  const transfer = (op: TransferOp, registrarId: string, name: string, authInfo?: string) =>
    t.run(TransferDomainHandler, registrarActor(registrarId), { op, name, registrarId, authInfo });

  before(async () => {
    t = await startTestApp();
    for (const id of [A, B, C]) await newRegistrar(t, id);
    await newContact(t, A, 'MX-A1');
    await newContact(t, A, 'MX-A2');
    await newContact(t, B, 'MX-B1');
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns1.matrix-dns.net', registrarId: A });
    await createDomain(t, A, 'sahib.az', 'MX-A1', { authInfo: SECRET, contacts: [{ type: 'tech', handle: 'MX-A2' }], nameservers: ['ns1.matrix-dns.net'] });
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns1.sahib.az', registrarId: A, addresses: ['192.0.2.53'] });
    await t.run(UpdateDomainHandler, registrarActor(A), {
      name: 'sahib.az', registrarId: A,
      add: { nameservers: ['ns1.sahib.az'], dsRecords: [{ keyTag: 1, alg: 13, digestType: 2, digest: 'AA'.repeat(32) }] },
    });
    await createDomain(t, A, 'kocur.az', 'MX-A1', { authInfo: SECRET });
    await transfer('request', C, 'kocur.az', SECRET);
    holdId = (await t.run(PlaceHoldHandler, registrarActor(A), { name: 'saxla.az', owner: { type: 'registrar', id: A } })).hold.holdId;
  });
  after(() => t.close());

  const cases: Array<{ what: string; reason?: string; run: () => Promise<unknown> }> = [
    { what: 'domain renew', reason: 'not-sponsor', run: () => t.run(RenewDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B, currentExpiryDate: '2027-01-15', years: 1 }) },
    { what: 'domain update: add a client status', reason: 'not-sponsor', run: () => t.run(UpdateDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B, add: { statuses: ['clientHold'] } }) },
    { what: 'domain update: remove name servers and DS', reason: 'not-sponsor', run: () => t.run(UpdateDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B, remove: { nameservers: ['ns1.sahib.az'], allDsRecords: true } }) },
    { what: 'domain update: change the auth info', reason: 'not-sponsor', run: () => t.run(UpdateDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B, change: { authInfo: 'Stolen-Code-1' } }) },
    { what: 'domain update: change the registrant to its own contact', reason: 'not-sponsor', run: () => t.run(UpdateDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B, change: { registrant: 'MX-B1' } }) },
    { what: 'domain delete', reason: 'not-sponsor', run: () => t.run(DeleteDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B }) },
    { what: 'domain info without the auth info', reason: 'not-sponsor', run: () => t.run(InfoDomainHandler, registrarActor(B), { name: 'sahib.az', registrarId: B }) },
    { what: 'transfer approve by a third registrar', reason: 'not-sponsor', run: () => transfer('approve', B, 'kocur.az') },
    { what: 'transfer reject by a third registrar', reason: 'not-sponsor', run: () => transfer('reject', B, 'kocur.az') },
    { what: 'transfer approve by the gaining registrar', reason: 'not-sponsor', run: () => transfer('approve', C, 'kocur.az') },
    { what: 'transfer reject by the gaining registrar', reason: 'not-sponsor', run: () => transfer('reject', C, 'kocur.az') },
    { what: 'transfer cancel by a third registrar', reason: 'not-gaining', run: () => transfer('cancel', B, 'kocur.az') },
    { what: 'transfer cancel by the losing registrar', reason: 'not-gaining', run: () => transfer('cancel', A, 'kocur.az') },
    { what: 'transfer query by a third registrar', reason: 'not-party', run: () => transfer('query', B, 'kocur.az') },
    { what: 'contact update', reason: 'not-sponsor', run: () => t.run(UpdateContactHandler, registrarActor(B), { handle: 'MX-A1', registrarId: B, change: { email: 'b@example.com', name: 'Someone Else' } }) },
    { what: 'contact update: add a status', reason: 'not-sponsor', run: () => t.run(UpdateContactHandler, registrarActor(B), { handle: 'mx-a1', registrarId: B, addStatuses: ['clientDeleteProhibited'] }) },
    { what: 'contact delete (linked)', reason: 'not-sponsor', run: () => t.run(DeleteContactHandler, registrarActor(B), { handle: 'MX-A1', registrarId: B }) },
    { what: 'host update: add an address', reason: 'not-sponsor', run: () => t.run(UpdateHostHandler, registrarActor(B), { name: 'ns1.sahib.az', registrarId: B, addAddresses: ['198.51.100.1'] }) },
    { what: 'host update: remove an address', reason: 'not-sponsor', run: () => t.run(UpdateHostHandler, registrarActor(B), { name: 'ns1.sahib.az', registrarId: B, removeAddresses: ['192.0.2.53'] }) },
    { what: 'host update: add a status', reason: 'not-sponsor', run: () => t.run(UpdateHostHandler, registrarActor(B), { name: 'ns1.matrix-dns.net', registrarId: B, addStatuses: ['clientDeleteProhibited'] }) },
    { what: 'host delete (in-registry, linked)', reason: 'not-sponsor', run: () => t.run(DeleteHostHandler, registrarActor(B), { name: 'ns1.sahib.az', registrarId: B }) },
    { what: 'host create under the other registrar\'s domain', reason: 'not-sponsor', run: () => t.run(CreateHostHandler, registrarActor(B), { name: 'ns2.sahib.az', registrarId: B, addresses: ['192.0.2.54'] }) },
    { what: 'hold release', reason: 'not-owner', run: () => t.run(ReleaseHoldHandler, registrarActor(B), { holdId, owner: { type: 'registrar', id: B } }) },
  ];

  for (const c of cases) {
    it(`${c.what} → 2201, nothing written`, async () => {
      const before = await snapshot();
      await assert.rejects(c.run(), registryError(AuthorizationError, 2201, c.reason));
      assert.deepEqual(await snapshot(), before);
    });
  }

  it('an unlinked host and contact of A cannot be deleted by B either', async () => {
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'sahib.az', registrarId: A, remove: { nameservers: ['ns1.matrix-dns.net'], contacts: [{ type: 'tech', handle: 'MX-A2' }] } });
    const before = await snapshot();
    await assert.rejects(t.run(DeleteHostHandler, registrarActor(B), { name: 'ns1.matrix-dns.net', registrarId: B }), registryError(AuthorizationError, 2201, 'not-sponsor'));
    await assert.rejects(t.run(DeleteContactHandler, registrarActor(B), { handle: 'MX-A2', registrarId: B }), registryError(AuthorizationError, 2201, 'not-sponsor'));
    assert.deepEqual(await snapshot(), before);
  });

  it('B cannot attach A\'s contact to its own domain (2306): contact data stays with its registrar', async () => {
    await createDomain(t, B, 'ozgesi.az', 'MX-B1');
    const before = await snapshot();
    await assert.rejects(
      t.run(UpdateDomainHandler, registrarActor(B), { name: 'ozgesi.az', registrarId: B, add: { contacts: [{ type: 'admin', handle: 'MX-A1' }] } }),
      registryError(ParameterPolicyError, 2306, 'contact-not-sponsored'),
    );
    await assert.rejects(createDomain(t, B, 'ozgesi2.az', 'MX-A1'), registryError(ParameterPolicyError, 2306, 'contact-not-sponsored'));
    assert.deepEqual(await snapshot(), before);
  });

  it('and the sponsor itself can still do what B could not (the refusals were about who, not what)', async () => {
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'sahib.az', registrarId: A, add: { statuses: ['clientHold'] } });
    await t.run(UpdateHostHandler, registrarActor(A), { name: 'ns1.sahib.az', registrarId: A, addAddresses: ['198.51.100.1'] });
    await t.run(UpdateContactHandler, registrarActor(A), { handle: 'MX-A1', registrarId: A, change: { email: 'a@example.az' } });
    await t.run(DeleteHostHandler, registrarActor(A), { name: 'ns1.matrix-dns.net', registrarId: A });
    assert.equal((await transfer('reject', A, 'kocur.az')).status, 'clientRejected');
    await t.run(ReleaseHoldHandler, registrarActor(A), { holdId, owner: { type: 'registrar', id: A } });
  });
});
