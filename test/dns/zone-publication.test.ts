import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import { serialOf } from '../../src/dns/zone-file';
import { ZoneGenerator } from '../../src/dns/zone-generator';
import type { ZonePublisher } from '../../src/dns/zone-publisher';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { UpdateHostHandler } from '../../src/registry/hosts/commands/update-host.handler';
import { createDomain, DAY } from '../handlers/handler-helpers';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { dnsPublisher, GOLDEN_DIR, namedCheckzone, withSerialPlaceholder } from './dns-test-helpers';

const R = 'dns-reg';
const DIGEST_A = 'E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766';
const DIGEST_B = '4315A6F6E50B4A3B3BBA9E5E9C3A79BDE7D8B3A3E3F5A8F1C9A0D0E9B8C7D6E5';
const IDN = domainToASCII('şəki.az');
/** A zone file's text with its SOA serial replaced. */
const withSerial = (text: string, serial: number) => text.replace(/^(\S+\tIN\tSOA\t\S+ \S+ )\d+ /m, (_all, head: string) => `${head}${serial} `);

/**
 * Zone generation and publication on a representative registry: golden files for `az` and
 * `com.az`, named-checkzone on every zone, serials, change detection, atomic replacement and the
 * reload command.
 */
describe('DNS zone publication', () => {
  let t: TestApp;
  let zoneDir: string;
  let publisher: ZonePublisher;
  const read = (zone: string) => readFileSync(join(zoneDir, `${zone}.zone`), 'utf8');
  const serial = (zone: string) => serialOf(read(zone));
  const host = (name: string, addresses?: string[]) => t.run(CreateHostHandler, registrarActor(R), { name, registrarId: R, addresses });
  const update = (name: string, change: Omit<Parameters<UpdateDomainHandler['handle']>[1], 'name' | 'registrarId'>) =>
    t.run(UpdateDomainHandler, registrarActor(R), { name, registrarId: R, ...change });
  const publications = async (zone: string) => Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM zone_publications WHERE zone = $1`, [zone])).n);

  before(async () => {
    zoneDir = mkdtempSync(join(tmpdir(), 'azreg-zones-'));
    t = await startTestApp({ env: { ZONE_DIR: zoneDir } });
    ({ publisher } = await dnsPublisher(t, { ZONE_DIR: zoneDir }));
    await newRegistrar(t, R);
    await newContact(t, R, 'DNS-C1');
    const ext = ['ns1.dns-provider.example', 'ns2.dns-provider.example'];
    for (const h of ext) await host(h);

    // The registry's own domain: the apex name servers of `az` live under it, with v4 and v6 glue.
    await createDomain(t, R, 'nic.az', 'DNS-C1');
    await host('ns1.nic.az', ['192.0.2.1', '2001:db8::1']);
    await host('ns2.nic.az', ['192.0.2.2']);
    await update('nic.az', { add: { nameservers: ['ns1.nic.az', 'ns2.nic.az'] } });

    // In-bailiwick glue (v4 + v6), DS; ns3 exists but is not a name server of the domain: no glue.
    await createDomain(t, R, 'example.az', 'DNS-C1');
    await host('ns1.example.az', ['198.51.100.10', '2001:DB8:10::10']);
    await host('ns2.example.az', ['198.51.100.11']);
    await host('ns3.example.az', ['198.51.100.12']);
    await update('example.az', {
      add: { nameservers: ['ns2.example.az', 'ns1.example.az'], dsRecords: [{ keyTag: 12345, alg: 13, digestType: 2, digest: DIGEST_A.toLowerCase() }] },
    });

    await createDomain(t, R, 'external.az', 'DNS-C1', { nameservers: ext });
    // A name server under another domain of the zone: NS only, no (sibling) glue.
    await createDomain(t, R, 'sibling.az', 'DNS-C1', { nameservers: ['ns1.example.az', 'ns1.dns-provider.example'] });
    await createDomain(t, R, 'şəki.az', 'DNS-C1', { nameservers: ext, dsRecords: [{ keyTag: 4711, alg: 8, digestType: 2, digest: DIGEST_B }] });
    // An in-bailiwick name server without an address is left out; the other one stays.
    await createDomain(t, R, 'noglue.az', 'DNS-C1');
    await host('ns1.noglue.az');
    await update('noglue.az', { add: { nameservers: ['ns1.noglue.az', 'ns2.dns-provider.example'] } });
    // Only an unreachable name server: not delegated at all. No name servers: not delegated.
    await createDomain(t, R, 'lame.az', 'DNS-C1');
    await host('ns.lame.az');
    await update('lame.az', { add: { nameservers: ['ns.lame.az'] } });
    await createDomain(t, R, 'nons.az', 'DNS-C1');

    // Not published: clientHold (registrar), serverHold (registry), pendingCreate, pendingDelete.
    await createDomain(t, R, 'clienthold.az', 'DNS-C1', { nameservers: ext });
    await update('clienthold.az', { add: { statuses: ['clientHold'] } });
    await createDomain(t, R, 'serverhold.az', 'DNS-C1', { nameservers: ext });
    await t.dataSource.query(`UPDATE domains SET statuses = statuses || '{serverHold}' WHERE name = 'serverhold.az'`);
    await createDomain(t, R, 'pending.az', 'DNS-C1', { nameservers: ext });
    await t.dataSource.query(`UPDATE domains SET statuses = statuses || '{pendingCreate}' WHERE name = 'pending.az'`);
    await createDomain(t, R, 'redemption.az', 'DNS-C1', { nameservers: ext });
    const restricted = await createDomain(t, R, 'nazirlik.gov.az', 'DNS-C1', { nameservers: ext });
    assert.equal(restricted.pendingCreate, true);

    // com.az: glue in the second-level zone, a name server in `az` (out of zone: no glue), a hold.
    await createDomain(t, R, 'shop.com.az', 'DNS-C1');
    await host('ns1.shop.com.az', ['203.0.113.5', '2001:db8:5::5']);
    await update('shop.com.az', { add: { nameservers: ['ns1.shop.com.az', 'ns1.dns-provider.example'] } });
    await createDomain(t, R, 'ext.com.az', 'DNS-C1', { nameservers: ['ns1.example.az', 'ns2.dns-provider.example'], dsRecords: [{ keyTag: 1, alg: 13, digestType: 2, digest: DIGEST_A }] });
    await createDomain(t, R, 'held.com.az', 'DNS-C1', { nameservers: ext });
    await update('held.com.az', { add: { statuses: ['clientHold'] } });

    // Past the add grace period a delete goes to redemption (pendingDelete) instead of purging.
    t.clock.advance(6 * DAY);
    const deleted = await t.run(DeleteDomainHandler, registrarActor(R), { name: 'redemption.az', registrarId: R });
    assert.equal(deleted.purged, false);
  });
  after(async () => {
    await t.close();
    rmSync(zoneDir, { recursive: true, force: true });
  });

  it('publishes every zone, with the publication time as serial, and records each publication', async () => {
    const report = await publisher.publishAll();
    assert.equal(report.results.length, 14);
    assert.ok(report.results.every((r) => r.status === 'published'), JSON.stringify(report.results.map((r) => [r.zone, r.status])));
    assert.deepEqual(report.results.flatMap((r) => r.warnings), [], 'nic.az carries the glue of the apex name servers');
    const expected = Math.floor(t.clock.now().getTime() / 1000);
    for (const r of report.results) {
      assert.equal(r.serial, expected, r.zone);
      assert.equal(serial(r.zone), expected, r.zone);
      const row = await queryOne<{ serial: string; records: string; sha256: string }>(t, `SELECT serial, records, sha256 FROM zone_publications WHERE zone = $1`, [r.zone]);
      assert.equal(Number(row.serial), expected);
      assert.equal(Number(row.records), r.records);
      // sha256 is that of the file as it reads with serial 0.
      const zeroed = withSerial(read(r.zone), 0);
      assert.equal(row.sha256, createHash('sha256').update(zeroed).digest('hex'));
    }
  });

  for (const zone of ['az', 'com.az']) {
    it(`${zone} matches test/dns/golden/${zone}.zone`, () => {
      const actual = withSerialPlaceholder(read(zone));
      const golden = join(GOLDEN_DIR, `${zone}.zone`);
      if (process.env.DNS_GOLDEN_UPDATE === '1') writeFileSync(golden, actual);
      assert.equal(actual, readFileSync(golden, 'utf8'));
    });
  }

  it('leaves out held, pending and unreachable domains; IDNs appear as A-labels', () => {
    const az = read('az');
    for (const gone of ['clienthold.az.', 'serverhold.az.', 'pending.az.', 'redemption.az.', 'nons.az.', 'lame.az.', 'ns.lame.az.', 'ns1.noglue.az.', 'ns3.example.az.']) {
      assert.ok(!az.includes(gone), `${gone} must not be in az`);
    }
    assert.match(az, new RegExp(`^${IDN.replace(/\./g, '\\.')}\\.\\tIN\\tNS\\tns1\\.dns-provider\\.example\\.$`, 'm'));
    assert.ok(!read('gov.az').includes('nazirlik'), 'a pendingCreate application is not delegated');
    assert.ok(!read('com.az').includes('held.com.az'));
    // Glue only under the domain that contains the host: ns1.example.az's addresses appear once.
    assert.equal(az.split('\n').filter((l) => l.startsWith('ns1.example.az.\tIN\tA\t')).length, 1);
  });

  it('every zone passes named-checkzone (bind9-utils)', async () => {
    for (const zone of readdirSync(zoneDir).filter((f) => f.endsWith('.zone')).map((f) => f.slice(0, -'.zone'.length))) {
      const { code, output } = await namedCheckzone(zone, join(zoneDir, `${zone}.zone`));
      assert.equal(code, 0, `named-checkzone ${zone}:\n${output}`);
      assert.match(output, /OK/, output);
      assert.doesNotMatch(output, /REQUIRED GLUE|has no address records|not loaded/, `${zone}: ${output}`);
    }
  });

  it('nothing changed: no file is rewritten and no serial is used, however often it runs', async () => {
    const before = Object.fromEntries(['az', 'com.az'].map((z) => [z, { serial: serial(z), ino: statSync(join(zoneDir, `${z}.zone`)).ino }]));
    const count = await publications('az');
    t.clock.advance(60_000);
    for (const report of [await publisher.publishAll(), await publisher.publishChanged()]) {
      assert.ok(report.results.every((r) => r.status === 'unchanged'), JSON.stringify(report.results));
    }
    assert.equal((await publisher.publishChanged()).results.length, 0, 'the fingerprints are unchanged: nothing is even regenerated');
    for (const z of ['az', 'com.az']) {
      assert.equal(serial(z), before[z].serial);
      assert.equal(statSync(join(zoneDir, `${z}.zone`)).ino, before[z].ino);
    }
    assert.equal(await publications('az'), count);
  });

  it('a change republishes its zone only, with a higher serial, within one publishChanged', async () => {
    const azBefore = serial('az')!;
    const comBefore = serial('com.az')!;
    t.clock.advance(60_000);
    await update('clienthold.az', { remove: { statuses: ['clientHold'] } });
    const report = await publisher.publishChanged();
    assert.deepEqual(report.results.map((r) => [r.zone, r.status]), [['az', 'published']]);
    assert.ok(report.skipped.includes('com.az'));
    assert.equal(serial('az'), Math.floor(t.clock.now().getTime() / 1000));
    assert.ok(serial('az')! > azBefore);
    assert.equal(serial('com.az'), comBefore);
    assert.match(read('az'), /^clienthold\.az\.\tIN\tNS\tns1\.dns-provider\.example\.$/m);
  });

  it('the serial still increases in the same second and with the clock set back', async () => {
    const first = serial('az')!;
    await update('clienthold.az', { add: { statuses: ['clientHold'] } });
    assert.equal((await publisher.publish('az')).serial, first + 1, 'same second: last + 1');
    t.clock.advance(-3_600_000);
    await update('clienthold.az', { remove: { statuses: ['clientHold'] } });
    const r = await publisher.publish('az');
    assert.equal(r.status, 'published');
    assert.equal(r.serial, first + 2, 'clock set back: last + 1');
    t.clock.advance(3_600_000 + 1_000);
  });

  it('detects changes that leave a domain row untouched or carry an old timestamp (host glue, SQL)', async () => {
    await t.run(UpdateHostHandler, registrarActor(R), { name: 'ns2.example.az', registrarId: R, addAddresses: ['2001:db8:11::11'] });
    let report = await publisher.publishChanged();
    assert.deepEqual(report.results.filter((r) => r.status === 'published').map((r) => r.zone), ['az'], 'the host change republishes az');
    assert.equal(report.results.length, 14, 'a host change makes every zone a candidate (hosts are not tied to one zone)');
    assert.match(read('az'), /^ns2\.example\.az\.\tIN\tAAAA\t2001:db8:11::11$/m);
    // A registry-side status change whose updated_at is in the past is caught all the same.
    await t.dataSource.query(`UPDATE domains SET statuses = statuses || '{serverHold}', updated_at = '2020-01-01' WHERE name = 'external.az'`);
    report = await publisher.publishChanged();
    assert.deepEqual(report.results.filter((r) => r.status === 'published').map((r) => r.zone), ['az']);
    assert.ok(!read('az').includes('external.az.'));
  });

  it('replaces the file atomically: a new inode renamed over the old one, never a partial file, no temp files left', async () => {
    const file = join(zoneDir, 'az.zone');
    const inode = statSync(file).ino;
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const text = readFileSync(file, 'utf8');
        assert.ok(text.endsWith('\n') && serialOf(text) !== null, 'a reader saw a partial zone file');
        assert.ok(text.includes('nic.az.\tIN\tNS\tns1.nic.az.'), 'a reader saw a truncated zone file');
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1_000);
      await t.dataSource.query(`UPDATE domains SET statuses = $1 WHERE name = 'external.az'`, [i % 2 === 0 ? '{}' : '{serverHold}']);
      assert.equal((await publisher.publish('az')).status, 'published');
    }
    stop = true;
    await reader;
    assert.ok(reads > 0);
    assert.notEqual(statSync(file).ino, inode);
    assert.deepEqual(readdirSync(zoneDir).filter((f) => f.includes('.tmp-')), []);
  });

  it('runs the reload command after a publication ({zone} substituted), reports a failing one without throwing', async () => {
    const reloads = join(zoneDir, 'reloads');
    const { publisher: reloading } = await dnsPublisher(t, { ZONE_DIR: zoneDir, ZONE_RELOAD_COMMAND: `echo {zone} >> ${reloads}` });
    t.clock.advance(1_000);
    await update('clienthold.az', { add: { statuses: ['clientHold'] } });
    const r = await reloading.publish('az');
    assert.equal(r.status, 'published');
    assert.deepEqual(r.reload && { ok: r.reload.ok, command: r.reload.command }, { ok: true, command: `echo az >> ${reloads}` });
    assert.equal(readFileSync(reloads, 'utf8'), 'az\n');
    assert.equal((await reloading.publish('az')).reload, undefined, 'nothing published, nothing reloaded');
    assert.equal(readFileSync(reloads, 'utf8'), 'az\n');

    const { publisher: failing } = await dnsPublisher(t, { ZONE_DIR: zoneDir, ZONE_RELOAD_COMMAND: 'echo cannot reload {zone} >&2; exit 3' });
    t.clock.advance(1_000);
    await update('clienthold.az', { remove: { statuses: ['clientHold'] } });
    const f = await failing.publish('az');
    assert.equal(f.status, 'published');
    assert.equal(f.reload?.ok, false);
    assert.equal(f.reload?.exitCode, 3);
    assert.equal(f.reload?.error, 'cannot reload az');
  });

  it('ZoneGenerator.generate streams the zone file text for a given serial', async () => {
    const { module } = await dnsPublisher(t, { ZONE_DIR: zoneDir });
    let text = '';
    for await (const chunk of module.get(ZoneGenerator).generate('com.az', 42)) text += chunk.text;
    assert.equal(text, withSerial(read('com.az'), 42));
  });

  it('a missing zone file is published again, with a new serial', async () => {
    const before = serial('com.az')!;
    rmSync(join(zoneDir, 'com.az.zone'));
    t.clock.advance(1_000);
    const r = await publisher.publish('com.az');
    assert.equal(r.status, 'published');
    assert.ok(existsSync(join(zoneDir, 'com.az.zone')));
    assert.ok(r.serial > before);
  });
});
