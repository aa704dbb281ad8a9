import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataManagementPolicyError } from '../../common/registry-errors';
import { sha256 } from '../../common/secrets';
import { AppConfig } from '../../config/app-config';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { verifyCase, verifyStaff, verifyState, verifyStatement } from '../dispute.checks';
import { DisputeLock } from '../dispute-lock';
import { DisputeRepository } from '../dispute.repository';
import { WORKING_DAYS, type DisputeRecord } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

/** How long the respondent's one-time access link stays valid. */
export const ACCESS_LINK_TTL_MS = 90 * 86_400_000;

/**
 * dispute.validate — an officer accepts a filed complaint; the registrant is notified the same day.
 * In this one transaction: the domain is locked (DisputeLock: dispute_locked + the three
 * server*Prohibited statuses, a pending transfer is cancelled, the sponsor gets a poll message),
 * the respondent is bound — the domain's panel account when it was bought through the panel, else
 * a one-time link is mailed to the registrant contact's address (see ClaimRespondentAccessHandler) —
 * and the response deadline (15 working days) starts.
 * Errors: 2303, 2304 (`dispute-state`: not filed), 2308 (`domain-gone`: the domain was deleted meanwhile; reject instead).
 */
@Injectable()
export class ValidateComplaintHandler implements CommandHandler<{ caseNumber: string }, DisputeRecord> {
  readonly command = 'dispute.validate';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly lock: DisputeLock,
    private readonly calendar: DisputeCalendar,
    private readonly workflow: DisputeWorkflow,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: { caseNumber: string }): Promise<DisputeRecord> {
    verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['filed'], 'Validation');
    const domain = await this.lock.lockedDomain(ctx, d.domainId);
    if (!domain || domain.deletedAt) throw new DataManagementPolicyError(`${d.unicodeName} is no longer registered; reject the complaint`, { reason: 'domain-gone', value: d.domainName });
    const locked = await this.lock.lock(ctx, d, domain);
    const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.response);
    const validated = await this.workflow.step(ctx, d, {
      ...locked, state: 'response', dueAt, respondentContactId: domain.registrantId ?? d.respondentContactId, respondentAccountId: domain.accountId,
    }, { kind: 'validated', mail: { step: 'validated', to: 'complainant' } });
    let link: string | undefined;
    if (!validated.respondentAccountId) {
      const token = randomBytes(32).toString('base64url');
      const email = await ctx.manager.query(`SELECT email FROM contacts WHERE id = $1`, [validated.respondentContactId]);
      if (email[0]?.email) {
        await ctx.manager.query(
          `INSERT INTO dispute_access_tokens (token_hash, dispute_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
          [sha256(token), d.id, email[0].email, ctx.now, new Date(ctx.now.getTime() + ACCESS_LINK_TTL_MS)],
        );
        link = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/disputes/access/${token}`;
      }
    }
    return this.workflow.step(ctx, validated, validated, { kind: 'notified', data: { viaLink: !!link }, mail: { step: 'notified', to: 'respondent', link } });
  }
}

/**
 * dispute.reject — an officer refuses a filed complaint (out of scope, incomplete…) with a reason
 * the complainant sees. The case closes; the domain was never locked.
 * Errors: 2303, 2304 (not filed), 2003 (no reason).
 */
@Injectable()
export class RejectComplaintHandler implements CommandHandler<{ caseNumber: string; reason: string }, DisputeRecord> {
  readonly command = 'dispute.reject';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; reason: string }): Promise<DisputeRecord> {
    verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['filed'], 'Rejection');
    const reason = verifyStatement(input.reason, 'reason', 4_000);
    return this.workflow.step(ctx, d, { ...d, state: 'closed', dueAt: null, closedReason: 'rejected', closedAt: ctx.now }, { kind: 'rejected', data: { reason }, mail: { step: 'rejected', to: 'complainant' } });
  }
}
