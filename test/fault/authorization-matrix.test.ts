import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { TransferDomainHandler } from '../../src/registry/domains/commands/transfer-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { createDomain } from '../handlers/handler-helpers';
import { addToCart, checkoutToSandbox, csrfOf, sandboxOutcome, signUpAndLogin, type Agent } from '../panel/panel-helpers';
import { REGISTRY_TABLES, tableDigests } from '../support/fault/fault-data';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';

/**
 * The authorization matrix over HTTP. REST: every transform (and the private reads) by registrar B
 * on registrar A's objects is 403 problem+json with code 2201 and changes nothing.
 * Panel: every action by one registrant on another's domain, hold or checkout is 404 and changes
 * nothing. (The same matrix over EPP is test/epp/security.test.ts; over the handlers,
 * test/handlers/authorization-matrix.test.ts.)
 */
describe('fault: authorization matrix over REST and the panel', { timeout: 120_000 }, () => {
  let t: TestApp;
  const A = 'az-a';
  const B = 'az-b';
  const C = 'az-c';
  let keyB = '';
  let holdOfA = '';
  const digest = () => tableDigests(t.dataSource, REGISTRY_TABLES);

  before(async () => {
    t = await startTestApp({ roles: ['api'] });
    await newRegistrar(t, A);
    keyB = (await newRegistrar(t, B)).apiKey;
    await newRegistrar(t, C);
    await newContact(t, A, 'AZ-A1');
    await newContact(t, A, 'AZ-A2');
    await newContact(t, B, 'AZ-B1');
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns1.matrix-ext.net', registrarId: A });
    await createDomain(t, A, 'sahib.az', 'AZ-A1', { authInfo: 'Matrix-Secret-1', contacts: [{ type: 'tech', handle: 'AZ-A2' }], nameservers: ['ns1.matrix-ext.net'] });
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns1.sahib.az', registrarId: A, addresses: ['192.0.2.53'] });
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'sahib.az', registrarId: A, add: { nameservers: ['ns1.sahib.az'] } });
    await createDomain(t, A, 'kocur.az', 'AZ-A1', { authInfo: 'Matrix-Secret-1' });
    await t.run(TransferDomainHandler, registrarActor(C), { op: 'request', name: 'kocur.az', registrarId: C, authInfo: 'Matrix-Secret-1' });
    holdOfA = (await t.run(PlaceHoldHandler, registrarActor(A), { name: 'saxla.az', owner: { type: 'registrar', id: A } })).hold.holdId;
  });
  after(() => t?.close());

  describe('REST: registrar B on registrar A\'s objects', () => {
    const cases: Array<[string, 'get' | 'post' | 'patch' | 'delete', string, object | undefined]> = [
      ['domain renew', 'post', '/api/v1/domains/sahib.az/renew', { currentExpiryDate: '2027-01-15', years: 1 }],
      ['domain update: add a status', 'patch', '/api/v1/domains/sahib.az', { add: { statuses: ['clientHold'] } }],
      ['domain update: remove name servers', 'patch', '/api/v1/domains/sahib.az', { remove: { nameservers: ['ns1.sahib.az'] } }],
      ['domain update: change the auth info', 'patch', '/api/v1/domains/sahib.az', { change: { authInfo: 'Stolen-Code-1' } }],
      ['domain update: change the registrant', 'patch', '/api/v1/domains/sahib.az', { change: { registrant: 'AZ-B1' } }],
      ['domain delete', 'delete', '/api/v1/domains/sahib.az', undefined],
      ['domain info without the auth info', 'get', '/api/v1/domains/sahib.az', undefined],
      ['transfer approve (not the sponsor)', 'post', '/api/v1/domains/kocur.az/transfer/approve', undefined],
      ['transfer reject (not the sponsor)', 'post', '/api/v1/domains/kocur.az/transfer/reject', undefined],
      ['transfer cancel (not the gaining registrar)', 'post', '/api/v1/domains/kocur.az/transfer/cancel', undefined],
      ['transfer query (not a party)', 'get', '/api/v1/domains/kocur.az/transfer', undefined],
      ['contact update', 'patch', '/api/v1/contacts/AZ-A1', { change: { email: 'thief@example.az' } }],
      ['contact delete', 'delete', '/api/v1/contacts/AZ-A2', undefined],
      ['contact info', 'get', '/api/v1/contacts/AZ-A2', undefined],
      ['host update: add an address', 'patch', '/api/v1/hosts/ns1.sahib.az', { addAddresses: ['198.51.100.66'] }],
      ['host update: add a status', 'patch', '/api/v1/hosts/ns1.matrix-ext.net', { addStatuses: ['clientDeleteProhibited'] }],
      ['host delete', 'delete', '/api/v1/hosts/ns1.sahib.az', undefined],
      ['host create under the other registrar\'s domain', 'post', '/api/v1/hosts', { name: 'ns2.sahib.az', addresses: ['192.0.2.54'] }],
      ['hold release', 'delete', `/api/v1/holds/HOLD`, undefined],
    ];
    for (const [what, method, path, body] of cases) {
      it(`${what} → 403 problem+json 2201, nothing changes`, async () => {
        const before = await digest();
        const req = request(t.http)[method](path.replace('HOLD', holdOfA)).set('Authorization', `Bearer ${keyB}`);
        const res = body ? await req.send(body) : await req;
        assert.equal(res.status, 403, res.text);
        assert.match(res.headers['content-type'], /application\/problem\+json/);
        assert.equal(res.body.code, 2201, res.text);
        assert.doesNotMatch(res.text, /Matrix-Secret|AZ-A1@|aynur/i, 'nothing of A\'s object is shown');
        assert.deepEqual(await digest(), before);
      });
    }
  });

  describe('panel: one registrant on another\'s domain, hold and checkout', () => {
    const NAME = 'bulaq.az';
    const PAGE = `/panel/domains/${NAME}`;
    let stranger: Agent;
    let ownerHold = '';

    before(async () => {
      const owner = request.agent(t.http);
      await signUpAndLogin(t, owner, 'owner@example.az');
      const bought = await sandboxOutcome(owner, await checkoutToSandbox(owner, await addToCart(owner, NAME)), 'succeeded');
      assert.equal(bought.status, 200, bought.text);
      ownerHold = await addToCart(owner, 'gozlet.az'); // a live hold of the owner, checkout not started
      stranger = request.agent(t.http);
      await signUpAndLogin(t, stranger, 'stranger@example.az');
    });

    it('every page and form of the domain → 404, nothing changes', async () => {
      const before = await digest();
      for (const page of [PAGE, `${PAGE}/history`]) assert.equal((await stranger.get(page)).status, 404, page);
      const csrf = csrfOf((await stranger.get('/panel/domains').expect(200)).text);
      const forms: Array<[string, Record<string, string | string[]>]> = [
        ['renew', { years: '1' }],
        ['nameservers', { add: 'ns1.example.com' }],
        ['dnssec', { keyTag: '1', alg: '13', digestType: '2', digest: 'AA'.repeat(32) }],
        ['dnssec/remove', { keyTag: '1', alg: '13', digestType: '2', digest: 'AA'.repeat(32) }],
        ['privacy', { disclose: ['name', 'email', 'voice', 'addr'] }],
        ['auto-renew', { autoRenew: 'off' }],
        ['lock', { lock: 'on' }],
        ['auth-code', {}],
      ];
      for (const [action, form] of forms) {
        const res = await stranger.post(`${PAGE}/${action}`).type('form').send({ ...form, _csrf: csrf });
        assert.equal(res.status, 404, `${action}: ${res.status}`);
      }
      assert.deepEqual(await digest(), before);
    });

    it('another account\'s hold: checkout page, details, payment and cart removal → 404, nothing changes', async () => {
      const before = await digest();
      const csrf = csrfOf((await stranger.get('/panel/domains').expect(200)).text);
      assert.equal((await stranger.get(`/panel/checkout/${ownerHold}`)).status, 404);
      const attempts: Array<[string, Record<string, string>]> = [
        [`/panel/checkout/${ownerHold}/details`, { kind: 'person', name: 'X', street: 'Y', city: 'Bakı', cc: 'AZ', voice: '+994.501234567', nationalId: '5ZX9K2L' }],
        [`/panel/checkout/${ownerHold}`, { years: '1' }],
        ['/cart/remove', { holdId: ownerHold }],
      ];
      for (const [action, form] of attempts) {
        const res = await stranger.post(action).type('form').send({ ...form, _csrf: csrf });
        assert.ok([403, 404].includes(res.status), `${action}: ${res.status}`);
      }
      assert.deepEqual(await digest(), before);
    });
  });
});
