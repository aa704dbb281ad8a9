import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { HistoryRepository } from '../../registry/history/history.repository';
import { verifyStaff, verifyStatement } from '../dispute.checks';

/**
 * dispute.expert-add — puts an administrator with the `expert` role on the roster (at the end of
 * the rotation: never appointed yet, so first in line). Idempotent per admin.
 * Errors: 2303 (`expert-not-found`: no active admin with the expert role), 2003.
 */
@Injectable()
export class AddExpertHandler implements CommandHandler<{ email: string; displayName: string }, { expertId: string }> {
  readonly command = 'dispute.expert-add';

  constructor(private readonly history: HistoryRepository) {}

  async handle(ctx: CommandContext, input: { email: string; displayName: string }): Promise<{ expertId: string }> {
    verifyStaff(ctx);
    const displayName = verifyStatement(input.displayName, 'name', 200);
    const admins = await ctx.manager.query(`SELECT id FROM admin_users WHERE lower(email) = lower($1) AND 'expert' = ANY(roles) AND disabled_at IS NULL`, [input.email.trim()]);
    if (!admins.length) throw new ObjectNotFoundError('No active administrator with the expert role has this address', { reason: 'expert-not-found', value: input.email });
    const rows = await ctx.manager.query(
      `INSERT INTO dispute_experts (id, admin_user_id, display_name, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (admin_user_id) DO UPDATE SET active = true, display_name = EXCLUDED.display_name RETURNING id`,
      [randomUUID(), admins[0].id, displayName, ctx.now],
    );
    await this.history.record(ctx, { objectType: 'admin', objectId: admins[0].id, objectName: input.email.trim(), action: this.command, after: { expertId: rows[0].id, displayName, active: true } });
    return { expertId: rows[0].id };
  }
}
