/** Shared fixtures for the EPP transport tests: a dev certificate, a fake handler, a TLS test client. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { ensureDevCertificate, type DevCertificate } from '../../../src/epp/transport/dev-certificate';
import {
  EppServer,
  type EppConnection,
  type EppConnectionHandler,
  type EppLogLevel,
  type EppServerOptions,
  type ProtocolProblem,
} from '../../../src/epp/transport/epp-server';
import { encodeFrame, FrameDecoder } from '../../../src/epp/transport/frame-decoder';

/** Rejects with `label` when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every 10 ms until true; rejects after `ms`. */
export function waitFor(condition: () => boolean, label: string, ms = 1_000): Promise<void> {
  return within(
    (async () => {
      while (!condition()) await sleep(10);
    })(),
    ms,
    label,
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A temporary directory removed by `cleanup()`. */
export async function tempDir(prefix: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Echoes every command inside `<response>`. Commands containing `slow:N` wait N ms first, `boom`
 * throws, `bye` asks for the connection to be closed. Records concurrency and lifecycle calls.
 */
export class FakeHandler implements EppConnectionHandler {
  inFlight = 0;
  maxInFlight = 0;
  greetings = 0;
  readonly commands: string[] = [];
  readonly problems: ProtocolProblem[] = [];
  readonly closedIds: string[] = [];
  readonly connections: EppConnection[] = [];
  /** Resolved with the command text each time a command starts. */
  onCommandStart: ((xml: string) => void) | null = null;

  async greeting(conn: EppConnection): Promise<string> {
    this.greetings++;
    this.connections.push(conn);
    return `<greeting id="${conn.id}"/>`;
  }

  async command(_conn: EppConnection, xml: Buffer): Promise<{ response: string; close?: boolean }> {
    const text = xml.toString('utf8');
    this.commands.push(text);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      this.onCommandStart?.(text);
      const slow = /slow:(\d+)/.exec(text);
      if (slow) await sleep(Number(slow[1]));
      if (text.includes('boom')) throw new Error('handler exploded');
      return { response: `<response>${text}</response>`, close: text.includes('bye') };
    } finally {
      this.inFlight--;
    }
  }

  protocolError(_conn: EppConnection, problem: ProtocolProblem): string | null {
    this.problems.push(problem);
    return `<error problem="${problem}"/>`;
  }

  closed(conn: EppConnection): void {
    this.closedIds.push(conn.id);
  }
}

export interface LogLine {
  level: EppLogLevel;
  msg: string;
  meta?: Record<string, unknown>;
}

let devCertPromise: Promise<DevCertificate> | null = null;
let devCertDir: { path: string; cleanup: () => Promise<void> } | null = null;

/** One development certificate per test process. */
export async function devCertificate(): Promise<DevCertificate> {
  if (!devCertPromise) {
    devCertPromise = (async () => {
      devCertDir = await tempDir('epp-transport-cert-');
      return ensureDevCertificate(devCertDir.path);
    })();
  }
  return devCertPromise;
}

/** Removes the per-process certificate directory. */
export async function removeDevCertificate(): Promise<void> {
  await devCertDir?.cleanup();
}

/** Starts an {@link EppServer} on 127.0.0.1, port 0, with small limits. */
export async function startServer(
  handler: EppConnectionHandler,
  overrides: Partial<EppServerOptions> = {},
): Promise<{ server: EppServer; port: number; logs: LogLine[] }> {
  const cert = await devCertificate();
  const logs: LogLine[] = [];
  const server = new EppServer(handler, {
    host: '127.0.0.1',
    port: 0,
    certPath: cert.certPath,
    keyPath: cert.keyPath,
    maxFrameBytes: 64 * 1024,
    idleTimeoutMs: 5_000,
    closeLingerMs: 500,
    log: (level, msg, meta) => logs.push({ level, msg, meta }),
    ...overrides,
  });
  const { port } = await server.listen();
  return { server, port, logs };
}

/** A TLS client that speaks RFC 5734 framing and collects the frames it receives. */
export class TestClient {
  private readonly decoder = new FrameDecoder(256 * 1024 * 1024);
  private readonly frames: string[] = [];
  private waiter: (() => void) | null = null;
  readonly closed: Promise<void>;
  isClosed = false;
  error: Error | null = null;

  private constructor(readonly socket: tls.TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.decoder.push(chunk)) this.frames.push(f.toString('utf8'));
      this.wake();
    });
    socket.on('error', (error: Error) => {
      this.error = error;
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  /** Connects and resolves once the TLS handshake is done (rejects on a handshake failure). */
  static async connect(port: number, options: tls.ConnectionOptions = {}): Promise<TestClient> {
    const cert = await devCertificate();
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: readFileSync(cert.certPath),
      ...options,
    });
    socket.setNoDelay(true);
    const client = new TestClient(socket);
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', () => resolve());
        socket.once('error', reject);
        socket.once('close', () => reject(new Error('closed during handshake')));
      }),
      3_000,
      'TLS handshake',
    );
    return client;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** Next received frame as text; rejects if the connection closes first or after `ms`. */
  async next(ms = 2_000): Promise<string> {
    const deadline = Date.now() + ms;
    while (this.frames.length === 0) {
      if (this.isClosed) throw new Error('connection closed before a frame arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${ms} ms`);
      await within(new Promise<void>((resolve) => (this.waiter = resolve)), left, 'next frame').catch(() => undefined);
    }
    return this.frames.shift() as string;
  }

  /** Sends one framed command. */
  send(xml: string): void {
    this.socket.write(encodeFrame(xml));
  }

  /** Sends raw bytes (no framing added). */
  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  /** Resolves when the server has closed the connection; rejects after `ms`. */
  waitClosed(ms = 2_000): Promise<void> {
    return within(this.closed, ms, 'connection close');
  }

  destroy(): void {
    this.socket.destroy();
  }
}
