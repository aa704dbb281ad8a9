import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { DataSource } from 'typeorm';
import { EppClient, loginXml, resultCode } from '../../src/epp/client/epp-client';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { assertSchemaValid } from '../epp/golden';
import { AzregProcess } from '../support/fault/azreg-process';
import { FAULT_PASSWORD, REGISTRY_TABLES, seedRegistrar, tableDigests } from '../support/fault/fault-data';
import { created, EppRegistrar, RestRegistrar } from '../support/fault/registrar-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { HOSTILE_CASES, type HostileCase } from './hostile-cases';

/** Memory the server may gain over the whole corpus (RSS); generous, it only catches buffering of what was refused. */
const RSS_GROWTH_BOUND = 200 * 1024 * 1024;
const ANSWER_TIMEOUT_MS = 20_000;
/** How long a reset request may still deliver its answer before it counts as reset without one. */
const RESET_GRACE_MS = 2_000;

/**
 * Every case of `hostile-cases.ts` against one azreg child process: a clear error, the server
 * stays up (a valid request on the same surface succeeds right after), no file contents leak,
 * nothing in the database changes, and the server's memory stays bounded.
 */
describe('fault: hostile-input corpus (EPP, WHOIS, RDAP, REST, panel)', { timeout: 150_000 }, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let azreg: AzregProcess;
  let apiKey: string;
  let digestBefore: Record<string, string>;
  let rssBefore: number;
  let probe: EppRegistrar | undefined;

  /**
   * Status 0 means the connection was reset and no answer arrived within RESET_GRACE_MS. A server
   * that closes with the client's bytes still unread gets the connection reset by the kernel, and
   * the reset can discard an answer the client had not read yet; azreg drains refused bodies
   * instead (refuseUnread), so status 0 fails the case rather than the test hanging on it.
   */
  function httpRequest(c: Extract<HostileCase, { method: string }>): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const headers: Record<string, string> = { ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}), ...c.headers };
      if (c.surface === 'rest') headers.authorization = `Bearer ${apiKey}`;
      const req = http.request({ host: '127.0.0.1', port: azreg.ports.http, method: c.method, path: c.path, headers, timeout: ANSWER_TIMEOUT_MS }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('no answer')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A server may answer 413 and close before the whole body is written: that is an answer,
        // if it arrives; if the reset swallowed it, say so instead of waiting forever.
        if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
          setTimeout(() => answered || resolve({ status: 0, type: '', body: '' }), RESET_GRACE_MS);
          return;
        }
        reject(error);
      });
      req.end(c.body);
    });
  }

  function whois(bytes: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(azreg.ports.whois, '127.0.0.1', () => socket.write(bytes));
      socket.setTimeout(ANSWER_TIMEOUT_MS, () => socket.destroy(new Error('no answer')));
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  }

  async function epp(c: Extract<HostileCase, { surface: 'epp' }>): Promise<string[]> {
    const { client } = await EppClient.connect({ host: '127.0.0.1', port: azreg.ports.epp });
    try {
      if (!c.beforeLogin) assert.equal(resultCode(await client.command(loginXml('hostile', FAULT_PASSWORD))), 1000);
      client.sendRaw(c.bytes);
      if (c.endAfterWrite) client.close();
      const frames: string[] = [];
      for (;;) {
        const f = await client.next(ANSWER_TIMEOUT_MS);
        if (f === '') return frames; // closed
        await assertSchemaValid(f);
        frames.push(f);
        if (!c.expect.closed) return frames;
      }
    } finally {
      client.close();
    }
  }

  /** A valid request on the surface just attacked: proves the server is still up and serving. */
  async function followUp(surface: HostileCase['surface']): Promise<void> {
    switch (surface) {
      case 'epp': {
        // A new connection still gets its greeting, and a session opened before the attack still works.
        const { client, greeting } = await EppClient.connect({ host: '127.0.0.1', port: azreg.ports.epp });
        client.close();
        assert.match(greeting, /<greeting>/);
        probe ??= await EppRegistrar.login(azreg.ports.epp, 'hostile');
        const r = await probe.check(['yoxla.az']);
        assert.equal(r.answered && r.code, 1000, JSON.stringify(r));
        return;
      }
      case 'whois':
        assert.match(await whois(Buffer.from('yoxla.az\r\n')), /yoxla\.az/i);
        return;
      case 'rdap':
        assert.equal((await fetch(`${azreg.url}/rdap/help`)).status, 200);
        return;
      case 'rest': {
        const r = await new RestRegistrar(azreg.url, apiKey).call('POST', '/api/v1/domains/check', { names: ['yoxla.az'] });
        assert.equal(r.answered && r.code, 200, JSON.stringify(r));
        return;
      }
      case 'panel':
        assert.equal((await fetch(`${azreg.url}/search?q=yoxla.az`)).status, 200);
        return;
      case 'todo':
        return;
    }
  }

  before(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, 3, 'azreg-fault-check').initialize();
    apiKey = (await seedRegistrar(ds, 'hostile', 1_000_000)).apiKey;
    azreg = await AzregProcess.start({ databaseUrl: db.url, env: { LOOKUP_RATE_LIMIT_PER_MINUTE: '100000' } });
    assert.ok(created(await new RestRegistrar(azreg.url, apiKey).createContact('HOST-C1')));
    // Warm every surface once so that lazily built things (schemas, templates, pools) count as baseline.
    for (const s of ['epp', 'whois', 'rdap', 'rest', 'panel'] as const) await followUp(s);
    digestBefore = await tableDigests(ds, REGISTRY_TABLES);
    rssBefore = azreg.rss();
  });
  after(async () => {
    probe?.close();
    await azreg?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  for (const c of HOSTILE_CASES) {
    if (c.surface === 'todo') {
      it(c.id, { todo: c.note }, () => undefined);
      continue;
    }
    it(c.id, async () => {
      switch (c.surface) {
        case 'epp': {
          const frames = await epp(c);
          if (c.expect.code !== undefined) {
            assert.ok(frames.length >= 1, 'an answer before the connection closed');
            assert.equal(resultCode(frames[0]), c.expect.code, frames[0]);
          } else {
            assert.deepEqual(frames, [], 'no answer to an incomplete frame');
          }
          for (const f of frames) assert.doesNotMatch(f, /root:|lollol/);
          break;
        }
        case 'whois': {
          const text = await whois(c.bytes);
          assert.match(text, c.expect);
          assert.doesNotMatch(text, /root:/);
          break;
        }
        default: {
          const res = await httpRequest(c);
          assert.ok(c.expect.status.includes(res.status), `status ${res.status === 0 ? '0 (reset, no answer)' : res.status}, expected ${c.expect.status.join('/')}: ${res.body.slice(0, 300)}`);
          if (c.expect.type) assert.match(res.type, c.expect.type);
          if (c.expect.body) assert.match(res.body, c.expect.body);
          assert.doesNotMatch(res.body, /root:x?:0:0/);
        }
      }
      assert.ok(azreg.running, `azreg died:\n${azreg.log}`);
      await followUp(c.surface);
    });
  }

  it('afterwards: nothing changed in the database, memory stayed bounded, the process never restarted', async () => {
    assert.deepEqual(await tableDigests(ds, REGISTRY_TABLES), digestBefore);
    const growth = azreg.rss() - rssBefore;
    process.stdout.write(`# hostile corpus: RSS before ${(rssBefore / 2 ** 20).toFixed(1)} MB, growth ${(growth / 2 ** 20).toFixed(1)} MB\n`);
    assert.ok(growth < RSS_GROWTH_BOUND, `RSS grew by ${(growth / 2 ** 20).toFixed(1)} MB`);
    assert.deepEqual(azreg.unexpectedExits, []);
  });
});
