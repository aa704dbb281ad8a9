import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { REDIS } from '../../src/infrastructure/redis/redis.tokens';
import { WHOIS_LINES } from '../../src/whois/whois.formatter';
import { WhoisListener } from '../../src/whois/whois.module';
import { startTestApp, type TestApp } from '../support/test-app';
import { whois, whoisRaw } from './whois-support';

/** Opens a connection and waits until it is accepted (without sending anything). */
function openIdle(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The abuse limits: connections at once, and the per-IP lookup budget shared by port 43, the web page (and RDAP). */
describe('WHOIS limits', () => {
  let t: TestApp;
  let port: number;

  before(async () => {
    t = await startTestApp({ roles: ['whois', 'api'], env: { LOOKUP_RATE_LIMIT_PER_MINUTE: '3', WHOIS_PORT: '0', WHOIS_MAX_CONNECTIONS: '2' } });
    port = t.get(WhoisListener).port!;
  });
  after(async () => {
    await t?.close();
  });

  it('refuses a connection beyond WHOIS_MAX_CONNECTIONS at once, in one line, without charging the budget', async () => {
    const idle = [await openIdle(port), await openIdle(port)];
    await sleep(50);
    const started = Date.now();
    const refused = await whoisRaw(port, null);
    assert.equal(refused.toString('utf8'), `${WHOIS_LINES.busy}\r\n`);
    assert.ok(Date.now() - started < 1_000, 'closed at once');
    for (const socket of idle) socket.destroy();
    await sleep(100);
  });

  it('answers 3 queries, refuses the 4th with the wait, and the web page shares the budget (429)', async () => {
    for (const name of ['bir.az', 'iki.az', 'uch.az']) assert.match(await whois(port, name), /^No match for "[a-z]+\.az"\.\r$/m);
    const refused = await whois(port, 'dord.az');
    assert.match(refused, /^Query rate limit exceeded; try again in \d+ seconds\.\r\n$/);
    const seconds = Number(/in (\d+) seconds/.exec(refused)![1]);
    assert.ok(seconds >= 1 && seconds <= 60, `retry after ${seconds}s`);

    const web = await request(t.http).get('/whois').query({ q: 'bes.az' }).expect(429);
    assert.equal(web.headers['cache-control'], 'no-store');
    assert.match(web.headers['retry-after'], /^\d+$/);
    assert.match(web.text, /<html lang="az">/);
    assert.match(web.text, /<div role="alert">/);
    assert.match(web.text, /Sorğu limiti aşıldı; \d+ saniyə sonra yenidən cəhd edin\./);
    assert.match(web.text, /<p lang="en">Query rate limit exceeded; try again in \d+ seconds\.<\/p>/);
    assert.doesNotMatch(web.text, /<pre/);

    const english = await request(t.http).get('/whois').query({ q: 'bes.az', lang: 'en' }).expect(429);
    assert.match(english.text, /<html lang="en">/);
    assert.match(english.text, /<p lang="az">Sorğu limiti aşıldı/);

    // The bare form costs nothing and still shows.
    await request(t.http).get('/whois').expect(200);
  });

  it('keeps no trace of the names asked: the limiter keys on the address only', async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${t.prefix}:*`);
    assert.ok(keys.some((k) => k.includes(':rl:lookup')), `limiter keys exist: ${keys.join(', ')}`);
    for (const key of keys) assert.doesNotMatch(key, /bir|iki|uch|dord|bes/, key);
    const tables: Array<{ n: string }> = await t.dataSource.query(
      `SELECT count(*) AS n FROM history WHERE object_name IN ('bir.az', 'iki.az', 'uch.az', 'dord.az', 'bes.az')`,
    );
    assert.equal(Number(tables[0].n), 0);
  });
});
