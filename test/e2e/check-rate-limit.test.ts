import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { EppClient, eppDoc, loginXml, resultCode } from '../../src/epp/client/epp-client';
import { EppListener } from '../../src/epp/epp.module';
import { newRegistrar, startTestApp, type TestApp } from '../support/test-app';

/** Invariant 4: availability checks are rate-limited per client, one budget for REST and EPP. */
describe('check rate limit per registrar', () => {
  let t: TestApp;
  let r: { id: string; apiKey: string };
  before(async () => {
    t = await startTestApp({ roles: ['api', 'epp'], env: { CHECK_RATE_LIMIT_PER_MINUTE: '10' } });
    r = await newRegistrar(t, 'rl-reg');
  });
  after(() => t.close());

  it('REST: names are counted; past the budget 429 problem+json with code 2502, nothing stored about the names', async () => {
    const ok = await request(t.http).post('/api/v1/domains/check').set('Authorization', `Bearer ${r.apiKey}`).send({ names: ['a1x.az', 'a2x.az', 'a3x.az', 'a4x.az', 'a5x.az', 'a6x.az'] });
    assert.equal(ok.status, 200);
    const over = await request(t.http).post('/api/v1/domains/check').set('Authorization', `Bearer ${r.apiKey}`).send({ names: ['b1x.az', 'b2x.az', 'b3x.az', 'b4x.az', 'b5x.az'] });
    assert.equal(over.status, 429);
    assert.equal(over.body.code, 2502);
    const keys = await t.dataSource.query(`SELECT count(*) AS n FROM history WHERE object_name LIKE 'b_x.az'`);
    assert.equal(Number(keys[0].n), 0);
  });

  it('EPP shares the budget: the next check gets 2502 and the session is closed', async () => {
    const { client } = await EppClient.connect({ host: '127.0.0.1', port: t.get(EppListener).port! });
    assert.equal(resultCode(await client.command(loginXml('rl-reg', 'secret-pw1'))), 1000);
    const res = await client.command(eppDoc(`<command><check><domain:check xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name>c1x.az</domain:name></domain:check></check><clTRID>rl-1</clTRID></command>`));
    assert.equal(resultCode(res), 2502);
    assert.equal(await client.next(3_000), '', 'the server closed the connection');
    client.close();
  });
});
