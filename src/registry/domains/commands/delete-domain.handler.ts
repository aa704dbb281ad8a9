import { Injectable } from '@nestjs/common';
import { AssociationProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { parseDomainName } from '../../names/domain-name';
import { RegistrarRepository } from '../../registrars/registrar.repository';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { addDays } from '../../zones/zone.types';
import { verifyExists, verifyNoStatus, verifyNotDisputeLocked, verifyNotPendingDelete, verifySponsor } from '../domain.checks';
import { DomainRepository } from '../domain.repository';
import { domainSnapshot } from './domain-snapshot';

export interface DeleteDomainResult {
  name: string;
  /** true: purged now (inside add grace, refunded); false: in redemption until `purgeAt`. */
  purged: boolean;
  refunded: number;
  purgeAt: Date | null;
}

/**
 * domain.delete (RFC 3915 semantics). Inside the add grace period the domain is purged at once and
 * the create fee refunded. Otherwise it enters redemption (restorable) for the zone's redemption
 * days, then pendingDelete, and is purged at `purgeAt`, the published drop time; renew, auto-renew
 * and transfer fees still inside their grace periods are refunded.
 * Errors: 2005, 2303, 2201, 2304 (delete-prohibited, pending statuses, dispute lock),
 * 2305 (subordinate hosts exist: delete or rename them first).
 */
@Injectable()
export class DeleteDomainHandler implements CommandHandler<{ name: string; registrarId: string }, DeleteDomainResult> {
  readonly command = 'domain.delete';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { name: string; registrarId: string }): Promise<DeleteDomainResult> {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const zone = zones.get(name.zone)!;
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name, { lock: true }), name.unicodeName);
    verifySponsor(domain, input.registrarId);
    verifyNotPendingDelete(domain, 'Delete');
    verifyNotDisputeLocked(domain, 'Delete');
    verifyNoStatus(domain, ['clientDeleteProhibited', 'serverDeleteProhibited', 'pendingTransfer'], 'Delete');
    const subordinates = await this.domains.subordinateHosts(ctx.manager, domain.id);
    if (subordinates.length > 0) {
      throw new AssociationProhibitsOperationError(`Delete the hosts under ${domain.name} first: ${subordinates.map((h) => h.name).join(', ')}`, {
        reason: 'subordinate-hosts',
        value: domain.name,
      });
    }
    const graces = await this.domains.activeGracePeriods(ctx.manager, domain.id, ctx.now);
    let refunded = 0;
    for (const g of graces) {
      await this.registrars.credit(ctx.manager, { registrarId: g.registrarId, amount: g.amount, kind: 'refund', domainId: domain.id, domainName: domain.name, note: `${g.kind} grace delete` }, ctx.now);
      refunded += g.amount;
    }
    await this.domains.endGracePeriods(ctx.manager, graces.map((g) => g.id), ctx.now);
    if (domain.statuses.includes('pendingCreate')) {
      // A restricted-zone application withdrawn before approval: the registration was never
      // granted, so its fee goes back (restricted zones have no add-grace row to refund from).
      for (const charge of await this.registrars.chargesFor(ctx.manager, domain.id, 'create')) {
        await this.registrars.credit(ctx.manager, { registrarId: charge.registrarId, amount: charge.amount, kind: 'refund', domainId: domain.id, domainName: domain.name, note: 'application withdrawn' }, ctx.now);
        refunded += charge.amount;
      }
    }
    const inAddGrace = graces.some((g) => g.kind === 'add') || domain.statuses.includes('pendingCreate');
    const before = domainSnapshot(domain);
    if (inAddGrace) {
      await this.domains.markPurged(ctx.manager, domain.id, ctx.now);
      await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: this.command, before, after: { purged: true, refunded } });
      return { name: domain.name, purged: true, refunded, purgeAt: null };
    }
    const purgeAt = addDays(ctx.now, zone.periods.redemptionDays + zone.periods.pendingDeleteDays);
    const next = { ...domain, statuses: [...domain.statuses, 'pendingDelete' as const], deletedAt: ctx.now, purgeAt, updatedAt: ctx.now, updatedBy: ctx.actor.id };
    await this.domains.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: this.command, before, after: { ...domainSnapshot(next), refunded } });
    return { name: domain.name, purged: false, refunded, purgeAt };
  }
}
