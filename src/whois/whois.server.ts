/**
 * WHOIS over TCP (RFC 3912): one query line per connection, one answer, then the server closes.
 * The transport knows nothing of domains; it hands a decoded line to a {@link WhoisResponder}.
 * It never logs what was asked (invariant 4).
 */
import * as net from 'node:net';
import type { Socket } from 'node:net';
import { MAX_QUERY_BYTES } from './whois-query';
import { oneLine, WHOIS_LINES } from './whois.formatter';

/** Produces the full answer text (CRLF lines) for one query line from `remoteAddress`. */
export type WhoisResponder = (line: string, remoteAddress: string) => Promise<string>;

/** Severity of a transport log line. */
export type WhoisLogLevel = 'debug' | 'warn' | 'error';

/** Log sink injected by the application. Messages and metadata never contain the query. */
export type WhoisLog = (level: WhoisLogLevel, msg: string, meta?: Record<string, unknown>) => void;

/** Configuration of a {@link WhoisServer}. */
export interface WhoisServerOptions {
  host: string;
  /** TCP port; 0 picks a free one (see the result of {@link WhoisServer.listen}). */
  port: number;
  /** Connections being served at once; one more is told so in one line and closed at once. */
  maxConnections: number;
  /** The whole query line must arrive within this time from accept. */
  readTimeoutMs: number;
  /** After the answer, how long the peer gets to close its side before the socket is destroyed (default 2 000 ms). */
  closeLingerMs?: number;
  log?: WhoisLog;
}

const DEFAULT_CLOSE_LINGER_MS = 2_000;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The port-43 listener. Each connection is read up to its first LF (CRLF or LF; a peer that
 * half-closes without one sends its query by closing), within `readTimeoutMs` and
 * `MAX_QUERY_BYTES`; a line that is not UTF-8 is refused. Bytes after the line are read and
 * discarded, so that closing never resets the connection before the answer is delivered.
 */
export class WhoisServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<Socket>();
  private serving = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly respond: WhoisResponder,
    private readonly options: WhoisServerOptions,
  ) {
    this.server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  }

  /** Starts listening; resolves with the port actually bound. */
  listen(): Promise<{ port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve({ port: (this.server.address() as net.AddressInfo).port });
      });
    });
  }

  /** Stops accepting; connections still open after `graceMs` are destroyed. */
  async close(graceMs = 5_000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const timer = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, graceMs);
    await closed;
    clearTimeout(timer);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.log('debug', 'whois socket error', { code: (error as NodeJS.ErrnoException).code }));
    socket.setNoDelay(true);
    if (this.serving >= this.options.maxConnections) {
      this.log('warn', 'whois connection limit reached; refusing a connection');
      this.finish(socket, oneLine(WHOIS_LINES.busy));
      return;
    }
    this.serving++;
    socket.once('close', () => this.serving--);
    this.readQuery(socket);
  }

  private readQuery(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    const chunks: Buffer[] = [];
    let size = 0;
    let state: 'reading' | 'answering' = 'reading';
    const timer = setTimeout(() => stop(oneLine(WHOIS_LINES.timeout(this.options.readTimeoutMs / 1000))), this.options.readTimeoutMs);
    const stop = (text: string | null) => {
      if (state !== 'reading') return;
      state = 'answering';
      clearTimeout(timer);
      if (text !== null) this.finish(socket, text);
    };
    const lineDone = (line: Buffer) => {
      if (state !== 'reading') return;
      const body = line.length && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
      if (body.length > MAX_QUERY_BYTES) return stop(oneLine(WHOIS_LINES.tooLong));
      let text: string;
      try {
        text = this.decoder.decode(body);
      } catch {
        return stop(oneLine(WHOIS_LINES.notUtf8));
      }
      stop(null);
      this.respond(text, address).then(
        (answer) => this.finish(socket, answer),
        (error: unknown) => {
          this.log('error', 'whois query failed', { err: error instanceof Error ? error.name : 'unknown' });
          this.finish(socket, oneLine(WHOIS_LINES.failure));
        },
      );
    };
    socket.on('data', (chunk: Buffer) => {
      if (state !== 'reading') return; // discarded: the answer is on its way
      const lf = chunk.indexOf(LF);
      const part = lf === -1 ? chunk : chunk.subarray(0, lf);
      chunks.push(part);
      size += part.length;
      if (size > MAX_QUERY_BYTES + 1) return stop(oneLine(WHOIS_LINES.tooLong));
      if (lf !== -1) lineDone(Buffer.concat(chunks, size));
    });
    socket.once('end', () => {
      if (state !== 'reading') return;
      if (size === 0) {
        stop(null);
        socket.end();
        return;
      }
      lineDone(Buffer.concat(chunks, size));
    });
  }

  /** Writes the last bytes and closes; the peer gets `closeLingerMs` to close before a destroy. */
  private finish(socket: Socket, text: string): void {
    if (socket.destroyed || socket.writableEnded) return;
    socket.end(text, 'utf8');
    const linger = setTimeout(() => socket.destroy(), this.options.closeLingerMs ?? DEFAULT_CLOSE_LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
    socket.resume();
  }

  private log(level: WhoisLogLevel, msg: string, meta?: Record<string, unknown>): void {
    this.options.log?.(level, msg, meta);
  }
}
