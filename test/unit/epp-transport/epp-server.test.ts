import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as tcpConnect } from 'node:net';
import { encodeFrame } from '../../../src/epp/transport/frame-decoder';
import { FakeHandler, removeDevCertificate, sleep, startServer, TestClient, waitFor, within } from './support';

after(removeDevCertificate);

function header(total: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(total, 0);
  return b;
}

describe('EppServer', { timeout: 20_000 }, () => {
  it('sends the greeting on connect and answers a command', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      assert.match(await client.next(), /^<greeting id="[0-9a-f-]{36}"\/>$/);
      assert.equal(server.connectionCount, 1);
      client.send('<hello/>');
      assert.equal(await client.next(), '<response><hello/></response>');
      assert.equal(handler.connections[0].remoteAddress, '127.0.0.1');
      assert.equal(handler.connections[0].peerCertificate, null);
      client.destroy();
      await client.waitClosed();
    } finally {
      await server.close(1_000);
    }
  });

  it('answers pipelined frames in order, one command at a time', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      await client.next();
      const delays = [60, 0, 30, 5, 0];
      const frames = delays.map((ms, i) => encodeFrame(`<c n="${i}">slow:${ms}</c>`));
      client.write(Buffer.concat(frames));
      for (let i = 0; i < delays.length; i++) {
        assert.equal(await client.next(), `<response><c n="${i}">slow:${delays[i]}</c></response>`);
      }
      assert.equal(handler.maxInFlight, 1);
      client.destroy();
    } finally {
      await server.close(1_000);
    }
  });

  it('reassembles a frame split across many writes', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      await client.next();
      const xml = `<big>${'x'.repeat(3_000)}</big>`;
      const frame = encodeFrame(xml);
      for (let at = 0; at < frame.length; at += 97) {
        client.write(frame.subarray(at, at + 97));
        if (at % 970 === 0) await sleep(2);
      }
      assert.equal(await client.next(), `<response>${xml}</response>`);
      client.destroy();
    } finally {
      await server.close(1_000);
    }
  });

  it('refuses a frame claiming 100 MB at the header, without buffering, and closes quickly', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler, { maxFrameBytes: 64 * 1024 });
    try {
      const client = await TestClient.connect(port);
      await client.next();
      const before = process.memoryUsage().arrayBuffers;
      const started = Date.now();
      client.write(header(100 * 1024 * 1024));
      const junk = Buffer.alloc(64 * 1024, 0x41);
      let sent = 0;
      while (sent < 4 * 1024 * 1024 && !client.isClosed) {
        if (!client.write(junk)) await Promise.race([sleep(20), client.closed]);
        sent += junk.length;
      }
      assert.equal(await client.next(), '<error problem="frame-too-large"/>');
      await client.waitClosed(3_000);
      assert.ok(Date.now() - started < 3_000, 'closed quickly');
      assert.deepEqual(handler.problems, ['frame-too-large']);
      assert.deepEqual(handler.commands, [], 'no command was dispatched');
      const growth = process.memoryUsage().arrayBuffers - before;
      assert.ok(growth < 32 * 1024 * 1024, `array buffers grew by ${growth} bytes`);
      await waitFor(() => server.connectionCount === 0, 'server-side close');
    } finally {
      await server.close(1_000);
    }
  });

  it('refuses a malformed header (length < 5) with a protocol error, then closes', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      await client.next();
      client.write(Buffer.concat([header(3), Buffer.from('<epp/>')]));
      assert.equal(await client.next(), '<error problem="bad-frame-header"/>');
      await client.waitClosed();
      assert.deepEqual(handler.commands, []);
    } finally {
      await server.close(1_000);
    }
  });

  it('answers the frames accepted before a bad header, then reports it', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      await client.next();
      client.write(Buffer.concat([encodeFrame('<first/>'), header(0), encodeFrame('<never/>')]));
      assert.equal(await client.next(), '<response><first/></response>');
      assert.equal(await client.next(), '<error problem="bad-frame-header"/>');
      await client.waitClosed();
      assert.deepEqual(handler.commands, ['<first/>']);
    } finally {
      await server.close(1_000);
    }
  });

  it('treats unframed XML as an oversized header', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      await client.next();
      client.write(Buffer.from('<?xml version="1.0"?><epp/>'));
      assert.equal(await client.next(), '<error problem="frame-too-large"/>');
      await client.waitClosed();
    } finally {
      await server.close(1_000);
    }
  });

  it('closes an idle connection after idleTimeoutMs, even while a partial frame dribbles in', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler, { idleTimeoutMs: 300 });
    try {
      const quiet = await TestClient.connect(port);
      const dribble = await TestClient.connect(port);
      await quiet.next();
      await dribble.next();
      const started = Date.now();
      const frame = encodeFrame(`<slowloris>${'y'.repeat(100)}</slowloris>`);
      for (let i = 0; i < 8 && !dribble.isClosed; i++) {
        dribble.write(frame.subarray(i, i + 1));
        await sleep(60);
      }
      assert.equal(await quiet.next(1_500), '<error problem="idle-timeout"/>');
      assert.equal(await dribble.next(1_500), '<error problem="idle-timeout"/>');
      await Promise.all([quiet.waitClosed(), dribble.waitClosed()]);
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 200 && elapsed < 1_500, `closed after ${elapsed} ms`);
      assert.deepEqual(handler.problems, ['idle-timeout', 'idle-timeout']);
    } finally {
      await server.close(1_000);
    }
  });

  it('resets the idle timer on every complete frame and does not count time spent in a command', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler, { idleTimeoutMs: 300 });
    try {
      const client = await TestClient.connect(port);
      await client.next();
      for (let i = 0; i < 4; i++) {
        await sleep(150);
        client.send(`<tick n="${i}"/>`);
        assert.equal(await client.next(), `<response><tick n="${i}"/></response>`);
      }
      client.send('<work>slow:500</work>');
      assert.equal(await client.next(), '<response><work>slow:500</work></response>');
      assert.deepEqual(handler.problems, []);
      client.destroy();
    } finally {
      await server.close(1_000);
    }
  });

  it('writes the response, then closes, when the handler asks to close', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const client = await TestClient.connect(port);
      await client.next();
      client.write(Buffer.concat([encodeFrame('<logout>bye</logout>'), encodeFrame('<after/>')]));
      assert.equal(await client.next(), '<response><logout>bye</logout></response>');
      await client.waitClosed();
      assert.deepEqual(handler.commands, ['<logout>bye</logout>']);
      await waitFor(() => handler.closedIds.length > 0, 'closed() callback');
      assert.deepEqual(handler.closedIds, [handler.connections[0].id]);
    } finally {
      await server.close(1_000);
    }
  });

  it('contains a handler exception to its connection and keeps serving others', async () => {
    const handler = new FakeHandler();
    const { server, port, logs } = await startServer(handler);
    try {
      const victim = await TestClient.connect(port);
      const bystander = await TestClient.connect(port);
      await victim.next();
      await bystander.next();
      victim.send('<boom/>');
      await victim.waitClosed();
      assert.ok(logs.some((l) => l.level === 'error' && String(l.meta?.error).includes('handler exploded')));
      bystander.send('<still-here/>');
      assert.equal(await bystander.next(), '<response><still-here/></response>');
      const late = await TestClient.connect(port);
      await late.next();
      late.send('<new/>');
      assert.equal(await late.next(), '<response><new/></response>');
      bystander.destroy();
      late.destroy();
    } finally {
      await server.close(1_000);
    }
  });

  it('survives a client that resets mid-command and calls closed() after the command ends', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    try {
      const raw = tcpConnect({ host: '127.0.0.1', port });
      await within(once(raw, 'connect'), 1_000, 'tcp connect');
      const client = await TestClient.connect(port, { socket: raw });
      await client.next();
      const started = new Promise<void>((resolve) => (handler.onCommandStart = () => resolve()));
      client.send('<c>slow:200</c>');
      await within(started, 1_000, 'command start');
      raw.resetAndDestroy();
      await sleep(50);
      assert.deepEqual(handler.closedIds, [], 'closed() waits for the running command');
      await waitFor(() => handler.closedIds.length > 0, 'closed() callback');
      await waitFor(() => server.connectionCount === 0, 'connection count');
    } finally {
      await server.close(1_000);
    }
  });

  it('close() lets an in-flight slow command finish, ends idle connections and stops accepting', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    const busy = await TestClient.connect(port);
    const idle = await TestClient.connect(port);
    await busy.next();
    await idle.next();
    const started = new Promise<void>((resolve) => (handler.onCommandStart = () => resolve()));
    busy.write(Buffer.concat([encodeFrame('<c>slow:400</c>'), encodeFrame('<queued/>')]));
    await within(started, 1_000, 'command start');
    const closing = server.close(3_000);
    await idle.waitClosed(1_000);
    assert.equal(await busy.next(1_500), '<response><c>slow:400</c></response>');
    await busy.waitClosed(1_500);
    await within(closing, 2_000, 'server.close()');
    assert.deepEqual(handler.commands, ['<c>slow:400</c>'], 'the queued command was not started');
    await assert.rejects(TestClient.connect(port));
  });

  it('close() destroys connections whose command outlives the grace period', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler);
    const client = await TestClient.connect(port);
    await client.next();
    const started = new Promise<void>((resolve) => (handler.onCommandStart = () => resolve()));
    client.send('<c>slow:1500</c>');
    await within(started, 1_000, 'command start');
    const t0 = Date.now();
    await within(server.close(200), 2_000, 'server.close()');
    assert.ok(Date.now() - t0 < 1_500);
    await client.waitClosed(1_000);
  });
});
