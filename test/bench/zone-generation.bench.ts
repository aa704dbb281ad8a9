/**
 * Zone generation benchmark: seeds N domains (default 100,000; `1000000` works) into a fresh,
 * migrated database with SQL `generate_series`, then times the full generation and publication of
 * `az` (stream from PostgreSQL → zone file, fsync, rename), a second run that finds nothing changed,
 * and the change-fingerprint query the 30-second job runs. Prints domains/s, times and peak RSS.
 *
 *   npx tsc -p tsconfig.json && node dist/test/bench/zone-generation.bench.js [N]
 *
 * Uses TEST_DATABASE_URL (default postgres://root@127.0.0.1:5432/postgres) to create and drop
 * its own database; the test template is not touched.
 */
import 'reflect-metadata';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { loadBaseData } from '../../src/demo/demo-data';
import { ZoneGenerator } from '../../src/dns/zone-generator';
import { ZonePublicationRepository } from '../../src/dns/zone-publication.repository';
import { ZonePublisher } from '../../src/dns/zone-publisher';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { SystemClock } from '../../src/registry/command/clock';
import { seedDomains } from '../dns/zone-seed';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Samples RSS every 20 ms; `peak()` is the highest value seen since `reset()`. */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return {
    reset: () => (peak = process.memoryUsage.rss()),
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const n = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: zone-generation.bench.js [N ≥ 1], got ${process.argv[2]}`);
  const dbName = `azreg_bench_zone_${process.pid}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const zoneDir = await mkdtemp(join(tmpdir(), 'azreg-zone-bench-'));
  await admin(`CREATE DATABASE ${dbName}`);
  const ds = createDataSource(url.toString(), 4, 'azreg-bench');
  const rss = rssSampler();
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const now = new Date();
    await loadBaseData(ds, now);

    let t = performance.now();
    const seeded = await seedDomains(ds, n, { now });
    const seedMs = performance.now() - t;
    console.log(`seeded ${seeded.domains} domains in az (${seeded.withDs} with DS, ${seeded.withGlue} with in-bailiwick glue) in ${secs(seedMs)}`);

    const config = loadConfig({ ZONE_DIR: zoneDir, DATABASE_URL: url.toString() });
    const generator = new ZoneGenerator(ds, config);
    const publisher = new ZonePublisher(config, new SystemClock(), generator);

    const baseRss = process.memoryUsage.rss();
    rss.reset();
    t = performance.now();
    const first = await publisher.publish('az');
    const firstMs = performance.now() - t;
    const firstPeak = rss.peak();
    const size = (await stat(first.file)).size;
    console.log(
      `generate+publish az: ${secs(firstMs)}, ${Math.round(n / (firstMs / 1000)).toLocaleString('en')} domains/s, ` +
        `${first.records.toLocaleString('en')} records, ${mb(size)} file, serial ${first.serial}`,
    );
    console.log(`  RSS before ${mb(baseRss)}, peak ${mb(firstPeak)} (growth ${mb(firstPeak - baseRss)})`);

    t = performance.now();
    const second = await publisher.publish('az');
    console.log(`regenerate az, nothing changed: ${secs(performance.now() - t)} (status ${second.status}, serial ${second.serial})`);

    const repo = new ZonePublicationRepository();
    t = performance.now();
    await generator.withClient((c) => repo.fingerprints(c));
    console.log(`change fingerprint query (every 30 s): ${(performance.now() - t).toFixed(0)} ms`);

    t = performance.now();
    const changed = await publisher.publishChanged();
    console.log(`publishChanged with nothing changed: ${(performance.now() - t).toFixed(0)} ms (${changed.results.length} zones regenerated — fingerprints are per process, so all once)`);
    t = performance.now();
    const again = await publisher.publishChanged();
    console.log(`publishChanged again: ${(performance.now() - t).toFixed(0)} ms (${again.results.length} zones regenerated, ${again.skipped.length} skipped)`);
    console.log(`peak RSS over the whole run: ${mb(rss.peak())}`);
  } finally {
    rss.stop();
    if (ds.isInitialized) await ds.destroy();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await rm(zoneDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
