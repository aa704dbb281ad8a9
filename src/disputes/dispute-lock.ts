import { Injectable } from '@nestjs/common';
import { rowsOf } from '../infrastructure/database/rows';
import type { CommandContext } from '../registry/command/command-context';
import { domainSnapshot } from '../registry/domains/commands/domain-snapshot';
import { DomainRepository, toDomainRecord } from '../registry/domains/domain.repository';
import type { DomainRecord, StoredStatus } from '../registry/domains/domain.types';
import { HistoryRepository } from '../registry/history/history.repository';
import { PollRepository } from '../registry/poll/poll.repository';
import { RegistrarRepository } from '../registry/registrars/registrar.repository';
import { addYears } from '../registry/zones/zone.types';
import type { DisputeRecord } from './dispute.types';

/**
 * `updated_by` of the domain changes the dispute service makes (EPP shows it as upID, at most 16
 * characters: an officer's or expert's id would not fit; history keeps who it was).
 */
export const DISPUTE_SERVICE_ID = 'azreg-drs';

/** The statuses a case adds to its domain: EPP info, WHOIS and RDAP show the lock. */
export const DISPUTE_LOCK_STATUSES: readonly StoredStatus[] = ['serverTransferProhibited', 'serverUpdateProhibited', 'serverDeleteProhibited'];

/** A disputed domain expiring within this many days is kept alive by the registry (see `keepAlive`). */
export const KEEP_ALIVE_DAYS = 30;

/**
 * Locks and unlocks a disputed domain. While locked, `dispute_locked` makes domain.update,
 * domain.transfer (request) and domain.delete refuse with 2304 (`dispute-lock`) whatever the
 * channel (EPP, REST, panel), and the three server*Prohibited statuses make the lock visible.
 * The statuses the domain already had are remembered on the case, so unlocking restores exactly the
 * previous set. Every change writes a domain history row and a poll message to the sponsor.
 */
@Injectable()
export class DisputeLock {
  constructor(
    private readonly domains: DomainRepository,
    private readonly history: HistoryRepository,
    private readonly poll: PollRepository,
    private readonly registrars: RegistrarRepository,
  ) {}

  async lockedDomain(ctx: CommandContext, domainId: string): Promise<DomainRecord | null> {
    const rows = await ctx.manager.query(`SELECT * FROM domains WHERE id = $1 AND purged_at IS NULL FOR UPDATE`, [domainId]);
    return rows.length ? toDomainRecord(rows[0]) : null;
  }

  async lock(ctx: CommandContext, d: DisputeRecord, current: DomainRecord): Promise<DisputeRecord> {
    const domain = await this.cancelPendingTransfer(ctx, d, current);
    const prior = DISPUTE_LOCK_STATUSES.filter((s) => domain.statuses.includes(s));
    const next: DomainRecord = { ...domain, statuses: [...new Set([...domain.statuses, ...DISPUTE_LOCK_STATUSES])], disputeLocked: true, updatedAt: ctx.now, updatedBy: DISPUTE_SERVICE_ID };
    await this.domains.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.dispute-lock', before: domainSnapshot(domain), after: { ...domainSnapshot(next), dispute: d.caseNumber } });
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} is locked by dispute ${d.caseNumber}`, { type: 'dispute-lock', name: domain.name, caseNumber: d.caseNumber }, ctx.now);
    await this.keepAlive(ctx, d, next);
    return { ...d, lockPriorStatuses: prior, lockedAt: ctx.now, sponsorRegistrarId: domain.registrarId };
  }

  /** A transfer requested before the case was validated must not move the name away: it is cancelled by the server and refunded. */
  private async cancelPendingTransfer(ctx: CommandContext, d: DisputeRecord, domain: DomainRecord): Promise<DomainRecord> {
    if (!domain.statuses.includes('pendingTransfer')) return domain;
    const rows = rowsOf<{ gaining_registrar: string; amount: string }>(await ctx.manager.query(
      `UPDATE domain_transfers SET status = 'serverCancelled', acted_at = $2 WHERE domain_id = $1 AND status = 'pending' RETURNING gaining_registrar, amount`,
      [domain.id, ctx.now],
    ));
    for (const t of rows) {
      await this.registrars.credit(ctx.manager, { registrarId: t.gaining_registrar, amount: Number(t.amount), kind: 'refund', domainId: domain.id, domainName: domain.name, note: `transfer cancelled by dispute ${d.caseNumber}` }, ctx.now);
      await this.poll.enqueue(ctx.manager, t.gaining_registrar, `Transfer of ${domain.name} cancelled: dispute ${d.caseNumber}`, { type: 'transfer', status: 'serverCancelled', name: domain.name, caseNumber: d.caseNumber }, ctx.now);
    }
    return { ...domain, statuses: domain.statuses.filter((s) => s !== 'pendingTransfer') };
  }

  /** Removes the lock and the statuses the case added; returns the domain as it is after. */
  async unlock(ctx: CommandContext, d: DisputeRecord): Promise<{ dispute: DisputeRecord; domain: DomainRecord | null }> {
    if (!d.lockedAt || d.unlockedAt) return { dispute: d, domain: await this.lockedDomain(ctx, d.domainId) };
    const domain = await this.lockedDomain(ctx, d.domainId);
    const unlocked = { ...d, unlockedAt: ctx.now };
    if (!domain) return { dispute: unlocked, domain: null };
    const prior = new Set(d.lockPriorStatuses ?? []);
    const added = new Set(DISPUTE_LOCK_STATUSES.filter((s) => !prior.has(s)));
    const next: DomainRecord = { ...domain, statuses: domain.statuses.filter((s) => !added.has(s)), disputeLocked: false, updatedAt: ctx.now, updatedBy: DISPUTE_SERVICE_ID };
    await this.domains.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.dispute-unlock', before: domainSnapshot(domain), after: { ...domainSnapshot(next), dispute: d.caseNumber } });
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Dispute ${d.caseNumber} no longer locks ${domain.name}`, { type: 'dispute-unlock', name: domain.name, caseNumber: d.caseNumber }, ctx.now);
    return { dispute: unlocked, domain: next };
  }

  /**
   * A national registry does not let a name drop in the middle of a case (the complainant would
   * lose the remedy, or the registrant the name, by the calendar alone). A locked domain expiring
   * within KEEP_ALIVE_DAYS is renewed for a year at the registry's cost: no registrar is charged,
   * the sponsor is told by poll message, history records it. Returns whether it renewed.
   */
  async keepAlive(ctx: CommandContext, d: DisputeRecord, domain: DomainRecord): Promise<boolean> {
    if (!domain.disputeLocked || domain.deletedAt || domain.expiresAt.getTime() > ctx.now.getTime() + KEEP_ALIVE_DAYS * 86_400_000) return false;
    const next = { ...domain, expiresAt: addYears(domain.expiresAt, 1), updatedAt: ctx.now, updatedBy: DISPUTE_SERVICE_ID };
    await this.domains.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.dispute-renew', before: domainSnapshot(domain), after: { ...domainSnapshot(next), dispute: d.caseNumber, charged: 0 } });
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} renewed by the registry during dispute ${d.caseNumber}`, { type: 'dispute-renew', name: domain.name, expiresAt: next.expiresAt, caseNumber: d.caseNumber }, ctx.now);
    return true;
  }
}
