import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TransferDomainHandler } from '../../src/registry/domains/commands/transfer-domain.handler';
import { AddReservedHandler } from '../../src/registry/names/add-reserved.handler';
import { createDomain, DAY } from '../handlers/handler-helpers';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { Epp, golden, type Vars } from './golden';

/**
 * Request/response golden files for every EPP command azreg offers, success and main errors.
 * The clock stands at 2026-01-15T10:00:00Z until the last block, which moves it.
 */
describe('EPP golden files', { timeout: 60_000 }, () => {
  let t: TestApp;
  let a: Epp; // gold-a: sponsors most objects
  let b: Epp; // gold-b: the other registrar
  const NOW = '2026-01-15T10:00:00.000Z';
  const DIGEST1 = 'AB'.repeat(32);
  const DIGEST2 = 'CD'.repeat(32);
  const roid = async (table: 'domains' | 'contacts' | 'hosts', where: string, value: string) =>
    (await queryOne<{ roid: string }>(t, `SELECT roid FROM ${table} WHERE ${where} = $1 AND ${table === 'domains' ? 'purged_at' : 'deleted_at'} IS NULL`, [value])).roid;

  before(async () => {
    t = await startTestApp({ roles: ['epp'] });
    await newRegistrar(t, 'gold-a');
    await newRegistrar(t, 'gold-b');
    await newRegistrar(t, 'gold-poor', 2999);
    await newContact(t, 'gold-a', 'GA-1');
    await newContact(t, 'gold-b', 'GB-1');
    await newContact(t, 'gold-poor', 'GP-1');
    a = await Epp.login(t, 'gold-a');
    b = await Epp.login(t, 'gold-b');
  });
  after(async () => {
    a?.close();
    b?.close();
    await t?.close();
  });

  describe('session', () => {
    it('greeting on connect, and again in answer to <hello>', async () => {
      const { epp, greeting } = await Epp.connect(t);
      const hello = await golden(epp, 'session/hello', { SVDATE: NOW });
      assert.equal(greeting.replace(/<svDate>[^<]*</, ''), hello.replace(/<svDate>[^<]*</, ''));
      epp.close();
    });

    it('login: 1000; bad password: 2200; unknown object service: 2307', async () => {
      const { epp } = await Epp.connect(t);
      await golden(epp, 'session/login-bad-password', { CLID: 'gold-a', PW: 'wrong-password' });
      await golden(epp, 'session/login-unknown-objuri', { CLID: 'gold-a', PW: 'secret-pw1' });
      await golden(epp, 'session/login-ok', { CLID: 'gold-a', PW: 'secret-pw1' });
      epp.close();
    });

    it('logout: 1500, then the server closes the connection', async () => {
      const epp = await Epp.login(t, 'gold-b');
      await golden(epp, 'session/logout');
      await epp.expectClosed();
    });
  });

  describe('host', () => {
    it('create (external): 1000 creData; again: 2302', async () => {
      await golden(a, 'host/create-external', { HOST: 'ns1.gold-dns.net', NOW });
      await golden(a, 'host/create-external', { HOST: 'ns2.gold-dns.net', NOW });
      await golden(a, 'host/create-external', { HOST: 'ns3.gold-dns.net', NOW });
      await golden(a, 'host/create-exists', { HOST: 'ns1.gold-dns.net' });
    });

    it('check: taken and available', async () => {
      await golden(b, 'host/check');
    });
  });

  describe('domain', () => {
    const name = 'golden.az';

    it('create: 1000 with creData', async () => {
      await golden(a, 'domain/create-ok', { NAME: name, NOW, EXDATE: '2028-01-15T10:00:00.000Z' });
    });

    it('create in a restricted zone: 1001 (pendingCreate)', async () => {
      await golden(a, 'domain/create-restricted', { NAME: 'mekteb.edu.az', REGISTRANT: 'GA-1', NOW, EXDATE: '2027-01-15T10:00:00.000Z' });
    });

    it('create errors: taken 2302, reserved 2306, no money 2104, unknown contact 2303, hostAttr 2102', async () => {
      await t.run(AddReservedHandler, ADMIN_ACTOR, { name: 'prezident', reason: 'state body' });
      await golden(b, 'domain/create-taken', { NAME: name, REGISTRANT: 'GB-1' });
      await golden(b, 'domain/create-reserved', { NAME: 'prezident.az', REGISTRANT: 'GB-1' });
      const poor = await Epp.login(t, 'gold-poor');
      await golden(poor, 'domain/create-insufficient-balance', { NAME: 'bahali.az', REGISTRANT: 'GP-1' });
      poor.close();
      await golden(a, 'domain/create-unknown-contact', { NAME: 'yetim.az' });
      await golden(a, 'domain/create-hostattr', { NAME: 'yapisiq.az' });
      assert.equal(Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM domains WHERE name IN ('bahali.az', 'yetim.az', 'yapisiq.az', 'prezident.az')`)).n), 0);
    });

    it('check: taken, available, invalid and reserved, with reasons', async () => {
      await golden(b, 'domain/check', { TAKEN: name });
    });

    it('info: the sponsor sees everything; another registrar gets 2201', async () => {
      await golden(a, 'domain/info-own', { NAME: name, ROID: await roid('domains', 'name', name), NOW, EXDATE: '2028-01-15T10:00:00.000Z' });
      await golden(b, 'domain/info-other-registrar', { NAME: name });
    });

    it('update: add ns and status; secDNS add and rem', async () => {
      await golden(a, 'domain/update-add', { NAME: name });
      await golden(a, 'domain/update-secdns-add', { NAME: name, DIGEST1, DIGEST2 });
      await golden(a, 'domain/update-secdns-rem', { NAME: name, DIGEST1 });
      const ds = await t.dataSource.query(`SELECT r.key_tag FROM domain_ds_records r JOIN domains d ON d.id = r.domain_id WHERE d.name = $1`, [name]);
      assert.deepEqual(ds, [{ key_tag: 54321 }]);
    });

    it('update under clientUpdateProhibited: 2304', async () => {
      await createDomain(t, 'gold-a', 'kilidli.az', 'GA-1');
      await golden(a, 'domain/update-lock', { NAME: 'kilidli.az' });
      await golden(a, 'domain/update-prohibited', { NAME: 'kilidli.az' });
    });

    it('renew: 1000 renData; wrong curExpDate: 2306', async () => {
      await golden(a, 'domain/renew-wrong-curexpdate', { NAME: name, CUREXP: '2027-01-15' });
      await golden(a, 'domain/renew-ok', { NAME: name, CUREXP: '2028-01-15', EXDATE: '2029-01-15T10:00:00.000Z' });
    });

    it('transfer: request 1001, query 1000, approve 1000 (trnData)', async () => {
      await createDomain(t, 'gold-a', 'kocurme.az', 'GA-1', { authInfo: 'Kocur-Secret-1' });
      const vars: Vars = { NAME: 'kocurme.az', AUTHINFO: 'Kocur-Secret-1', NOW, DUE: '2026-01-20T10:00:00.000Z', EXDATE: '2028-01-15T10:00:00.000Z' };
      await golden(b, 'domain/transfer-request', vars);
      await golden(b, 'domain/transfer-query', vars);
      await golden(a, 'domain/transfer-approve', vars);
      assert.equal((await queryOne<{ registrar_id: string }>(t, `SELECT registrar_id FROM domains WHERE name = 'kocurme.az'`)).registrar_id, 'gold-b');
    });

    it('transfer: reject by the sponsor, cancel by the requester (trnData)', async () => {
      await createDomain(t, 'gold-a', 'redd.az', 'GA-1', { authInfo: 'Redd-Secret-1' });
      await createDomain(t, 'gold-a', 'legv.az', 'GA-1', { authInfo: 'Legv-Secret-1' });
      const due = '2026-01-20T10:00:00.000Z';
      await golden(b, 'domain/transfer-request', { NAME: 'redd.az', AUTHINFO: 'Redd-Secret-1', NOW, DUE: due });
      await golden(a, 'domain/transfer-reject', { NAME: 'redd.az', NOW });
      await golden(b, 'domain/transfer-request', { NAME: 'legv.az', AUTHINFO: 'Legv-Secret-1', NOW, DUE: due });
      await golden(b, 'domain/transfer-cancel', { NAME: 'legv.az', NOW });
    });

    it('delete inside add grace: 1000', async () => {
      await createDomain(t, 'gold-a', 'silinen.az', 'GA-1');
      await golden(a, 'domain/delete-in-add-grace', { NAME: 'silinen.az' });
    });
  });

  describe('contact', () => {
    const id = 'GOLD-C1';

    it('create: 1000 creData; check: taken and free', async () => {
      await golden(a, 'contact/create', { ID: id, AUTHINFO: 'Contact-Secret-1', NOW });
      await golden(b, 'contact/check', { ID: id });
    });

    it('update, then info (int and loc postal info)', async () => {
      await golden(a, 'contact/update', { ID: id });
      await golden(a, 'contact/info', { ID: id, ROID: await roid('contacts', 'handle', id), NOW });
      await golden(a, 'contact/info-loc', { ID: 'GA-1', ROID: await roid('contacts', 'handle', 'GA-1'), NOW });
    });

    it('delete: 1000; linked to a domain: 2305', async () => {
      await newContact(t, 'gold-a', 'GOLD-DEL');
      await golden(a, 'contact/delete-ok', { ID: 'GOLD-DEL' });
      await golden(a, 'contact/delete-linked', { ID: 'GA-1' });
    });

    it('transfer: request 1001, approve 1000 (trnData)', async () => {
      const vars = { ID: id, AUTHINFO: 'Contact-Secret-1', NOW, DUE: '2026-01-20T10:00:00.000Z' };
      await golden(b, 'contact/transfer-request', vars);
      await golden(a, 'contact/transfer-approve', vars);
    });
  });

  describe('host (in-zone)', () => {
    const host = 'ns1.golden.az';

    it('create with glue, update (add v6 + status, remove v4), info', async () => {
      await golden(a, 'host/create-glue', { HOST: host, NOW });
      await golden(a, 'host/update', { HOST: host });
      await golden(a, 'host/info', { HOST: host, ROID: await roid('hosts', 'name', host), NOW });
    });

    it('domain info with everything: name servers, DS data, a subordinate host, statuses, grace periods', async () => {
      await golden(a, 'domain/info-full', { NAME: 'golden.az', ROID: await roid('domains', 'name', 'golden.az'), NOW, EXDATE: '2029-01-15T10:00:00.000Z', DIGEST2 });
    });

    it('delete: 1000; a name server of a domain: 2305', async () => {
      await golden(a, 'host/delete-ok', { HOST: 'ns3.gold-dns.net' });
      await golden(a, 'host/delete-linked', { HOST: 'ns1.gold-dns.net' });
    });
  });

  describe('poll', () => {
    it('empty queue: 1300; a transfer message: 1301 with msgQ and trnData; ack: 1000; unknown id: 2303', async () => {
      await newRegistrar(t, 'poll-a');
      await newRegistrar(t, 'poll-b');
      await newContact(t, 'poll-a', 'PA-1');
      const pa = await Epp.login(t, 'poll-a');
      await golden(pa, 'poll/req-empty');
      await createDomain(t, 'poll-a', 'mesaj.az', 'PA-1', { authInfo: 'Mesaj-Secret-1' });
      await t.run(TransferDomainHandler, registrarActor('poll-b'), { op: 'request', name: 'mesaj.az', registrarId: 'poll-b', authInfo: 'Mesaj-Secret-1' });
      const msg = await queryOne<{ id: string }>(t, `SELECT id FROM poll_messages WHERE registrar_id = 'poll-a' AND acked_at IS NULL`);
      const vars = { MSGID: msg.id, NOW, DUE: '2026-01-20T10:00:00.000Z' };
      await golden(pa, 'poll/req-transfer', vars);
      await golden(pa, 'poll/ack', vars);
      await golden(pa, 'poll/ack-unknown');
      pa.close();
    });
  });

  describe('after the add grace period (clock moved)', () => {
    it('delete: 1001 (redemption); restore in redemption: 1000; restore outside redemption: 2304', async () => {
      await createDomain(t, 'gold-a', 'gozleyen.az', 'GA-1');
      t.clock.advance(6 * DAY);
      await golden(a, 'domain/delete-after-grace', { NAME: 'gozleyen.az' });
      t.clock.advance(DAY);
      await golden(a, 'domain/restore-in-redemption', { NAME: 'gozleyen.az' });
      await golden(a, 'domain/restore-not-in-redemption', { NAME: 'golden.az' });
      const d = await queryOne<{ statuses: string[] }>(t, `SELECT statuses FROM domains WHERE name = 'gozleyen.az' AND purged_at IS NULL`);
      assert.deepEqual(d.statuses, []);
    });
  });
});
