/**
 * Zone generation benchmark on its own: seeds N domains (default 100,000; `1000000` works) into a
 * fresh, migrated database with SQL `generate_series`, then times the full generation and
 * publication of `az`, a second run that finds nothing changed, and the change-fingerprint query.
 * The same measurement is the `zone` scenario of `npm run bench` (test/bench/bench.ts).
 *
 *   npm run build && node dist/test/bench/zone-generation.bench.js [N]
 *
 * Uses DATABASE_URL's server (default postgres://root@127.0.0.1:5432) to create and drop its own database.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { BenchEnv } from './bench-env';
import { measureZoneGeneration } from './scenarios/zone-generation';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const n = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: zone-generation.bench.js [N ≥ 1], got ${process.argv[2]}`);
  const env = new BenchEnv({ log: (l) => console.log(l) });
  try {
    await env.create();
    await env.seed(n, 'bulk');
    const z = await measureZoneGeneration(env.ds, env.url);
    console.log(`generate+publish az: ${z.seconds.toFixed(2)} s, ${Math.round(n / z.seconds).toLocaleString('en')} domains/s, ${z.records.toLocaleString('en')} records, ${mb(z.fileBytes)} file, serial ${z.serial}`);
    console.log(`  RSS peak ${mb(z.peakRss)} (growth ${mb(z.rssGrowth)})`);
    console.log(`regenerate az, nothing changed: ${z.unchangedSeconds.toFixed(2)} s; change fingerprint query (every 30 s): ${z.fingerprintMs.toFixed(0)} ms`);
  } finally {
    await env.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
