/**
 * EPP over TLS (RFC 5734): accepts connections, sends the greeting, decodes frames, and feeds the
 * commands of each connection to an {@link EppConnectionHandler} strictly one at a time.
 * The transport knows nothing of EPP semantics; the session layer lives in the handler.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import { EppConnectionState, type ConnectionServices } from './epp-connection';

/** One accepted, TLS-authenticated connection as the handler sees it. */
export interface EppConnection {
  /** Unique per connection (a random UUID). */
  readonly id: string;
  /** Peer IP address, as seen when the connection was accepted. */
  readonly remoteAddress: string;
  /** The client certificate, when one was required (`clientCaPath`), presented and verified. */
  readonly peerCertificate: tls.PeerCertificate | null;
  /** Free for the session layer (login state, registrar id, ...). */
  session: Record<string, unknown>;
}

/** A transport-level fault that ends the connection. */
export type ProtocolProblem = 'frame-too-large' | 'bad-frame-header' | 'idle-timeout';

/** The session layer plugged into the transport. */
export interface EppConnectionHandler {
  /** XML of the greeting sent as the first frame on every connection. */
  greeting(conn: EppConnection): Promise<string>;
  /** Processes one command frame; `close: true` ends the connection after the response is written. */
  command(conn: EppConnection, xml: Buffer): Promise<{ response: string; close?: boolean }>;
  /** XML to send (as one frame) before the transport closes the connection, or null to send nothing. */
  protocolError(conn: EppConnection, problem: ProtocolProblem): string | null;
  /** Called once per connection when its socket has closed and no command of it is still running. */
  closed(conn: EppConnection): void;
}

/** Severity of a transport log line. */
export type EppLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Log sink injected by the application (e.g. a pino adapter). */
export type EppLog = (level: EppLogLevel, msg: string, meta?: Record<string, unknown>) => void;

/** Configuration of an {@link EppServer}. */
export interface EppServerOptions {
  host: string;
  /** TCP port; 0 picks a free one (see the result of {@link EppServer.listen}). */
  port: number;
  /** PEM certificate (chain) presented by the server. */
  certPath: string;
  /** PEM private key of `certPath`. */
  keyPath: string;
  /** PEM CA bundle; when set, clients must present a certificate issued by one of these CAs. */
  clientCaPath?: string;
  /** Largest accepted frame, total length (header included). */
  maxFrameBytes: number;
  /** A connection that completes no frame for this long gets `protocolError('idle-timeout')` and is closed. */
  idleTimeoutMs: number;
  /** Whole-server cap on simultaneous connections (default 1000); extra connections are dropped at once. */
  maxConnections?: number;
  /** TLS handshake must finish within this time (default 30 000 ms). */
  handshakeTimeoutMs?: number;
  /** After the server ends a connection, how long the peer gets to close its side before the socket is destroyed (default 2 000 ms). */
  closeLingerMs?: number;
  /** Receives transport events; handler exceptions are logged at `error`, socket faults at `debug`. */
  log?: EppLog;
}

const DEFAULT_MAX_CONNECTIONS = 1000;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
const DEFAULT_CLOSE_LINGER_MS = 2_000;
const DEFAULT_CLOSE_GRACE_MS = 10_000;

/**
 * TLS server for EPP. Each connection gets a greeting, then its command frames are answered one at
 * a time in arrival order; the socket is paused while a command runs, so a client cannot queue
 * unbounded work. Framing faults and idle timeouts end the connection after an optional protocol
 * error frame. Handler exceptions and socket errors are contained to their connection.
 */
export class EppServer {
  private server: tls.Server | null = null;
  private readonly connections = new Set<EppConnectionState>();
  private readonly rawSockets = new Set<Socket>();
  private closing: Promise<void> | null = null;
  private readonly log: EppLog;

  constructor(
    private readonly handler: EppConnectionHandler,
    private readonly options: EppServerOptions,
  ) {
    this.log = options.log ?? (() => undefined);
  }

  /** Connections that completed the TLS handshake and have not closed yet. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts listening; resolves with the bound port (useful with `port: 0`). */
  async listen(): Promise<{ port: number }> {
    if (this.server || this.closing) throw new Error('EppServer.listen() called twice or after close()');
    const { options } = this;
    const [cert, key, ca] = await Promise.all([
      readFile(options.certPath),
      readFile(options.keyPath),
      options.clientCaPath ? readFile(options.clientCaPath) : Promise.resolve(undefined),
    ]);
    const server = tls.createServer({
      cert,
      key,
      minVersion: 'TLSv1.2',
      handshakeTimeout: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : { requestCert: false }),
    });
    server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.server = server;

    server.on('connection', (raw: Socket) => {
      this.rawSockets.add(raw);
      raw.once('close', () => this.rawSockets.delete(raw));
    });
    server.on('drop', (data?: { remoteAddress?: string }) =>
      this.log('warn', 'EPP connection refused: connection limit reached', { remoteAddress: data?.remoteAddress }),
    );
    server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
      this.log('debug', 'EPP TLS handshake failed', { remoteAddress: socket.remoteAddress, error: error.message });
      socket.destroy();
    });
    server.on('secureConnection', (socket: tls.TLSSocket) => this.accept(socket));

    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen({ host: options.host, port: options.port }, () => {
        server.off('error', onError);
        server.on('error', (error: Error) => this.log('error', 'EPP server error', { error: error.message }));
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('EPP server has no TCP address');
    this.log('info', 'EPP server listening', { host: options.host, port: address.port });
    return { port: address.port };
  }

  /**
   * Stops accepting connections; idle connections are ended now, busy ones after their in-flight
   * command's response has been written (queued, not-yet-started commands are dropped). Whatever
   * is still open after `graceMs` (default 10 s) is destroyed. Resolves when every socket is closed.
   */
  close(graceMs: number = DEFAULT_CLOSE_GRACE_MS): Promise<void> {
    if (!this.closing) this.closing = this.shutdown(graceMs);
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    const server = this.server;
    if (!server) return;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const conn of this.connections) conn.drain();
    const force = setTimeout(() => {
      for (const conn of this.connections) conn.destroy();
      for (const raw of this.rawSockets) raw.destroy();
    }, graceMs);
    force.unref();
    try {
      await stopped;
    } finally {
      clearTimeout(force);
    }
    this.log('info', 'EPP server closed');
  }

  private accept(socket: tls.TLSSocket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    let peerCertificate: tls.PeerCertificate | null = null;
    if (this.options.clientCaPath && socket.authorized) {
      const presented = socket.getPeerCertificate(false);
      if (presented && Object.keys(presented).length > 0) peerCertificate = presented;
    }
    const conn: EppConnection = {
      id: randomUUID(),
      remoteAddress: socket.remoteAddress ?? '',
      peerCertificate,
      session: {},
    };
    const services: ConnectionServices = {
      handler: this.handler,
      log: this.log,
      maxFrameBytes: this.options.maxFrameBytes,
      idleTimeoutMs: this.options.idleTimeoutMs,
      closeLingerMs: this.options.closeLingerMs ?? DEFAULT_CLOSE_LINGER_MS,
      onClosed: (state) => this.connections.delete(state),
    };
    const state = new EppConnectionState(socket, conn, services);
    this.connections.add(state);
    this.log('debug', 'EPP connection accepted', { connection: conn.id, remoteAddress: conn.remoteAddress });
    state.start();
  }
}
