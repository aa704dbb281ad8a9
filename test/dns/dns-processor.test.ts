import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { serialOf } from '../../src/dns/zone-file';
import { ZonePublisher } from '../../src/dns/zone-publisher';
import { JobName, QueueName } from '../../src/infrastructure/queue/queue.names';
import { DNS_PUBLISH_ALL_PATTERN, DNS_PUBLISH_CHANGED_EVERY_MS, DnsProcessor } from '../../src/worker/dns.processor';
import { JobRegistry } from '../../src/worker/job-dispatch';
import { startTestApp, type TestApp } from '../support/test-app';
import { dnsPublisher } from './dns-test-helpers';

/** The DNS processor: both job names dispatched to the publisher, both schedules registered. */
describe('DnsProcessor', () => {
  let t: TestApp;
  let zoneDir: string;
  let publisher: ZonePublisher;
  const schedules: unknown[][] = [];
  const queue = { upsertJobScheduler: async (...args: unknown[]) => void schedules.push(args) } as unknown as Queue;
  const job = (name: JobName) => ({ name, data: {} }) as Job;

  before(async () => {
    zoneDir = mkdtempSync(join(tmpdir(), 'azreg-zones-proc-'));
    t = await startTestApp();
    ({ publisher } = await dnsPublisher(t, { ZONE_DIR: zoneDir }));
  });
  after(async () => {
    await t.close();
    rmSync(zoneDir, { recursive: true, force: true });
  });

  it('registers a dispatch table with exactly the two DNS jobs and schedules them', async () => {
    const registry = new JobRegistry();
    const registered: unknown[] = [];
    registry.register = (table) => void registered.push(table);
    const processor = new DnsProcessor(publisher, queue, registry);
    assert.deepEqual(registered, [processor.dispatch]);
    assert.deepEqual(Object.keys(processor.dispatch).sort(), [JobName.DnsPublishAll, JobName.DnsPublishChanged].sort());
    await processor.onApplicationBootstrap();
    assert.deepEqual(schedules, [
      ['dns-publish-changed', { every: DNS_PUBLISH_CHANGED_EVERY_MS }, { name: JobName.DnsPublishChanged, data: {} }],
      ['dns-publish-all', { pattern: DNS_PUBLISH_ALL_PATTERN, tz: 'UTC' }, { name: JobName.DnsPublishAll, data: {} }],
    ]);
  });

  it('publish-all publishes every zone; publish-changed then finds nothing to do', async () => {
    const processor = new DnsProcessor(publisher, queue, new JobRegistry());
    const all = (await processor.process(job(JobName.DnsPublishAll))) as { published: Array<{ zone: string }>; unchanged: string[]; warnings: string[] };
    assert.equal(all.published.length, 14);
    assert.deepEqual(all.unchanged, []);
    // This registry has no nic.az: az is published, with a warning that BIND will refuse it.
    assert.deepEqual(all.warnings, ['ns1.nic.az', 'ns2.nic.az'].map((ns) => `apex name server ${ns} has no address in zone az: delegate its domain with it as an in-bailiwick name server with glue`));
    const changed = (await processor.process(job(JobName.DnsPublishChanged))) as { published: unknown[]; unchanged: string[]; skipped: string[] };
    assert.deepEqual(changed.published, []);
    assert.equal(changed.skipped.length, 14);
    await assert.rejects(processor.process(job('nope' as JobName)), /no processor for job nope/);
  });
});

/** The worker role as the app wires it: the schedules are registered and publish-changed runs. */
describe('DNS publication in the worker role', () => {
  let t: TestApp;
  let zoneDir: string;

  before(async () => {
    zoneDir = mkdtempSync(join(tmpdir(), 'azreg-zones-worker-'));
    t = await startTestApp({ roles: ['worker'], env: { ZONE_DIR: zoneDir } });
  });
  after(async () => {
    await t.close();
    rmSync(zoneDir, { recursive: true, force: true });
  });

  it('schedules both jobs, and the first publish-changed writes every zone to ZONE_DIR', async () => {
    assert.equal(t.get(ZonePublisher).zoneDir, zoneDir);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Dns), { strict: false });
    const schedulers = await queue.getJobSchedulers();
    assert.deepEqual(schedulers.map((s) => s.key).sort(), ['dns-publish-all', 'dns-publish-changed']);
    // Zones are published in name order: pro.az is the last one.
    const last = join(zoneDir, 'pro.az.zone');
    const deadline = Date.now() + 20_000;
    while (!existsSync(last) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(existsSync(last), 'the scheduled publish-changed job published every zone');
    const files = readdirSync(zoneDir).filter((f) => f.endsWith('.zone'));
    assert.equal(files.length, 14);
    for (const f of files) assert.equal(serialOf(readFileSync(join(zoneDir, f), 'utf8')), Math.floor(t.clock.now().getTime() / 1000), f);
  });
});
