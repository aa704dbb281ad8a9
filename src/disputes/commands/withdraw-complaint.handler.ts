import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { verifyCase, verifyParty, verifyState } from '../dispute.checks';
import { DisputeImplementer } from '../dispute-implementer';
import { DisputeRepository } from '../dispute.repository';
import { WITHDRAWABLE_STATES, type DisputeRecord } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

/**
 * dispute.withdraw — the complainant withdraws at any time before the decision: the case closes and
 * the domain is unlocked (its own statuses restored). Fees already paid are not refunded.
 * Errors: 2303 (not a party), 2201 (the respondent), 2304 (`dispute-state`: decided or closed).
 */
@Injectable()
export class WithdrawComplaintHandler implements CommandHandler<{ caseNumber: string }, DisputeRecord> {
  readonly command = 'dispute.withdraw';

  constructor(private readonly disputes: DisputeRepository, private readonly implementer: DisputeImplementer, private readonly workflow: DisputeWorkflow) {}

  async handle(ctx: CommandContext, input: { caseNumber: string }): Promise<DisputeRecord> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyParty(ctx, d, 'complainant');
    verifyState(d, WITHDRAWABLE_STATES, 'Withdrawal');
    const closed = await this.implementer.close(ctx, d, 'withdrawn');
    return this.workflow.step(ctx, d, closed, { kind: 'withdrawn', mail: { step: 'withdrawn', to: d.lockedAt ? 'both' : 'complainant' } });
  }
}
