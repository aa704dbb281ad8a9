import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { JobName, QueueName, jobIds } from '../infrastructure/queue/queue.names';
import { rowsOf } from '../infrastructure/database/rows';
import type { DisputeStep } from '../mail/mail-format';
import { OutboxRepository } from '../mail/outbox.repository';
import type { MailLocale } from '../mail/templates';
import type { CommandContext } from '../registry/command/command-context';
import { HistoryRepository } from '../registry/history/history.repository';
import { DisputeRepository } from './dispute.repository';
import type { DisputeRecord, Party } from './dispute.types';

/** What a step of a case tells the parties by mail. */
export interface StepMail {
  step: DisputeStep;
  to: 'both' | Party;
  /** The respondent's one-time access link (only ever in the respondent's mail). */
  link?: string;
}

export interface StepEvent {
  kind: string;
  /** 'staff' events never reach the parties' or the expert's timeline. */
  visibility?: 'parties' | 'staff';
  data?: Record<string, unknown>;
  mail?: StepMail;
}

/** What history keeps of a case: everything but the long texts (immutable once written; their sizes are kept). */
export function disputeSnapshot(d: DisputeRecord): Record<string, unknown> {
  const { complaint, response, reply, appealNotice, reasons, appealReasons, ...rest } = d;
  const len = (s: string | null) => (s === null ? null : s.length);
  return { ...rest, complaintChars: len(complaint), responseChars: len(response), replyChars: len(reply), appealNoticeChars: len(appealNotice), reasonsChars: len(reasons), appealReasonsChars: len(appealReasons) };
}

/**
 * The one way a case changes: writes the new row, its timeline event, a history row (who, when,
 * before/after, channel) and the parties' mails in the command's transaction, and after commit
 * schedules the deadline job of the new state (deterministic id: the case and the deadline).
 */
@Injectable()
export class DisputeWorkflow {
  constructor(
    private readonly disputes: DisputeRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.Disputes) private readonly queue: Queue,
  ) {}

  async step(ctx: CommandContext, before: DisputeRecord | null, after: DisputeRecord, event: StepEvent): Promise<DisputeRecord> {
    const next = { ...after, updatedAt: ctx.now };
    if (before) await this.disputes.save(ctx.manager, next);
    await this.disputes.insertEvent(ctx.manager, {
      disputeId: next.id, kind: event.kind, state: next.state, visibility: event.visibility ?? 'parties',
      actorType: ctx.actor.type, actorId: ctx.actor.id, dueAt: next.dueAt, data: event.data ?? {},
    }, ctx.now);
    await this.history.record(ctx, {
      objectType: 'dispute', objectId: next.id, objectName: next.caseNumber, action: `dispute.${event.kind}`,
      before: before ? disputeSnapshot(before) : undefined, after: { ...disputeSnapshot(next), ...(event.data ? { event: event.data } : {}) },
    });
    if (event.mail) await this.mail(ctx, next, event.kind, event.mail);
    const due = next.dueAt;
    if (due && next.state !== 'closed' && due.getTime() !== before?.dueAt?.getTime()) {
      ctx.afterCommit(() => this.scheduleDeadline(next.id, due));
    }
    return next;
  }

  /** A delayed job at the deadline (plus a second); the daily scan covers a lost one. */
  async scheduleDeadline(disputeId: string, dueAt: Date): Promise<void> {
    const delay = Math.max(0, dueAt.getTime() - Date.now() + 1_000);
    await this.queue.add(JobName.DisputeDeadline, { disputeId }, { jobId: jobIds.disputeDeadline(disputeId, dueAt), delay });
  }

  private async mail(ctx: CommandContext, d: DisputeRecord, kind: string, mail: StepMail): Promise<void> {
    const parties: Party[] = mail.to === 'both' ? ['complainant', 'respondent'] : [mail.to];
    for (const party of parties) {
      const to = await recipientOf(ctx.manager, d, party);
      if (!to) continue;
      await this.outbox.enqueue(ctx, {
        template: 'dispute-step',
        recipient: to.recipient,
        locale: to.locale,
        payload: { caseNumber: d.caseNumber, domain: d.unicodeName, step: mail.step, deadline: d.state === 'closed' ? null : d.dueAt, link: party === 'respondent' ? mail.link ?? null : null },
        dedupeKey: `dispute:${d.id}:${kind}:${party}:${ctx.now.getTime()}`,
      });
    }
  }
}

/**
 * Where a party's mail goes: the complainant's account; the respondent's account once one answers
 * for the case, else the registrant contact's address (Azerbaijani for a contact in AZ).
 */
export async function recipientOf(manager: EntityManager, d: DisputeRecord, party: Party): Promise<{ recipient: string; locale: MailLocale } | null> {
  const accountId = party === 'complainant' ? d.complainantAccountId : d.respondentAccountId;
  if (accountId) {
    const rows = rowsOf<{ email: string; locale: MailLocale }>(await manager.query(`SELECT email, locale FROM registrant_accounts WHERE id = $1`, [accountId]));
    if (rows[0]) return { recipient: rows[0].email, locale: rows[0].locale };
  }
  if (party === 'respondent' && d.respondentContactId) {
    const rows = rowsOf<{ email: string; cc: string }>(await manager.query(`SELECT email, cc FROM contacts WHERE id = $1`, [d.respondentContactId]));
    if (rows[0]?.email) return { recipient: rows[0].email, locale: rows[0].cc?.trim().toUpperCase() === 'AZ' ? 'az' : 'en' };
  }
  return null;
}
