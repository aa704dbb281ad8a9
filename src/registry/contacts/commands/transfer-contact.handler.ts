import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthorizationError, InvalidAuthInfoError, NotPendingTransferError, ObjectExistsError, PendingTransferError } from '../../../common/registry-errors';
import { generateAuthInfo, hashAuthInfo, verifyAuthInfoHash } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import type { TransferOp, TransferStatus } from '../../domains/commands/transfer-domain.handler';
import { HistoryRepository } from '../../history/history.repository';
import { PollRepository } from '../../poll/poll.repository';
import { addDays } from '../../zones/zone.types';
import { verifyContactExists, verifyContactNoStatus, verifyContactSponsor } from '../contact.checks';
import { ContactRepository } from '../contact.repository';
import { contactSnapshot } from './contact-snapshot';

/** Days a contact transfer waits for the losing registrar before the worker approves it (issue 5). */
export const CONTACT_TRANSFER_PENDING_DAYS = 5;

export interface ContactTransferView {
  handle: string;
  status: TransferStatus;
  gainingRegistrar: string;
  losingRegistrar: string;
  requestedAt: Date;
  actionDueAt: Date;
  actedAt: Date | null;
}

interface Row { id: string; status: TransferStatus; gaining: string; losing: string; requestedAt: Date; actionDueAt: Date; actedAt: Date | null }

async function latest(manager: EntityManager, contactId: string): Promise<Row | null> {
  const rows = await manager.query(`SELECT * FROM contact_transfers WHERE contact_id = $1 ORDER BY id DESC LIMIT 1`, [contactId]);
  if (!rows.length) return null;
  const r = rows[0];
  return { id: String(r.id), status: r.status, gaining: r.gaining_registrar, losing: r.losing_registrar, requestedAt: r.requested_at, actionDueAt: r.action_due_at, actedAt: r.acted_at };
}

/**
 * contact.transfer (RFC 5733 §3.2.4): request (with auth info) / approve / reject (losing
 * registrar) / cancel (gaining) / query (parties or auth-info holders). Contacts move free of
 * charge; approval replaces the auth info. Both sides get poll messages.
 * Errors: 2303, 2201, 2202, 2300, 2301, 2302 (already sponsor), 2304 (transfer-prohibited).
 */
@Injectable()
export class TransferContactHandler implements CommandHandler<{ op: TransferOp; handle: string; registrarId: string; authInfo?: string }, ContactTransferView> {
  readonly command = 'contact.transfer';

  constructor(
    private readonly contacts: ContactRepository,
    private readonly poll: PollRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { op: TransferOp; handle: string; registrarId: string; authInfo?: string }): Promise<ContactTransferView> {
    const contact = verifyContactExists(await this.contacts.findLiveByHandle(ctx.manager, input.handle, { lock: input.op !== 'query' }), input.handle);
    const current = await latest(ctx.manager, contact.id);
    const pending = current?.status === 'pending' ? current : null;
    const view = (r: Row): ContactTransferView => ({ handle: contact.handle, status: r.status, gainingRegistrar: r.gaining, losingRegistrar: r.losing, requestedAt: r.requestedAt, actionDueAt: r.actionDueAt, actedAt: r.actedAt });
    const authOk = async () => input.authInfo !== undefined && (await verifyAuthInfoHash(contact.authInfoHash, input.authInfo));

    if (input.op === 'query') {
      if (!current) throw new NotPendingTransferError('No transfer has been requested for this contact', { reason: 'no-transfer', value: contact.handle });
      if (input.registrarId !== current.gaining && input.registrarId !== current.losing && !(await authOk())) {
        throw new AuthorizationError('Only the parties to a transfer may query it', { reason: 'not-party', value: contact.handle });
      }
      return view(current);
    }
    if (input.op === 'request') {
      if (contact.registrarId === input.registrarId) throw new ObjectExistsError('You already sponsor this contact', { reason: 'already-sponsor', value: contact.handle });
      if (pending) throw new PendingTransferError('A transfer is already pending', { reason: 'pending', value: contact.handle });
      verifyContactNoStatus(contact, ['clientTransferProhibited', 'serverTransferProhibited'], 'Transfer');
      if (!(await authOk())) throw new InvalidAuthInfoError('Invalid authorization information', { reason: 'auth-info', value: contact.handle });
      const due = addDays(ctx.now, CONTACT_TRANSFER_PENDING_DAYS);
      const rows = await ctx.manager.query(
        `INSERT INTO contact_transfers (contact_id, status, gaining_registrar, losing_registrar, requested_at, action_due_at) VALUES ($1, 'pending', $2, $3, $4, $5) RETURNING id`,
        [contact.id, input.registrarId, contact.registrarId, ctx.now, due],
      );
      const row: Row = { id: String(rows[0].id), status: 'pending', gaining: input.registrarId, losing: contact.registrarId, requestedAt: ctx.now, actionDueAt: due, actedAt: null };
      await this.finish(ctx, contact.id, contact.handle, row, 'contact.transfer.request');
      return view(row);
    }
    if (!pending) throw new NotPendingTransferError('No transfer is pending', { reason: 'not-pending', value: contact.handle });
    let status: TransferStatus;
    if (input.op === 'cancel') {
      if (pending.gaining !== input.registrarId) throw new AuthorizationError('Only the requesting registrar may cancel', { reason: 'not-gaining', value: contact.handle });
      status = 'clientCancelled';
    } else {
      verifyContactSponsor(contact, input.registrarId);
      status = input.op === 'approve' ? 'clientApproved' : 'clientRejected';
    }
    await ctx.manager.query(`UPDATE contact_transfers SET status = $2, acted_at = $3 WHERE id = $1`, [pending.id, status, ctx.now]);
    if (status === 'clientApproved') {
      const next = { ...contact, registrarId: pending.gaining, authInfoHash: await hashAuthInfo(generateAuthInfo()), transferredAt: ctx.now, updatedAt: ctx.now, updatedBy: ctx.actor.id };
      await this.contacts.save(ctx.manager, next);
      await this.history.record(ctx, { objectType: 'contact', objectId: contact.id, objectName: contact.handle, action: 'contact.transfer.clientApproved', before: contactSnapshot(contact), after: contactSnapshot(next) });
    }
    const row = { ...pending, status, actedAt: ctx.now };
    await this.finish(ctx, contact.id, contact.handle, row, status === 'clientApproved' ? null : `contact.transfer.${status}`);
    return view(row);
  }

  private async finish(ctx: CommandContext, contactId: string, handle: string, row: Row, action: string | null): Promise<void> {
    const payload = { type: 'contact-transfer', handle, status: row.status, gaining: row.gaining, losing: row.losing };
    for (const registrar of [row.losing, row.gaining]) await this.poll.enqueue(ctx.manager, registrar, `Contact transfer ${row.status} for ${handle}`, payload, ctx.now);
    if (action) await this.history.record(ctx, { objectType: 'contact', objectId: contactId, objectName: handle, action, after: { transfer: row } });
  }
}
