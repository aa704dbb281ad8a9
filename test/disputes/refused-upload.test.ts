import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { REFUSED_BODY_DRAIN_MS } from '../../src/disputes/panel/dispute-uploads';
import { startTestApp, type TestApp } from '../support/test-app';

const BOUNDARY = 'REFUSED';

function head(length: number | 'chunked'): string {
  const size = length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`;
  return `POST /disputes HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\n${size}\r\n\r\n`;
}

interface Exchange {
  socket: net.Socket;
  /** Everything the server sent so far. */
  received: () => string;
  /** Resolves when the connection has closed (with the error that closed it, if any). */
  closed: Promise<NodeJS.ErrnoException | undefined>;
}

async function connect(port: number): Promise<Exchange> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  let failure: NodeJS.ErrnoException | undefined;
  socket.on('error', (e: NodeJS.ErrnoException) => (failure = e));
  const closed = new Promise<NodeJS.ErrnoException | undefined>((resolve) => socket.once('close', () => resolve(failure)));
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), closed };
}

function write(socket: net.Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
}

/**
 * An anonymous multipart upload is refused with 403 before anything of it is kept. The body is
 * still arriving when the answer goes out: these tests check that the client gets the answer,
 * not a reset, and that a client who never stops sending is cut off.
 */
describe('a refused upload: the answer arrives, the body is thrown away, a sender that never stops is cut off', { timeout: 60_000 }, () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await startTestApp({ roles: ['api'] });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    port = (t.http.address() as AddressInfo).port;
  });
  after(async () => t.close());

  it('a 30 MB anonymous upload: the client writes all of it without a reset, then reads 403; the connection stays usable', async () => {
    const x = await connect(port);
    const body = Buffer.alloc(30 * 1024 * 1024, 0x25);
    await write(x.socket, head(body.length));
    // Far more than the socket buffers hold: a server that closed after its answer would reset
    // the connection while this is still being written (EPIPE / ECONNRESET).
    for (let off = 0; off < body.length; off += 1 << 20) await write(x.socket, body.subarray(off, off + (1 << 20)));
    await new Promise((r) => setTimeout(r, 100));
    assert.match(x.received(), /^HTTP\/1\.1 403 /);
    // The body was consumed, so the same connection can carry the next request.
    await write(x.socket, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.equal(await x.closed, undefined);
    assert.match(x.received(), /^HTTP\/1\.1 403 [\s\S]*HTTP\/1\.1 200 /);
  });

  it(`a sender that never stops gets 403 at once and is cut off after ${REFUSED_BODY_DRAIN_MS} ms`, async () => {
    const x = await connect(port);
    await write(x.socket, head('chunked'));
    const started = Date.now();
    const chunk = `${(64 * 1024).toString(16)}\r\n${'%'.repeat(64 * 1024)}\r\n`;
    let open = true;
    void x.closed.then(() => (open = false));
    while (open && Date.now() - started < 4 * REFUSED_BODY_DRAIN_MS) {
      await write(x.socket, chunk).catch(() => (open = false));
      await new Promise((r) => setTimeout(r, 50));
    }
    await x.closed;
    const elapsed = Date.now() - started;
    assert.match(x.received(), /^HTTP\/1\.1 403 /);
    assert.ok(elapsed >= REFUSED_BODY_DRAIN_MS - 200 && elapsed < 3 * REFUSED_BODY_DRAIN_MS, `cut off after ${elapsed} ms`);
  });
});
