import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizationError,
  BillingFailureError,
  ObjectExistsError,
  ObjectNotFoundError,
  ParameterPolicyError,
  ParameterRangeError,
  StatusProhibitsOperationError,
} from '../../src/common/registry-errors';
import { CheckDomainsHandler } from '../../src/registry/domains/commands/check-domains.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { InfoDomainHandler } from '../../src/registry/domains/commands/info-domain.handler';
import { RenewDomainHandler } from '../../src/registry/domains/commands/renew-domain.handler';
import { UpdateDomainHandler, type UpdateDomainInput } from '../../src/registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { AddReservedHandler } from '../../src/registry/names/add-reserved.handler';
import { registrantRecipient } from '../../src/mail/mail-recipients';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { balanceOf, count, createDomain, DAY, domainRowText, historyCount, ledgerCount, plusYears, registryError } from './handler-helpers';

/** The life of one domain through the handlers: create, info, renew, update, delete, name policy, money. */
describe('domain lifecycle handlers', () => {
  let t: TestApp;
  const A = 'life-a';
  const B = 'life-b';
  const START_CREDIT = 1_000_000;

  const info = (registrarId: string, name: string, authInfo?: string) => t.run(InfoDomainHandler, registrarActor(registrarId), { name, registrarId, authInfo });
  const check = async (name: string, years?: number) => (await t.run(CheckDomainsHandler, registrarActor(B), { names: [name], years }))[0];
  const update = (name: string, change: Omit<UpdateDomainInput, 'name' | 'registrarId'>, registrarId = A) =>
    t.run(UpdateDomainHandler, registrarActor(registrarId), { name, registrarId, ...change });
  const statusesOf = async (name: string) =>
    (await queryOne<{ statuses: string[] }>(t, `SELECT statuses FROM domains WHERE name = $1 AND purged_at IS NULL`, [name])).statuses;

  // pg warns (and pg 9 will throw) when a query is sent on a client still busy with another: a
  // handler overlapping queries on its transaction's one connection.
  const overlapping: string[] = [];
  const onWarning = (w: Error) => void (/already executing a query/.test(w.message) && overlapping.push(w.message));

  before(async () => {
    process.on('warning', onWarning);
    t = await startTestApp();
    await newRegistrar(t, A, START_CREDIT);
    await newRegistrar(t, B, START_CREDIT);
    await newContact(t, A, 'LIFE-A1');
    await newContact(t, A, 'LIFE-A2');
    await newContact(t, B, 'LIFE-B1');
    for (const host of ['ns1.dns-host.net', 'ns2.dns-host.net']) await t.run(CreateHostHandler, registrarActor(A), { name: host, registrarId: A });
  });
  after(async () => {
    process.off('warning', onWarning);
    await t.close();
  });

  describe('create', () => {
    it('returns the new object, debits the ledger, writes history and starts the add grace period', async () => {
      const now = t.clock.now();
      const r = await createDomain(t, A, 'İlkin.AZ', 'LIFE-A1', {
        years: 2,
        authInfo: 'Dom-Secret-1',
        contacts: [{ type: 'admin', handle: 'life-a1' }, { type: 'tech', handle: 'LIFE-A2' }],
      });
      assert.equal(r.name, 'ilkin.az');
      assert.equal(r.unicodeName, 'ilkin.az');
      assert.match(r.roid, /^D\d+-AZ$/);
      assert.deepEqual(r.createdAt, now);
      assert.deepEqual(r.expiresAt, plusYears(now, 2));
      assert.equal(r.pendingCreate, false);
      assert.equal(r.price, 6000);
      assert.equal(r.balance, START_CREDIT - 6000);
      assert.equal(r.authInfo, null, 'a client-chosen auth info is never echoed back');
      assert.equal(await balanceOf(t, A), START_CREDIT - 6000);

      const d = await queryOne<{ id: string; registrar_id: string; statuses: string[]; expires_at: Date; created_by: string }>(t, `SELECT * FROM domains WHERE name = 'ilkin.az'`);
      assert.equal(d.registrar_id, A);
      assert.deepEqual(d.statuses, []);
      assert.deepEqual(d.expires_at, plusYears(now, 2));
      assert.equal(d.created_by, A);

      const ledger = await t.dataSource.query(`SELECT amount, balance_after, kind, domain_name, years FROM ledger_entries WHERE registrar_id = $1 AND kind = 'create'`, [A]);
      assert.deepEqual(ledger, [{ amount: '-6000', balance_after: String(START_CREDIT - 6000), kind: 'create', domain_name: 'ilkin.az', years: 2 }]);

      const history = await t.dataSource.query(`SELECT * FROM history WHERE action = 'domain.create' AND object_name = 'ilkin.az'`);
      assert.equal(history.length, 1);
      assert.equal(history[0].object_type, 'domain');
      assert.equal(history[0].object_id, String(d.id));
      assert.equal(history[0].actor_type, 'registrar');
      assert.equal(history[0].actor_id, A);
      assert.equal(history[0].channel, 'rest');
      assert.deepEqual(history[0].created_at, now);
      assert.equal(history[0].after.price, 6000);
      assert.equal(history[0].after.authInfoHash, undefined, 'history never stores the auth info hash');

      const grace = await t.dataSource.query(`SELECT kind, registrar_id, amount, ends_at FROM grace_periods WHERE domain_id = $1`, [d.id]);
      assert.deepEqual(grace, [{ kind: 'add', registrar_id: A, amount: '6000', ends_at: new Date(now.getTime() + 5 * DAY) }]);
    });

    it('generates and returns an auth info when the client gives none, and that code works', async () => {
      const r = await createDomain(t, A, 'kodlu.az', 'LIFE-A1');
      assert.equal(typeof r.authInfo, 'string');
      assert.ok(r.authInfo!.length >= 16);
      const view = await info(B, 'kodlu.az', r.authInfo!);
      assert.equal(view.clID, A);
    });

    it('writes the registration receipt to the registrant in its language: a panel account\'s (the domain\'s, else the contact\'s), else az in Azerbaijan and en elsewhere', async () => {
      const account = async (locale: 'az' | 'en') => {
        const id = randomUUID();
        await t.dataSource.query(
          `INSERT INTO registrant_accounts (id, email, password_hash, locale, created_at, updated_at) VALUES ($1, $2, '!', $3, $4, $4)`,
          [id, `${id}@example.az`, locale, t.clock.now()],
        );
        return id;
      };
      await newContact(t, A, 'MAIL-AZ');
      await newContact(t, A, 'MAIL-US');
      await newContact(t, A, 'MAIL-ACC');
      await t.dataSource.query(`UPDATE contacts SET cc = 'US' WHERE handle = 'MAIL-US'`);
      await t.dataSource.query(`UPDATE contacts SET account_id = $1 WHERE handle = 'MAIL-ACC'`, [await account('en')]);
      const cases: Array<[string, string, string | null, string]> = [
        ['poct-az.az', 'MAIL-AZ', null, 'az'],
        ['poct-us.az', 'MAIL-US', null, 'en'],
        ['poct-hesab.az', 'MAIL-AZ', await account('en'), 'en'], // the domain's account wins over the contact's country
        ['poct-kontakt.az', 'MAIL-ACC', null, 'en'], // the contact's account
        ['poct-ikisi.az', 'MAIL-ACC', await account('az'), 'az'], // the domain's account before the contact's
      ];
      for (const [name, registrant, accountId, locale] of cases) {
        const r = await createDomain(t, A, name, registrant, { accountId });
        const d = await queryOne<{ id: string }>(t, `SELECT id FROM domains WHERE name = $1`, [name]);
        const mails = await t.dataSource.query(`SELECT template, recipient, locale, payload FROM outbox WHERE dedupe_key = $1`, [`registration-receipt:${d.id}`]);
        assert.deepEqual(
          mails,
          [{ template: 'registration-receipt', recipient: `${registrant.toLowerCase()}@example.az`, locale, payload: { domain: name, years: 1, expiry: r.expiresAt.toISOString(), price: r.price } }],
          name,
        );
        // The create reads the language from the contact in hand; other events read it through the domain: they agree.
        assert.deepEqual(await registrantRecipient(t.dataSource.manager, d.id), { recipient: `${registrant.toLowerCase()}@example.az`, locale }, name);
      }
    });

    it('refuses a second create of the same name by anyone (2302 registered)', async () => {
      await assert.rejects(createDomain(t, B, 'ilkin.az', 'LIFE-B1'), registryError(ObjectExistsError, 2302, 'registered'));
      await assert.rejects(createDomain(t, A, 'ilkin.az', 'LIFE-A1'), registryError(ObjectExistsError, 2302, 'registered'));
    });
  });

  describe('info', () => {
    it('shows the sponsor the whole object', async () => {
      const v = await info(A, 'ilkin.az');
      assert.equal(v.clID, A);
      assert.equal(v.registrant, 'LIFE-A1');
      assert.deepEqual(v.contacts, [{ type: 'admin', handle: 'LIFE-A1' }, { type: 'tech', handle: 'LIFE-A2' }]);
      assert.deepEqual(v.statuses, ['inactive']);
      assert.deepEqual(v.rgpStatuses, ['addPeriod']);
      assert.deepEqual(v.nameservers, []);
    });

    it('refuses another registrar (2201), unless it presents the right auth info', async () => {
      await assert.rejects(info(B, 'ilkin.az'), registryError(AuthorizationError, 2201, 'not-sponsor'));
      await assert.rejects(info(B, 'ilkin.az', 'wrong-secret'), registryError(AuthorizationError, 2201, 'not-sponsor'));
      const v = await info(B, 'ilkin.az', 'Dom-Secret-1');
      assert.equal(v.name, 'ilkin.az');
      assert.equal(v.clID, A);
    });

    it('reports a name that does not exist as 2303', async () => {
      await assert.rejects(info(A, 'yoxdur.az'), registryError(ObjectNotFoundError, 2303));
    });
  });

  describe('renew', () => {
    it('refuses a wrong current expiry date (2306) and changes nothing', async () => {
      const before = await domainRowText(t, 'ilkin.az');
      const [balance, ledger, history] = [await balanceOf(t, A), await ledgerCount(t, A), await historyCount(t)];
      await assert.rejects(
        t.run(RenewDomainHandler, registrarActor(A), { name: 'ilkin.az', registrarId: A, currentExpiryDate: '2027-01-15', years: 1 }),
        registryError(ParameterPolicyError, 2306, 'cur-exp-date'),
      );
      assert.equal(await domainRowText(t, 'ilkin.az'), before);
      assert.equal(await balanceOf(t, A), balance);
      assert.equal(await ledgerCount(t, A), ledger);
      assert.equal(await historyCount(t), history);
    });

    it('extends the expiry by the years asked, debits the renew price and starts renew grace', async () => {
      const balance = await balanceOf(t, A);
      const r = await t.run(RenewDomainHandler, registrarActor(A), { name: 'ilkin.az', registrarId: A, currentExpiryDate: '2028-01-15', years: 3 });
      assert.deepEqual(r.expiresAt, new Date('2031-01-15T10:00:00Z'));
      assert.equal(r.price, 9000);
      assert.equal(r.balance, balance - 9000);
      assert.equal(await balanceOf(t, A), balance - 9000);
      const d = await queryOne<{ id: string; expires_at: Date }>(t, `SELECT id, expires_at FROM domains WHERE name = 'ilkin.az'`);
      assert.deepEqual(d.expires_at, new Date('2031-01-15T10:00:00Z'));
      assert.equal(await count(t, `SELECT 1 FROM ledger_entries WHERE kind = 'renew' AND domain_name = 'ilkin.az' AND amount = -9000 AND years = 3`), 1);
      assert.equal(await count(t, `SELECT 1 FROM grace_periods WHERE domain_id = $1 AND kind = 'renew' AND amount = 9000`, [d.id]), 1);
      assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'domain.renew' AND object_name = 'ilkin.az'`), 1);
    });

    it('refuses a renewal that would end more than ten years from now (2004) and one past the zone term', async () => {
      const balance = await balanceOf(t, A);
      // 2031-01-15 + 6 years = 2037 > 2036-01-15 (now + 10 years)
      await assert.rejects(
        t.run(RenewDomainHandler, registrarActor(A), { name: 'ilkin.az', registrarId: A, currentExpiryDate: '2031-01-15', years: 6 }),
        registryError(ParameterRangeError, 2004, 'max-registration'),
      );
      await assert.rejects(
        t.run(RenewDomainHandler, registrarActor(A), { name: 'ilkin.az', registrarId: A, currentExpiryDate: '2031-01-15', years: 11 }),
        registryError(ParameterRangeError, 2004, 'term'),
      );
      assert.equal(await balanceOf(t, A), balance);
      // exactly ten years ahead is allowed
      const r = await t.run(RenewDomainHandler, registrarActor(A), { name: 'ilkin.az', registrarId: A, currentExpiryDate: '2031-01-15', years: 5 });
      assert.deepEqual(r.expiresAt, new Date('2036-01-15T10:00:00Z'));
    });
  });

  describe('update', () => {
    it('adds and removes name servers and contacts', async () => {
      await update('ilkin.az', { add: { nameservers: ['NS1.dns-host.net', 'ns2.dns-host.net'], contacts: [{ type: 'billing', handle: 'LIFE-A2' }] } });
      let v = await info(A, 'ilkin.az');
      assert.deepEqual(v.nameservers, ['ns1.dns-host.net', 'ns2.dns-host.net']);
      assert.deepEqual(v.statuses, ['ok']);
      assert.deepEqual(v.contacts, [{ type: 'admin', handle: 'LIFE-A1' }, { type: 'billing', handle: 'LIFE-A2' }, { type: 'tech', handle: 'LIFE-A2' }]);
      await update('ilkin.az', { remove: { nameservers: ['ns1.dns-host.net'], contacts: [{ type: 'tech', handle: 'LIFE-A2' }] } });
      v = await info(A, 'ilkin.az');
      assert.deepEqual(v.nameservers, ['ns2.dns-host.net']);
      assert.deepEqual(v.contacts, [{ type: 'admin', handle: 'LIFE-A1' }, { type: 'billing', handle: 'LIFE-A2' }]);
      const h = await t.dataSource.query(`SELECT before, after, actor_id FROM history WHERE action = 'domain.update' AND object_name = 'ilkin.az' ORDER BY id`);
      assert.equal(h.length, 2);
      assert.deepEqual(h[1].before.nameservers, ['ns1.dns-host.net', 'ns2.dns-host.net']);
      assert.deepEqual(h[1].after.nameservers, ['ns2.dns-host.net']);
    });

    it('refuses unknown hosts (2303) and contacts of another registrar (2306)', async () => {
      await assert.rejects(update('ilkin.az', { add: { nameservers: ['ns9.nowhere.net'] } }), registryError(ObjectNotFoundError, 2303, 'host-not-found'));
      await assert.rejects(update('ilkin.az', { add: { contacts: [{ type: 'tech', handle: 'LIFE-B1' }] } }), registryError(ParameterPolicyError, 2306, 'contact-not-sponsored'));
      assert.deepEqual((await info(A, 'ilkin.az')).nameservers, ['ns2.dns-host.net']);
    });

    it('sets and clears client statuses; a registrar cannot set server statuses (2306)', async () => {
      await update('ilkin.az', { add: { statuses: ['clientTransferProhibited', 'clientDeleteProhibited'] } });
      assert.deepEqual((await statusesOf('ilkin.az')).sort(), ['clientDeleteProhibited', 'clientTransferProhibited']);
      await update('ilkin.az', { remove: { statuses: ['clientDeleteProhibited'] } });
      assert.deepEqual(await statusesOf('ilkin.az'), ['clientTransferProhibited']);
      const before = await domainRowText(t, 'ilkin.az');
      await assert.rejects(update('ilkin.az', { add: { statuses: ['serverHold'] } }), registryError(ParameterPolicyError, 2306, 'status-not-allowed'));
      await assert.rejects(update('ilkin.az', { remove: { statuses: ['serverTransferProhibited'] } }), registryError(ParameterPolicyError, 2306, 'status-not-allowed'));
      assert.equal(await domainRowText(t, 'ilkin.az'), before);
      await update('ilkin.az', { remove: { statuses: ['clientTransferProhibited'] } });
      assert.deepEqual(await statusesOf('ilkin.az'), []);
    });

    it('clientUpdateProhibited blocks every update except removing it', async () => {
      await update('ilkin.az', { add: { statuses: ['clientUpdateProhibited'] } });
      const before = await domainRowText(t, 'ilkin.az');
      await assert.rejects(update('ilkin.az', { add: { nameservers: ['ns1.dns-host.net'] } }), registryError(StatusProhibitsOperationError, 2304, 'clientUpdateProhibited'));
      await assert.rejects(update('ilkin.az', { change: { authInfo: 'New-Secret-9' } }), registryError(StatusProhibitsOperationError, 2304, 'clientUpdateProhibited'));
      assert.equal(await domainRowText(t, 'ilkin.az'), before);
      assert.deepEqual((await info(A, 'ilkin.az')).nameservers, ['ns2.dns-host.net']);
      await update('ilkin.az', { remove: { statuses: ['clientUpdateProhibited'] } });
      assert.deepEqual(await statusesOf('ilkin.az'), []);
      await update('ilkin.az', { add: { nameservers: ['ns1.dns-host.net'] } });
      assert.deepEqual((await info(A, 'ilkin.az')).nameservers, ['ns1.dns-host.net', 'ns2.dns-host.net']);
    });

    it('adds DS records (digest stored upper-case) and removes them, one by one or all', async () => {
      const ds1 = { keyTag: 12345, alg: 13, digestType: 2, digest: 'ab'.repeat(32) };
      const ds2 = { keyTag: 54321, alg: 8, digestType: 2, digest: 'CD'.repeat(32) };
      await update('ilkin.az', { add: { dsRecords: [ds1, ds2] } });
      assert.deepEqual((await info(A, 'ilkin.az')).dsRecords, [{ ...ds1, digest: 'AB'.repeat(32) }, ds2]);
      await update('ilkin.az', { remove: { dsRecords: [ds1] } });
      assert.deepEqual((await info(A, 'ilkin.az')).dsRecords, [ds2]);
      await update('ilkin.az', { add: { dsRecords: [ds1] } });
      await update('ilkin.az', { remove: { allDsRecords: true } });
      assert.deepEqual((await info(A, 'ilkin.az')).dsRecords, []);
    });

    it('changes the auth info: the old code stops working, the new one works', async () => {
      await update('ilkin.az', { change: { authInfo: 'Rotated-Secret-2' } });
      await assert.rejects(info(B, 'ilkin.az', 'Dom-Secret-1'), registryError(AuthorizationError, 2201));
      assert.equal((await info(B, 'ilkin.az', 'Rotated-Secret-2')).clID, A);
    });
  });

  describe('delete', () => {
    it('inside add grace: purges at once, refunds the whole fee, and the name is free again', async () => {
      const balance = await balanceOf(t, A);
      await createDomain(t, A, 'kecid.az', 'LIFE-A1', { years: 2 });
      assert.equal(await balanceOf(t, A), balance - 6000);
      t.clock.advance(2 * DAY);
      const r = await t.run(DeleteDomainHandler, registrarActor(A), { name: 'kecid.az', registrarId: A });
      assert.deepEqual(r, { name: 'kecid.az', purged: true, refunded: 6000, purgeAt: null });
      assert.equal(await balanceOf(t, A), balance);
      assert.equal(await count(t, `SELECT 1 FROM ledger_entries WHERE kind = 'refund' AND domain_name = 'kecid.az' AND amount = 6000`), 1);
      assert.equal(await count(t, `SELECT 1 FROM domains WHERE name = 'kecid.az' AND purged_at IS NULL`), 0);
      assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'domain.delete' AND object_name = 'kecid.az' AND actor_id = $1`, [A]), 1);
      const c = await check('kecid.az');
      assert.equal(c.available, true);
      assert.equal(c.availability, 'available');
      await assert.rejects(info(A, 'kecid.az'), registryError(ObjectNotFoundError, 2303));
      const again = await createDomain(t, B, 'kecid.az', 'LIFE-B1');
      assert.equal(again.name, 'kecid.az');
      assert.equal((await info(B, 'kecid.az')).clID, B);
    });

    it('after add grace: pendingDelete with purgeAt = now + redemption + pending delete, no refund, name still taken', async () => {
      await createDomain(t, A, 'qalici.az', 'LIFE-A1');
      t.clock.advance(6 * DAY);
      const now = t.clock.now();
      const balance = await balanceOf(t, A);
      const r = await t.run(DeleteDomainHandler, registrarActor(A), { name: 'qalici.az', registrarId: A });
      assert.equal(r.purged, false);
      assert.equal(r.refunded, 0);
      assert.deepEqual(r.purgeAt, new Date(now.getTime() + 35 * DAY));
      assert.equal(await balanceOf(t, A), balance);
      const d = await queryOne<{ statuses: string[]; deleted_at: Date; purge_at: Date; purged_at: Date | null }>(t, `SELECT * FROM domains WHERE name = 'qalici.az'`);
      assert.deepEqual(d.statuses, ['pendingDelete']);
      assert.deepEqual(d.deleted_at, now);
      assert.deepEqual(d.purge_at, new Date(now.getTime() + 35 * DAY));
      assert.equal(d.purged_at, null);
      assert.deepEqual((await info(A, 'qalici.az')).rgpStatuses, ['redemptionPeriod']);
      await assert.rejects(createDomain(t, B, 'qalici.az', 'LIFE-B1'), registryError(ObjectExistsError, 2302, 'registered'));
      assert.equal((await check('qalici.az')).availability, 'registered');
      await assert.rejects(t.run(DeleteDomainHandler, registrarActor(A), { name: 'qalici.az', registrarId: A }), registryError(StatusProhibitsOperationError, 2304, 'pendingDelete'));
      await assert.rejects(update('qalici.az', { add: { statuses: ['clientHold'] } }), registryError(StatusProhibitsOperationError, 2304, 'pendingDelete'));
    });
  });

  describe('name policy and price', () => {
    it('a restricted zone creates in pendingCreate, with no add grace, and cannot be renewed yet', async () => {
      const r = await createDomain(t, A, 'nazirlik.gov.az', 'LIFE-A1');
      assert.equal(r.pendingCreate, true);
      assert.equal(r.price, 1000);
      assert.deepEqual(await statusesOf('nazirlik.gov.az'), ['pendingCreate']);
      assert.ok((await info(A, 'nazirlik.gov.az')).statuses.includes('pendingCreate'));
      assert.equal(await count(t, `SELECT 1 FROM grace_periods g JOIN domains d ON d.id = g.domain_id WHERE d.name = 'nazirlik.gov.az'`), 0);
      const exp = r.expiresAt.toISOString().slice(0, 10);
      await assert.rejects(
        t.run(RenewDomainHandler, registrarActor(A), { name: 'nazirlik.gov.az', registrarId: A, currentExpiryDate: exp, years: 1 }),
        registryError(StatusProhibitsOperationError, 2304, 'pendingCreate'),
      );
    });

    it('a reserved label (and its variant spellings, in every zone) cannot be created, and check says reserved', async () => {
      await t.run(AddReservedHandler, ADMIN_ACTOR, { name: 'prezident', reason: 'state body' });
      const [balance, history] = [await balanceOf(t, A), await historyCount(t)];
      for (const name of ['prezident.az', 'prezıdent.az', 'prəzident.az', 'prezident.com.az']) {
        await assert.rejects(createDomain(t, A, name, 'LIFE-A1'), registryError(ParameterPolicyError, 2306, 'reserved'), name);
        const c = await check(name);
        assert.equal(c.available, false, name);
        assert.equal(c.availability, 'reserved', name);
        assert.equal(c.price, null, name);
      }
      assert.equal(await count(t, `SELECT 1 FROM domains WHERE variant_key LIKE 'prezident.%'`), 0);
      assert.equal(await balanceOf(t, A), balance);
      assert.equal(await historyCount(t), history);
    });

    it('a premium name is priced and charged at its premium price, for create and renew', async () => {
      await t.dataSource.query(`INSERT INTO premium_names (name, price_create, price_renew, created_at) VALUES ('qizil.az', 50000, 40000, $1)`, [t.clock.now()]);
      const c1 = await check('qizil.az');
      assert.equal(c1.premium, true);
      assert.equal(c1.price, 50000);
      assert.equal((await check('qizil.az', 2)).price, 100000);
      assert.equal((await check('gumus.az')).price, 3000);
      const balance = await balanceOf(t, A);
      const r = await createDomain(t, A, 'qizil.az', 'LIFE-A1');
      assert.equal(r.price, 50000);
      assert.equal(await balanceOf(t, A), balance - 50000);
      assert.equal(await count(t, `SELECT 1 FROM ledger_entries WHERE kind = 'create' AND domain_name = 'qizil.az' AND amount = -50000`), 1);
      const renewed = await t.run(RenewDomainHandler, registrarActor(A), { name: 'qizil.az', registrarId: A, currentExpiryDate: r.expiresAt.toISOString().slice(0, 10), years: 1 });
      assert.equal(renewed.price, 40000);
      assert.equal(await balanceOf(t, A), balance - 90000);
    });

    it('insufficient balance: 2104 and nothing is written (no domain, no ledger row, no history row, no mail)', async () => {
      await newRegistrar(t, 'life-poor', 2999);
      await newContact(t, 'life-poor', 'POOR-C1');
      const [ledger, history, mails] = [await ledgerCount(t, 'life-poor'), await historyCount(t), await count(t, `SELECT 1 FROM outbox`)];
      await assert.rejects(createDomain(t, 'life-poor', 'bahali.az', 'POOR-C1'), registryError(BillingFailureError, 2104, 'insufficient-balance'));
      assert.equal(await count(t, `SELECT 1 FROM domains WHERE name = 'bahali.az'`), 0);
      assert.equal(await count(t, `SELECT 1 FROM outbox`), mails, 'no receipt for a create that failed');
      assert.equal(await ledgerCount(t, 'life-poor'), ledger);
      assert.equal(await historyCount(t), history);
      assert.equal(await balanceOf(t, 'life-poor'), 2999);
      assert.equal((await check('bahali.az')).available, true);
      // a cheaper zone still fits
      assert.equal((await createDomain(t, 'life-poor', 'bahali.com.az', 'POOR-C1')).balance, 999);
    });
  });

  it('no handler overlapped queries on its transaction\'s connection', () => {
    assert.deepEqual(overlapping, []);
  });
});
