import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { UpdateContactHandler } from '../../src/registry/contacts/commands/update-contact.handler';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { AddReservedHandler } from '../../src/registry/names/add-reserved.handler';
import { CreateRegistrarHandler } from '../../src/registry/registrars/commands/create-registrar.handler';
import { escapeHtml } from '../../src/whois/web-whois.page';
import { WhoisListener } from '../../src/whois/whois.module';
import { ADMIN_ACTOR, newContact, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { assertGolden, whois } from './whois-support';

const DAY = 86_400_000;
const R = 'xezer';

/**
 * The answers of port 43, compared byte for byte (CRLF → LF, "last update" time → %NOW%) with
 * `golden/*.txt`, over a registry built through the real handlers at fixed clock times; and the
 * web page showing the same text.
 */
describe('WHOIS answers (golden files)', () => {
  let t: TestApp;
  let port: number;

  const create = (name: string, registrant: string, extra: { contacts?: Array<{ type: 'admin' | 'tech'; handle: string }>; nameservers?: string[] } = {}) =>
    t.run(CreateDomainHandler, registrarActor(R), { name, registrarId: R, years: 1, registrant, holder: { type: 'registrar', id: R }, ...extra });
  const update = (name: string, add: { statuses?: string[]; nameservers?: string[]; dsRecords?: Array<{ keyTag: number; alg: number; digestType: number; digest: string }> }) =>
    t.run(UpdateDomainHandler, registrarActor(R), { name, registrarId: R, add });

  before(async () => {
    t = await startTestApp({ roles: ['whois', 'api'], env: { WHOIS_PORT: '0', LOOKUP_RATE_LIMIT_PER_MINUTE: '1000' } });
    port = t.get(WhoisListener).port!;
    // Everything below happens at 2026-01-15T10:00:00Z, in this order (the registry IDs follow it).
    await t.run(CreateRegistrarHandler, ADMIN_ACTOR, { id: R, name: 'Xəzər Registrator MMC', password: 'secret-pw1', email: 'support@xezer.example', credit: 1_000_000 });
    await newContact(t, R, 'PRIV-1');
    await newContact(t, R, 'OPEN-1');
    await t.run(UpdateContactHandler, registrarActor(R), { handle: 'OPEN-1', registrarId: R, change: { disclose: { name: true, email: true } } });
    await newContact(t, R, 'ORG-1', 'org');
    await newContact(t, R, 'TECH-1');
    for (const host of ['ns1.dns-host.net', 'ns2.dns-host.net']) await t.run(CreateHostHandler, registrarActor(R), { name: host, registrarId: R });
    const dns = ['ns1.dns-host.net', 'ns2.dns-host.net'];

    await create('gizli.az', 'PRIV-1', { contacts: [{ type: 'admin', handle: 'PRIV-1' }, { type: 'tech', handle: 'TECH-1' }], nameservers: dns });
    await update('gizli.az', { statuses: ['clientTransferProhibited', 'clientDeleteProhibited'] });
    await create('aciq.az', 'OPEN-1', { contacts: [{ type: 'admin', handle: 'OPEN-1' }], nameservers: dns });
    await create('sirket.az', 'ORG-1', { contacts: [{ type: 'admin', handle: 'ORG-1' }, { type: 'tech', handle: 'TECH-1' }] });
    await t.run(CreateHostHandler, registrarActor(R), { name: 'ns1.sirket.az', registrarId: R, addresses: ['192.0.2.53', '2001:db8::53'] });
    await update('sirket.az', { nameservers: ['ns1.sirket.az', 'ns1.dns-host.net'] });
    await create('Şəki.az', 'PRIV-1', { nameservers: dns });
    await create('bazar.com.az', 'PRIV-1', { nameservers: dns });
    await create('imzali.az', 'ORG-1', { nameservers: dns });
    await update('imzali.az', {
      dsRecords: [
        { keyTag: 12345, alg: 13, digestType: 2, digest: 'ab'.repeat(32) },
        { keyTag: 54321, alg: 8, digestType: 2, digest: 'CD'.repeat(32) },
      ],
    });
    await create('silinen.az', 'PRIV-1', { nameservers: dns });
    await create('mekteb.edu.az', 'ORG-1');
    await t.run(AddReservedHandler, ADMIN_ACTOR, { name: 'prezident', reason: 'state body' });
    // Past the 5-day add grace period, so that deleting means pendingDelete (and no addPeriod shows).
    t.clock.advance(6 * DAY);
    await t.run(DeleteDomainHandler, registrarActor(R), { name: 'silinen.az', registrarId: R });
  });
  after(async () => {
    await t?.close();
  });

  const cases: Array<{ golden: string; query: string; why: string }> = [
    { golden: 'individual-redacted', query: 'gizli.az', why: 'an individual: personal fields REDACTED FOR PRIVACY, client statuses with their ICANN links' },
    { golden: 'individual-disclosed', query: 'aciq.az', why: 'an individual who opted in to show name and e-mail' },
    { golden: 'organisation', query: 'sirket.az', why: 'an organisation: organisation, country and registry ID shown; glue host as name server' },
    { golden: 'idn', query: 'şəki.az', why: 'an IDN: A-label as Domain Name, U-label as Internationalized Domain Name' },
    { golden: 'second-level-zone', query: 'bazar.com.az', why: 'a name in the com.az zone' },
    { golden: 'dnssec', query: 'imzali.az', why: 'DS records: signedDelegation and one DS line each' },
    { golden: 'pending-delete', query: 'silinen.az', why: 'pendingDelete + redemptionPeriod and the Drop Date' },
    { golden: 'not-found', query: 'yoxdur.az', why: 'no match' },
    { golden: 'reserved', query: 'prezident.az', why: 'a reserved name' },
    { golden: 'blocked-variant', query: 'seki.az', why: 'a variant of the registered şəki.az' },
    { golden: 'restricted-pending', query: 'mekteb.edu.az', why: 'a restricted-zone application awaiting approval' },
    { golden: 'invalid', query: 'x.com.az', why: 'a name the zone rules refuse (label too short): the reason' },
    { golden: 'nameserver', query: 'nameserver ns1.sirket.az', why: 'a name server with glue' },
    { golden: 'registrar', query: 'registrar xezer', why: 'a registrar by id' },
    { golden: 'help', query: 'help', why: 'the query forms' },
  ];
  for (const c of cases) {
    it(`${c.golden}: ${c.why}`, async () => {
      assertGolden(c.golden, await whois(port, c.query));
    });
  }

  it('accepts the other spellings of a query with the same answer', async () => {
    const expected = await whois(port, 'şəki.az');
    for (const q of ['xn--ki-eta41h.az', 'ŞƏKİ.AZ', 'XN--KI-ETA41H.AZ.', 'domain şəki.az', '  DOMAIN   şəki.az  ']) assert.equal(await whois(port, q), expected, q);
    assert.equal(await whois(port, 'ns ns1.sirket.az'), await whois(port, 'nameserver NS1.SIRKET.AZ'));
    assert.equal(await whois(port, 'registrar Xəzər Registrator MMC'), await whois(port, 'registrar xezer'));
  });

  it('answers "no match" for an unknown name server and registrar', async () => {
    assert.match(await whois(port, 'nameserver ns9.nowhere.net'), /^No match for nameserver "ns9\.nowhere\.net"\.\r$/m);
    assert.match(await whois(port, 'registrar nobody'), /^No match for registrar "nobody"\.\r$/m);
  });

  describe('web WHOIS', () => {
    it('shows the same answer in a <pre>, in Azerbaijani by default, not cacheable', async () => {
      const text = await whois(port, 'gizli.az');
      const res = await request(t.http).get('/whois').query({ q: 'gizli.az' }).expect(200);
      assert.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.match(res.text, /^<!DOCTYPE html>\n<html lang="az">/);
      assert.match(res.text, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
      assert.match(res.text, /<label for="q">Domen adı, ad serveri və ya registrator<\/label>/);
      assert.match(res.text, /<form method="get" role="search">/);
      assert.match(res.text, /<input id="q" name="q" type="text" value="gizli\.az"/);
      assert.ok(res.text.includes(`<pre lang="en" tabindex="0">${escapeHtml(text.replace(/\r\n/g, '\n'))}</pre>`), 'the port-43 text, escaped, in the <pre>');
      assert.match(res.text, /<a href="\?q=gizli\.az&#38;lang=en" lang="en" hreflang="en">English<\/a>/);
    });

    it('switches to English with lang=en and links back to Azerbaijani', async () => {
      const res = await request(t.http).get('/whois').query({ q: 'şəki.az', lang: 'en' }).expect(200);
      assert.match(res.text, /<html lang="en">/);
      assert.match(res.text, /<label for="q">Domain name, name server or registrar<\/label>/);
      assert.match(res.text, /<input type="hidden" name="lang" value="en">/);
      assert.match(res.text, /lang="az" hreflang="az">Azərbaycanca<\/a>/);
      assert.match(res.text, /Internationalized Domain Name: şəki\.az/);
    });

    it('shows only the form without a query', async () => {
      const res = await request(t.http).get('/whois').expect(200);
      assert.doesNotMatch(res.text, /<pre/);
      assert.match(res.text, /<input id="q" name="q" type="text" value=""/);
    });

    it('escapes every dynamic string', async () => {
      const evil = '"><script>alert(1)</script>.az';
      const res = await request(t.http).get('/whois').query({ q: evil, lang: '<b>' }).expect(200);
      assert.doesNotMatch(res.text, /<script>|"><|<b>/);
      assert.match(res.text, /value="&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;\.az"/);
      assert.match(res.text, /<html lang="az">/, 'an unknown lang falls back to Azerbaijani');
      assert.match(res.text, /Invalid query: /);
    });
  });
});
