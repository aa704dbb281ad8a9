import { Injectable } from '@nestjs/common';
import { BillingFailureError, StatusProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { parseDomainName } from '../../names/domain-name';
import { RegistrarRepository } from '../../registrars/registrar.repository';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { addYears } from '../../zones/zone.types';
import { verifyExists, verifySponsor } from '../domain.checks';
import { DomainRepository } from '../domain.repository';
import { domainSnapshot } from './domain-snapshot';

export interface RestoreDomainInput {
  name: string;
  registrarId: string;
  op: 'request' | 'report';
  /** The RGP restore report's contents (RFC 3915 §4.2.5), kept in history for audit. */
  report?: Record<string, unknown>;
}

/**
 * domain.restore (RFC 3915). azreg restores at once on `request` while the domain is in its
 * redemption period: the restore fee is debited, and when the registration has meanwhile expired
 * one year is renewed at the renew price; pendingDelete is cleared. The `report` is accepted
 * afterwards (within the zone's redemption days) and recorded in history; it changes nothing.
 * Errors: 2303, 2201, 2304 (not in redemption / nothing to report), 2104 (balance).
 */
@Injectable()
export class RestoreDomainHandler implements CommandHandler<RestoreDomainInput, { name: string; expiresAt: Date; price: number }> {
  readonly command = 'domain.restore';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: RestoreDomainInput) {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const zone = zones.get(name.zone)!;
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name, { lock: true }), name.unicodeName);
    verifySponsor(domain, input.registrarId);
    const rows = await ctx.manager.query(`SELECT restored_at FROM domains WHERE id = $1`, [domain.id]);
    const restoredAt: Date | null = rows[0]?.restored_at ?? null;
    if (input.op === 'report') {
      const windowOk = restoredAt && ctx.now.getTime() - restoredAt.getTime() <= zone.periods.redemptionDays * 86_400_000;
      if (!windowOk) throw new StatusProhibitsOperationError('There is no restore to report', { reason: 'no-restore', value: domain.name });
      await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.restore.report', after: { report: input.report ?? {} } });
      return { name: domain.name, expiresAt: domain.expiresAt, price: 0 };
    }
    const inRedemption = domain.deletedAt && ctx.now.getTime() < domain.deletedAt.getTime() + zone.periods.redemptionDays * 86_400_000;
    if (!inRedemption) throw new StatusProhibitsOperationError('The domain is not in its redemption period', { reason: 'not-redemption', value: domain.name });
    const renew = domain.expiresAt <= ctx.now;
    const price = zone.prices.restore + (renew ? zone.prices.renew : 0);
    const balance = await this.registrars.debit(ctx.manager, { registrarId: input.registrarId, amount: price, kind: 'restore', domainId: domain.id, domainName: domain.name, years: renew ? 1 : null }, ctx.now);
    if (balance === null) throw new BillingFailureError('Insufficient balance', { reason: 'insufficient-balance', value: input.registrarId });
    const next = {
      ...domain,
      statuses: domain.statuses.filter((s) => s !== 'pendingDelete'),
      deletedAt: null,
      purgeAt: null,
      expiresAt: renew ? addYears(domain.expiresAt, 1) : domain.expiresAt,
      updatedAt: ctx.now,
      updatedBy: ctx.actor.id,
    };
    await this.domains.save(ctx.manager, next);
    await ctx.manager.query(`UPDATE domains SET restored_at = $2 WHERE id = $1`, [domain.id, ctx.now]);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: 'domain.restore.request', before: domainSnapshot(domain), after: { ...domainSnapshot(next), price } });
    return { name: domain.name, expiresAt: next.expiresAt, price };
  }
}
