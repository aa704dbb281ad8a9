import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { PollRepository } from '../poll/poll.repository';
import { DomainRepository } from './domain.repository';
import type { DomainRecord } from './domain.types';
import { domainSnapshot } from './commands/domain-snapshot';

/**
 * Purges domains: the end of redemption and pending delete, at the published drop time.
 * Used by the lifecycle scan and, inline, by any create or hold that meets a domain whose drop
 * time has passed — so the drop happens exactly at `purge_at`, however late the worker is.
 * Hosts under a purged domain go with it (and leave the delegations that used them).
 */
@Injectable()
export class DomainPurger {
  constructor(
    private readonly domains: DomainRepository,
    private readonly poll: PollRepository,
    private readonly history: HistoryRepository,
  ) {}

  async purge(ctx: CommandContext, domain: DomainRecord, reason: 'drop' | 'application-lapsed' | 'application-rejected' = 'drop'): Promise<void> {
    const purgedAt = domain.purgeAt && domain.purgeAt < ctx.now ? domain.purgeAt : ctx.now;
    await ctx.manager.query(`UPDATE domains SET purged_at = $2 WHERE id = $1 AND purged_at IS NULL`, [domain.id, purgedAt]);
    const hosts = await this.domains.subordinateHosts(ctx.manager, domain.id);
    for (const h of hosts) {
      await ctx.manager.query(`DELETE FROM domain_nameservers WHERE host_id = $1`, [h.id]);
      await ctx.manager.query(`UPDATE hosts SET deleted_at = $2, updated_at = $2 WHERE id = $1`, [h.id, ctx.now]);
      await this.history.record(ctx, { objectType: 'host', objectId: h.id, objectName: h.name, action: 'host.purge', before: { name: h.name } });
    }
    await this.poll.enqueue(ctx.manager, domain.registrarId, `Domain ${domain.name} was purged`, { type: 'purge', name: domain.name, reason, purgedAt }, ctx.now);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.purge', before: domainSnapshot(domain), after: { purgedAt, reason } });
  }

  /** Purges, in the caller's transaction, every domain of this bundle whose drop time has passed. */
  async purgeDueInBundle(ctx: CommandContext, variantKey: string): Promise<number> {
    const due = await this.domains.findDueForPurge(ctx.manager, variantKey, ctx.now);
    for (const d of due) await this.purge(ctx, d);
    return due.length;
  }
}
