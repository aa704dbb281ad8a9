/**
 * Per-connection state machine behind {@link EppServer}: a serial job queue (greeting, commands,
 * a final protocol error), read pausing while a job runs, the idle timer, and the orderly close.
 * Internal to the transport; the session layer only sees {@link EppConnection}.
 */
import type * as tls from 'node:tls';
import { encodeFrame, FrameDecoder, FrameError } from './frame-decoder';
import type { EppConnection, EppConnectionHandler, EppLog, ProtocolProblem } from './epp-server';

/** What a connection needs from its server. */
export interface ConnectionServices {
  readonly handler: EppConnectionHandler;
  readonly log: EppLog;
  readonly maxFrameBytes: number;
  readonly idleTimeoutMs: number;
  readonly closeLingerMs: number;
  /** Called once when the socket has closed (the server's connection count drops). */
  readonly onClosed: (state: EppConnectionState) => void;
}

type Job =
  | { readonly kind: 'greeting' }
  | { readonly kind: 'command'; readonly xml: Buffer }
  | { readonly kind: 'problem'; readonly problem: ProtocolProblem };

function errorMeta(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}

/** Drives one TLS socket; created by the server after the handshake. */
export class EppConnectionState {
  private readonly decoder: FrameDecoder;
  private readonly jobs: Job[] = [];
  private running = false;
  /** No more frames are read (frame fault, idle timeout, close requested). */
  private inputStopped = false;
  /** The server is shutting down: end after the in-flight job. */
  private draining = false;
  /** `end()` has been called (or the socket is gone); nothing more is written. */
  private ended = false;
  private socketClosed = false;
  private handlerNotified = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;

  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly discard = (): void => undefined;

  constructor(
    private readonly socket: tls.TLSSocket,
    readonly conn: EppConnection,
    private readonly services: ConnectionServices,
  ) {
    this.decoder = new FrameDecoder(services.maxFrameBytes);
  }

  /** Hooks the socket up and queues the greeting. */
  start(): void {
    const { socket } = this;
    socket.setNoDelay(true);
    socket.on('error', (error: Error) =>
      this.services.log('debug', 'EPP socket error', { connection: this.conn.id, ...errorMeta(error) }),
    );
    socket.on('close', () => this.onSocketClose());
    socket.on('data', this.onData);
    this.enqueue({ kind: 'greeting' });
  }

  /** Server shutdown: end now if idle, otherwise after the in-flight job's response is written. */
  drain(): void {
    this.draining = true;
    this.stopInput();
    this.jobs.length = 0;
    if (!this.running) this.finish();
  }

  /** Immediate teardown (shutdown grace expired). */
  destroy(): void {
    this.ended = true;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.inputStopped) return;
    let frames: readonly Buffer[];
    let problem: ProtocolProblem | null = null;
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FrameError)) {
        this.services.log('error', 'EPP frame decoding failed', { connection: this.conn.id, ...errorMeta(error) });
        this.finish();
        return;
      }
      frames = error.frames;
      problem = error.problem;
      this.services.log('info', 'EPP framing error', {
        connection: this.conn.id,
        problem,
        declaredLength: error.declaredLength,
      });
    }
    if (frames.length > 0) this.clearIdleTimer();
    for (const xml of frames) this.jobs.push({ kind: 'command', xml });
    if (problem) this.fail(problem);
    else this.pump();
  }

  /** Stops reading and queues the protocol error after whatever was already accepted. */
  private fail(problem: ProtocolProblem): void {
    this.stopInput();
    this.clearIdleTimer();
    this.jobs.push({ kind: 'problem', problem });
    this.pump();
  }

  private enqueue(job: Job): void {
    this.jobs.push(job);
    this.pump();
  }

  /** Runs queued jobs one at a time; reading is paused while any job is pending. */
  private pump(): void {
    if (this.running) return;
    if (this.jobs.length === 0) {
      this.awaitInput();
      return;
    }
    this.running = true;
    this.clearIdleTimer();
    this.socket.pause();
    void this.runJobs()
      .catch((error: unknown) => {
        this.services.log('error', 'EPP connection failed', { connection: this.conn.id, ...errorMeta(error) });
        this.finish();
      })
      .finally(() => {
        this.running = false;
        if (this.socketClosed) this.notifyClosed();
        else if (!this.ended) this.pump();
      });
  }

  private async runJobs(): Promise<void> {
    for (let job = this.jobs.shift(); job && !this.ended; job = this.jobs.shift()) {
      await this.run(job);
      if (this.draining) this.finish();
    }
  }

  private async run(job: Job): Promise<void> {
    const { handler } = this.services;
    switch (job.kind) {
      case 'greeting':
        await this.write(await handler.greeting(this.conn));
        return;
      case 'command': {
        const result = await handler.command(this.conn, job.xml);
        await this.write(result.response);
        if (result.close) this.finish();
        return;
      }
      case 'problem': {
        const xml = handler.protocolError(this.conn, job.problem);
        if (xml !== null) await this.write(xml);
        this.finish();
        return;
      }
    }
  }

  /** Writes one frame, waiting for the socket to drain when its buffer is full. */
  private async write(xml: string): Promise<void> {
    if (this.ended || this.socket.destroyed) return;
    if (this.socket.write(encodeFrame(xml))) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Nothing queued: resume reading and (re)start the idle timer. */
  private awaitInput(): void {
    if (this.ended || this.inputStopped) return;
    this.socket.resume();
    if (!this.idleTimer) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.ended || this.inputStopped || this.running) return;
        this.services.log('info', 'EPP connection idle timeout', { connection: this.conn.id });
        this.fail('idle-timeout');
      }, this.services.idleTimeoutMs);
      this.idleTimer.unref();
    }
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private stopInput(): void {
    if (this.inputStopped) return;
    this.inputStopped = true;
    this.socket.off('data', this.onData);
    this.socket.pause();
  }

  /**
   * Ends the connection after pending writes. Input is then read and discarded (never parsed) so
   * that closing with unread data does not reset the connection before the peer has read our last
   * frame; the socket is destroyed if the peer has not closed within `closeLingerMs`.
   */
  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.jobs.length = 0;
    this.clearIdleTimer();
    this.stopInput();
    if (this.socket.destroyed) return;
    this.socket.on('data', this.discard);
    this.socket.resume();
    this.socket.end();
    this.lingerTimer = setTimeout(() => this.socket.destroy(), this.services.closeLingerMs);
    this.lingerTimer.unref();
  }

  private onSocketClose(): void {
    if (this.socketClosed) return;
    this.socketClosed = true;
    this.ended = true;
    this.jobs.length = 0;
    this.clearIdleTimer();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.services.onClosed(this);
    this.services.log('debug', 'EPP connection closed', { connection: this.conn.id });
    if (!this.running) this.notifyClosed();
  }

  private notifyClosed(): void {
    if (this.handlerNotified) return;
    this.handlerNotified = true;
    try {
      this.services.handler.closed(this.conn);
    } catch (error) {
      this.services.log('error', 'EPP handler closed() threw', { connection: this.conn.id, ...errorMeta(error) });
    }
  }
}
