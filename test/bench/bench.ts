/**
 * `npm run bench [-- <scenario>...] [--json <file>] [--domains N] [--scale-domains N] [--duration S] [--warmup S] [--quick] [--cpu-prof <dir>]`
 *
 * Creates a fresh database (azreg_bench_<pid>, dropped at the end) on the configured PostgreSQL
 * (DATABASE_URL, default 127.0.0.1:5432 as root) and its own Redis key prefix, loads registrars and
 * `--domains` domains with SQL, starts azreg as a child process, runs the scenarios, measures the
 * baselines in the same run, and prints one table (and writes it as JSON with --json).
 * See README "Benchmarks".
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { loadavg, cpus } from 'node:os';
import { Logger } from '@nestjs/common';
import { BenchContext, type BenchOptions, type Measured, type Scenario } from './bench-context';
import { BenchEnv, processMemory } from './bench-env';
import { redisGet } from './baselines';
import { formatTable, row, type BenchRow } from './bench-report';
import { drop, eppCheck, eppCreate, landrush } from './scenarios/epp-scenarios';
import { holdStorm } from './scenarios/hold-storm';
import { rdap, rdapUncached, whois, whoisUncached } from './scenarios/lookup-scenarios';
import { measureZoneGeneration, zoneGeneration, zoneRows } from './scenarios/zone-generation';

const SCENARIOS: Scenario[] = [eppCreate, eppCheck, whois, rdap, whoisUncached, rdapUncached, landrush, drop, holdStorm, zoneGeneration];
/** The load scenarios the scale run repeats with the large data set. */
const SCALED = [eppCreate, eppCheck, whois, rdap, whoisUncached, rdapUncached];
const ALL = [...SCENARIOS.map((s) => s.name), 'scale'];

interface Args extends BenchOptions {
  scenarios: string[];
  json?: string;
  cpuProfDir?: string;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const args: Args = { scenarios: [], durationS: quick ? 5 : 30, warmupS: quick ? 1 : 5, domains: 10_000, scaleDomains: quick ? 100_000 : 1_000_000, quick };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (v: string, min = 1) => {
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new Error(`${a}: expected an integer ≥ ${min}, got ${v}`);
      return n;
    };
    if (a === '--quick') continue;
    else if (a === '--json') args.json = value();
    else if (a === '--domains') args.domains = int(value());
    else if (a === '--scale-domains') args.scaleDomains = int(value());
    else if (a === '--duration') args.durationS = int(value());
    else if (a === '--warmup') args.warmupS = int(value(), 0);
    else if (a === '--cpu-prof') args.cpuProfDir = value();
    else if (a === '--help' || a === '-h') {
      console.log(`usage: npm run bench -- [${ALL.join('|')}]... [--json file] [--domains N] [--scale-domains N] [--duration S] [--warmup S] [--quick] [--cpu-prof dir]`);
      for (const s of SCENARIOS) console.log(`  ${s.name.padEnd(11)} ${s.describe}`);
      console.log(`  ${'scale'.padEnd(11)} ${SCALED.map((s) => s.name).join(', ')} again with --scale-domains loaded, zone generation, server peak RSS`);
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (ALL.includes(a)) args.scenarios.push(a);
    else throw new Error(`unknown scenario ${a} (known: ${ALL.join(', ')})`);
  }
  if (args.scenarios.length === 0) args.scenarios = ALL;
  if (args.scaleDomains <= args.domains) throw new Error('--scale-domains must exceed --domains');
  return args;
}

const load1 = () => loadavg()[0];

function compare(scenario: string, base: Measured, scaled: Measured, domains: number, scaleDomains: number): BenchRow[] {
  const label = `${(scaleDomains / 1000).toLocaleString('en')}k vs ${(domains / 1000).toLocaleString('en')}k domains`;
  return [
    row('Scale', `${scenario} ${scaled.unit}, ${label}`, scaled.perSecond, scaled.unit, { baseline: base.perSecond, target: '≥ 0.8 ×', met: scaled.perSecond >= 0.8 * base.perSecond }),
    row('Scale', `${scenario} p99, ${label}`, scaled.p99, 'ms', { baseline: base.p99, target: '≤ 2 ×', met: scaled.p99 <= 2 * base.p99 }),
  ];
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']); // the zone generator's warnings about the bench's apex name servers are expected
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const rows: BenchRow[] = [row('Machine', `load average (1 min) at start, ${cpus().length} cores`, load1(), 'load')];
  // Machines of one kind differ most in what a wake-up across processes costs (virtualised
  // interrupts), and every scenario here is made of such round trips: record it with the figures.
  const rtt = await redisGet(1, () => undefined, 20_000);
  rows.push(row('Machine', 'loopback round trip to another process (redis-benchmark GET, 1 client, average)', rtt.avgMs * 1000, 'µs'));
  log(`scenarios: ${args.scenarios.join(', ')}; duration ${args.durationS} s after ${args.warmupS} s warm-up; ${args.domains.toLocaleString('en')} domains, scale ${args.scaleDomains.toLocaleString('en')}; load ${load1().toFixed(2)}`);
  const env = new BenchEnv({ log, cpuProfDir: args.cpuProfDir });
  let failed = false;
  try {
    await env.create();
    await env.query(`UPDATE zones SET hold_minutes = 1 WHERE name = 'pro.az'`); // hold storm: one-minute holds
    await env.addRegistrars();
    await env.seed(args.domains, 'bulk');
    const server = await env.startServer('api,epp,whois');
    const ctx = new BenchContext(env, server, args, log);
    const run = async (s: Scenario) => {
      log(`${s.name}: ${s.describe} (load ${load1().toFixed(2)})`);
      const out = await s.run(ctx);
      for (const r of out) log(`  ${r.figure}: ${r.value} ${r.unit}${r.baseline !== null ? ` (baseline ${r.baseline})` : ''}${r.met === false ? '  MISSED' : ''}`);
      rows.push(...out);
    };
    for (const s of SCENARIOS) if (args.scenarios.includes(s.name)) await run(s);

    if (args.scenarios.includes('scale')) {
      for (const s of SCALED) if (!ctx.measured.has(s.name)) await run(s);
      const base = new Map(ctx.measured);
      await env.seed(args.scaleDomains - args.domains, 'scale');
      ctx.addLoaded('scale', args.scaleDomains - args.domains);
      ctx.phase = 'b';
      for (const s of SCALED) {
        log(`scale: ${s.name} with ${args.scaleDomains.toLocaleString('en')} domains (load ${load1().toFixed(2)})`);
        await s.run(ctx);
        rows.push(...compare(s.name, base.get(s.name)!, ctx.measured.get(s.name)!, args.domains, args.scaleDomains));
      }
      log(`scale: zone generation (load ${load1().toFixed(2)})`);
      const z = await measureZoneGeneration(env.ds, env.url);
      rows.push(...zoneRows('Scale', args.scaleDomains, z, { seconds: 60 }));
    }
    const mem = await processMemory(server.pid);
    rows.push(row('Server', 'peak RSS of the azreg process (VmHWM)', mem.peakRss / 1024 / 1024, 'MB'));
    await server.stop();
    rows.push(row('Machine', 'load average (1 min) at end', load1(), 'load'));
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await env.destroy();
  }
  console.log('');
  console.log(formatTable(rows));
  console.log(`\n${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (args.cpuProfDir) console.log(`server CPU profile(s) in ${args.cpuProfDir} (open in Chrome DevTools → Performance)`);
  if (args.json) await writeFile(args.json, `${JSON.stringify(rows, null, 2)}\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
