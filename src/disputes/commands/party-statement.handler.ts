import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { verifyCase, verifyParty, verifyState, verifyStatement } from '../dispute.checks';
import { DisputeRepository } from '../dispute.repository';
import { WORKING_DAYS, type DisputeRecord } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

export interface StatementInput {
  caseNumber: string;
  kind: 'response' | 'reply';
  text: string;
}

/**
 * dispute.statement — the respondent's response (state `response`, within 15 working days) moves
 * the case to the complainant's reply (5 working days); the complainant's reply (to new points
 * only) moves it to informal mediation (10 working days). A reply is optional: when its deadline
 * passes the case goes to mediation anyway (DisputeDeadlineHandler). At most 5,000 words each.
 * Errors: 2303 (not a party), 2201 (the other party's statement), 2304 (`dispute-state`), 2003, 2306 (`word-limit`).
 */
@Injectable()
export class SubmitStatementHandler implements CommandHandler<StatementInput, DisputeRecord> {
  readonly command = 'dispute.statement';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly calendar: DisputeCalendar,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: StatementInput): Promise<DisputeRecord> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    if (input.kind === 'response') {
      verifyParty(ctx, d, 'respondent');
      verifyState(d, ['response'], 'A response');
      const response = verifyStatement(input.text, 'response');
      const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.reply);
      return this.workflow.step(ctx, d, { ...d, response, state: 'reply', dueAt }, { kind: 'response', mail: { step: 'response-received', to: 'both' } });
    }
    verifyParty(ctx, d, 'complainant');
    verifyState(d, ['reply'], 'A reply');
    const reply = verifyStatement(input.text, 'reply');
    const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.mediation);
    return this.workflow.step(ctx, d, { ...d, reply, state: 'mediation', dueAt }, { kind: 'reply', mail: { step: 'mediation', to: 'both' } });
  }
}
