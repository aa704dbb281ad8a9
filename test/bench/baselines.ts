/**
 * Baselines measured in the same run as the scenarios, on the same machine and servers:
 *  - pgbench (TPC-B-like) on the same PostgreSQL, same client count, in its own database;
 *  - pgbench running the statements of one EPP create (create-transaction.sql) on the bench's
 *    database: the ceiling PostgreSQL alone puts on the create figure;
 *  - redis-benchmark GET on the same Redis (GET only: writes nothing, flushes nothing);
 *  - echo servers in their own child process (TCP line echo, TLS frame echo, HTTP hello),
 *    driven by the same client loops as WHOIS, EPP and RDAP.
 */
import { execFile, spawn } from 'node:child_process';
import http from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { EppClient } from '../../src/epp/client/epp-client';
import { adminQuery, adminUrl, freePort } from './bench-env';
import { httpGet, whoisQuery } from './clients';
import { closedLoop, type LoadResult } from './load';

const run = promisify(execFile);

export interface Throughput {
  perSecond: number;
  p50: number;
  p99: number;
}

function summary(r: LoadResult, unitsPerOp = 1): Throughput {
  if (r.errors > 0) throw new Error(`baseline had ${r.errors} errors: ${r.errorSamples.join('; ')}`);
  return { perSecond: (r.ops * unitsPerOp) / r.seconds, p50: r.latencies.quantile(0.5), p99: r.latencies.quantile(0.99) };
}

/** pgbench TPC-B-like with `clients` clients for `seconds`, in database azreg_bench_pg_<pid>. */
export async function pgbench(clients: number, seconds: number, log: (s: string) => void): Promise<{ tps: number; latencyAvgMs: number }> {
  const u = new URL(adminUrl());
  const db = `azreg_bench_pg_${process.pid}`;
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'root')];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  await adminQuery(`CREATE DATABASE ${db}`);
  try {
    // Scale = clients, so that TPC-B's branch rows do not serialise the clients.
    await run('pgbench', ['-i', '-q', '-s', String(clients), ...conn, db], { env });
    const { stdout } = await run('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...conn, db], { env });
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    log(`pgbench -c ${clients} -T ${seconds}: ${tps.toFixed(0)} TPS, latency average ${latencyAvgMs} ms`);
    return { tps, latencyAvgMs };
  } finally {
    await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}

/**
 * The SQL of one EPP create (test/bench/create-transaction.sql) with `clients` pgbench clients,
 * prepared, on the bench database `db` for `seconds`: creates `sqlonly…` domains of the bench
 * registrars, with their debit and ledger rows, history and mail, as azreg would.
 */
export async function createSql(db: string, clients: number, seconds: number, log: (s: string) => void): Promise<{ tps: number; latencyAvgMs: number }> {
  const u = new URL(adminUrl());
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'root')];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  const script = resolve(__dirname, '../../../test/bench/create-transaction.sql');
  const { stdout } = await run('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, ...conn, db], { env });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  if (!(tps > 0)) throw new Error(`unexpected pgbench output for the create's SQL: ${stdout}`);
  log(`pgbench create-transaction.sql -c ${clients} -T ${seconds}: ${tps.toFixed(0)} TPS, latency average ${latencyAvgMs} ms`);
  return { tps, latencyAvgMs };
}

/** redis-benchmark GET with `clients` clients (`requests` in all) on the configured Redis. */
export async function redisGet(clients: number, log: (s: string) => void, requests = 200_000): Promise<{ perSecond: number; p50: number; avgMs: number }> {
  const u = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const args = ['-h', u.hostname, '-p', u.port || '6379', '-t', 'get', '-c', String(clients), '-n', String(requests), '--csv'];
  if (u.password) args.push('-a', decodeURIComponent(u.password));
  const { stdout } = await run('redis-benchmark', args);
  // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
  const line = stdout.split('\n').find((l) => l.startsWith('"GET"'));
  if (!line) throw new Error(`unexpected redis-benchmark output: ${stdout}`);
  const cols = line.split(',').map((c) => Number(c.replace(/"/g, '')));
  log(`redis-benchmark GET -c ${clients}: ${cols[1].toFixed(0)} ops/s, average ${cols[2]} ms, p50 ${cols[4]} ms`);
  return { perSecond: cols[1], p50: cols[4], avgMs: cols[2] };
}

/** Starts an echo server child; returns its port and a stop function. */
async function echoServer(kind: 'tcp' | 'tls' | 'http', tlsFiles?: { cert: string; key: string }): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  const args = [resolve(__dirname, 'echo-server.js'), kind, String(port), ...(tlsFiles ? [tlsFiles.cert, tlsFiles.key] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    child.stdout!.once('data', () => ok());
    child.once('exit', (code) => fail(new Error(`echo server ${kind} exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/** TCP line echo, one query per connection, `clients` loops (the WHOIS shape). */
export async function tcpEcho(clients: number, seconds: number): Promise<Throughput> {
  const s = await echoServer('tcp');
  try {
    return summary(await closedLoop(clients, seconds * 1000, async () => void (await whoisQuery(s.port, 'bulk1.az'))));
  } finally {
    s.stop();
  }
}

/** TLS frame echo over `sessions` persistent sessions sending `frame` (the EPP shape). */
export async function tlsEcho(sessions: number, seconds: number, frame: string, tlsFiles: { cert: string; key: string }): Promise<Throughput> {
  const s = await echoServer('tls', tlsFiles);
  const clients = await Promise.all(Array.from({ length: sessions }, async () => (await EppClient.connect({ host: '127.0.0.1', port: s.port })).client));
  try {
    return summary(await closedLoop(sessions, seconds * 1000, async (w) => void (await clients[w].command(frame))));
  } finally {
    for (const c of clients) c.close();
    s.stop();
  }
}

/** Keep-alive HTTP GETs over `clients` connections (the RDAP shape). */
export async function httpHello(clients: number, seconds: number): Promise<Throughput> {
  const s = await echoServer('http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  try {
    return summary(
      await closedLoop(clients, seconds * 1000, async () => {
        const r = await httpGet(agent, s.port, '/rdap/domain/bulk1.az');
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
      }),
    );
  } finally {
    agent.destroy();
    s.stop();
  }
}
