import { Injectable } from '@nestjs/common';
import { AuthorizationError, ObjectNotFoundError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { verifyCase, verifyStaff, verifyState, verifyStatement } from '../dispute.checks';
import { DisputeRepository } from '../dispute.repository';
import { WORKING_DAYS, type DisputeRecord } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

/** How many experts each role needs: one expert; an appeal panel of three. */
const SEATS = { expert: 1, appeal: 3 } as const;
type Role = keyof typeof SEATS;

/**
 * The expert rotation: proposes the active experts appointed least recently (never one already
 * proposed for this case in any role — so a conflicted expert is not asked again, and the first
 * expert never sits on the appeal panel) until the role's seats are proposed or accepted. The
 * roster rows are locked, so two cases proposed at once take different experts. Each proposed
 * expert must declare (DeclareConflictHandler) before the appointment counts.
 */
@Injectable()
export class ExpertRotation {
  async proposeNext(ctx: CommandContext, d: DisputeRecord, role: Role): Promise<string[]> {
    const taken = await ctx.manager.query(`SELECT count(*)::int AS n FROM dispute_appointments WHERE dispute_id = $1 AND role = $2 AND status <> 'declined'`, [d.id, role]);
    const needed = SEATS[role] - Number(taken[0].n);
    if (needed <= 0) return [];
    const experts: Array<{ id: string }> = await ctx.manager.query(
      `SELECT id FROM dispute_experts e
        WHERE e.active AND NOT EXISTS (SELECT 1 FROM dispute_appointments a WHERE a.dispute_id = $1 AND a.expert_id = e.id)
        ORDER BY e.last_appointed_at NULLS FIRST, e.created_at, e.id LIMIT $2 FOR UPDATE`,
      [d.id, needed],
    );
    for (const e of experts) {
      await ctx.manager.query(`INSERT INTO dispute_appointments (dispute_id, expert_id, role, status, proposed_at) VALUES ($1, $2, $3, 'proposed', $4)`, [d.id, e.id, role, ctx.now]);
      await ctx.manager.query(`UPDATE dispute_experts SET last_appointed_at = $2 WHERE id = $1`, [e.id, ctx.now]);
    }
    return experts.map((e) => e.id);
  }
}

/**
 * dispute.appoint — an officer asks the rotation for the next expert(s) of a case waiting for one
 * (state `appointment`, or `appeal` for the panel of three); also run automatically when the fee is
 * paid. Errors: 2303, 2304 (`dispute-state`).
 */
@Injectable()
export class AppointExpertHandler implements CommandHandler<{ caseNumber: string }, string[]> {
  readonly command = 'dispute.appoint';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly rotation: ExpertRotation,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: { caseNumber: string }): Promise<string[]> {
    verifyStaff(ctx);
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['appointment', 'appeal'], 'Appointing an expert');
    const proposed = await this.rotation.proposeNext(ctx, d, d.state === 'appeal' ? 'appeal' : 'expert');
    await this.workflow.step(ctx, d, d, { kind: 'experts-proposed', visibility: 'staff', data: { proposed } });
    return proposed;
  }
}

export interface DeclarationInput {
  caseNumber: string;
  /** The expert's admin user id (the console passes the logged-in admin's). */
  adminId: string;
  conflict: boolean;
  declaration: string;
}

/**
 * dispute.declare — a proposed expert's conflict-of-interest declaration. No conflict: the
 * appointment is accepted (a single expert: the decision is due in 10 working days; the third member
 * of an appeal panel: the panel's decision is due in 10 working days). A conflict: the appointment
 * is declined and the rotation proposes the next expert at once.
 * Errors: 2303 (no such case, or no proposal to this expert), 2201 (not an expert actor), 2304, 2003.
 */
@Injectable()
export class DeclareConflictHandler implements CommandHandler<DeclarationInput, DisputeRecord> {
  readonly command = 'dispute.declare';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly rotation: ExpertRotation,
    private readonly calendar: DisputeCalendar,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: DeclarationInput): Promise<DisputeRecord> {
    if (ctx.actor.type !== 'admin' || ctx.actor.id !== input.adminId) throw new AuthorizationError('Only the proposed expert declares', { reason: 'not-expert' });
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    verifyState(d, ['appointment', 'appeal'], 'A declaration');
    const role: Role = d.state === 'appeal' ? 'appeal' : 'expert';
    const rows = await ctx.manager.query(
      `SELECT a.id, e.display_name FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id
        WHERE a.dispute_id = $1 AND a.role = $2 AND a.status = 'proposed' AND e.admin_user_id = $3 FOR UPDATE OF a`,
      [d.id, role, input.adminId],
    );
    if (!rows.length) throw new ObjectNotFoundError(`No dispute ${input.caseNumber}`, { reason: 'dispute-not-found', value: input.caseNumber });
    const declaration = verifyStatement(input.declaration, 'declaration', 4_000);
    await ctx.manager.query(`UPDATE dispute_appointments SET status = $2, declaration = $3, declared_at = $4 WHERE id = $1`, [rows[0].id, input.conflict ? 'declined' : 'accepted', declaration, ctx.now]);
    if (input.conflict) {
      const proposed = await this.rotation.proposeNext(ctx, d, role);
      return this.workflow.step(ctx, d, d, { kind: 'conflict-declared', visibility: 'staff', data: { expert: rows[0].display_name, proposed } });
    }
    const accepted = await ctx.manager.query(`SELECT count(*)::int AS n FROM dispute_appointments WHERE dispute_id = $1 AND role = $2 AND status = 'accepted'`, [d.id, role]);
    if (Number(accepted[0].n) < SEATS[role]) return this.workflow.step(ctx, d, d, { kind: 'appointment-accepted', visibility: 'staff', data: { expert: rows[0].display_name } });
    const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.decision);
    if (role === 'expert') {
      return this.workflow.step(ctx, d, { ...d, state: 'decision', dueAt }, { kind: 'expert-appointed', data: { expert: rows[0].display_name }, mail: { step: 'expert-appointed', to: 'both' } });
    }
    return this.workflow.step(ctx, d, { ...d, dueAt }, { kind: 'appeal-panel-appointed', mail: { step: 'expert-appointed', to: 'both' } });
  }
}

/** The experts (admin user ids) of a case in a role whose appointment is accepted. */
export async function acceptedExperts(ctx: CommandContext, disputeId: string, role: Role): Promise<string[]> {
  const rows = await ctx.manager.query(
    `SELECT e.admin_user_id FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id WHERE a.dispute_id = $1 AND a.role = $2 AND a.status = 'accepted'`,
    [disputeId, role],
  );
  return rows.map((r: { admin_user_id: string }) => r.admin_user_id);
}
