import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { encodeFrame } from '../../src/epp/transport/frame-decoder';
import { REDIS } from '../../src/infrastructure/redis/redis.tokens';
import { newRegistrar, startTestApp, type TestApp } from '../support/test-app';
import { Epp, eppDoc, loginXml, resultCode } from './golden';

/** RFC 5734 framing and the RFC 5730 session rules, against the real listener. */
describe('EPP framing and session', { timeout: 60_000 }, () => {
  let t: TestApp;
  const HELLO = eppDoc('<hello/>');
  const D = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';
  const check = (clTRID: string, name = 'bos.az') =>
    eppDoc(`<command><check><domain:check ${D}><domain:name>${name}</domain:name></domain:check></check><clTRID>${clTRID}</clTRID></command>`);
  const info = (clTRID: string, name: string) =>
    eppDoc(`<command><info><domain:info ${D}><domain:name>${name}</domain:name></domain:info></info><clTRID>${clTRID}</clTRID></command>`);
  const logout = eppDoc('<command><logout/><clTRID>LOGOUT-1</clTRID></command>');
  const header = (total: number) => {
    const h = Buffer.alloc(4);
    h.writeUInt32BE(total);
    return h;
  };
  const clTRID = (xml: string) => /<clTRID>([^<]*)<\/clTRID>/.exec(xml)?.[1];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const clearLoginFailures = async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${t.prefix}:epp:login-fail:*`);
    if (keys.length) await redis.del(...keys);
  };
  /** A connection that may still be logged in must not outlive its test. */
  const open: Epp[] = [];
  const connect = async () => {
    const { epp, greeting } = await Epp.connect(t);
    open.push(epp);
    return { epp, greeting };
  };
  const login = async (id: string) => {
    const epp = await Epp.login(t, id);
    open.push(epp);
    return epp;
  };

  before(async () => {
    t = await startTestApp({ roles: ['epp'], env: { EPP_MAX_SESSIONS_PER_REGISTRAR: '2' } });
    for (const id of ['frame-1', 'pipe-1', 'garbage-1', 'early-1', 'hello-1', 'limit-1', 'newpw-1', 'brute-1']) await newRegistrar(t, id);
  });
  after(async () => {
    for (const epp of open) epp.close();
    await t?.close();
  });

  it('a frame split across several writes (inside the header and the payload) is reassembled', async () => {
    const epp = await login('frame-1');
    const frame = encodeFrame(check('SPLIT-1'));
    for (const [from, to] of [[0, 2], [2, 7], [7, 60], [60, frame.length]]) {
      epp.sendRaw(frame.subarray(from, to));
      await sleep(15);
    }
    const r = await epp.next();
    assert.equal(resultCode(r), 1000);
    assert.equal(clTRID(r), 'SPLIT-1');
  });

  it('several frames in one write are answered one by one, in order', async () => {
    const epp = await login('pipe-1');
    epp.sendRaw(Buffer.concat([encodeFrame(check('PIPE-1')), encodeFrame(info('PIPE-2', 'yoxdur.az')), encodeFrame(HELLO), encodeFrame(check('PIPE-4', 'x.az'))]));
    const responses = [await epp.next(), await epp.next(), await epp.next(), await epp.next()];
    assert.deepEqual(
      responses.map((r) => [resultCode(r), clTRID(r) ?? (r.includes('<greeting>') ? 'greeting' : '?')]),
      [[1000, 'PIPE-1'], [2303, 'PIPE-2'], [0, 'greeting'], [1000, 'PIPE-4']],
    );
    assert.match(responses[3], /<domain:name avail="0">x\.az<\/domain:name>/);
  });

  it('a header claiming more than EPP_MAX_FRAME_BYTES: 2500, then the connection is closed', async () => {
    const { epp } = await connect();
    epp.sendRaw(Buffer.concat([header(65_537), Buffer.from('<?xml version="1.0"?>')]));
    assert.equal(resultCode(await epp.next()), 2500);
    await epp.expectClosed();
    // a header below the minimum (5 bytes) is refused the same way
    const { epp: other } = await connect();
    other.sendRaw(header(3));
    assert.equal(resultCode(await other.next()), 2500);
    await other.expectClosed();
  });

  it('a frame of exactly EPP_MAX_FRAME_BYTES is accepted and answered', async () => {
    const { epp } = await connect();
    const padding = ' '.repeat(65_536 - 4 - Buffer.byteLength(HELLO));
    const r = await epp.send(HELLO.replace('<hello/>', `<hello/>${padding}`));
    assert.match(r, /<greeting>/);
    assert.match(await epp.send(HELLO), /<greeting>/);
  });

  it('garbage bytes (not XML, invalid UTF-8, not EPP) are answered 2001 and the session goes on', async () => {
    const epp = await login('garbage-1');
    for (const payload of [Buffer.from('this is not xml at all'), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]), Buffer.from('<foo xmlns="urn:example:bar"/>')]) {
      epp.sendRaw(encodeFrame(payload));
      const r = await epp.next();
      assert.equal(resultCode(r), 2001, r);
      assert.equal(epp.isClosed, false);
    }
    assert.equal(resultCode(await epp.send(check('AFTER-GARBAGE'))), 1000);
  });

  it('unframed garbage (an HTTP request): its first bytes read as a huge length, so 2500 and closed', async () => {
    const { epp } = await connect();
    epp.sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: epp.az\r\n\r\n'));
    assert.equal(resultCode(await epp.next()), 2500);
    await epp.expectClosed();
  });

  it('a command before login: 2002, then the connection is closed', async () => {
    const { epp } = await connect();
    const r = await epp.send(check('EARLY-1'));
    assert.equal(resultCode(r), 2002);
    assert.equal(clTRID(r), 'EARLY-1');
    await epp.expectClosed();
  });

  it('logout before login is a command too: 2002 and closed', async () => {
    const { epp } = await connect();
    assert.equal(resultCode(await epp.send(logout)), 2002);
    await epp.expectClosed();
  });

  it('hello before login is answered with a greeting, and login still works', async () => {
    const { epp, greeting } = await connect();
    const again = await epp.send(HELLO);
    assert.match(again, /<greeting><svID>/);
    assert.equal(again, greeting);
    assert.equal(resultCode(await epp.send(loginXml('hello-1', 'secret-pw1'))), 1000);
    assert.equal(resultCode(await epp.send(loginXml('hello-1', 'secret-pw1'))), 2002, 'a second login in one session is refused');
    assert.equal(resultCode(await epp.send(logout)), 1500);
    await epp.expectClosed();
  });

  it(`EPP_MAX_SESSIONS_PER_REGISTRAR=2: the third login gets 2502 and is closed; a logout frees a slot`, async () => {
    const first = await login('limit-1');
    await login('limit-1');
    const { epp: third } = await connect();
    const r = await third.send(loginXml('limit-1', 'secret-pw1'));
    assert.equal(resultCode(r), 2502);
    await third.expectClosed();
    assert.equal(resultCode(await first.send(logout)), 1500);
    await first.expectClosed();
    const fourth = await login('limit-1');
    assert.equal(resultCode(await fourth.send(check('LIMIT-OK'))), 1000);
  });

  it('newPW changes the password: the old one then fails (2200), the new one works', async () => {
    const { epp } = await connect();
    assert.equal(resultCode(await epp.send(loginXml('newpw-1', 'secret-pw1', 'NEWPW-1', 'fresh-pw-2'))), 1000);
    assert.equal(resultCode(await epp.send(logout)), 1500);
    const { epp: old } = await connect();
    assert.equal(resultCode(await old.send(loginXml('newpw-1', 'secret-pw1'))), 2200);
    assert.equal(resultCode(await old.send(loginXml('newpw-1', 'fresh-pw-2'))), 1000);
    await clearLoginFailures();
  });

  it('brute force: the 5th failed login gets 2501 and is closed; then even the right password is refused', async () => {
    await clearLoginFailures();
    const { epp } = await connect();
    for (let i = 1; i <= 4; i += 1) assert.equal(resultCode(await epp.send(loginXml('brute-1', `wrong-${i}`))), 2200, `attempt ${i}`);
    const fifth = await epp.send(loginXml('brute-1', 'wrong-5'));
    assert.equal(resultCode(fifth), 2501);
    await epp.expectClosed();
    const { epp: again } = await connect();
    const r = await again.send(loginXml('brute-1', 'secret-pw1'));
    assert.equal(resultCode(r), 2501);
    await again.expectClosed();
    await clearLoginFailures();
    assert.equal(resultCode(await (await connect()).epp.send(loginXml('brute-1', 'secret-pw1'))), 1000, 'works again once the lock is gone');
  });
});
