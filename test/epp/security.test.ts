import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encodeFrame } from '../../src/epp/transport/frame-decoder';
import { TransferDomainHandler } from '../../src/registry/domains/commands/transfer-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { createDomain } from '../handlers/handler-helpers';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { Epp, eppDoc, resultCode } from './golden';

const EPP_NS = 'urn:ietf:params:xml:ns:epp-1.0';
const D = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';
const C = 'xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"';
const H = 'xmlns:host="urn:ietf:params:xml:ns:host-1.0"';
const checkWith = (name: string) => `<command><check><domain:check ${D}><domain:name>${name}</domain:name></domain:check></check><clTRID>SEC-1</clTRID></command>`;

/** Hostile documents: each must be refused with 2001 before anything is resolved or expanded. */
const HOSTILE: Array<[string, string]> = [
  ['XXE: external entity in a command', `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><epp xmlns="${EPP_NS}">${checkWith('&xxe;')}</epp>`],
  ['XXE: external DTD', `<?xml version="1.0"?><!DOCTYPE epp SYSTEM "file:///etc/passwd"><epp xmlns="${EPP_NS}"><hello/></epp>`],
  ['XXE: external parameter entity', `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]><epp xmlns="${EPP_NS}"><hello/></epp>`],
  [
    'billion laughs',
    `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY lol "lol">` +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
      `]><epp xmlns="${EPP_NS}">${checkWith('&lol9;')}</epp>`,
  ],
  ['a DOCTYPE alone', `<?xml version="1.0"?><!DOCTYPE epp><epp xmlns="${EPP_NS}"><hello/></epp>`],
  ['wrong namespace', `<?xml version="1.0"?><epp xmlns="urn:ietf:params:xml:ns:epp-0.9"><hello/></epp>`],
  ['no namespace', `<?xml version="1.0"?><epp><hello/></epp>`],
  ['XInclude', `<?xml version="1.0"?><epp xmlns="${EPP_NS}" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></epp>`],
];

describe('EPP security', { timeout: 60_000 }, () => {
  let t: TestApp;
  const passwd = readFileSync('/etc/passwd', 'utf8');
  const secrets = passwd.split('\n').filter((l) => l.includes(':')).slice(0, 3);

  before(async () => {
    t = await startTestApp({ roles: ['epp'] });
    for (const id of ['sec-a', 'sec-b', 'sec-c']) await newRegistrar(t, id);
    await newContact(t, 'sec-a', 'SEC-A1');
    await newContact(t, 'sec-a', 'SEC-A2');
    await createDomain(t, 'sec-a', 'sahib.az', 'SEC-A1', { authInfo: 'Sahib-Secret-1', contacts: [{ type: 'admin', handle: 'SEC-A1' }] });
    await createDomain(t, 'sec-a', 'kocen.az', 'SEC-A1', { authInfo: 'Kocen-Secret-1' });
    await t.run(CreateHostHandler, registrarActor('sec-a'), { name: 'ns1.sahib.az', registrarId: 'sec-a', addresses: ['192.0.2.10'] });
    await t.run(CreateHostHandler, registrarActor('sec-a'), { name: 'ns1.sec-dns.net', registrarId: 'sec-a' });
    await t.run(UpdateDomainHandler, registrarActor('sec-a'), { name: 'sahib.az', registrarId: 'sec-a', add: { nameservers: ['ns1.sec-dns.net'] } });
    // a pending transfer to a third registrar, so approve/reject/cancel have something to act on
    await t.run(TransferDomainHandler, registrarActor('sec-c'), { op: 'request', name: 'kocen.az', registrarId: 'sec-c', authInfo: 'Kocen-Secret-1' });
  });
  after(() => t?.close());

  describe('hostile XML: 2001, no file contents, the server stays up', () => {
    for (const [label, xml] of HOSTILE) {
      it(label, async () => {
        for (const loggedIn of [false, true]) {
          const epp = loggedIn ? await Epp.login(t, 'sec-a') : (await Epp.connect(t)).epp;
          try {
            const r = await epp.send(xml);
            assert.equal(resultCode(r), 2001, r);
            for (const line of secrets) assert.ok(!r.includes(line), `the response leaks /etc/passwd:\n${r}`);
            assert.doesNotMatch(r, /root:|lollol/);
            assert.ok(r.length < 2_000, 'the response stays small');
            // the session survives a syntax error
            assert.match(await epp.send(eppDoc('<hello/>')), /<greeting>/);
          } finally {
            epp.close();
          }
        }
        const next = await Epp.login(t, 'sec-b');
        assert.equal(resultCode(await next.send(eppDoc(checkWith('bos.az')))), 1000);
        next.close();
      });
    }

    it('5 000 nested elements: 2001, and the session goes on', async () => {
      const epp = await Epp.login(t, 'sec-a');
      const deep = `<?xml version="1.0"?><epp xmlns="${EPP_NS}">${'<a>'.repeat(5_000)}${'</a>'.repeat(5_000)}</epp>`;
      epp.sendRaw(encodeFrame(deep));
      assert.equal(resultCode(await epp.next()), 2001);
      assert.equal(resultCode(await epp.send(eppDoc(checkWith('bos.az')))), 1000);
      epp.close();
    });
  });

  describe('cross-registrar: every transform by B on A\'s objects is 2201 and changes nothing', () => {
    const rows = async () => ({
      domains: (await t.dataSource.query(`SELECT d::text AS r FROM domains d WHERE name IN ('sahib.az', 'kocen.az') ORDER BY name`)).map((x: { r: string }) => x.r),
      contacts: (await t.dataSource.query(`SELECT c::text AS r FROM contacts c WHERE handle IN ('SEC-A1', 'SEC-A2') ORDER BY handle`)).map((x: { r: string }) => x.r),
      hosts: (await t.dataSource.query(`SELECT h::text AS r FROM hosts h WHERE name IN ('ns1.sahib.az', 'ns1.sec-dns.net') ORDER BY name`)).map((x: { r: string }) => x.r),
      links: (await t.dataSource.query(`SELECT x::text AS r FROM domain_nameservers x ORDER BY 1`)).map((x: { r: string }) => x.r),
      transfers: (await t.dataSource.query(`SELECT x::text AS r FROM domain_transfers x ORDER BY id`)).map((x: { r: string }) => x.r),
      balances: (await t.dataSource.query(`SELECT id, balance FROM registrars ORDER BY id`)) as unknown[],
      history: (await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history`)).n,
    });
    const domainCmd = (verb: string, name: string, inner = '', attrs = '') =>
      eppDoc(`<command><${verb}${attrs}><domain:${verb} ${D}><domain:name>${name}</domain:name>${inner}</domain:${verb}></${verb}><clTRID>SEC-X</clTRID></command>`);
    const ATTEMPTS: Array<[string, string]> = [
      ['domain update', domainCmd('update', 'sahib.az', '<domain:add><domain:status s="clientHold"/></domain:add><domain:chg><domain:authInfo><domain:pw>Stolen-1</domain:pw></domain:authInfo></domain:chg>')],
      ['domain update (registrant change)', domainCmd('update', 'sahib.az', '<domain:chg><domain:registrant>SEC-A2</domain:registrant></domain:chg>')],
      ['domain delete', domainCmd('delete', 'sahib.az')],
      ['domain renew', domainCmd('renew', 'sahib.az', '<domain:curExpDate>2027-01-15</domain:curExpDate><domain:period unit="y">1</domain:period>')],
      ['domain transfer approve', domainCmd('transfer', 'kocen.az', '', ' op="approve"')],
      ['domain transfer reject', domainCmd('transfer', 'kocen.az', '', ' op="reject"')],
      ['domain transfer cancel (not the requester)', domainCmd('transfer', 'kocen.az', '', ' op="cancel"')],
      ['domain transfer query (not a party)', domainCmd('transfer', 'kocen.az', '', ' op="query"')],
      [
        'domain restore (rgp)',
        eppDoc(`<command><update><domain:update ${D}><domain:name>sahib.az</domain:name><domain:chg/></domain:update></update><extension><rgp:update xmlns:rgp="urn:ietf:params:xml:ns:rgp-1.0"><rgp:restore op="request"/></rgp:update></extension><clTRID>SEC-X</clTRID></command>`),
      ],
      ['domain info', domainCmd('info', 'sahib.az')],
      ['contact update', eppDoc(`<command><update><contact:update ${C}><contact:id>SEC-A1</contact:id><contact:chg><contact:email>thief@example.az</contact:email></contact:chg></contact:update></update><clTRID>SEC-X</clTRID></command>`)],
      ['contact delete', eppDoc(`<command><delete><contact:delete ${C}><contact:id>SEC-A2</contact:id></contact:delete></delete><clTRID>SEC-X</clTRID></command>`)],
      ['contact info', eppDoc(`<command><info><contact:info ${C}><contact:id>SEC-A2</contact:id></contact:info></info><clTRID>SEC-X</clTRID></command>`)],
      ['host update', eppDoc(`<command><update><host:update ${H}><host:name>ns1.sahib.az</host:name><host:add><host:addr ip="v4">198.51.100.66</host:addr></host:add></host:update></update><clTRID>SEC-X</clTRID></command>`)],
      ['host update (status)', eppDoc(`<command><update><host:update ${H}><host:name>ns1.sec-dns.net</host:name><host:add><host:status s="clientUpdateProhibited"/></host:add></host:update></update><clTRID>SEC-X</clTRID></command>`)],
      ['host delete', eppDoc(`<command><delete><host:delete ${H}><host:name>ns1.sahib.az</host:name></host:delete></delete><clTRID>SEC-X</clTRID></command>`)],
      ['host delete (linked)', eppDoc(`<command><delete><host:delete ${H}><host:name>ns1.sec-dns.net</host:name></host:delete></delete><clTRID>SEC-X</clTRID></command>`)],
    ];
    let b: Epp;
    before(async () => {
      b = await Epp.login(t, 'sec-b');
    });
    after(() => b?.close());

    for (const [label, xml] of ATTEMPTS) {
      it(label, async () => {
        const before = await rows();
        const r = await b.send(xml);
        assert.equal(resultCode(r), 2201, r);
        assert.deepEqual(await rows(), before);
      });
    }

    it('the sponsor can still do all of it (the objects were not locked by the attempts)', async () => {
      const a = await Epp.login(t, 'sec-a');
      assert.equal(resultCode(await a.send(domainCmd('renew', 'sahib.az', '<domain:curExpDate>2027-01-15</domain:curExpDate>'))), 1000);
      assert.equal(resultCode(await a.send(domainCmd('transfer', 'kocen.az', '', ' op="reject"'))), 1000);
      a.close();
    });
  });
});
