import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import { promisify } from 'node:util';
import { WHOIS_LINES } from '../../src/whois/whois.formatter';
import { QUERY_PROBLEMS } from '../../src/whois/whois-query';
import { WhoisListener } from '../../src/whois/whois.module';
import { newContact, newRegistrar, startTestApp, type TestApp } from '../support/test-app';
import { createDomain } from '../handlers/handler-helpers';
import { assertCrlf, whois, whoisRaw } from './whois-support';

const run = promisify(execFile);
const READ_TIMEOUT_MS = 400;

/** Port 43 as a client meets it: line endings, bad input, slow clients, and the system `whois` client. */
describe('WHOIS server (port 43)', () => {
  let t: TestApp;
  let port: number;

  /** The server still answers a good query: after every bad one. */
  const stillServing = async () => assert.match(await whois(port, 'duz.az'), /^Domain Name: duz\.az\r$/m);

  before(async () => {
    t = await startTestApp({ roles: ['whois'], env: { WHOIS_PORT: '0', WHOIS_READ_TIMEOUT_MS: String(READ_TIMEOUT_MS), LOOKUP_RATE_LIMIT_PER_MINUTE: '1000' } });
    port = t.get(WhoisListener).port!;
    assert.ok(port > 0, 'the listener exposes the port it bound');
    await newRegistrar(t, 'tcp-a');
    await newContact(t, 'tcp-a', 'TCP-1');
    await createDomain(t, 'tcp-a', 'duz.az', 'TCP-1');
    await createDomain(t, 'tcp-a', 'şəki.az', 'TCP-1');
  });
  after(async () => {
    await t?.close();
  });

  describe('query line', () => {
    it('accepts CRLF, bare LF, and a half-close without line end; answers UTF-8 with CRLF lines', async () => {
      const crlf = await whois(port, 'duz.az');
      assertCrlf(crlf);
      assert.match(crlf, /^Domain Name: duz\.az\r$/m);
      assert.equal((await whoisRaw(port, 'duz.az\n')).toString('utf8'), crlf);
      assert.equal((await whoisRaw(port, 'duz.az', { halfClose: true })).toString('utf8'), crlf);
      const idn = await whoisRaw(port, Buffer.from('şəki.az\r\n', 'utf8'));
      assert.ok(idn.includes(Buffer.from('Internationalized Domain Name: şəki.az\r\n', 'utf8')), 'U-label sent as UTF-8 bytes');
    });

    it('closes a connection that sends nothing and half-closes, without an answer', async () => {
      assert.equal((await whoisRaw(port, null, { halfClose: true })).length, 0);
    });
  });

  describe('bad queries get a clear answer and the server keeps serving', () => {
    it('empty line', async () => {
      const answer = await whois(port, '');
      assertCrlf(answer);
      assert.match(answer, new RegExp(`^Invalid query: ${QUERY_PROBLEMS.empty}\\.\\r$`, 'm'));
      await stillServing();
    });

    it('overlong query (300 bytes)', async () => {
      const answer = await whois(port, 'a'.repeat(296) + '.az');
      assert.equal(answer, `${WHOIS_LINES.tooLong}\r\n`);
      // Without a line end at all, the server stops reading at the limit.
      assert.equal((await whoisRaw(port, 'b'.repeat(300))).toString('utf8'), `${WHOIS_LINES.tooLong}\r\n`);
      // Exactly 256 bytes is still a query.
      assert.match(await whois(port, 'c'.repeat(253) + '.az'), /^Invalid query: /m);
      await stillServing();
    });

    it('invalid characters', async () => {
      assert.match(await whois(port, 'ex@mple.az'), /^Invalid query: .+\.\r$/m);
      assert.match(await whois(port, 'duz\u0001.az'), new RegExp(`^Invalid query: ${QUERY_PROBLEMS.control}\\.\\r$`, 'm'));
      await stillServing();
    });

    it('binary bytes that are not UTF-8', async () => {
      const answer = await whoisRaw(port, Buffer.from([0x00, 0xff, 0x0d, 0x0a]));
      assert.equal(answer.toString('utf8'), `${WHOIS_LINES.notUtf8}\r\n`);
      await stillServing();
    });

    it('slow client: no line within the read timeout', async () => {
      const started = Date.now();
      const answer = await whoisRaw(port, 'duz', { timeoutMs: READ_TIMEOUT_MS + 3_000 });
      assert.equal(answer.toString('utf8'), `${WHOIS_LINES.timeout(READ_TIMEOUT_MS / 1000)}\r\n`);
      assert.ok(Date.now() - started >= READ_TIMEOUT_MS - 50, 'not before the timeout');
      await stillServing();
    });

    it('a client that keeps sending after its query still gets the whole answer', async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.write('duz.az\r\n');
          socket.write('x'.repeat(10_000));
        });
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('error', reject);
        socket.on('end', () => {
          socket.end();
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
      });
      assert.match(answer, />>> Last update of WHOIS database: \S+ <<<\r\n$/);
    });
  });

  it('works with the system whois client', async () => {
    let found = true;
    try {
      await run('whois', ['--version'], { timeout: 5_000 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') found = false;
    }
    assert.ok(found, 'the system `whois` client (Debian package `whois`) is missing; .ci/run installs it — run `apt-get install whois`');
    const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
    const ascii = await run('whois', ['-h', '127.0.0.1', '-p', String(port), 'duz.az'], { timeout: 10_000, env });
    for (const line of ['Domain Name: duz.az', 'Registrar ID: tcp-a', 'Registrant Name: REDACTED FOR PRIVACY', 'DNSSEC: unsigned']) {
      assert.ok(ascii.stdout.includes(line), `whois output has "${line}":\n${ascii.stdout}`);
    }
    assert.match(ascii.stdout, />>> Last update of WHOIS database: 2026-01-15T10:00:00Z <<</);
    const idn = await run('whois', ['-h', '127.0.0.1', '-p', String(port), 'şəki.az'], { timeout: 10_000, env });
    assert.ok(idn.stdout.includes('Domain Name: xn--ki-eta41h.az'), idn.stdout);
    assert.ok(idn.stdout.includes('Internationalized Domain Name: şəki.az'), idn.stdout);
    const missing = await run('whois', ['-h', '127.0.0.1', '-p', String(port), 'yoxdur.az'], { timeout: 10_000, env }).catch((e: { stdout: string }) => e);
    assert.ok(missing.stdout.includes('No match for "yoxdur.az".'), missing.stdout);
  });
});
