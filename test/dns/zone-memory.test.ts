import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ZonePublisher } from '../../src/dns/zone-publisher';
import { startTestApp, type TestApp } from '../support/test-app';
import { dnsPublisher, namedCheckzone, sampleRss } from './dns-test-helpers';
import { seedDomains } from './zone-seed';

const DOMAINS = 20_000;
const MB = 1024 * 1024;

/** Generation streams: a zone of 20,000 domains must not make the process grow by its size. */
describe('DNS zone generation memory', () => {
  let t: TestApp;
  let zoneDir: string;
  let publisher: ZonePublisher;

  before(async () => {
    zoneDir = mkdtempSync(join(tmpdir(), 'azreg-zones-mem-'));
    t = await startTestApp({ env: { ZONE_DIR: zoneDir } });
    // Name servers outside az: no nic.az here to carry their glue (named-checkzone requires it).
    ({ publisher } = await dnsPublisher(t, { ZONE_DIR: zoneDir, DNS_ZONE_NAMESERVERS: 'a.ns.example.net,b.ns.example.net', DNS_HOSTMASTER: 'dns.admin@example.net' }));
    const seeded = await seedDomains(t.dataSource, DOMAINS, { now: t.clock.now() });
    assert.equal(seeded.domains, DOMAINS);
  });
  after(async () => {
    await t.close();
    rmSync(zoneDir, { recursive: true, force: true });
  });

  it(`publishes az with ${DOMAINS.toLocaleString('en')} domains streaming: RSS grows < 50 MB, and named-checkzone accepts it`, async (ctx) => {
    const baseline = process.memoryUsage.rss();
    const rss = sampleRss();
    const started = performance.now();
    const r = await publisher.publish('az');
    const ms = performance.now() - started;
    const growth = rss.stop() - baseline;
    ctx.diagnostic(`az: ${DOMAINS} domains, ${r.records} records in ${ms.toFixed(0)} ms; RSS growth ${(growth / MB).toFixed(1)} MB`);
    assert.equal(r.status, 'published');
    // SOA + 2 apex NS + 13 child zones × 2 NS + 2 NS per domain + glue (2 per 100th) + DS (1 per 20th).
    assert.equal(r.records, 1 + 2 + 26 + DOMAINS * 2 + (DOMAINS / 100) * 3 + DOMAINS / 20);
    assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
    // `-i local`: every in-zone check (required glue, apex addresses), without one resolver
    // lookup per out-of-zone name server (zone-publication.test.ts runs the full check).
    const check = await namedCheckzone('az', r.file, ['-i', 'local']);
    assert.equal(check.code, 0, check.output);
    const head = readFileSync(r.file, 'utf8').slice(0, 300);
    assert.match(head, /^az\.\tIN\tSOA\ta\.ns\.example\.net\. dns\\\.admin\.example\.net\. \d+ /m, 'SOA from the settings (mailbox dot escaped)');
  });
});
