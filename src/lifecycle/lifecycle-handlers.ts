import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../registry/command/command-context';
import { DomainPurger } from '../registry/domains/domain-purger';
import { DomainRepository, toDomainRecord } from '../registry/domains/domain.repository';
import type { DomainRecord } from '../registry/domains/domain.types';
import { domainSnapshot } from '../registry/domains/commands/domain-snapshot';
import { HistoryRepository } from '../registry/history/history.repository';
import { NameListsRepository } from '../registry/names/name-lists.repository';
import { PollRepository } from '../registry/poll/poll.repository';
import { RegistrarRepository } from '../registry/registrars/registrar.repository';
import { ZoneCatalog } from '../registry/zones/zone-catalog.service';
import { addDays, addYears } from '../registry/zones/zone.types';
import { OutboxRepository } from '../mail/outbox.repository';
import { renewPrice } from '../registry/zones/pricing';

/** Time-based transitions, one domain per command (one transaction each). All are idempotent:
 *  each re-reads and re-checks the domain under a row lock, so running one twice, or late, or after
 *  a person already acted, changes nothing more. */

async function lockDomain(ctx: CommandContext, id: string): Promise<DomainRecord | null> {
  const rows = await ctx.manager.query(`SELECT * FROM domains WHERE id = $1 AND purged_at IS NULL FOR UPDATE`, [id]);
  return rows.length ? toDomainRecord(rows[0]) : null;
}

export type ExpiryOutcome = 'renewed' | 'expired' | 'not-due';

/**
 * domain.expire — at expiry the sponsoring registrar is charged one year (auto-renew, with the
 * zone's auto-renew grace so a delete soon after refunds it). When the registrar's balance is short,
 * or auto-renew was turned off, the domain expires instead: it enters redemption and is purged at
 * the drop time, exactly like a delete.
 */
@Injectable()
export class ExpireDomainHandler implements CommandHandler<{ domainId: string }, ExpiryOutcome> {
  readonly command = 'domain.expire';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly registrars: RegistrarRepository,
    private readonly lists: NameListsRepository,
    private readonly poll: PollRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async handle(ctx: CommandContext, input: { domainId: string }): Promise<ExpiryOutcome> {
    const domain = await lockDomain(ctx, input.domainId);
    if (!domain || domain.deletedAt || domain.expiresAt > ctx.now || domain.statuses.includes('pendingCreate')) return 'not-due';
    const zone = (await this.zones.all()).get(domain.zone)!;
    const before = domainSnapshot(domain);
    if (domain.autoRenew && !domain.statuses.includes('serverRenewProhibited')) {
      const premium = (await this.lists.premium(ctx.manager, [domain.name])).get(domain.name);
      const price = renewPrice(zone, premium, 1);
      const balance = await this.registrars.debit(ctx.manager, { registrarId: domain.registrarId, amount: price, kind: 'auto_renew', domainId: domain.id, domainName: domain.name, years: 1 }, ctx.now);
      if (balance !== null) {
        const next = { ...domain, expiresAt: addYears(domain.expiresAt, 1), updatedAt: ctx.now, updatedBy: ctx.actor.id };
        await this.domains.save(ctx.manager, next);
        await this.domains.addGracePeriod(ctx.manager, domain.id, { kind: 'autoRenew', registrarId: domain.registrarId, amount: price, endsAt: addDays(ctx.now, zone.periods.autoRenewGraceDays) }, ctx.now);
        await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} auto-renewed until ${next.expiresAt.toISOString()}`, { type: 'auto-renew', name: domain.name, expiresAt: next.expiresAt, price }, ctx.now);
        await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.auto-renew', before, after: { ...domainSnapshot(next), price } });
        return 'renewed';
      }
    }
    const purgeAt = addDays(ctx.now, zone.periods.redemptionDays + zone.periods.pendingDeleteDays);
    const next = { ...domain, statuses: [...domain.statuses, 'pendingDelete' as const], deletedAt: ctx.now, purgeAt, updatedAt: ctx.now, updatedBy: ctx.actor.id };
    await this.domains.save(ctx.manager, next);
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} expired; purge at ${purgeAt.toISOString()}`, { type: 'expired', name: domain.name, purgeAt, autoRenew: domain.autoRenew }, ctx.now);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.expired', before, after: domainSnapshot(next) });
    await this.outbox.enqueueToRegistrant(ctx, domain.id, { template: 'domain-expired', payload: { domain: domain.unicodeName, expiry: domain.expiresAt }, dedupeKey: `domain-expired:${domain.id}:${domain.expiresAt.toISOString()}` });
    return 'expired';
  }
}

/** domain.purge — at the drop time (`purge_at`) the domain is gone and the name free. */
@Injectable()
export class PurgeDomainHandler implements CommandHandler<{ domainId: string }, boolean> {
  readonly command = 'domain.purge';

  constructor(private readonly purger: DomainPurger) {}

  async handle(ctx: CommandContext, input: { domainId: string }): Promise<boolean> {
    const domain = await lockDomain(ctx, input.domainId);
    if (!domain || !domain.purgeAt || domain.purgeAt > ctx.now) return false;
    await this.purger.purge(ctx, domain);
    return true;
  }
}

/**
 * domain.application-lapse — a restricted-zone application (pendingCreate) that no administrator
 * approved within the zone's pending-create days is purged and its fee refunded.
 */
@Injectable()
export class LapseApplicationHandler implements CommandHandler<{ domainId: string }, boolean> {
  readonly command = 'domain.application-lapse';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly registrars: RegistrarRepository,
    private readonly purger: DomainPurger,
  ) {}

  async handle(ctx: CommandContext, input: { domainId: string }): Promise<boolean> {
    const domain = await lockDomain(ctx, input.domainId);
    if (!domain || !domain.statuses.includes('pendingCreate')) return false;
    const zone = (await this.zones.all()).get(domain.zone)!;
    if (addDays(domain.createdAt, zone.periods.pendingCreateDays) > ctx.now) return false;
    for (const charge of await this.registrars.chargesFor(ctx.manager, domain.id, 'create')) {
      await this.registrars.credit(ctx.manager, { registrarId: charge.registrarId, amount: charge.amount, kind: 'refund', domainId: domain.id, domainName: domain.name, note: 'application lapsed' }, ctx.now);
    }
    await this.purger.purge(ctx, domain, 'application-lapsed');
    return true;
  }
}

export const REMINDER_DAYS = [30, 7, 1] as const;

/**
 * domain.renewal-reminder — mails the registrant before expiry. The scan asks for the smallest
 * threshold (30, 7 or 1 days) the domain is within; the dedupe key (domain, expiry, threshold)
 * makes each reminder go out once however often the scan runs, and a late scan sends only the
 * reminder that still makes sense.
 */
@Injectable()
export class RenewalReminderHandler implements CommandHandler<{ domainId: string; daysLeft: number }, boolean> {
  readonly command = 'domain.renewal-reminder';

  constructor(private readonly outbox: OutboxRepository) {}

  async handle(ctx: CommandContext, input: { domainId: string; daysLeft: number }): Promise<boolean> {
    const rows = await ctx.manager.query(`SELECT * FROM domains WHERE id = $1 AND purged_at IS NULL AND deleted_at IS NULL AND expires_at > $2`, [input.domainId, ctx.now]);
    if (!rows.length) return false;
    const domain = toDomainRecord(rows[0]);
    const id = await this.outbox.enqueueToRegistrant(ctx, domain.id, {
      template: 'renewal-reminder',
      payload: { domain: domain.unicodeName, expiry: domain.expiresAt, daysLeft: input.daysLeft },
      dedupeKey: `renewal-reminder:${domain.id}:${domain.expiresAt.toISOString().slice(0, 10)}:${input.daysLeft}`,
    });
    return id !== null;
  }
}
