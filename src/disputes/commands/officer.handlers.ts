import { Injectable } from '@nestjs/common';
import { ParameterPolicyError, ParameterRangeError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { verifyCase, verifyStaff, verifyState, verifyStatement } from '../dispute.checks';
import { DisputeImplementer } from '../dispute-implementer';
import { DisputeRepository } from '../dispute.repository';
import { EXTENDABLE_STATES, SETTLEABLE_STATES, type DisputeRecord, type Outcome } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';
import { addWorkingDays } from '../calendar/working-days';

/**
 * dispute.mediation-note — a confidential note of the informal mediation. Only officers read notes:
 * never the parties, never the expert (the timeline event is staff-only and names no content).
 * Errors: 2303, 2304 (closed), 2003.
 */
@Injectable()
export class AddMediationNoteHandler implements CommandHandler<{ caseNumber: string; body: string }, DisputeRecord> {
  readonly command = 'dispute.mediation-note';

  constructor(private readonly disputes: DisputeRepository, private readonly workflow: DisputeWorkflow) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; body: string }): Promise<DisputeRecord> {
    const author = verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['response', 'reply', 'mediation', 'awaiting-fee', 'appointment'], 'A mediation note');
    const body = verifyStatement(input.body, 'note', 20_000);
    await ctx.manager.query(`INSERT INTO dispute_mediation_notes (dispute_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)`, [d.id, author, body, ctx.now]);
    return this.workflow.step(ctx, d, d, { kind: 'mediation-note', visibility: 'staff', data: { chars: body.length } });
  }
}

/**
 * dispute.settle — the parties settled (usually in mediation): the officer records the agreed
 * outcome (the name moves to the complainant, is cancelled, or stays), it is implemented and the
 * case closes. Errors: 2303, 2304, 2306 (`outcome`), 2003.
 */
@Injectable()
export class SettleDisputeHandler implements CommandHandler<{ caseNumber: string; outcome: string; terms: string }, DisputeRecord> {
  readonly command = 'dispute.settle';

  constructor(private readonly disputes: DisputeRepository, private readonly implementer: DisputeImplementer, private readonly workflow: DisputeWorkflow) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; outcome: string; terms: string }): Promise<DisputeRecord> {
    verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, SETTLEABLE_STATES, 'A settlement');
    if (!['transfer', 'cancel', 'no-action'].includes(input.outcome)) throw new ParameterPolicyError('A settlement transfers, cancels or leaves the domain', { reason: 'outcome', value: input.outcome });
    const terms = verifyStatement(input.terms, 'terms', 10_000);
    const closed = await this.implementer.implement(ctx, d, input.outcome as Outcome, 'settled');
    return this.workflow.step(ctx, d, { ...closed, outcome: input.outcome as Outcome }, { kind: 'settled', data: { outcome: input.outcome, terms }, mail: { step: 'settled', to: 'both' } });
  }
}

/**
 * dispute.extend — an officer extends the current deadline by N working days (1–30) counted from
 * the current deadline, with a reason; recorded in `dispute_extensions` with the officer's id.
 * Errors: 2303, 2304 (a state that cannot be extended), 2004 (days), 2003.
 */
@Injectable()
export class ExtendDeadlineHandler implements CommandHandler<{ caseNumber: string; workingDays: number; reason: string }, DisputeRecord> {
  readonly command = 'dispute.extend';

  constructor(private readonly disputes: DisputeRepository, private readonly calendar: DisputeCalendar, private readonly workflow: DisputeWorkflow) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; workingDays: number; reason: string }): Promise<DisputeRecord> {
    const officer = verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, EXTENDABLE_STATES, 'An extension');
    if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > 30) {
      throw new ParameterRangeError('An extension is 1 to 30 working days', { reason: 'working-days', value: String(input.workingDays) });
    }
    const reason = verifyStatement(input.reason, 'reason', 2_000);
    const from = d.dueAt && d.dueAt > ctx.now ? d.dueAt : ctx.now;
    const dueAt = addWorkingDays(from, input.workingDays, await this.calendar.load(ctx.manager));
    await ctx.manager.query(
      `INSERT INTO dispute_extensions (dispute_id, state, old_due_at, new_due_at, working_days, reason, granted_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [d.id, d.state, d.dueAt ?? ctx.now, dueAt, input.workingDays, reason, officer, ctx.now],
    );
    return this.workflow.step(ctx, d, { ...d, dueAt }, { kind: 'deadline-extended', data: { workingDays: input.workingDays, reason, grantedBy: officer }, mail: { step: 'deadline-extended', to: 'both' } });
  }
}

/**
 * dispute.court — court proceedings were notified before implementation: the officer pauses the
 * case (`court-stay`, no deadline). Later `resolve: 'implement'` carries the decision out (the
 * proceedings ended without a contrary order) or `resolve: 'close'` closes the case for the court
 * (the lock is lifted; the court's order is carried out outside the DRS).
 * Errors: 2303, 2304, 2003.
 */
@Injectable()
export class CourtProceedingsHandler implements CommandHandler<{ caseNumber: string; action: 'stay' | 'implement' | 'close'; note: string }, DisputeRecord> {
  readonly command = 'dispute.court';

  constructor(private readonly disputes: DisputeRepository, private readonly implementer: DisputeImplementer, private readonly workflow: DisputeWorkflow) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; action: 'stay' | 'implement' | 'close'; note: string }): Promise<DisputeRecord> {
    verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    const note = verifyStatement(input.note, 'note', 4_000);
    if (input.action === 'stay') {
      verifyState(d, ['appeal-window', 'appeal-intent', 'awaiting-fee'], 'A court stay');
      if (d.state === 'awaiting-fee' && !d.feeKind?.startsWith('appeal')) verifyState(d, [], 'A court stay');
      return this.workflow.step(ctx, d, { ...d, state: 'court-stay', dueAt: null, feeKind: null, feeAmount: null, feePayer: null }, { kind: 'court-stay', data: { note }, mail: { step: 'court-stay', to: 'both' } });
    }
    verifyState(d, ['court-stay'], 'Ending a court stay');
    const closed = input.action === 'implement' ? await this.implementer.implement(ctx, d, d.outcome ?? 'no-action', 'implemented') : await this.implementer.close(ctx, d, 'court');
    return this.workflow.step(ctx, d, closed, { kind: input.action === 'implement' ? 'implemented' : 'closed-for-court', data: { note, outcome: closed.outcome }, mail: { step: input.action === 'implement' ? 'implemented' : 'closed', to: 'both' } });
  }
}
