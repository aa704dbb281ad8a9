import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './free-port';

/**
 * A private redis-server for one test file: its own free port on 127.0.0.1 and its own directory,
 * with the append-only file fsynced on every write so that what BullMQ stored survives a kill.
 * The fault tests restart it; the shared Redis on 6379 is never touched.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private exit: Promise<void> = Promise.resolve();

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'azreg-fault-redis-'));
    const r = new PrivateRedis(await freePort(), dir);
    await r.spawn();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async spawn(): Promise<void> {
    const child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
      '--protected-mode', 'yes', '--logfile', join(this.dir, 'redis.log'),
    ], { stdio: 'ignore' });
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => undefined);
    await waitFor(`redis-server on port ${this.port}`, () => this.ping(), 30_000);
  }

  async ping(): Promise<boolean> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }

  /** Kills the server (SIGKILL: no goodbye, only what the AOF already holds survives). */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** A client for the test's own checks (the caller disconnects it). */
  client(): Redis {
    const c = new Redis(this.url, { maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    return c;
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
