import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateContactHandler } from '../../src/registry/contacts/commands/create-contact.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { DAY, createDomain } from '../handlers/handler-helpers';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { BASE, assertGolden, rdapGet, type JsonObject } from './rdap-helpers';

/**
 * RDAP answers for registered objects, pinned by golden files (test/rdap/golden): privacy and
 * RFC 9537 redaction, organisations, IDN, second-level zones, DNSSEC, pending delete with its drop
 * time, glue, entities, search and help. Objects are created through the handlers at the fake
 * clock's 2026-01-15T10:00:00Z.
 */
describe('RDAP golden answers', () => {
  let t: TestApp;
  const A = 'rdap-a';
  const B = 'rdap-b';

  const entityRoles = (body: JsonObject) => (body.entities as JsonObject[]).map((e) => (e.roles as string[]).join(','));

  before(async () => {
    t = await startTestApp({ roles: ['api'] });
    await newRegistrar(t, A);
    await newRegistrar(t, B);
    // A registrar's public details have no handler yet (administrators set them in SQL).
    await t.dataSource.query(`UPDATE registrars SET email = 'info@rdap-a.example', phone = '+994.124040404', url = 'https://rdap-a.example' WHERE id = $1`, [A]);
    await newContact(t, A, 'RD-PERSON');
    await newContact(t, A, 'RD-ORG', 'org');
    await t.run(CreateContactHandler, registrarActor(A), {
      handle: 'RD-TECH', registrarId: A, kind: 'person', name: 'Rəşad Quliyev', street: ['Azadlıq pr. 1', 'mənzil 7'], city: 'Bakı', pc: 'AZ1000',
      cc: 'AZ', voice: '+994.502223344', email: 'hostmaster@numune.az', disclose: { name: true, addr: true, voice: true, email: true },
    });
    await newContact(t, B, 'RD-B1');
    await createDomain(t, A, 'aynur.az', 'RD-PERSON');
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns1.aynur.az', registrarId: A, addresses: ['192.0.2.53', '2001:db8::53'] });
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns.dns-host.example', registrarId: A });
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'aynur.az', registrarId: A, add: { nameservers: ['ns1.aynur.az', 'ns.dns-host.example'] } });
    await createDomain(t, A, 'numune.az', 'RD-ORG', {
      years: 2,
      contacts: [{ type: 'admin', handle: 'RD-ORG' }, { type: 'tech', handle: 'RD-TECH' }, { type: 'billing', handle: 'RD-PERSON' }],
      nameservers: ['ns1.aynur.az'],
    });
    await createDomain(t, A, 'şəki.az', 'RD-PERSON', { nameservers: ['ns.dns-host.example'] });
    await createDomain(t, B, 'bazar.com.az', 'RD-B1');
    await createDomain(t, A, 'imzali.az', 'RD-PERSON', {
      nameservers: ['ns.dns-host.example'],
      dsRecords: [{ keyTag: 12345, alg: 13, digestType: 2, digest: '49fd46e6c4b45c55d4ac69cbd3cd34ac1afe51de5b5a4b8e9c8d0d4a4e1f2a3b' }],
    });
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'imzali.az', registrarId: A, add: { statuses: ['clientTransferProhibited', 'clientDeleteProhibited'] } });
    await createDomain(t, A, 'example.az', 'RD-PERSON');
    await createDomain(t, B, 'exam.com.az', 'RD-B1');
    await createDomain(t, A, 'exact.org.az', 'RD-PERSON');
    await createDomain(t, A, 'silinen.az', 'RD-PERSON');
  });
  after(() => t.close());

  it('an individual: personal data withheld, each withheld field described (RFC 9537), glue on in-registry name servers', async () => {
    const r = await rdapGet(t, '/rdap/domain/aynur.az');
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'public, max-age=60');
    assert.deepEqual(entityRoles(r.body), ['registrar', 'registrant']);
    assertGolden('domain-individual', r.body);
  });

  it('an organisation: the organisation is shown, its people are not; a disclosing technical contact is shown in full', async () => {
    const r = await rdapGet(t, '/rdap/domain/numune.az');
    assert.equal(r.status, 200);
    assert.deepEqual(entityRoles(r.body), ['registrar', 'registrant', 'administrative', 'technical', 'billing']);
    assertGolden('domain-organisation', r.body);
  });

  it('an IDN domain: the same answer by U-label, percent-encoded U-label, A-label and any case', async () => {
    const byU = await rdapGet(t, `/rdap/domain/${encodeURIComponent('şəki.az')}`);
    assert.equal(byU.status, 200);
    assert.equal(byU.body.ldhName, 'xn--ki-eta41h.az');
    assert.equal(byU.body.unicodeName, 'şəki.az');
    assertGolden('domain-idn', byU.body);
    for (const path of ['/rdap/domain/xn--ki-eta41h.az', '/rdap/domain/XN--KI-ETA41H.AZ', `/rdap/domain/${encodeURIComponent('ŞƏKİ.AZ')}`, '/rdap/domain/xn--ki-eta41h.az.']) {
      const other = await rdapGet(t, path);
      assert.equal(other.status, 200, path);
      assertGolden('domain-idn', other.body);
    }
  });

  it('a second-level zone (com.az)', async () => {
    const r = await rdapGet(t, '/rdap/domain/bazar.com.az');
    assert.equal(r.status, 200);
    assertGolden('domain-second-level', r.body);
  });

  it('DNSSEC: delegationSigned and dsData; client statuses mapped per RFC 8056', async () => {
    const r = await rdapGet(t, '/rdap/domain/imzali.az');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.secureDNS, {
      delegationSigned: true,
      dsData: [{ keyTag: 12345, algorithm: 13, digestType: 2, digest: '49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE5B5A4B8E9C8D0D4A4E1F2A3B' }],
    });
    assertGolden('domain-dnssec', r.body);
  });

  it('a name server with glue, and one outside the registry without', async () => {
    const r = await rdapGet(t, '/rdap/nameserver/ns1.aynur.az');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.ipAddresses, { v4: ['192.0.2.53'], v6: ['2001:db8::53'] });
    assertGolden('nameserver-glue', r.body);
    const ext = await rdapGet(t, '/rdap/nameserver/NS.DNS-HOST.EXAMPLE');
    assert.equal(ext.status, 200);
    assert.equal(ext.body.ipAddresses, undefined);
    assert.deepEqual(ext.body.status, ['active']);
  });

  it('a contact entity: privacy applied as in domain answers, paths relative to the entity', async () => {
    const r = await rdapGet(t, '/rdap/entity/rd-person');
    assert.equal(r.status, 200);
    assertGolden('entity-contact', r.body);
    const full = await rdapGet(t, '/rdap/entity/RD-TECH');
    assert.equal(full.body.redacted, undefined);
  });

  it('a registrar entity: name, phone, e-mail and web site; no IANA id', async () => {
    const r = await rdapGet(t, `/rdap/entity/${A}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.publicIds, undefined);
    assertGolden('entity-registrar', r.body);
  });

  it('domain search by prefix: names and self links, never cached', async () => {
    const r = await rdapGet(t, '/rdap/domains?name=exa*');
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.deepEqual((r.body.domainSearchResults as JsonObject[]).map((d) => d.ldhName), ['exact.org.az', 'exam.com.az', 'example.az']);
    assertGolden('search-domains', r.body);
    const idn = await rdapGet(t, `/rdap/domains?name=${encodeURIComponent('şə*')}`);
    assert.deepEqual((idn.body.domainSearchResults as JsonObject[]).map((d) => d.unicodeName), ['şəki.az']);
    const none = await rdapGet(t, '/rdap/domains?name=zz*');
    assert.deepEqual(none.body.domainSearchResults, []);
  });

  it('a search stops at 50 results and says the list is truncated', async () => {
    for (let i = 0; i < 51; i++) await createDomain(t, B, `toplu${String(i).padStart(2, '0')}.az`, 'RD-B1');
    const r = await rdapGet(t, '/rdap/domains?name=toplu*');
    const results = r.body.domainSearchResults as JsonObject[];
    assert.equal(results.length, 50);
    assert.equal(results[49].ldhName, 'toplu49.az');
    const notices = r.body.notices as JsonObject[];
    assert.deepEqual(notices[notices.length - 1], {
      title: 'Search Policy',
      type: 'result set truncated due to excessive load',
      description: ['Only the first 50 matches are listed; give a longer prefix.'],
    });
    const exact = await rdapGet(t, '/rdap/domains?name=toplu0*');
    assert.equal((exact.body.domainSearchResults as JsonObject[]).length, 10);
    assert.equal((exact.body.notices as JsonObject[]).length, 3);
  });

  it('name server search by prefix: full objects', async () => {
    const r = await rdapGet(t, '/rdap/nameservers?name=ns*');
    assert.equal(r.status, 200);
    assert.deepEqual((r.body.nameserverSearchResults as JsonObject[]).map((d) => d.ldhName), ['ns.dns-host.example', 'ns1.aynur.az']);
    assertGolden('search-nameservers', r.body);
  });

  it('help', async () => {
    const r = await rdapGet(t, '/rdap/help');
    assert.equal(r.status, 200);
    assertGolden('help', r.body);
  });

  it('pending delete: status, redemption period and a deletion event at the published drop time', async () => {
    t.clock.advance(6 * DAY);
    const r0 = await t.run(DeleteDomainHandler, registrarActor(A), { name: 'silinen.az', registrarId: A });
    assert.equal(r0.purged, false);
    const r = await rdapGet(t, '/rdap/domain/silinen.az');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.status, ['pending delete', 'inactive', 'redemption period']);
    const deletion = (r.body.events as JsonObject[]).find((e) => e.eventAction === 'deletion');
    assert.equal(deletion?.eventDate, r0.purgeAt?.toISOString().replace('.000Z', 'Z'));
    assertGolden('domain-pending-delete', r.body);
  });

  it('every self link points back at an answer of its own', async () => {
    const r = await rdapGet(t, '/rdap/domain/numune.az');
    const hrefs = new Set<string>();
    const collect = (o: JsonObject) => {
      for (const l of o.links as JsonObject[]) if (l.rel === 'self') hrefs.add(String(l.href));
      for (const c of [...((o.entities as JsonObject[] | undefined) ?? []), ...((o.nameservers as JsonObject[] | undefined) ?? [])]) collect(c);
    };
    collect(r.body);
    assert.equal(hrefs.size, 6);
    for (const href of hrefs) {
      assert.ok(href.startsWith(BASE), href);
      const again = await rdapGet(t, href.slice(BASE.length - '/rdap'.length));
      assert.equal(again.status, 200, href);
    }
  });
});
