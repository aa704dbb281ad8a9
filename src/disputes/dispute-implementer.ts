import { Injectable } from '@nestjs/common';
import { generateAuthInfo, hashAuthInfo } from '../common/secrets';
import { DIRECT_CHANNEL_REGISTRAR } from '../demo/demo-data';
import type { CommandContext } from '../registry/command/command-context';
import { DeleteDomainHandler } from '../registry/domains/commands/delete-domain.handler';
import { domainSnapshot } from '../registry/domains/commands/domain-snapshot';
import { DomainRepository } from '../registry/domains/domain.repository';
import type { DomainRecord } from '../registry/domains/domain.types';
import { HistoryRepository } from '../registry/history/history.repository';
import { HostRepository } from '../registry/hosts/host.repository';
import { PollRepository } from '../registry/poll/poll.repository';
import { DISPUTE_SERVICE_ID, DisputeLock } from './dispute-lock';
import type { ClosedReason, DisputeRecord, Outcome } from './dispute.types';

/**
 * Carries out an outcome (a decision, an appeal decision or a settlement) and closes the case, in
 * the caller's transaction. The lock is lifted first (restoring the domain's own statuses), then:
 * - transfer: the complainant becomes the registrant through the direct channel (the panel's
 *   internal registrar): sponsor `azreg-direct`, registrant the complainant's own contact,
 *   `account_id` the complainant's account; client statuses, the other registrar's contacts and
 *   open grace periods go, subordinate hosts move with the domain, a fresh auth code is set. No fee.
 * - cancel: domain.delete through DeleteDomainHandler as the sponsor (redemption, then the drop),
 *   after removing the delete-prohibited statuses the registrant or registrar had set.
 * - suspend: serverHold (the name stays with the registrant but leaves the zone).
 * - no-action: nothing but the unlock.
 * Each change writes a domain history row and a poll message to the (losing) sponsor.
 */
@Injectable()
export class DisputeImplementer {
  constructor(
    private readonly lock: DisputeLock,
    private readonly domains: DomainRepository,
    private readonly hosts: HostRepository,
    private readonly history: HistoryRepository,
    private readonly poll: PollRepository,
    private readonly deleteDomain: DeleteDomainHandler,
  ) {}

  async implement(ctx: CommandContext, d: DisputeRecord, outcome: Outcome, closedReason: ClosedReason): Promise<DisputeRecord> {
    const { dispute, domain } = await this.lock.unlock(ctx, d);
    if (domain && !domain.deletedAt) {
      if (outcome === 'transfer') await this.transfer(ctx, dispute, domain);
      else if (outcome === 'cancel') await this.cancel(ctx, dispute, domain);
      else if (outcome === 'suspend') await this.suspend(ctx, dispute, domain);
    }
    return { ...dispute, state: 'closed', dueAt: null, feeKind: null, feeAmount: null, feePayer: null, closedReason, closedAt: ctx.now };
  }

  /** Closes without any change to the domain but the unlock (withdrawal, lapse, court). */
  async close(ctx: CommandContext, d: DisputeRecord, closedReason: ClosedReason): Promise<DisputeRecord> {
    return this.implement(ctx, d, 'no-action', closedReason);
  }

  private async transfer(ctx: CommandContext, d: DisputeRecord, domain: DomainRecord): Promise<void> {
    const gaining = DIRECT_CHANNEL_REGISTRAR.id;
    const next: DomainRecord = {
      ...domain,
      registrarId: gaining,
      registrantId: d.complainantContactId,
      accountId: d.complainantAccountId,
      statuses: domain.statuses.filter((s) => !s.startsWith('client') && s !== 'pendingTransfer'),
      authInfoHash: await hashAuthInfo(generateAuthInfo()),
      transferredAt: ctx.now,
      updatedAt: ctx.now,
      updatedBy: DISPUTE_SERVICE_ID,
    };
    await this.domains.save(ctx.manager, next);
    for (const c of await this.domains.contacts(ctx.manager, domain.id)) await this.domains.removeContact(ctx.manager, domain.id, c.type, c.contactId);
    const graces = await this.domains.activeGracePeriods(ctx.manager, domain.id, ctx.now);
    await this.domains.endGracePeriods(ctx.manager, graces.map((g) => g.id), ctx.now);
    for (const host of await this.hosts.transferSubordinates(ctx.manager, domain.id, gaining, ctx.now, DISPUTE_SERVICE_ID)) {
      await this.history.record(ctx, { objectType: 'host', objectId: host.id, objectName: host.name, action: 'host.dispute-transfer', before: host, after: { ...host, registrarId: gaining } });
    }
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.dispute-transfer', before: domainSnapshot(domain), after: { ...domainSnapshot(next), dispute: d.caseNumber } });
    if (domain.registrarId !== gaining) {
      await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} transferred to the complainant by dispute decision ${d.caseNumber}`, { type: 'dispute-transfer', name: domain.name, caseNumber: d.caseNumber }, ctx.now);
    }
  }

  private async cancel(ctx: CommandContext, d: DisputeRecord, domain: DomainRecord): Promise<void> {
    const blocking = new Set(['clientDeleteProhibited', 'serverDeleteProhibited', 'clientUpdateProhibited']);
    if (domain.statuses.some((s) => blocking.has(s))) {
      await this.domains.save(ctx.manager, { ...domain, statuses: domain.statuses.filter((s) => !blocking.has(s)), updatedAt: ctx.now, updatedBy: DISPUTE_SERVICE_ID });
    }
    await this.deleteDomain.handle(ctx, { name: domain.name, registrarId: domain.registrarId });
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} cancelled by dispute decision ${d.caseNumber}`, { type: 'dispute-cancel', name: domain.name, caseNumber: d.caseNumber }, ctx.now);
  }

  private async suspend(ctx: CommandContext, d: DisputeRecord, domain: DomainRecord): Promise<void> {
    const next: DomainRecord = { ...domain, statuses: [...new Set([...domain.statuses, 'serverHold' as const])], updatedAt: ctx.now, updatedBy: DISPUTE_SERVICE_ID };
    await this.domains.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.dispute-suspend', before: domainSnapshot(domain), after: { ...domainSnapshot(next), dispute: d.caseNumber } });
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} suspended (serverHold) by dispute decision ${d.caseNumber}`, { type: 'dispute-suspend', name: domain.name, caseNumber: d.caseNumber }, ctx.now);
  }
}
