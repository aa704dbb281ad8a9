import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, waitFor } from './free-port';

/** `dist/src/main.js`, seen from this file's compiled place (`dist/test/support/fault/`). */
const MAIN = join(__dirname, '..', '..', '..', 'src', 'main.js');

export interface AzregPorts {
  http: number;
  epp: number;
  whois: number;
}

/**
 * azreg as a real child process (`node dist/src/main.js`), the way it runs in production: its own
 * ports on 127.0.0.1, the database and Redis it is given, its own Redis key prefix and data
 * directory. The fault tests kill it, restart it and watch its memory; the handle survives
 * restarts (same ports, same database, same prefix).
 */
export class AzregProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });
  /** Every exit the test did not ask for (a crash), with the output tail at that moment. */
  readonly unexpectedExits: string[] = [];
  private expectingExit = false;

  private constructor(
    readonly ports: AzregPorts,
    readonly prefix: string,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(options: { databaseUrl: string; redisUrl?: string; env?: Record<string, string> }): Promise<AzregProcess> {
    const ports = { http: await freePort(), epp: await freePort(), whois: await freePort() };
    const prefix = `azreg-fault-${process.pid}-${randomBytes(3).toString('hex')}`;
    const dataDir = join(tmpdir(), 'azreg-fault', prefix);
    await mkdir(dataDir, { recursive: true });
    const env: Record<string, string> = {
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      PORT: String(ports.http),
      EPP_PORT: String(ports.epp),
      WHOIS_PORT: String(ports.whois),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      MIGRATIONS_RUN: 'false',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
      DATABASE_POOL_SIZE: '10',
      ...options.env,
    };
    const p = new AzregProcess(ports, prefix, dataDir, env);
    await p.spawn();
    return p;
  }

  get url(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('azreg is not running');
    return this.child.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last part of what the process printed (for failure messages). */
  get log(): string {
    return this.output.slice(-8_000);
  }

  /** Starts the process and waits until /readyz answers 200. */
  async spawn(readyTimeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error('azreg is already running');
    const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.expectingExit = false;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-64_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (!this.expectingExit) this.unexpectedExits.push(`exit code ${code} signal ${signal}\n${this.log}`);
        resolve({ code, signal });
      });
    });
    try {
      await waitFor('azreg to become ready', async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`azreg exited during start-up:\n${this.log}`);
        return (await this.readyz()) === 200;
      }, readyTimeoutMs, 200);
    } catch (error) {
      await this.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n--- azreg output ---\n${this.log}`);
    }
  }

  /** The /readyz status (0 when nothing answers). */
  async readyz(timeoutMs = 3_000): Promise<number> {
    try {
      const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Sends `signal` and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return this.exit;
    this.expectingExit = true;
    this.child?.kill(signal);
    return this.exit;
  }

  /** Resident set size of the server process in bytes (Linux /proc). */
  rss(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (!m) throw new Error('no VmRSS in /proc status');
    return Number(m[1]) * 1024;
  }

  /** Stops the process gracefully (SIGKILL if it does not stop within 20 s) and removes its data directory. */
  async stop(): Promise<void> {
    if (this.running) {
      this.expectingExit = true;
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
      this.child?.kill('SIGTERM');
      await this.exit;
      clearTimeout(timer);
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
