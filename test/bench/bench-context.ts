/** What every scenario gets: the environment, the running server, options, and the baselines (measured once, on first use). */
import { join } from 'node:path';
import { DEV_CERT_FILE, DEV_KEY_FILE } from '../../src/epp/transport/dev-certificate';
import type { BenchEnv, ServerProcess } from './bench-env';
import { createXml } from './epp-load';
import * as base from './baselines';
import type { Throughput } from './baselines';
import type { BenchRow } from './bench-report';

export interface BenchOptions {
  durationS: number;
  /** Unmeasured warm-up before each load scenario's measured window (default 5 s). */
  warmupS: number;
  /** Domains loaded before the scenarios (default 10,000). */
  domains: number;
  /** Domains loaded for the scale run (default 1,000,000). */
  scaleDomains: number;
  quick: boolean;
}

/** Throughput and p99 of one load scenario, kept for the scale comparison. */
export interface Measured {
  perSecond: number;
  p99: number;
  unit: string;
}

export class BenchContext {
  /** Load figures of the current phase, by scenario name. */
  readonly measured = new Map<string, Measured>();
  /** Bulk-loaded name sets: `<prefix>1.az` … `<prefix><n>.az`. */
  private readonly loaded: Array<{ prefix: string; n: number }> = [];
  /** Changes per phase so names never collide between the 10k and the scale runs. */
  phase = 'a';
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly env: BenchEnv,
    readonly server: ServerProcess,
    readonly options: BenchOptions,
    readonly log: (line: string) => void,
  ) {
    this.loaded.push({ prefix: 'bulk', n: options.domains });
  }

  addLoaded(prefix: string, n: number): void {
    this.loaded.push({ prefix, n });
  }

  get durationMs(): number {
    return this.options.durationS * 1000;
  }

  /** For closedLoop: the warm-up that precedes every load scenario's measured window. */
  get load(): { warmupMs: number } {
    return { warmupMs: this.options.warmupS * 1000 };
  }

  /** A random bulk-loaded domain (A-label), uniform over everything loaded. */
  existingName(): string {
    const total = this.loaded.reduce((s, l) => s + l.n, 0);
    let i = Math.floor(Math.random() * total);
    for (const l of this.loaded) {
      if (i < l.n) return `${l.prefix}${i + 1}.az`;
      i -= l.n;
    }
    return 'bulk1.az';
  }

  /**
   * A second azreg (api and whois roles) on the same database with the lookup cache off
   * (LOOKUP_CACHE_SECONDS=0), started on first use: the cache-off lookup scenarios measure the
   * database path with it, so the scale run compares like with like (see README "Benchmarks").
   */
  uncachedServer(): Promise<ServerProcess> {
    return this.once('uncached-server', () => this.env.startServer('api,whois', { LOOKUP_CACHE_SECONDS: '0' }));
  }

  private once<T>(key: string, f: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, f());
    return this.memo.get(key) as Promise<T>;
  }

  pgbench(clients: number): Promise<{ tps: number; latencyAvgMs: number }> {
    return this.once(`pgbench${clients}`, () => base.pgbench(clients, this.options.durationS, this.log));
  }
  /** The create's SQL alone on the bench database (measured once, in the first phase). */
  createSql(clients: number): Promise<{ tps: number; latencyAvgMs: number }> {
    return this.once(`create-sql${clients}`, () => base.createSql(this.env.dbName, clients, this.options.durationS, this.log));
  }
  redisGet(): Promise<{ perSecond: number; p50: number; avgMs: number }> {
    return this.once('redis', () => base.redisGet(32, this.log));
  }
  tcpEcho(clients: number): Promise<Throughput> {
    return this.once(`tcp${clients}`, () => base.tcpEcho(clients, Math.min(10, this.options.durationS)));
  }
  tlsEcho(sessions: number): Promise<Throughput> {
    const dir = join(this.env.dataDir, 'tls');
    return this.once(`tls${sessions}`, () =>
      base.tlsEcho(sessions, Math.min(10, this.options.durationS), createXml('echo-bench.az', 'bench-r01', 'echo'), { cert: join(dir, DEV_CERT_FILE), key: join(dir, DEV_KEY_FILE) }),
    );
  }
  httpHello(clients: number): Promise<Throughput> {
    return this.once(`http${clients}`, () => base.httpHello(clients, Math.min(10, this.options.durationS)));
  }
}

export interface Scenario {
  name: string;
  describe: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
