/**
 * The bench's world: its own PostgreSQL database (`azreg_bench_<pid>`, dropped at the end), its
 * own Redis key prefix, bench registrars and contacts, bulk domains loaded with SQL, and azreg
 * itself started as a child process (`node dist/src/main.js`) so that the load generator and the
 * server never share an event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as argon2 from 'argon2';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { sha256 } from '../../src/common/secrets';
import { loadBaseData } from '../../src/demo/demo-data';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { RegistrarRepository } from '../../src/registry/registrars/registrar.repository';
import { seedDomains } from '../dns/zone-seed';

export const BENCH_PASSWORD = 'bench-reg-pw1'; // EPP pwType: 6–16 characters
/** Bench registrar ids: bench-r01 … bench-r10. */
export const REGISTRARS = Array.from({ length: 10 }, (_, i) => `bench-r${String(i + 1).padStart(2, '0')}`);
export const contactOf = (registrarId: string) => `${registrarId.slice(-3).toUpperCase()}-BC`;

const DIST_MAIN = resolve(__dirname, '../../src/main.js');

/** The admin connection URL (database `postgres`): DATABASE_URL's server, or 127.0.0.1:5432 as root. */
export function adminUrl(): string {
  const base = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const u = new URL(base);
  u.pathname = '/postgres';
  return u.toString();
}

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => ok(port));
    });
  });
}

/** Peak and current resident set size of a process, from /proc (kB → bytes). */
export async function processMemory(pid: number): Promise<{ peakRss: number; rss: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
}

export interface ServerPorts {
  http: number;
  epp: number;
  whois: number;
}

/** One azreg child process. */
export class ServerProcess {
  private exited: Promise<number | null>;
  private stderrTail = '';
  constructor(
    readonly child: ChildProcess,
    readonly ports: ServerPorts,
  ) {
    this.exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
    child.stderr?.on('data', (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-4000)));
  }
  get pid(): number {
    return this.child.pid!;
  }
  get stderr(): string {
    return this.stderrTail;
  }
  /** SIGTERM and wait (a --cpu-prof profile is written on exit). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface BenchEnvOptions {
  /** Write a V8 CPU profile of the server child into this directory. */
  cpuProfDir?: string;
  log: (line: string) => void;
}

export class BenchEnv {
  readonly dbName = `azreg_bench_${process.pid}`;
  readonly redisPrefix = `azreg-bench-${process.pid}`;
  readonly appSecret = randomBytes(32).toString('hex');
  readonly url = databaseUrl(this.dbName);
  readonly ds: DataSource = createDataSource(this.url, 4, 'azreg-bench');
  dataDir = '';
  private servers: ServerProcess[] = [];

  constructor(private readonly options: BenchEnvOptions) {}

  /** Fresh database, migrated, zones and the direct channel loaded. */
  async create(): Promise<void> {
    this.dataDir = await mkdtemp(join(tmpdir(), 'azreg-bench-'));
    await adminQuery(`CREATE DATABASE ${this.dbName}`);
    await this.ds.initialize();
    await this.ds.runMigrations({ transaction: 'each' });
    await loadBaseData(this.ds, new Date());
  }

  /**
   * Ten registrars with ample credit, API keys and one contact each, created through the
   * repository the CLI uses. Their passwords are argon2id with a low cost (1 MiB, t=1) so that
   * the 500 logins of the landrush measure EPP, not password hashing; the server verifies
   * whatever parameters a hash carries.
   */
  async addRegistrars(): Promise<void> {
    const registrars = new RegistrarRepository();
    const now = new Date();
    const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    for (const id of REGISTRARS) {
      await this.ds.transaction(async (m) => {
        await registrars.insert(m, { id, name: `Bench ${id}`, passwordHash: hash, email: `${id}@bench.example` }, now);
        await registrars.insertApiKey(m, { id: randomUUIDv4(), registrarId: id, secretHash: sha256(`${id}-secret`), label: 'bench' }, now);
        await registrars.credit(m, { registrarId: id, amount: 100_000_000_000, kind: 'credit', note: 'bench credit' }, now);
        await m.query(
          `INSERT INTO contacts (handle, registrar_id, kind, name, city, cc, email, auth_info_hash, created_at, created_by, updated_at, updated_by)
           VALUES ($1, $2, 'org', 'Bench MMC', 'Bakı', 'AZ', 'bench@example.az', '!', $3, $2, $3, $2)`,
          [contactOf(id), id, now],
        );
      });
    }
  }

  /**
   * Loads `n` delegated domains `<prefix><i>.az` (see test/dns/zone-seed.ts), then vacuums and
   * analyzes the loaded tables and takes a checkpoint, as one does after a bulk load: otherwise
   * autovacuum catches up on a million new rows during the next measured windows, and the
   * checkpoint that the load's WAL triggers runs during them: its paced writes, and a full-page
   * image in the WAL for the first change of every page after it starts (one such checkpoint ran
   * 150 s after a 1M load, through the whole scale create window, which then reached 0.44 of the
   * 10k rate with 7 × its p99).
   */
  async seed(n: number, prefix: string): Promise<number> {
    const t = performance.now();
    const r = await seedDomains(this.ds, n, { prefix, registrarId: `${prefix}-reg`, now: new Date() });
    await this.ds.query(`VACUUM (ANALYZE) domains, hosts, domain_nameservers, domain_ds_records, contacts, registrars`);
    await this.ds.query('CHECKPOINT').catch((e: unknown) => this.options.log(`CHECKPOINT after the load refused (${String(e)}); measured windows may pay for it`));
    this.options.log(`loaded ${r.domains.toLocaleString('en')} domains ${prefix}1…${prefix}${n}.az in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return r.domains;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.ds.query(sql, params)) as T[];
  }

  /** Starts `node dist/src/main.js` with the bench's database, Redis prefix, ports and raised limits. */
  async startServer(roles: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
    const ports = { http: await freePort(), epp: await freePort(), whois: await freePort() };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      APP_SECRET: this.appSecret,
      DATABASE_URL: this.url,
      DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '10',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: this.redisPrefix,
      ROLES: roles,
      HOST: '127.0.0.1',
      PORT: String(ports.http),
      EPP_PORT: String(ports.epp),
      WHOIS_PORT: String(ports.whois),
      PUBLIC_URL: `http://127.0.0.1:${ports.http}`,
      DEMO_DATA: 'false',
      MIGRATIONS_RUN: 'false',
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      // Raised for the bench (one client address generates the whole load); see README "Benchmarks".
      CHECK_RATE_LIMIT_PER_MINUTE: '100000000',
      LOOKUP_RATE_LIMIT_PER_MINUTE: '1000000',
      EPP_LOGIN_MAX_FAILURES: '100',
      EPP_MAX_SESSIONS_PER_REGISTRAR: '64',
      WHOIS_MAX_CONNECTIONS: '2000',
      // To measure lookups without the answer cache: LOOKUP_CACHE_SECONDS=0 npm run bench -- whois
      ...(process.env.LOOKUP_CACHE_SECONDS !== undefined ? { LOOKUP_CACHE_SECONDS: process.env.LOOKUP_CACHE_SECONDS } : {}),
      ...extraEnv,
    };
    const nodeArgs = this.options.cpuProfDir && roles !== 'worker' ? [`--cpu-prof`, `--cpu-prof-dir=${this.options.cpuProfDir}`] : [];
    // Extra node/V8 flags for the server, for profiling only (e.g. `--perf-basic-prof` for `perf record`).
    if (roles !== 'worker' && process.env.BENCH_NODE_ARGS) nodeArgs.push(...process.env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean));
    const child = spawn(process.execPath, [...nodeArgs, DIST_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ServerProcess(child, ports);
    this.servers.push(server);
    await new Promise<void>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`azreg did not start within 60 s:\n${server.stderr}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('azreg is running')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`azreg exited with ${code} while starting:\n${server.stderr}`));
      });
    });
    child.stdout!.resume();
    this.options.log(`azreg started (pid ${server.pid}, roles ${roles}, http ${ports.http}, epp ${ports.epp}, whois ${ports.whois})`);
    return server;
  }

  /** Stops servers, drops the database and deletes the Redis keys under the bench's prefix. */
  async destroy(): Promise<void> {
    for (const s of this.servers) await s.stop().catch(() => undefined);
    if (this.ds.isInitialized) await this.ds.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`).catch((e: unknown) => this.options.log(`could not drop ${this.dbName}: ${String(e)}`));
    await deleteRedisPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', this.redisPrefix).catch(() => undefined);
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

function randomUUIDv4(): string {
  return globalThis.crypto.randomUUID();
}

/** SCAN + UNLINK of `<prefix>:*` only (never FLUSHALL). */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
