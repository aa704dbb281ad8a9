import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { importDeposit } from '../../src/escrow/deposit-importer';
import { verifyDeposit } from '../../src/escrow/deposit-verifier';
import type { EscrowDepositRecord, EscrowService } from '../../src/escrow/escrow.service';
import { RDE_NS } from '../../src/escrow/rde';
import { loadBaseData } from '../../src/demo/demo-data';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { DeleteContactHandler } from '../../src/registry/contacts/commands/delete-contact.handler';
import { UpdateContactHandler } from '../../src/registry/contacts/commands/update-contact.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { DeleteHostHandler } from '../../src/registry/hosts/commands/delete-host.handler';
import { createDomain, DAY } from '../handlers/handler-helpers';
import { registrarActor, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { A, AWKWARD_NAME, B, C, DS, escrowApp, escrowService, populate, registrySnapshot } from './support';

type Libxml2 = typeof import('libxml2-wasm');

/** Names of the objects of one type in a deposit, in file order (from the one-object-per-line layout). */
function objectIds(xml: string, element: string, idElement: string): string[] {
  const re = new RegExp(`<${element}>.*?<${idElement}>([^<]*)</${idElement}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1]);
}

describe('escrow deposits (RFC 8909 / RFC 9022)', () => {
  let t: TestApp;
  let dir: string;
  let escrow: EscrowService;
  let full: EscrowDepositRecord;
  let fullXml: string;

  before(async () => {
    ({ t, dir } = await escrowApp());
    escrow = escrowService(t);
    await populate(t);
    t.clock.advance(3_600_000); // 2026-01-21T11:00Z
    full = await escrow.deposit('FULL', t.clock.now());
    fullXml = await readFile(full.file, 'utf8');
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a FULL deposit to ESCROW_DIR under the escrow file name and records it', async () => {
    assert.equal(full.id, '20260121F');
    assert.equal(full.type, 'FULL');
    assert.equal(full.file, join(dir, 'az_2026-01-21_FULL_S1_R0.xml'));
    assert.deepEqual(full.counts, { registrar: 4, contact: 6, host: 4, domain: 5 });
    const [row] = await t.dataSource.query(`SELECT id, type, watermark, previous_id, file FROM escrow_deposits`);
    assert.deepEqual(row, { id: '20260121F', type: 'FULL', watermark: new Date('2026-01-21T11:00:00Z'), previous_id: null, file: full.file });
    assert.equal((await stat(full.file)).mode & 0o777, 0o600);
  });

  it('is idempotent: the same deposit asked again is the recorded one, the file untouched', async () => {
    const before = await stat(full.file);
    const again = await escrow.deposit('FULL', t.clock.now());
    assert.deepEqual(again, full);
    assert.equal((await stat(full.file)).mtimeMs, before.mtimeMs);
  });

  it('verifies: header counts equal the objects, every reference resolves', async () => {
    const v = await verifyDeposit(full.file);
    assert.deepEqual(v.problems, []);
    assert.equal(v.ok, true);
    assert.deepEqual(v.counts, { domain: 5, host: 4, contact: 6, registrar: 4 });
    assert.deepEqual(v.warnings, []);
    assert.equal(v.type, 'FULL');
    assert.equal(v.id, '20260121F');
    assert.equal(v.watermark, '2026-01-21T11:00:00.000Z');
  });

  it('is well-formed XML with the RFC 9022 namespaces, read back by libxml2', async () => {
    const lib: Libxml2 = await import('libxml2-wasm');
    const doc = lib.XmlDocument.fromString(fullXml, { option: lib.ParseOption.XML_PARSE_NONET });
    try {
      const root = doc.root;
      assert.equal(root.name, 'deposit');
      assert.equal(root.namespaceUri, RDE_NS.rde);
      for (const [prefix, uri] of Object.entries(RDE_NS)) assert.equal(root.nsDeclarations[prefix], uri, prefix);
      const ns = { ...RDE_NS };
      const text = (xpath: string) => String(doc.eval(`string(${xpath})`, ns));
      const count = (xpath: string) => Number(doc.eval(`count(${xpath})`, ns));
      assert.equal(root.attrs.find((a) => a.name === 'type')?.value, 'FULL');
      assert.equal(text('/rde:deposit/rde:watermark'), '2026-01-21T11:00:00.000Z');
      assert.equal(text('/rde:deposit/rde:rdeMenu/rde:version'), '1.0');
      assert.equal(count('/rde:deposit/rde:rdeMenu/rde:objURI'), 5);
      assert.equal(count('//rde:deletes'), 0);
      const c = '/rde:deposit/rde:contents';
      assert.equal(text(`${c}/rdeHeader:header/rdeHeader:tld`), 'az');
      for (const [uri, local, n] of [[RDE_NS.rdeDomain, 'domain', 5], [RDE_NS.rdeHost, 'host', 4], [RDE_NS.rdeContact, 'contact', 6], [RDE_NS.rdeRegistrar, 'registrar', 4]] as const) {
        assert.equal(Number(text(`${c}/rdeHeader:header/rdeHeader:count[@uri='${uri}']`)), n, local);
        assert.equal(count(`${c}/*[namespace-uri()='${uri}' and local-name()='${local}']`), n, local);
      }
      const alpha = `${c}/rdeDomain:domain[rdeDomain:name='alpha.az']`;
      assert.match(text(`${alpha}/rdeDomain:roid`), /^D\d+-AZ$/);
      assert.equal(text(`${alpha}/rdeDomain:registrant`), 'ESC-A1');
      assert.equal(text(`${alpha}/rdeDomain:contact[@type='tech']`), 'ESC-A3');
      assert.equal(count(`${alpha}/rdeDomain:ns/domain:hostObj`), 3);
      assert.equal(text(`${alpha}/rdeDomain:status/@s`), 'clientTransferProhibited');
      assert.equal(text(`${alpha}/rdeDomain:secDNS/secDNS:dsData/secDNS:digest`), DS.digest);
      assert.equal(text(`${alpha}/rdeDomain:secDNS/secDNS:dsData/secDNS:keyTag`), String(DS.keyTag));
      assert.equal(text(`${alpha}/rdeDomain:clID`), A);
      assert.equal(text(`${alpha}/rdeDomain:crDate`), '2026-01-15T10:00:00.000000Z');
      assert.equal(text(`${c}/rdeDomain:domain[rdeDomain:uName='şəki.az']/rdeDomain:name`), 'xn--ki-eta41h.az');
      assert.equal(text(`${c}/rdeDomain:domain[rdeDomain:name='gamma.az']/rdeDomain:rgpStatus/@s`), 'redemptionPeriod');
      assert.equal(text(`${c}/rdeDomain:domain[rdeDomain:name='gamma.az']/rdeDomain:status[@s='pendingDelete']/@s`), 'pendingDelete');
      const a3 = `${c}/rdeContact:contact[rdeContact:id='ESC-A3']`;
      assert.equal(text(`${a3}/rdeContact:postalInfo/contact:name`), AWKWARD_NAME);
      assert.equal(text(`${a3}/rdeContact:postalInfo/@type`), 'loc');
      assert.equal(count(`${a3}/rdeContact:disclose[@flag='1']/contact:*`), 2);
      assert.equal(text(`${c}/rdeContact:contact[rdeContact:id='ESC-A2']/rdeContact:status[1]/@s`), 'clientDeleteProhibited');
      assert.equal(count(`${c}/rdeContact:contact[rdeContact:id='ESC-A2']/rdeContact:status[@s='linked']`), 1);
      const ns1 = `${c}/rdeHost:host[rdeHost:name='ns1.alpha.az']`;
      assert.deepEqual([text(`${ns1}/rdeHost:addr[@ip='v4']`), text(`${ns1}/rdeHost:addr[@ip='v6']`)], ['192.0.2.1', '2001:db8::1']);
      assert.equal(text(`${c}/rdeRegistrar:registrar[rdeRegistrar:id='${B}']/rdeRegistrar:status`), 'ok');
    } finally {
      doc.dispose();
    }
  });

  describe('import into an empty database', () => {
    let db: TestDatabase;
    let restored: DataSource;

    before(async () => {
      db = await createTestDatabase();
      restored = await createDataSource(db.url, 4, 'azreg-escrow-import').initialize();
      await loadBaseData(restored, new Date('2026-01-01T00:00:00Z'));
    });
    after(async () => {
      await restored.destroy();
      await db.drop();
    });

    it('restores the same registrars, contacts, hosts, domains, links, DS, statuses, roids and dates', async () => {
      const result = await importDeposit(full.file, restored);
      assert.deepEqual(result.counts, { domain: 5, host: 4, contact: 6, registrar: 4 });
      const [source, copy] = [await registrySnapshot(t.dataSource), await registrySnapshot(restored)];
      for (const key of Object.keys(source)) assert.deepEqual(copy[key], source[key], key);
      assert.equal(source.domains.length, 5);
      assert.equal(source.nameservers.length, 6);
    });

    it('moves the id sequences past the imported rows and leaves auth info unusable until reset', async () => {
      const [{ next }] = await restored.query(`SELECT nextval(pg_get_serial_sequence('domains', 'id')) AS next`);
      const [{ max }] = await t.dataSource.query(`SELECT max(id) AS max FROM domains`);
      assert.ok(Number(next) > Number(max));
      const [{ n }] = await restored.query(`SELECT count(*)::int AS n FROM domains WHERE auth_info_hash <> '!'`);
      assert.equal(n, 0);
    });

    it('refuses a second import into a database that is no longer empty', async () => {
      await assert.rejects(importDeposit(full.file, restored), /already has contacts, hosts or domains/);
    });
  });

  describe('INCR after changes', () => {
    let incr: EscrowDepositRecord;
    let xml: string;

    before(async () => {
      t.clock.set('2026-01-22T10:00:00Z');
      await t.run(UpdateContactHandler, registrarActor(A), { handle: 'ESC-A3', registrarId: A, change: { voice: '+994.125559999' } });
      await t.run(UpdateDomainHandler, registrarActor(B), { name: 'beta.com.az', registrarId: B, add: { statuses: ['clientHold'] } });
      await t.run(DeleteContactHandler, registrarActor(C), { handle: 'ESC-C1', registrarId: C });
      await t.run(DeleteHostHandler, registrarActor(A), { name: 'ns9.dns-example.com', registrarId: A });
      await createDomain(t, B, 'epsilon.az', 'ESC-B1');
      await t.run(DeleteDomainHandler, registrarActor(B), { name: 'epsilon.az', registrarId: B }); // add grace: purged at once
      t.clock.set('2026-01-22T11:00:00Z');
      incr = await escrow.deposit('INCR', t.clock.now());
      xml = await readFile(incr.file, 'utf8');
    });

    it('names the previous deposit and holds exactly the changed objects and the deletes', async () => {
      assert.equal(incr.id, '20260122I');
      assert.equal(basename(incr.file), 'az_2026-01-22_INCR_S1_R0.xml');
      assert.equal(incr.previousId, full.id);
      assert.match(xml, /<rde:deposit type="INCR" id="20260122I" prevId="20260121F"/);
      assert.deepEqual(objectIds(xml, 'rdeContact:contact', 'rdeContact:id'), ['ESC-A3']);
      assert.deepEqual(objectIds(xml, 'rdeDomain:domain', 'rdeDomain:name'), ['beta.com.az']);
      assert.deepEqual(objectIds(xml, 'rdeHost:host', 'rdeHost:name'), []);
      // Registrars whose balance moved (epsilon.az: debit, then refund) changed as rows.
      assert.deepEqual(objectIds(xml, 'rdeRegistrar:registrar', 'rdeRegistrar:id'), [B]);
      assert.deepEqual(objectIds(xml, 'rdeDomain:delete', 'rdeDomain:name'), ['epsilon.az']);
      assert.deepEqual(objectIds(xml, 'rdeContact:delete', 'rdeContact:id'), ['ESC-C1']);
      assert.deepEqual(objectIds(xml, 'rdeHost:delete', 'rdeHost:name'), ['ns9.dns-example.com']);
      assert.ok(xml.indexOf('<rde:deletes>') < xml.indexOf('<rde:contents>'), 'deletes precede contents (RFC 8909 order)');
      assert.deepEqual(incr.counts, { registrar: 1, contact: 1, host: 0, domain: 1, deletes: { domain: 1, host: 1, contact: 1 } });
      assert.match(xml, /<rdeDomain:status s="clientHold"\/>/);
    });

    it('verifies, with the references that live in earlier deposits as warnings, not problems', async () => {
      const v = await verifyDeposit(incr.file);
      assert.deepEqual(v.problems, []);
      assert.equal(v.ok, true);
      assert.equal(v.prevId, full.id);
      assert.deepEqual(v.deletes, { domain: 1, host: 1, contact: 1 });
      assert.ok(v.warnings.includes('domain beta.com.az: registrant ESC-B1 is not in the deposit'), v.warnings.join('\n'));
      assert.ok(v.warnings.includes('domain beta.com.az: name server ns1.alpha.az is not in the deposit'), v.warnings.join('\n'));
    });

    it('an INCR is never imported', async () => {
      await assert.rejects(importDeposit(incr.file, t.dataSource), /only a FULL deposit/);
    });
  });

  describe('tampered deposits fail verification with a clear problem', () => {
    const tampered = async (name: string, edit: (xml: string) => string) => {
      const file = join(dir, name);
      await writeFile(file, edit(fullXml));
      return verifyDeposit(file);
    };

    it('an edited header count', async () => {
      const v = await tampered('count.xml', (x) => x.replace(`<rdeHeader:count uri="${RDE_NS.rdeDomain}">5<`, `<rdeHeader:count uri="${RDE_NS.rdeDomain}">6<`));
      assert.equal(v.ok, false);
      assert.deepEqual(v.problems, [`header count mismatch for ${RDE_NS.rdeDomain}: header says 6, the deposit holds 5 domain object(s)`]);
    });

    it('a removed contact: the count and the references to it', async () => {
      const v = await tampered('contact.xml', (x) => x.split('\n').filter((l) => !l.includes('<rdeContact:id>ESC-B1</rdeContact:id>')).join('\n'));
      assert.equal(v.ok, false);
      assert.deepEqual(v.problems, [
        `header count mismatch for ${RDE_NS.rdeContact}: header says 6, the deposit holds 5 contact object(s)`,
        'domain beta.com.az: registrant ESC-B1 is not in the deposit',
        'domain beta.com.az: tech contact ESC-B1 is not in the deposit',
      ]);
    });

    it('a missing required element, a truncated file, a DOCTYPE, an unreadable file', async () => {
      const noClid = await tampered('clid.xml', (x) => x.replace(/<rdeHost:clID>[^<]*<\/rdeHost:clID>/, ''));
      assert.match(noClid.problems.join('\n'), /<rdeHost:host> at line \d+: missing <rdeHost:clID>/);
      const cut = await tampered('cut.xml', (x) => x.slice(0, Math.floor(x.length / 2)));
      assert.equal(cut.ok, false);
      assert.match(cut.problems[0], /^not well-formed XML: line \d+: /);
      const dtd = await tampered('dtd.xml', (x) => x.replace('<rde:deposit', '<!DOCTYPE rde:deposit [<!ENTITY e "x">]>\n<rde:deposit'));
      assert.match(dtd.problems[0], /DOCTYPE is not allowed/);
      const missing = await verifyDeposit(join(dir, 'no-such-deposit.xml'));
      assert.match(missing.problems[0], /^cannot read .*no-such-deposit\.xml: ENOENT/);
    });
  });
});
