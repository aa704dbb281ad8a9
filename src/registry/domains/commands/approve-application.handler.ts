import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { PollRepository } from '../../poll/poll.repository';
import { DomainRepository } from '../domain.repository';
import { lockPendingApplication } from './application.checks';
import { domainSnapshot } from './domain-snapshot';

export interface ApplicationDecisionInput {
  domainId: string;
  /** Why (shown to the registrar in the poll message and kept in history). */
  reason: string;
}

/**
 * domain.application-approve (administrators) — a restricted-zone application (gov.az, mil.az,
 * edu.az, int.az) whose documents were accepted: pendingCreate is removed, so the domain is
 * active and published. The sponsoring registrar gets a poll message (RFC 5731 §3.3 pendingCreate
 * notification). Errors: 2303, 2304 (not pending).
 */
@Injectable()
export class ApproveApplicationHandler implements CommandHandler<ApplicationDecisionInput, { name: string }> {
  readonly command = 'domain.application-approve';

  constructor(
    private readonly domains: DomainRepository,
    private readonly poll: PollRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: ApplicationDecisionInput): Promise<{ name: string }> {
    const domain = await lockPendingApplication(ctx, input.domainId);
    const next = { ...domain, statuses: domain.statuses.filter((s) => s !== 'pendingCreate'), updatedAt: ctx.now, updatedBy: ctx.actor.id };
    await this.domains.save(ctx.manager, next);
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Application for ${domain.name} approved`, { type: 'application-approved', name: domain.name, roid: domain.roid, paResult: true, reason: input.reason }, ctx.now);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: this.command, before: domainSnapshot(domain), after: { ...domainSnapshot(next), reason: input.reason } });
    return { name: domain.name };
  }
}
