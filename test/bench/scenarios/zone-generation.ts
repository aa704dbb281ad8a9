/**
 * Zone generation: full generation and atomic publication of `az` from the bench database
 * (stream from PostgreSQL → zone file, fsync, rename), in the bench process, as the worker does it.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/app-config';
import { ZoneGenerator } from '../../../src/dns/zone-generator';
import { ZonePublicationRepository } from '../../../src/dns/zone-publication.repository';
import { ZonePublisher } from '../../../src/dns/zone-publisher';
import { SystemClock } from '../../../src/registry/command/clock';
import { row } from '../bench-report';
import type { Scenario } from '../bench-context';

export interface ZoneRun {
  seconds: number;
  records: number;
  fileBytes: number;
  serial: number;
  /** Peak RSS growth of this process while generating. */
  rssGrowth: number;
  peakRss: number;
  /** Second publication with nothing changed. */
  unchangedSeconds: number;
  /** The change-fingerprint query the 30-second job runs. */
  fingerprintMs: number;
}

/** Samples RSS every 20 ms; `peak()` is the highest value seen since `reset()`. */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return { reset: () => (peak = process.memoryUsage.rss()), peak: () => Math.max(peak, process.memoryUsage.rss()), stop: () => clearInterval(timer) };
}

export async function measureZoneGeneration(ds: DataSource, databaseUrl: string): Promise<ZoneRun> {
  const zoneDir = await mkdtemp(join(tmpdir(), 'azreg-zone-bench-'));
  const rss = rssSampler();
  try {
    const config = loadConfig({ ZONE_DIR: zoneDir, DATABASE_URL: databaseUrl });
    const generator = new ZoneGenerator(ds, config);
    const publisher = new ZonePublisher(config, new SystemClock(), generator);
    const baseRss = process.memoryUsage.rss();
    rss.reset();
    let t = performance.now();
    const first = await publisher.publish('az');
    const seconds = (performance.now() - t) / 1000;
    const peakRss = rss.peak();
    const fileBytes = (await stat(first.file)).size;
    t = performance.now();
    await publisher.publish('az');
    const unchangedSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await generator.withClient((c) => new ZonePublicationRepository().fingerprints(c));
    const fingerprintMs = performance.now() - t;
    return { seconds, records: first.records, fileBytes, serial: first.serial, rssGrowth: peakRss - baseRss, peakRss, unchangedSeconds, fingerprintMs };
  } finally {
    rss.stop();
    await rm(zoneDir, { recursive: true, force: true });
  }
}

const MB = 1024 * 1024;

export function zoneRows(scenario: string, domains: number, z: ZoneRun, target?: { seconds: number }): ReturnType<typeof row>[] {
  return [
    row(scenario, `generate + publish az, ${domains.toLocaleString('en')} domains`, z.seconds, 's', target ? { target: `< ${target.seconds} s`, met: z.seconds < target.seconds } : {}),
    row(scenario, 'zone generation rate', domains / z.seconds, 'domains/s'),
    row(scenario, 'zone file size', z.fileBytes / MB, 'MB'),
    row(scenario, 'generator RSS growth', z.rssGrowth / MB, 'MB'),
  ];
}

export const zoneGeneration: Scenario = {
  name: 'zone',
  describe: 'generate and publish the az zone from the loaded domains',
  async run(ctx) {
    const z = await measureZoneGeneration(ctx.env.ds, ctx.env.url);
    const [{ n }] = await ctx.env.query<{ n: number }>(`SELECT count(*)::int AS n FROM domains WHERE zone = 'az' AND purged_at IS NULL`);
    return zoneRows('Zone', n, z);
  },
};
