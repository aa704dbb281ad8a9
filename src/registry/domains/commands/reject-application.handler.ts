import { Injectable } from '@nestjs/common';
import { ParameterPolicyError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { PollRepository } from '../../poll/poll.repository';
import { RegistrarRepository } from '../../registrars/registrar.repository';
import { DomainPurger } from '../domain-purger';
import type { ApplicationDecisionInput } from './approve-application.handler';
import { lockPendingApplication } from './application.checks';

/**
 * domain.application-reject (administrators) — a restricted-zone application whose documents do
 * not qualify: the create fee goes back to whoever paid it (a refund ledger entry), the domain is
 * deleted and purged at once (the name is free again), and the registrar gets a poll message with
 * the reason. Errors: 2303, 2304 (not pending), 2306 (no reason given).
 */
@Injectable()
export class RejectApplicationHandler implements CommandHandler<ApplicationDecisionInput, { name: string; refunded: number }> {
  readonly command = 'domain.application-reject';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly purger: DomainPurger,
    private readonly poll: PollRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: ApplicationDecisionInput): Promise<{ name: string; refunded: number }> {
    const reason = input.reason.trim();
    if (!reason) throw new ParameterPolicyError('A rejection needs a reason', { reason: 'reason-required' });
    const domain = await lockPendingApplication(ctx, input.domainId);
    let refunded = 0;
    for (const charge of await this.registrars.chargesFor(ctx.manager, domain.id, 'create')) {
      await this.registrars.credit(ctx.manager, { registrarId: charge.registrarId, amount: charge.amount, kind: 'refund', domainId: domain.id, domainName: domain.name, note: 'application rejected' }, ctx.now);
      refunded += charge.amount;
    }
    await ctx.manager.query(`UPDATE domains SET deleted_at = $2, updated_at = $2, updated_by = $3 WHERE id = $1`, [domain.id, ctx.now, ctx.actor.id]);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: this.command, before: { statuses: domain.statuses }, after: { deleted: true, refunded, reason } });
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Application for ${domain.name} rejected: ${reason}`, { type: 'application-rejected', name: domain.name, roid: domain.roid, paResult: false, reason, refunded }, ctx.now);
    await this.purger.purge(ctx, { ...domain, deletedAt: ctx.now }, 'application-rejected');
    return { name: domain.name, refunded };
  }
}
