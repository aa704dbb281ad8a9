import { Injectable } from '@nestjs/common';
import { BillingFailureError, ParameterPolicyError, ParameterRangeError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { NameListsRepository } from '../../names/name-lists.repository';
import { parseDomainName } from '../../names/domain-name';
import { RegistrarRepository } from '../../registrars/registrar.repository';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { addDays, addYears } from '../../zones/zone.types';
import { verifyExists, verifyNoStatus, verifyNotPendingDelete, verifySponsor, verifyTerm } from '../domain.checks';
import { DomainRepository } from '../domain.repository';
import { domainSnapshot } from './domain-snapshot';
import { renewPrice } from '../../zones/pricing';

export interface RenewDomainInput {
  name: string;
  registrarId: string;
  /** The expiry date the client believes is current, `YYYY-MM-DD` (RFC 5731 curExpDate). */
  currentExpiryDate: string;
  years: number;
}

/** The longest registration azreg keeps: ten years from today (registry policy). */
export const MAX_REGISTRATION_YEARS = 10;

/**
 * domain.renew — extends the registration by whole years. The current expiry date must match (so a
 * retried renew cannot renew twice), and the result may not lie more than ten years ahead.
 * Errors: 2005, 2303, 2201, 2304 (renew-prohibited statuses, pendingDelete, pendingCreate),
 * 2306 (curExpDate mismatch), 2004 (term out of range), 2104 (balance).
 */
@Injectable()
export class RenewDomainHandler implements CommandHandler<RenewDomainInput, { name: string; expiresAt: Date; price: number; balance: number }> {
  readonly command = 'domain.renew';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly registrars: RegistrarRepository,
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: RenewDomainInput) {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const zone = zones.get(name.zone)!;
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name, { lock: true }), name.unicodeName);
    verifySponsor(domain, input.registrarId);
    verifyNotPendingDelete(domain, 'Renew');
    verifyNoStatus(domain, ['clientRenewProhibited', 'serverRenewProhibited', 'pendingCreate', 'pendingTransfer'], 'Renew');
    verifyTerm(input.years, zone.minTermYears, zone.maxTermYears);
    const current = domain.expiresAt.toISOString().slice(0, 10);
    if (input.currentExpiryDate !== current) {
      throw new ParameterPolicyError(`The current expiry date is ${current}, not ${input.currentExpiryDate}`, { reason: 'cur-exp-date', value: input.currentExpiryDate });
    }
    const expiresAt = addYears(domain.expiresAt, input.years);
    if (expiresAt > addYears(ctx.now, MAX_REGISTRATION_YEARS)) {
      throw new ParameterRangeError(`A registration cannot run more than ${MAX_REGISTRATION_YEARS} years ahead`, { reason: 'max-registration', value: String(input.years) });
    }
    const premium = (await this.lists.premium(ctx.manager, [domain.name])).get(domain.name);
    const price = renewPrice(zone, premium, input.years);
    const balance = await this.registrars.debit(ctx.manager, { registrarId: input.registrarId, amount: price, kind: 'renew', domainId: domain.id, domainName: domain.name, years: input.years }, ctx.now);
    if (balance === null) throw new BillingFailureError('Insufficient balance', { reason: 'insufficient-balance', value: input.registrarId });
    const next = { ...domain, expiresAt, updatedAt: ctx.now, updatedBy: ctx.actor.id };
    await this.domains.save(ctx.manager, next);
    await this.domains.addGracePeriod(ctx.manager, domain.id, { kind: 'renew', registrarId: input.registrarId, amount: price, endsAt: addDays(ctx.now, zone.periods.renewGraceDays) }, ctx.now);
    await this.history.record(ctx, { objectType: 'domain', objectId: domain.id, objectName: domain.name, action: this.command, before: domainSnapshot(domain), after: { ...domainSnapshot(next), years: input.years, price } });
    return { name: domain.name, expiresAt, price, balance };
  }
}
