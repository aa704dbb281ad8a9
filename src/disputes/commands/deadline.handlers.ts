import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { DisputeFees } from '../dispute-fees';
import { DisputeImplementer } from '../dispute-implementer';
import { DisputeLock } from '../dispute-lock';
import { DisputeRepository } from '../dispute.repository';
import { WORKING_DAYS, type DisputeRecord } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

/** What a passed deadline did: the new state, or why nothing happened. */
export type DeadlineOutcome = 'not-due' | 'overdue' | DisputeRecord['state'];

/**
 * dispute.deadline — what happens when a case's deadline passes (the policy in BRIEF.md), run by the
 * deadline job and by the daily scan. Idempotent: the case is re-read under a row lock and nothing
 * happens unless its current deadline has passed, so a late, repeated or stale job (an extension
 * moved the deadline) changes nothing more.
 * - response: no response → the complainant may ask for a summary decision (summary fee, 10 WD);
 * - reply: mediation (10 WD); mediation: no settlement → the expert fee is due (10 WD);
 * - awaiting-fee: a summary or expert fee not paid → the case lapses and closes; an appeal fee,
 *   deposit or balance not paid → the decision is implemented;
 * - appeal-window, appeal-intent (no full notice): the decision is implemented;
 * - filed, appointment, decision, appeal: people must act; the case shows as overdue in the queue.
 */
@Injectable()
export class DisputeDeadlineHandler implements CommandHandler<{ disputeId: string }, DeadlineOutcome> {
  readonly command = 'dispute.deadline';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly calendar: DisputeCalendar,
    private readonly fees: DisputeFees,
    private readonly implementer: DisputeImplementer,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: { disputeId: string }): Promise<DeadlineOutcome> {
    const d = await this.disputes.find(ctx.manager, input.disputeId, { lock: true });
    if (!d || d.state === 'closed' || !d.dueAt || d.dueAt >= ctx.now) return 'not-due';
    const feeDue = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.fee);
    let next: DisputeRecord;
    switch (d.state) {
      case 'response':
        next = await this.workflow.step(ctx, d, { ...d, state: 'awaiting-fee', dueAt: feeDue, feeKind: 'summary', feeAmount: this.fees.amount('summary'), feePayer: 'complainant', feePaymentId: null },
          { kind: 'no-response', mail: { step: 'fee-due', to: 'complainant' } });
        break;
      case 'reply':
        next = await this.workflow.step(ctx, d, { ...d, state: 'mediation', dueAt: await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.mediation) },
          { kind: 'mediation', mail: { step: 'mediation', to: 'both' } });
        break;
      case 'mediation':
        next = await this.workflow.step(ctx, d, { ...d, state: 'awaiting-fee', dueAt: feeDue, feeKind: 'expert', feeAmount: this.fees.amount('expert'), feePayer: 'complainant', feePaymentId: null },
          { kind: 'mediation-ended', mail: { step: 'fee-due', to: 'complainant' } });
        break;
      case 'awaiting-fee':
        if (d.feeKind === 'summary' || d.feeKind === 'expert') {
          next = await this.workflow.step(ctx, d, await this.implementer.close(ctx, d, 'lapsed'), { kind: 'lapsed', data: { feeKind: d.feeKind }, mail: { step: 'lapsed', to: 'both' } });
        } else {
          next = await this.implementDecision(ctx, d, 'appeal-fee-unpaid');
        }
        break;
      case 'appeal-window':
      case 'appeal-intent':
        next = await this.implementDecision(ctx, d, d.state === 'appeal-intent' ? 'no-appeal-notice' : 'appeal-window-closed');
        break;
      default:
        return 'overdue';
    }
    return next.state;
  }

  private async implementDecision(ctx: CommandContext, d: DisputeRecord, why: string): Promise<DisputeRecord> {
    const outcome = d.outcome ?? 'no-action';
    const closed = await this.implementer.implement(ctx, d, outcome, 'implemented');
    return this.workflow.step(ctx, d, closed, { kind: 'implemented', data: { outcome, why }, mail: { step: 'implemented', to: 'both' } });
  }
}

/** dispute.keep-alive — renews a locked disputed domain near expiry at the registry's cost (DisputeLock.keepAlive). */
@Injectable()
export class KeepDisputedDomainHandler implements CommandHandler<{ disputeId: string }, boolean> {
  readonly command = 'dispute.keep-alive';

  constructor(private readonly disputes: DisputeRepository, private readonly lock: DisputeLock) {}

  async handle(ctx: CommandContext, input: { disputeId: string }): Promise<boolean> {
    const d = await this.disputes.find(ctx.manager, input.disputeId, { lock: true });
    if (!d || d.state === 'closed') return false;
    const domain = await this.lock.lockedDomain(ctx, d.domainId);
    return domain ? this.lock.keepAlive(ctx, d, domain) : false;
  }
}
