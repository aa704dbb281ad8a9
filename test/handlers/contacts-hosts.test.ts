import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociationProhibitsOperationError,
  AuthorizationError,
  ObjectExistsError,
  ObjectNotFoundError,
  ParameterPolicyError,
  ParameterSyntaxError,
  StatusProhibitsOperationError,
} from '../../src/common/registry-errors';
import { CheckContactsHandler } from '../../src/registry/contacts/commands/check-contacts.handler';
import { CreateContactHandler } from '../../src/registry/contacts/commands/create-contact.handler';
import { DeleteContactHandler } from '../../src/registry/contacts/commands/delete-contact.handler';
import { InfoContactHandler } from '../../src/registry/contacts/commands/info-contact.handler';
import { UpdateContactHandler } from '../../src/registry/contacts/commands/update-contact.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { CheckHostsHandler } from '../../src/registry/hosts/commands/check-hosts.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { DeleteHostHandler } from '../../src/registry/hosts/commands/delete-host.handler';
import { InfoHostHandler } from '../../src/registry/hosts/commands/info-host.handler';
import { UpdateHostHandler, type UpdateHostInput } from '../../src/registry/hosts/commands/update-host.handler';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { count, createDomain, historyCount, registryError } from './handler-helpers';

/** Contacts and hosts: uniqueness, sponsorship, links that block deletion, glue address policy. */
describe('contact and host handlers', () => {
  let t: TestApp;
  const A = 'ch-a';
  const B = 'ch-b';

  const contactRow = async (handle: string) =>
    (await queryOne<{ r: string }>(t, `SELECT c::text AS r FROM contacts c WHERE lower(handle) = lower($1) AND deleted_at IS NULL`, [handle])).r;
  const createHost = (registrarId: string, name: string, addresses?: string[]) => t.run(CreateHostHandler, registrarActor(registrarId), { name, registrarId, addresses });
  const updateHost = (name: string, change: Omit<UpdateHostInput, 'name' | 'registrarId'>, registrarId = A) =>
    t.run(UpdateHostHandler, registrarActor(registrarId), { name, registrarId, ...change });
  const hostAddresses = async (name: string) =>
    (await queryOne<{ a: string[] }>(t, `SELECT array(SELECT host(x) FROM unnest(addresses) x ORDER BY x) AS a FROM hosts WHERE name = $1 AND deleted_at IS NULL`, [name])).a;

  before(async () => {
    t = await startTestApp();
    await newRegistrar(t, A);
    await newRegistrar(t, B);
    await newContact(t, A, 'CH-A1');
    await newContact(t, B, 'CH-B1');
    await createDomain(t, A, 'hostlu.az', 'CH-A1');
    await createDomain(t, B, 'yad.az', 'CH-B1');
  });
  after(() => t.close());

  describe('contacts', () => {
    it('create stores the contact and its history; the handle is unique whatever its case (2302)', async () => {
      const r = await t.run(CreateContactHandler, registrarActor(A), {
        handle: 'Ch-A2', registrarId: A, kind: 'org', name: 'Leyla Əliyeva', org: 'Nümunə MMC', street: ['Füzuli 5'], city: 'Gəncə', cc: 'az', email: 'leyla@example.az',
      });
      assert.match(r.contact.roid, /^C\d+-AZ$/);
      assert.equal(r.contact.cc, 'AZ');
      assert.equal(typeof r.authInfo, 'string');
      assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'contact.create' AND object_name = 'Ch-A2' AND actor_id = $1`, [A]), 1);
      for (const [registrarId, handle] of [[B, 'ch-a2'], [A, 'CH-A2'], [B, 'CH-A1']]) {
        await assert.rejects(
          t.run(CreateContactHandler, registrarActor(registrarId), { handle, registrarId, kind: 'person', name: 'X', city: 'Bakı', cc: 'AZ', email: 'x@example.az' }),
          registryError(ObjectExistsError, 2302, 'exists'),
          handle,
        );
      }
      assert.equal(await count(t, `SELECT 1 FROM contacts WHERE lower(handle) = 'ch-a2'`), 1);
    });

    it('check reports taken handles case-insensitively', async () => {
      const r = await t.run(CheckContactsHandler, registrarActor(B), { handles: ['ch-a1', 'CH-A2', 'FREE-1'] });
      assert.deepEqual(r, [{ handle: 'ch-a1', available: false }, { handle: 'CH-A2', available: false }, { handle: 'FREE-1', available: true }]);
    });

    it('info: the sponsor sees it; another registrar gets 2201 unless it has the auth info', async () => {
      const v = await t.run(InfoContactHandler, registrarActor(A), { handle: 'ch-a1', registrarId: A });
      assert.equal(v.handle, 'CH-A1');
      assert.equal((v as Record<string, unknown>).authInfoHash, undefined);
      await assert.rejects(t.run(InfoContactHandler, registrarActor(B), { handle: 'CH-A1', registrarId: B }), registryError(AuthorizationError, 2201, 'not-sponsor'));
      await assert.rejects(t.run(InfoContactHandler, registrarActor(B), { handle: 'CH-A1', registrarId: B, authInfo: 'wrong' }), registryError(AuthorizationError, 2201));
      assert.equal((await t.run(InfoContactHandler, registrarActor(B), { handle: 'CH-A1', registrarId: B, authInfo: 'contact-secret-1' })).email, 'ch-a1@example.az');
      await assert.rejects(t.run(InfoContactHandler, registrarActor(A), { handle: 'NOBODY', registrarId: A }), registryError(ObjectNotFoundError, 2303));
    });

    it('update by the sponsor changes fields and writes before/after; by another registrar: 2201, row unchanged', async () => {
      const before = await contactRow('CH-A1');
      await assert.rejects(
        t.run(UpdateContactHandler, registrarActor(B), { handle: 'CH-A1', registrarId: B, change: { email: 'evil@example.com' } }),
        registryError(AuthorizationError, 2201, 'not-sponsor'),
      );
      assert.equal(await contactRow('CH-A1'), before);
      const r = await t.run(UpdateContactHandler, registrarActor(A), { handle: 'CH-A1', registrarId: A, change: { email: 'new@example.az', disclose: { email: true } } });
      assert.equal(r.email, 'new@example.az');
      const row = await queryOne<{ email: string; disclose: Record<string, boolean>; updated_by: string }>(t, `SELECT * FROM contacts WHERE handle = 'CH-A1'`);
      assert.equal(row.email, 'new@example.az');
      assert.deepEqual(row.disclose, { email: true });
      assert.equal(row.updated_by, A);
      const h = await queryOne<{ before: { email: string }; after: { email: string } }>(t, `SELECT before, after FROM history WHERE action = 'contact.update' AND object_name = 'CH-A1'`);
      assert.equal(h.before.email, 'ch-a1@example.az');
      assert.equal(h.after.email, 'new@example.az');
    });

    it('clientUpdateProhibited blocks updates but can be removed; server statuses are not the registrar\'s (2306)', async () => {
      await t.run(UpdateContactHandler, registrarActor(A), { handle: 'CH-A1', registrarId: A, addStatuses: ['clientUpdateProhibited'] });
      await assert.rejects(
        t.run(UpdateContactHandler, registrarActor(A), { handle: 'CH-A1', registrarId: A, change: { city: 'Sumqayıt' } }),
        registryError(StatusProhibitsOperationError, 2304, 'clientUpdateProhibited'),
      );
      await t.run(UpdateContactHandler, registrarActor(A), { handle: 'CH-A1', registrarId: A, removeStatuses: ['clientUpdateProhibited'] });
      await assert.rejects(
        t.run(UpdateContactHandler, registrarActor(A), { handle: 'CH-A1', registrarId: A, addStatuses: ['serverDeleteProhibited'] }),
        registryError(ParameterPolicyError, 2306, 'status-not-allowed'),
      );
      assert.deepEqual((await queryOne<{ statuses: string[] }>(t, `SELECT statuses FROM contacts WHERE handle = 'CH-A1'`)).statuses, []);
    });

    it('delete is refused while a live domain links the contact (2305), as registrant or as tech', async () => {
      await assert.rejects(t.run(DeleteContactHandler, registrarActor(A), { handle: 'CH-A1', registrarId: A }), registryError(AssociationProhibitsOperationError, 2305, 'linked'));
      await t.run(UpdateDomainHandler, registrarActor(A), { name: 'hostlu.az', registrarId: A, add: { contacts: [{ type: 'tech', handle: 'CH-A2' }] } });
      await assert.rejects(t.run(DeleteContactHandler, registrarActor(A), { handle: 'CH-A2', registrarId: A }), registryError(AssociationProhibitsOperationError, 2305, 'linked'));
      await t.run(UpdateDomainHandler, registrarActor(A), { name: 'hostlu.az', registrarId: A, remove: { contacts: [{ type: 'tech', handle: 'CH-A2' }] } });
      const history = await historyCount(t);
      await t.run(DeleteContactHandler, registrarActor(A), { handle: 'ch-a2', registrarId: A });
      assert.equal(await historyCount(t), history + 1);
      assert.equal(await count(t, `SELECT 1 FROM contacts WHERE lower(handle) = 'ch-a2' AND deleted_at IS NULL`), 0);
      assert.deepEqual(await t.run(CheckContactsHandler, registrarActor(B), { handles: ['CH-A2'] }), [{ handle: 'CH-A2', available: true }]);
      await assert.rejects(t.run(DeleteContactHandler, registrarActor(A), { handle: 'CH-A2', registrarId: A }), registryError(ObjectNotFoundError, 2303));
      // the freed handle can be taken again
      await newContact(t, B, 'CH-A2');
    });

    it('a contact whose domain was purged can be deleted', async () => {
      await newContact(t, A, 'CH-A3');
      await createDomain(t, A, 'qisa.az', 'CH-A3');
      await assert.rejects(t.run(DeleteContactHandler, registrarActor(A), { handle: 'CH-A3', registrarId: A }), registryError(AssociationProhibitsOperationError, 2305));
      await t.run(DeleteDomainHandler, registrarActor(A), { name: 'qisa.az', registrarId: A });
      await t.run(DeleteContactHandler, registrarActor(A), { handle: 'CH-A3', registrarId: A });
    });
  });

  describe('hosts', () => {
    it('an in-registry host needs its superordinate domain to exist (2303) and be the caller\'s (2201)', async () => {
      const history = await historyCount(t);
      await assert.rejects(createHost(A, 'ns1.yoxdomen.az', ['192.0.2.10']), registryError(ObjectNotFoundError, 2303));
      await assert.rejects(createHost(A, 'ns1.yad.az', ['192.0.2.10']), registryError(AuthorizationError, 2201, 'not-sponsor'));
      assert.equal(await historyCount(t), history);
      assert.equal(await count(t, `SELECT 1 FROM hosts WHERE name IN ('ns1.yoxdomen.az', 'ns1.yad.az')`), 0);
      const h = await createHost(A, 'NS1.Hostlu.AZ', ['192.0.2.1', '2001:DB8::53']);
      assert.equal(h.name, 'ns1.hostlu.az');
      assert.match(h.roid, /^H\d+-AZ$/);
      const domain = await queryOne<{ id: string }>(t, `SELECT id FROM domains WHERE name = 'hostlu.az'`);
      assert.equal(h.superordinateDomainId, domain.id);
      assert.deepEqual(await hostAddresses('ns1.hostlu.az'), ['192.0.2.1', '2001:db8::53']);
      await assert.rejects(createHost(A, 'ns1.hostlu.az'), registryError(ObjectExistsError, 2302, 'exists'));
    });

    it('an external host takes no addresses (2306)', async () => {
      await assert.rejects(createHost(A, 'ns1.example.com', ['192.0.2.1']), registryError(ParameterPolicyError, 2306, 'external-host-addresses'));
      const h = await createHost(A, 'ns1.example.com');
      assert.equal(h.superordinateDomainId, null);
      assert.deepEqual(h.addresses, []);
      await assert.rejects(updateHost('ns1.example.com', { addAddresses: ['192.0.2.1'] }), registryError(ParameterPolicyError, 2306, 'external-host-addresses'));
    });

    it('refuses addresses that are not IP addresses (2005)', async () => {
      for (const bad of ['abc', '256.1.1.1', '192.0.2', '2001:db8::1%eth0']) {
        await assert.rejects(createHost(A, 'ns2.hostlu.az', [bad]), registryError(ParameterSyntaxError, 2005, 'invalid-address'), bad);
      }
    });

    it('refuses loopback, unspecified, link-local and multicast addresses however they are written (2306)', async () => {
      const refused = [
        '127.0.0.1', '127.8.8.8', '0.0.0.0', '169.254.1.1', '224.0.0.1', '255.255.255.255',
        '::1', '0:0:0:0:0:0:0:1', '::', '0::0', '::ffff:127.0.0.1', '::ffff:7f00:1',
        'fe80::1', 'FE80::1', 'febf::1', 'ff02::1',
      ];
      for (const bad of refused) {
        await assert.rejects(createHost(A, 'ns2.hostlu.az', [bad]), registryError(ParameterPolicyError, 2306, 'address-not-allowed'), bad);
      }
      assert.equal(await count(t, `SELECT 1 FROM hosts WHERE name = 'ns2.hostlu.az'`), 0);
      // ordinary public addresses next to those ranges are fine
      await createHost(A, 'ns2.hostlu.az', ['223.255.255.1', '2001:db8:ff::1', 'fec0::1']);
      assert.deepEqual(await hostAddresses('ns2.hostlu.az'), ['223.255.255.1', '2001:db8:ff::1', 'fec0::1']);
    });

    it('update adds and removes addresses, whatever the spelling of an IPv6 address', async () => {
      await updateHost('ns1.hostlu.az', { addAddresses: ['198.51.100.7'], removeAddresses: ['192.0.2.1'] });
      assert.deepEqual(await hostAddresses('ns1.hostlu.az'), ['198.51.100.7', '2001:db8::53']);
      // the same address spelled differently is the same address: no duplicate on add, removed on remove
      await updateHost('ns1.hostlu.az', { addAddresses: ['2001:0db8:0:0:0:0:0:53'] });
      assert.deepEqual(await hostAddresses('ns1.hostlu.az'), ['198.51.100.7', '2001:db8::53']);
      await updateHost('ns1.hostlu.az', { removeAddresses: ['2001:DB8:0::53'] });
      assert.deepEqual(await hostAddresses('ns1.hostlu.az'), ['198.51.100.7']);
      assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'host.update' AND object_name = 'ns1.hostlu.az' AND actor_id = $1`, [A]), 3);
      await assert.rejects(updateHost('ns1.hostlu.az', { addAddresses: ['::1'] }), registryError(ParameterPolicyError, 2306));
      await assert.rejects(updateHost('ns1.hostlu.az', { addStatuses: ['serverUpdateProhibited'] }), registryError(ParameterPolicyError, 2306, 'status-not-allowed'));
    });

    it('a host is not deleted while a domain uses it (2305), nor a domain while hosts live under it (2305)', async () => {
      await t.run(UpdateDomainHandler, registrarActor(A), { name: 'hostlu.az', registrarId: A, add: { nameservers: ['ns1.example.com', 'ns1.hostlu.az'] } });
      assert.equal((await t.run(InfoHostHandler, registrarActor(B), { name: 'ns1.example.com' })).linked, true);
      await assert.rejects(t.run(DeleteHostHandler, registrarActor(A), { name: 'ns1.example.com', registrarId: A }), registryError(AssociationProhibitsOperationError, 2305, 'linked'));
      await assert.rejects(t.run(DeleteDomainHandler, registrarActor(A), { name: 'hostlu.az', registrarId: A }), registryError(AssociationProhibitsOperationError, 2305, 'subordinate-hosts'));
      await t.run(UpdateDomainHandler, registrarActor(A), { name: 'hostlu.az', registrarId: A, remove: { nameservers: ['ns1.example.com'] } });
      await t.run(DeleteHostHandler, registrarActor(A), { name: 'ns1.example.com', registrarId: A });
      assert.deepEqual(await t.run(CheckHostsHandler, registrarActor(B), { names: ['ns1.example.com', 'ns1.hostlu.az'] }), [
        { name: 'ns1.example.com', available: true, reason: null },
        { name: 'ns1.hostlu.az', available: false, reason: 'In use' },
      ]);
      await assert.rejects(t.run(UpdateDomainHandler, registrarActor(A), { name: 'hostlu.az', registrarId: A, add: { nameservers: ['ns1.example.com'] } }), registryError(ObjectNotFoundError, 2303));
    });
  });
});
