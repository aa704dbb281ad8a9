import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AuthorizationError,
  BillingFailureError,
  NotPendingTransferError,
  ObjectExistsError,
  PendingTransferError,
} from '../../../common/registry-errors';
import { generateAuthInfo, hashAuthInfo, verifyAuthInfoHash } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { HostRepository } from '../../hosts/host.repository';
import { parseDomainName } from '../../names/domain-name';
import { PollRepository } from '../../poll/poll.repository';
import { RegistrarRepository } from '../../registrars/registrar.repository';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { addDays, addYears, type Zone } from '../../zones/zone.types';
import { verifyAuthInfo, verifyExists, verifyNoStatus, verifyNotDisputeLocked, verifyNotPendingDelete, verifySponsor, verifyTerm } from '../domain.checks';
import { DomainRepository } from '../domain.repository';
import type { DomainRecord } from '../domain.types';
import { domainSnapshot } from './domain-snapshot';
import { MAX_REGISTRATION_YEARS } from './renew-domain.handler';
import { OutboxRepository } from '../../../mail/outbox.repository';

export type TransferOp = 'request' | 'approve' | 'reject' | 'cancel' | 'query' | 'auto-approve';

export interface TransferDomainInput {
  op: TransferOp;
  name: string;
  registrarId: string;
  authInfo?: string;
  years?: number;
  /**
   * Only for `request` by the direct channel on behalf of a panel buyer (CompletePaymentHandler):
   * the account that gets the domain when the transfer is approved, and the payment that paid.
   * No transport sets these.
   */
  forAccount?: { accountId: string; paymentId: string };
}

export type TransferStatus = 'pending' | 'clientApproved' | 'clientRejected' | 'clientCancelled' | 'serverApproved' | 'serverCancelled';

export interface TransferView {
  name: string;
  status: TransferStatus;
  gainingRegistrar: string;
  losingRegistrar: string;
  requestedAt: Date;
  actionDueAt: Date;
  actedAt: Date | null;
  expiresAt: Date | null;
}

interface TransferRow {
  id: string;
  status: TransferStatus;
  gaining: string;
  losing: string;
  years: number;
  amount: number;
  requestedAt: Date;
  actionDueAt: Date;
  actedAt: Date | null;
  expiresAtAfter: Date | null;
  /** The panel account that receives the domain on approval (a paid transfer in), else null. */
  accountId: string | null;
}

async function latestTransfer(manager: EntityManager, domainId: string): Promise<TransferRow | null> {
  const rows = await manager.query(`SELECT * FROM domain_transfers WHERE domain_id = $1 ORDER BY id DESC LIMIT 1`, [domainId]);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: String(r.id), status: r.status, gaining: r.gaining_registrar, losing: r.losing_registrar, years: Number(r.years), amount: Number(r.amount),
    requestedAt: r.requested_at, actionDueAt: r.action_due_at, actedAt: r.acted_at, expiresAtAfter: r.expires_at_after, accountId: r.account_id ?? null,
  };
}

/**
 * domain.transfer (RFC 5731 §3.2.4), all five operations in one handler because they share one
 * state: the domain's pending transfer row.
 * - request (gaining registrar, with auth info): bills the transfer fee now, sets pendingTransfer,
 *   tells the losing registrar by poll message; auto-approved after the zone's transfer days by
 *   the worker (issue 5).
 * - approve / reject (losing registrar); cancel (gaining registrar): reject and cancel refund.
 *   Approval moves sponsorship (of the domain and the hosts under it), adds the years to the expiry
 *   (capped at ten years ahead), replaces the auth info with a fresh random one, and starts the
 *   transfer grace period.
 * - query (either party, or anyone with the auth info).
 * Errors: 2005, 2303, 2201, 2202 (auth info), 2300 (already pending), 2301 (not pending),
 * 2304 (transfer-prohibited, pendingDelete, dispute lock), 2104 (balance), 2302 (already sponsor),
 * 2004 (years outside the zone's term).
 */
@Injectable()
export class TransferDomainHandler implements CommandHandler<TransferDomainInput, TransferView> {
  readonly command = 'domain.transfer';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly registrars: RegistrarRepository,
    private readonly poll: PollRepository,
    private readonly history: HistoryRepository,
    private readonly hosts: HostRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async handle(ctx: CommandContext, input: TransferDomainInput): Promise<TransferView> {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const zone = zones.get(name.zone)!;
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name, { lock: input.op !== 'query' }), name.unicodeName);
    const current = await latestTransfer(ctx.manager, domain.id);
    const pending = current?.status === 'pending' ? current : null;

    switch (input.op) {
      case 'query': {
        if (!current) throw new NotPendingTransferError('No transfer has been requested for this domain', { reason: 'no-transfer', value: domain.name });
        const party = input.registrarId === current.gaining || input.registrarId === current.losing;
        if (!party && !(input.authInfo && (await verifyAuthInfoHash(domain.authInfoHash, input.authInfo)))) {
          throw new AuthorizationError('Only the parties to a transfer may query it', { reason: 'not-party', value: domain.name });
        }
        return view(domain, current);
      }
      case 'request':
        return this.request(ctx, domain, pending, input, zone);
      case 'approve':
      case 'reject': {
        verifySponsor(domain, input.registrarId);
        if (!pending) throw new NotPendingTransferError('No transfer is pending', { reason: 'not-pending', value: domain.name });
        return input.op === 'approve'
          ? this.approve(ctx, domain, pending, 'clientApproved', zone.periods.transferGraceDays)
          : this.close(ctx, domain, pending, 'clientRejected');
      }
      case 'auto-approve': {
        // The worker, once the losing registrar has let the transfer period pass (issue 5).
        if (ctx.actor.type !== 'system') throw new AuthorizationError('Only the registry approves transfers automatically', { reason: 'system-only', value: domain.name });
        if (!pending) throw new NotPendingTransferError('No transfer is pending', { reason: 'not-pending', value: domain.name });
        if (pending.actionDueAt > ctx.now) throw new NotPendingTransferError('The transfer is not due yet', { reason: 'not-due', value: domain.name });
        return this.approve(ctx, domain, pending, 'serverApproved', zone.periods.transferGraceDays);
      }
      case 'cancel': {
        if (!pending) throw new NotPendingTransferError('No transfer is pending', { reason: 'not-pending', value: domain.name });
        if (pending.gaining !== input.registrarId) throw new AuthorizationError('Only the requesting registrar may cancel', { reason: 'not-gaining', value: domain.name });
        return this.close(ctx, domain, pending, 'clientCancelled');
      }
    }
  }

  private async request(ctx: CommandContext, domain: DomainRecord, pending: TransferRow | null, input: TransferDomainInput, zone: Zone): Promise<TransferView> {
    if (domain.registrarId === input.registrarId) throw new ObjectExistsError('You already sponsor this domain', { reason: 'already-sponsor', value: domain.name });
    if (pending) throw new PendingTransferError('A transfer is already pending', { reason: 'pending', value: domain.name });
    verifyNotPendingDelete(domain, 'Transfer');
    verifyNotDisputeLocked(domain, 'Transfer');
    verifyNoStatus(domain, ['clientTransferProhibited', 'serverTransferProhibited', 'pendingCreate'], 'Transfer');
    await verifyAuthInfo(domain, input.authInfo);
    const years = input.years ?? 1;
    verifyTerm(years, zone.minTermYears, zone.maxTermYears);
    const amount = zone.prices.transfer * years;
    const balance = await this.registrars.debit(ctx.manager, { registrarId: input.registrarId, amount, kind: 'transfer', domainId: domain.id, domainName: domain.name, years }, ctx.now);
    if (balance === null) throw new BillingFailureError('Insufficient balance', { reason: 'insufficient-balance', value: input.registrarId });
    const actionDueAt = addDays(ctx.now, zone.periods.transferPendingDays);
    const rows = await ctx.manager.query(
      `INSERT INTO domain_transfers (domain_id, status, gaining_registrar, losing_registrar, years, amount, requested_at, action_due_at, account_id, payment_id)
       VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [domain.id, input.registrarId, domain.registrarId, years, amount, ctx.now, actionDueAt, input.forAccount?.accountId ?? null, input.forAccount?.paymentId ?? null],
    );
    const next = { ...domain, statuses: [...domain.statuses, 'pendingTransfer' as const], updatedAt: ctx.now, updatedBy: ctx.actor.id };
    await this.domains.save(ctx.manager, next);
    const row: TransferRow = { id: String(rows[0].id), status: 'pending', gaining: input.registrarId, losing: domain.registrarId, years, amount, requestedAt: ctx.now, actionDueAt, actedAt: null, expiresAtAfter: null, accountId: input.forAccount?.accountId ?? null };
    await this.notify(ctx, domain, row);
    await this.outbox.enqueueToRegistrant(ctx, domain.id, { template: 'transfer-requested', payload: { domain: domain.unicodeName, gainingRegistrar: input.registrarId, actionDate: actionDueAt }, dedupeKey: `transfer-requested:${row.id}` });
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.transfer.request', before: domainSnapshot(domain), after: { ...domainSnapshot(next), transfer: row } });
    return view(domain, row);
  }

  /** Approves a pending transfer; also used by the worker's auto-approval (`serverApproved`). */
  async approve(ctx: CommandContext, domain: DomainRecord, pending: TransferRow, status: 'clientApproved' | 'serverApproved', graceDays: number): Promise<TransferView> {
    const cap = addYears(ctx.now, MAX_REGISTRATION_YEARS);
    const extended = addYears(domain.expiresAt, pending.years);
    const expiresAt = extended > cap ? cap : extended;
    await ctx.manager.query(`UPDATE domain_transfers SET status = $2, acted_at = $3, expires_at_after = $4 WHERE id = $1`, [pending.id, status, ctx.now, expiresAt]);
    // A paid transfer in from the panel: the buyer's account gets the domain, and its registrant
    // contact (the direct channel's, made at the buyer's first checkout) becomes the registrant,
    // since the auth code holder is the registrant who asked to move. No contact yet: the
    // registrant stays as it was.
    const registrantId = pending.accountId ? await this.accountRegistrant(ctx, pending.accountId, pending.gaining) : null;
    const next: DomainRecord = {
      ...domain,
      ...(pending.accountId ? { accountId: pending.accountId } : {}),
      ...(registrantId ? { registrantId } : {}),
      registrarId: pending.gaining,
      statuses: domain.statuses.filter((s) => s !== 'pendingTransfer' && !s.startsWith('client')),
      authInfoHash: await hashAuthInfo(generateAuthInfo()),
      expiresAt,
      transferredAt: ctx.now,
      updatedAt: ctx.now,
      updatedBy: ctx.actor.id,
    };
    await this.domains.save(ctx.manager, next);
    const graces = await this.domains.activeGracePeriods(ctx.manager, domain.id, ctx.now);
    await this.domains.endGracePeriods(ctx.manager, graces.map((g) => g.id), ctx.now);
    await this.domains.addGracePeriod(ctx.manager, domain.id, { kind: 'transfer', registrarId: pending.gaining, amount: pending.amount, endsAt: addDays(ctx.now, graceDays) }, ctx.now);
    for (const host of await this.hosts.transferSubordinates(ctx.manager, domain.id, pending.gaining, ctx.now, ctx.actor.id)) {
      await this.history.record(ctx, { objectType: 'host', objectId: host.id, objectName: host.name, action: 'host.transfer', before: host, after: { ...host, registrarId: pending.gaining, updatedAt: ctx.now, updatedBy: ctx.actor.id } });
    }
    const row = { ...pending, status, actedAt: ctx.now, expiresAtAfter: expiresAt };
    await this.outbox.enqueueToRegistrant(ctx, domain.id, { template: 'transfer-approved', payload: { domain: domain.unicodeName, gainingRegistrar: pending.gaining }, dedupeKey: `transfer-approved:${pending.id}` });
    await this.notify(ctx, domain, row);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: `domain.transfer.${status}`, before: domainSnapshot(domain), after: { ...domainSnapshot(next), transfer: row } });
    return view(next, row);
  }

  /** The account's live registrant contact id when it is sponsored by `registrarId`, else null. */
  private async accountRegistrant(ctx: CommandContext, accountId: string, registrarId: string): Promise<string | null> {
    const rows = await ctx.manager.query(
      `SELECT c.id FROM registrant_accounts a JOIN contacts c ON c.id = a.contact_id WHERE a.id = $1 AND c.registrar_id = $2 AND c.deleted_at IS NULL`,
      [accountId, registrarId],
    );
    return rows.length ? String(rows[0].id) : null;
  }

  private async close(ctx: CommandContext, domain: DomainRecord, pending: TransferRow, status: 'clientRejected' | 'clientCancelled' | 'serverCancelled'): Promise<TransferView> {
    await ctx.manager.query(`UPDATE domain_transfers SET status = $2, acted_at = $3 WHERE id = $1`, [pending.id, status, ctx.now]);
    await this.registrars.credit(ctx.manager, { registrarId: pending.gaining, amount: pending.amount, kind: 'refund', domainId: domain.id, domainName: domain.name, note: `transfer ${status}` }, ctx.now);
    const next = { ...domain, statuses: domain.statuses.filter((s) => s !== 'pendingTransfer'), updatedAt: ctx.now, updatedBy: ctx.actor.id };
    await this.domains.save(ctx.manager, next);
    const row = { ...pending, status, actedAt: ctx.now };
    await this.notify(ctx, domain, row);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: `domain.transfer.${status}`, before: domainSnapshot(domain), after: { ...domainSnapshot(next), transfer: row } });
    return view(next, row);
  }

  /** Both sides of a transfer hear of every step through their poll queue. */
  private async notify(ctx: CommandContext, domain: DomainRecord, row: TransferRow): Promise<void> {
    const payload = { type: 'transfer', name: domain.name, status: row.status, gaining: row.gaining, losing: row.losing, requestedAt: row.requestedAt, actionDueAt: row.actionDueAt, expiresAt: row.expiresAtAfter };
    const message = `Transfer ${row.status} for ${domain.name}`;
    await this.poll.enqueue(ctx.manager, row.losing, message, payload, ctx.now);
    await this.poll.enqueue(ctx.manager, row.gaining, message, payload, ctx.now);
  }
}

function view(domain: DomainRecord, t: TransferRow): TransferView {
  return {
    name: domain.name,
    status: t.status,
    gainingRegistrar: t.gaining,
    losingRegistrar: t.losing,
    requestedAt: t.requestedAt,
    actionDueAt: t.actionDueAt,
    actedAt: t.actedAt,
    expiresAt: t.expiresAtAfter,
  };
}
