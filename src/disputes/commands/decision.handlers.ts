import { Injectable } from '@nestjs/common';
import { AuthorizationError, ParameterPolicyError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { verifyCase, verifyParty, verifyState, verifyStatement } from '../dispute.checks';
import { DisputeFees } from '../dispute-fees';
import { DisputeImplementer } from '../dispute-implementer';
import { DisputeRepository } from '../dispute.repository';
import { OUTCOMES, WORKING_DAYS, type DisputeRecord, type Outcome } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';
import { acceptedExperts } from './appointment.handlers';

function verifyOutcome(outcome: string): Outcome {
  if (!(OUTCOMES as readonly string[]).includes(outcome)) throw new ParameterPolicyError('Outcome must be transfer, cancel, suspend or no-action', { reason: 'outcome', value: outcome });
  return outcome as Outcome;
}

async function verifyAppointed(ctx: CommandContext, d: DisputeRecord, role: 'expert' | 'appeal'): Promise<void> {
  if (ctx.actor.type !== 'admin' || !(await acceptedExperts(ctx, d.id, role)).includes(ctx.actor.id)) {
    throw new AuthorizationError('Only the appointed expert decides this case', { reason: 'not-appointed', value: d.caseNumber });
  }
}

export interface DecisionInput {
  caseNumber: string;
  outcome: string;
  reasons: string;
}

/**
 * dispute.decide — the appointed expert's decision (transfer / cancel / suspend / no action) with
 * reasons. It is published at once (the public decisions page) and opens the appeal window of 10
 * working days; implementation follows the window (DisputeDeadlineHandler) unless an appeal or court
 * proceedings intervene. Errors: 2303, 2201 (`not-appointed`), 2304, 2306 (`outcome`), 2003.
 */
@Injectable()
export class RecordDecisionHandler implements CommandHandler<DecisionInput, DisputeRecord> {
  readonly command = 'dispute.decide';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly calendar: DisputeCalendar,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: DecisionInput): Promise<DisputeRecord> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['decision'], 'A decision');
    await verifyAppointed(ctx, d, 'expert');
    const outcome = verifyOutcome(input.outcome);
    const reasons = verifyStatement(input.reasons, 'reasons');
    const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.appealWindow);
    return this.workflow.step(ctx, d, { ...d, outcome, reasons, decidedAt: ctx.now, published: true, state: 'appeal-window', dueAt }, { kind: 'decision', data: { outcome }, mail: { step: 'decision', to: 'both' } });
  }
}

export interface AppealInput {
  caseNumber: string;
  /** `notice`: the full appeal notice now (appeal fee); `intent`: notice of intent (deposit), the full notice within 15 working days (the balance). */
  mode: 'notice' | 'intent';
  notice?: string;
}

/**
 * dispute.appeal — either party appeals a decision within the appeal window: with the full notice
 * (fee: `appeal`) or with a notice of intent (fee: `appeal-deposit`), then, from `appeal-intent`,
 * the full notice (fee: `appeal-balance`, the appeal fee less the deposit). The case waits for the
 * fee (10 working days; unpaid, the decision is implemented). Errors: 2303, 2201 (the other party's
 * appeal in progress), 2304, 2003, 2306 (`word-limit`).
 */
@Injectable()
export class LodgeAppealHandler implements CommandHandler<AppealInput, DisputeRecord> {
  readonly command = 'dispute.appeal';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly fees: DisputeFees,
    private readonly calendar: DisputeCalendar,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: AppealInput): Promise<DisputeRecord> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    const party = verifyParty(ctx, d);
    verifyState(d, ['appeal-window', 'appeal-intent'], 'An appeal');
    if (d.state === 'appeal-intent' && d.appealParty !== party) throw new AuthorizationError('The other party has given notice of intent to appeal', { reason: 'not-appellant', value: d.caseNumber });
    const intent = input.mode === 'intent' && d.state === 'appeal-window';
    const notice = intent ? null : verifyStatement(input.notice, 'notice');
    const feeKind = intent ? 'appeal-deposit' : d.state === 'appeal-intent' ? 'appeal-balance' : 'appeal';
    const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.fee);
    return this.workflow.step(ctx, d, {
      ...d, state: 'awaiting-fee', dueAt, feeKind, feeAmount: this.fees.amount(feeKind), feePayer: party, feePaymentId: null, appealParty: party, appealNotice: notice,
    }, { kind: intent ? 'appeal-intent' : 'appeal-notice', data: { party }, mail: { step: 'fee-due', to: party } });
  }
}

/**
 * dispute.appeal-decide — the appeal panel (any of its three accepted members, recording the
 * panel's decision) upholds or overturns the decision, with reasons; the final outcome is
 * implemented at once and the case closes. Errors: 2303, 2201, 2304, 2306, 2003.
 */
@Injectable()
export class AppealDecisionHandler implements CommandHandler<{ caseNumber: string; result: 'upheld' | 'overturned'; outcome?: string; reasons: string }, DisputeRecord> {
  readonly command = 'dispute.appeal-decide';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly implementer: DisputeImplementer,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; result: 'upheld' | 'overturned'; outcome?: string; reasons: string }): Promise<DisputeRecord> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['appeal'], 'An appeal decision');
    await verifyAppointed(ctx, d, 'appeal');
    if ((await acceptedExperts(ctx, d.id, 'appeal')).length < 3) throw new AuthorizationError('The appeal panel is not complete', { reason: 'panel-incomplete', value: d.caseNumber });
    if (input.result !== 'upheld' && input.result !== 'overturned') throw new ParameterPolicyError('Result must be upheld or overturned', { reason: 'appeal-result', value: String(input.result) });
    const reasons = verifyStatement(input.reasons, 'reasons');
    const outcome = input.result === 'upheld' ? d.outcome! : verifyOutcome(input.outcome ?? '');
    const decided = { ...d, appealResult: input.result, appealReasons: reasons, outcome };
    await this.workflow.step(ctx, d, decided, { kind: 'appeal-decision', data: { result: input.result, outcome }, mail: { step: 'appeal-decision', to: 'both' } });
    const closed = await this.implementer.implement(ctx, decided, outcome, 'implemented');
    return this.workflow.step(ctx, decided, closed, { kind: 'implemented', data: { outcome }, mail: { step: 'implemented', to: 'both' } });
  }
}
