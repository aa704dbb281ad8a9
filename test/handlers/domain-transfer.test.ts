import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizationError,
  BillingFailureError,
  ParameterRangeError,
  InvalidAuthInfoError,
  NotPendingTransferError,
  ObjectExistsError,
  ParameterPolicyError,
  PendingTransferError,
  StatusProhibitsOperationError,
} from '../../src/common/registry-errors';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { InfoDomainHandler } from '../../src/registry/domains/commands/info-domain.handler';
import { RenewDomainHandler } from '../../src/registry/domains/commands/renew-domain.handler';
import { TransferDomainHandler, type TransferOp } from '../../src/registry/domains/commands/transfer-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { UpdateHostHandler } from '../../src/registry/hosts/commands/update-host.handler';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { balanceOf, count, createDomain, DAY, domainRowText, historyCount, ledgerCount, plusYears, registryError } from './handler-helpers';

/** domain.transfer: request, approve, reject, cancel, query — money, statuses, poll messages, who may do what. */
describe('domain transfer handler', () => {
  let t: TestApp;
  const A = 'xfer-a'; // sponsor, losing registrar
  const B = 'xfer-b'; // gaining registrar
  const C = 'xfer-c'; // a third registrar
  const CREDIT = 100_000;
  const SECRET = 'Xfer-Secret-1';

  const transfer = (op: TransferOp, registrarId: string, name: string, authInfo?: string) =>
    t.run(TransferDomainHandler, registrarActor(registrarId), { op, name, registrarId, authInfo });
  const polls = (registrarId: string, name: string) =>
    t.dataSource.query(`SELECT message, payload FROM poll_messages WHERE registrar_id = $1 AND payload->>'name' = $2 ORDER BY id`, [registrarId, name]);
  const domainRow = (name: string) =>
    queryOne<{ id: string; registrar_id: string; statuses: string[]; expires_at: Date; transferred_at: Date | null }>(t, `SELECT * FROM domains WHERE name = $1 AND purged_at IS NULL`, [name]);

  before(async () => {
    t = await startTestApp();
    for (const id of [A, B, C]) await newRegistrar(t, id, CREDIT);
    await newContact(t, A, 'XFER-A1');
    await newContact(t, B, 'XFER-B1');
    await createDomain(t, A, 'kocurme.az', 'XFER-A1', { authInfo: SECRET, contacts: [{ type: 'admin', handle: 'XFER-A1' }] });
    await t.run(CreateHostHandler, registrarActor(A), { name: 'ns1.kocurme.az', registrarId: A, addresses: ['192.0.2.1'] });
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A, add: { nameservers: ['ns1.kocurme.az'] } });
    for (const name of ['imtina.az', 'legv.az', 'qadagan.az', 'kasib.az']) await createDomain(t, A, name, 'XFER-A1', { authInfo: SECRET });
    await t.run(UpdateDomainHandler, registrarActor(A), { name: 'qadagan.az', registrarId: A, add: { statuses: ['clientTransferProhibited'] } });
    await createDomain(t, A, 'sened.edu.az', 'XFER-A1', { authInfo: SECRET });
  });
  after(() => t.close());

  describe('request', () => {
    it('refuses a wrong or missing auth info (2202) and changes nothing', async () => {
      const before = await domainRowText(t, 'kocurme.az');
      const [ledger, history] = [await ledgerCount(t, B), await historyCount(t)];
      await assert.rejects(transfer('request', B, 'kocurme.az', 'not-the-code'), registryError(InvalidAuthInfoError, 2202, 'auth-info'));
      await assert.rejects(transfer('request', B, 'kocurme.az'), registryError(InvalidAuthInfoError, 2202, 'auth-info'));
      assert.equal(await domainRowText(t, 'kocurme.az'), before);
      assert.equal(await balanceOf(t, B), CREDIT);
      assert.equal(await ledgerCount(t, B), ledger);
      assert.equal(await historyCount(t), history);
      assert.equal(await count(t, `SELECT 1 FROM domain_transfers`), 0);
    });

    it('with the right auth info: pending, gaining registrar billed, pendingTransfer set, both sides told', async () => {
      const now = t.clock.now();
      const v = await transfer('request', B, 'kocurme.az', SECRET);
      assert.equal(v.status, 'pending');
      assert.equal(v.gainingRegistrar, B);
      assert.equal(v.losingRegistrar, A);
      assert.deepEqual(v.requestedAt, now);
      assert.deepEqual(v.actionDueAt, new Date(now.getTime() + 5 * DAY));
      assert.equal(await balanceOf(t, B), CREDIT - 3000);
      assert.equal(await count(t, `SELECT 1 FROM ledger_entries WHERE registrar_id = $1 AND kind = 'transfer' AND amount = -3000 AND domain_name = 'kocurme.az'`, [B]), 1);
      const d = await domainRow('kocurme.az');
      assert.equal(d.registrar_id, A, 'sponsorship moves only on approval');
      assert.deepEqual(d.statuses, ['pendingTransfer']);
      for (const r of [A, B]) {
        const msgs = await polls(r, 'kocurme.az');
        assert.equal(msgs.length, 1, `poll messages for ${r}`);
        assert.equal(msgs[0].payload.status, 'pending');
        assert.equal(msgs[0].payload.gaining, B);
        assert.equal(msgs[0].payload.losing, A);
      }
      assert.equal(await count(t, `SELECT 1 FROM history WHERE action = 'domain.transfer.request' AND object_name = 'kocurme.az' AND actor_id = $1`, [B]), 1);
    });

    it('a second request while one is pending: 2300, from anyone', async () => {
      await assert.rejects(transfer('request', B, 'kocurme.az', SECRET), registryError(PendingTransferError, 2300, 'pending'));
      await assert.rejects(transfer('request', C, 'kocurme.az', SECRET), registryError(PendingTransferError, 2300, 'pending'));
      assert.equal(await balanceOf(t, C), CREDIT);
      assert.equal(await balanceOf(t, B), CREDIT - 3000);
    });

    it('the sponsor cannot request its own domain (2302)', async () => {
      await assert.rejects(transfer('request', A, 'imtina.az', SECRET), registryError(ObjectExistsError, 2302, 'already-sponsor'));
    });

    it('clientTransferProhibited (2304), pendingCreate (2304) and a short balance (2104) refuse, without billing', async () => {
      await assert.rejects(transfer('request', B, 'qadagan.az', SECRET), registryError(StatusProhibitsOperationError, 2304, 'clientTransferProhibited'));
      await assert.rejects(transfer('request', B, 'sened.edu.az', SECRET), registryError(StatusProhibitsOperationError, 2304, 'pendingCreate'));
      assert.equal(await balanceOf(t, B), CREDIT - 3000);
      await newRegistrar(t, 'xfer-poor', 2999);
      const before = await domainRowText(t, 'kasib.az');
      await assert.rejects(transfer('request', 'xfer-poor', 'kasib.az', SECRET), registryError(BillingFailureError, 2104));
      assert.equal(await domainRowText(t, 'kasib.az'), before);
      assert.equal(await count(t, `SELECT 1 FROM domain_transfers t JOIN domains d ON d.id = t.domain_id WHERE d.name IN ('qadagan.az', 'sened.edu.az', 'kasib.az')`), 0);
    });

    it('a term outside the zone\'s 1–10 years is refused (2004) before any money moves', async () => {
      const before = await domainRowText(t, 'imtina.az');
      const [balance, ledger] = [await balanceOf(t, C), await ledgerCount(t, C)];
      for (const years of [0, -1, 11, 1.5]) {
        await assert.rejects(
          t.run(TransferDomainHandler, registrarActor(C), { op: 'request', name: 'imtina.az', registrarId: C, authInfo: SECRET, years }),
          registryError(ParameterRangeError, 2004, 'term'),
          `years ${years}`,
        );
      }
      assert.equal(await domainRowText(t, 'imtina.az'), before);
      assert.equal(await balanceOf(t, C), balance);
      assert.equal(await ledgerCount(t, C), ledger);
      assert.equal(await count(t, `SELECT 1 FROM domain_transfers t JOIN domains d ON d.id = t.domain_id WHERE d.name = 'imtina.az'`), 0);
    });
  });

  describe('while pending', () => {
    it('query: either party sees it; a third party is refused (2201)', async () => {
      assert.equal((await transfer('query', A, 'kocurme.az')).status, 'pending');
      assert.equal((await transfer('query', B, 'kocurme.az')).status, 'pending');
      await assert.rejects(transfer('query', C, 'kocurme.az'), registryError(AuthorizationError, 2201, 'not-party'));
      await assert.rejects(transfer('query', C, 'imtina.az'), registryError(NotPendingTransferError, 2301));
    });

    it('the losing registrar cannot delete (2304) or renew (2304) the domain', async () => {
      const before = await domainRowText(t, 'kocurme.az');
      await assert.rejects(t.run(DeleteDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A }), registryError(StatusProhibitsOperationError, 2304, 'pendingTransfer'));
      await assert.rejects(
        t.run(RenewDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A, currentExpiryDate: '2027-01-15', years: 1 }),
        registryError(StatusProhibitsOperationError, 2304, 'pendingTransfer'),
      );
      assert.equal(await domainRowText(t, 'kocurme.az'), before);
    });

    it('the losing registrar may still update (as in Nomulus) but cannot clear pendingTransfer (2306)', async () => {
      await assert.rejects(
        t.run(UpdateDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A, remove: { statuses: ['pendingTransfer'] } }),
        registryError(ParameterPolicyError, 2306, 'status-not-allowed'),
      );
      await t.run(UpdateDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A, change: { autoRenew: false } });
      assert.deepEqual((await domainRow('kocurme.az')).statuses, ['pendingTransfer']);
    });

    it('the gaining registrar cannot approve or reject its own request (2201); the losing one cannot cancel it (2201)', async () => {
      const before = await domainRowText(t, 'kocurme.az');
      await assert.rejects(transfer('approve', B, 'kocurme.az'), registryError(AuthorizationError, 2201, 'not-sponsor'));
      await assert.rejects(transfer('reject', B, 'kocurme.az'), registryError(AuthorizationError, 2201, 'not-sponsor'));
      await assert.rejects(transfer('cancel', A, 'kocurme.az'), registryError(AuthorizationError, 2201, 'not-gaining'));
      await assert.rejects(transfer('cancel', C, 'kocurme.az'), registryError(AuthorizationError, 2201, 'not-gaining'));
      assert.equal(await domainRowText(t, 'kocurme.az'), before);
    });
  });

  describe('approve', () => {
    it('moves sponsorship, adds a year, replaces the auth info and starts transfer grace', async () => {
      t.clock.advance(2 * DAY);
      const now = t.clock.now();
      const created = new Date('2026-01-15T10:00:00Z');
      const v = await transfer('approve', A, 'kocurme.az');
      assert.equal(v.status, 'clientApproved');
      assert.deepEqual(v.actedAt, now);
      assert.deepEqual(v.expiresAt, plusYears(created, 2));
      const d = await domainRow('kocurme.az');
      assert.equal(d.registrar_id, B);
      assert.deepEqual(d.statuses, []);
      assert.deepEqual(d.expires_at, plusYears(created, 2));
      assert.deepEqual(d.transferred_at, now);
      assert.equal(await count(t, `SELECT 1 FROM grace_periods WHERE domain_id = $1 AND kind = 'transfer' AND registrar_id = $2 AND ends_at > $3`, [d.id, B, now]), 1);
      assert.equal(await count(t, `SELECT 1 FROM grace_periods WHERE domain_id = $1 AND kind = 'add' AND ends_at > $2`, [d.id, now]), 0, 'the old add grace no longer refunds anyone');
      assert.equal(await balanceOf(t, B), CREDIT - 3000, 'the fee stays paid');
      assert.deepEqual((await polls(A, 'kocurme.az')).map((m: { payload: { status: string } }) => m.payload.status), ['pending', 'clientApproved']);
      assert.deepEqual((await polls(B, 'kocurme.az')).map((m: { payload: { status: string } }) => m.payload.status), ['pending', 'clientApproved']);
    });

    it('the old auth info no longer works, and the old sponsor is now a stranger to the domain', async () => {
      await assert.rejects(
        t.run(InfoDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A, authInfo: SECRET }),
        registryError(AuthorizationError, 2201),
      );
      await assert.rejects(transfer('request', C, 'kocurme.az', SECRET), registryError(InvalidAuthInfoError, 2202));
      await assert.rejects(t.run(UpdateDomainHandler, registrarActor(A), { name: 'kocurme.az', registrarId: A, change: { autoRenew: true } }), registryError(AuthorizationError, 2201));
      assert.equal((await t.run(InfoDomainHandler, registrarActor(B), { name: 'kocurme.az', registrarId: B })).clID, B);
      assert.equal((await transfer('query', A, 'kocurme.az')).status, 'clientApproved');
    });

    it('the hosts under the domain follow it to the new sponsor (RFC 5732: subject to transfer with their domain)', async () => {
      const host = await queryOne<{ id: string; registrar_id: string }>(t, `SELECT id, registrar_id FROM hosts WHERE name = 'ns1.kocurme.az'`);
      assert.equal(host.registrar_id, B);
      assert.equal(await count(t, `SELECT 1 FROM history WHERE object_type = 'host' AND object_id = $1 AND action = 'host.transfer'`, [host.id]), 1);
      await assert.rejects(
        t.run(UpdateHostHandler, registrarActor(A), { name: 'ns1.kocurme.az', registrarId: A, addAddresses: ['198.51.100.9'] }),
        registryError(AuthorizationError, 2201, 'not-sponsor'),
      );
      const updated = await t.run(UpdateHostHandler, registrarActor(B), { name: 'ns1.kocurme.az', registrarId: B, addAddresses: ['198.51.100.9'] });
      assert.deepEqual(updated.addresses, ['192.0.2.1', '198.51.100.9']);
    });

    it('the new sponsor can replace the old registrar\'s contacts with its own', async () => {
      await t.run(UpdateDomainHandler, registrarActor(B), {
        name: 'kocurme.az', registrarId: B,
        remove: { contacts: [{ type: 'admin', handle: 'XFER-A1' }] },
        add: { contacts: [{ type: 'admin', handle: 'XFER-B1' }] },
        change: { registrant: 'XFER-B1' },
      });
      const v = await t.run(InfoDomainHandler, registrarActor(B), { name: 'kocurme.az', registrarId: B });
      assert.equal(v.registrant, 'XFER-B1');
      assert.deepEqual(v.contacts, [{ type: 'admin', handle: 'XFER-B1' }]);
      // attaching someone else's contact is still refused
      await assert.rejects(
        t.run(UpdateDomainHandler, registrarActor(B), { name: 'kocurme.az', registrarId: B, add: { contacts: [{ type: 'tech', handle: 'XFER-A1' }] } }),
        registryError(ParameterPolicyError, 2306, 'contact-not-sponsored'),
      );
    });

    it('approve or reject with nothing pending: 2301', async () => {
      await assert.rejects(transfer('approve', B, 'kocurme.az'), registryError(NotPendingTransferError, 2301, 'not-pending'));
      await assert.rejects(transfer('reject', A, 'imtina.az'), registryError(NotPendingTransferError, 2301, 'not-pending'));
    });
  });

  describe('reject and cancel', () => {
    it('reject by the losing registrar refunds the gaining one and clears pendingTransfer', async () => {
      const before = await domainRow('imtina.az');
      const balance = await balanceOf(t, B);
      await transfer('request', B, 'imtina.az', SECRET);
      assert.equal(await balanceOf(t, B), balance - 3000);
      const v = await transfer('reject', A, 'imtina.az');
      assert.equal(v.status, 'clientRejected');
      assert.equal(await balanceOf(t, B), balance);
      assert.equal(await count(t, `SELECT 1 FROM ledger_entries WHERE registrar_id = $1 AND kind = 'refund' AND amount = 3000 AND domain_name = 'imtina.az'`, [B]), 1);
      const d = await domainRow('imtina.az');
      assert.equal(d.registrar_id, A);
      assert.deepEqual(d.statuses, []);
      assert.deepEqual(d.expires_at, before.expires_at);
      assert.deepEqual((await polls(B, 'imtina.az')).map((m: { payload: { status: string } }) => m.payload.status), ['pending', 'clientRejected']);
      // and a new request may follow
      assert.equal((await transfer('request', C, 'imtina.az', SECRET)).status, 'pending');
    });

    it('cancel by the gaining registrar refunds it and clears pendingTransfer', async () => {
      const balance = await balanceOf(t, B);
      await transfer('request', B, 'legv.az', SECRET);
      const v = await transfer('cancel', B, 'legv.az');
      assert.equal(v.status, 'clientCancelled');
      assert.equal(await balanceOf(t, B), balance);
      const d = await domainRow('legv.az');
      assert.equal(d.registrar_id, A);
      assert.deepEqual(d.statuses, []);
      await assert.rejects(transfer('cancel', B, 'legv.az'), registryError(NotPendingTransferError, 2301));
      const sum = await queryOne<{ s: string }>(t, `SELECT sum(amount) AS s FROM ledger_entries WHERE registrar_id = $1`, [B]);
      assert.equal(Number(sum.s), await balanceOf(t, B), 'balance equals the ledger sum');
    });
  });
});
