import { Injectable } from '@nestjs/common';
import { ParameterRangeError, RegistryError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { AvailabilityRepository } from '../availability.repository';
import { labelKeyOf } from '../../names/name-lists.repository';
import { parseDomainName, type DomainName } from '../../names/domain-name';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { CheckRateLimiter } from '../check-rate-limiter';
import { createPrice } from '../../zones/pricing';

export const MAX_CHECK_NAMES = 100;

export type Availability = 'available' | 'registered' | 'blocked-variant' | 'reserved' | 'on-hold' | 'invalid';

export interface CheckResult {
  input: string;
  name: string | null;
  unicodeName: string | null;
  zone: string | null;
  available: boolean;
  availability: Availability;
  /** Human-readable reason (EPP <domain:reason>), English. */
  reason: string | null;
  premium: boolean;
  /** Price in qəpik for `years` (1 by default) when available. */
  price: number | null;
  restrictedZone: boolean;
  /** For blocked-variant: the registered name that blocks this one. */
  blockedBy: string | null;
}

export interface CheckDomainsInput {
  names: string[];
  years?: number;
}

/**
 * domain.check — availability of many names at once. Read-only: it places no hold, writes
 * nothing, and does not log the names (invariant 4). One query whatever the number of names.
 * Errors: ParameterRangeError (2004) for more than MAX_CHECK_NAMES names; RateLimitedError (2502 / HTTP 429)
 * when a registrar exceeds CHECK_RATE_LIMIT_PER_MINUTE names.
 */
@Injectable()
export class CheckDomainsHandler implements CommandHandler<CheckDomainsInput, CheckResult[]> {
  readonly command = 'domain.check';
  readonly readOnly = true;

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly availability: AvailabilityRepository,
    private readonly rateLimiter: CheckRateLimiter,
  ) {}

  async handle(ctx: CommandContext, input: CheckDomainsInput): Promise<CheckResult[]> {
    if (input.names.length === 0 || input.names.length > MAX_CHECK_NAMES) {
      throw new ParameterRangeError(`Check between 1 and ${MAX_CHECK_NAMES} names at once`, { reason: 'too-many-names', value: String(input.names.length) });
    }
    // Registrars are charged per name; other callers (the panel) are limited at their own edge.
    if (ctx.actor.type === 'registrar') await this.rateLimiter.charge(ctx.actor.id, input.names.length);
    const years = input.years ?? 1;
    const zones = await this.zones.all();
    const parsed: Array<DomainName | RegistryError> = input.names.map((raw) => {
      try {
        return parseDomainName(raw, zones);
      } catch (error) {
        if (error instanceof RegistryError) return error;
        throw error;
      }
    });
    const valid = parsed.filter((p): p is DomainName => !(p instanceof RegistryError));
    const keys = [...new Set(valid.map((d) => d.variantKey))];
    const { taken, held, reserved, premium } = await this.availability.facts(ctx.manager, {
      variantKeys: keys,
      reservedPairs: valid.map((d) => ({ labelKey: labelKeyOf(d.variantKey, d.zone), zone: d.zone })),
      names: valid.map((d) => d.name),
      now: ctx.now,
    });

    return parsed.map((p, i): CheckResult => {
      if (p instanceof RegistryError) {
        return { input: input.names[i], name: null, unicodeName: null, zone: null, available: false, availability: 'invalid', reason: p.message, premium: false, price: null, restrictedZone: false, blockedBy: null };
      }
      const zone = zones.get(p.zone)!;
      const base = { input: input.names[i], name: p.name, unicodeName: p.unicodeName, zone: p.zone, restrictedZone: zone.restricted };
      const prem = premium.get(p.name);
      const occupant = taken.get(p.variantKey);
      const reservedReason = reserved.get(`${labelKeyOf(p.variantKey, p.zone)}|${p.zone}`);
      const unavailable = (availability: Availability, reason: string, blockedBy: string | null = null): CheckResult => ({
        ...base, available: false, availability, reason, premium: !!prem, price: null, blockedBy,
      });
      if (occupant === p.name) return unavailable('registered', 'In use');
      if (occupant) return unavailable('blocked-variant', `Variant of registered name ${occupant}`, occupant);
      if (reservedReason !== undefined) return unavailable('reserved', reservedReason ? `Reserved: ${reservedReason}` : 'Reserved');
      if (held.has(p.variantKey)) return unavailable('on-hold', 'On hold for another buyer');
      const price = createPrice(zone, prem, years);
      return { ...base, available: true, availability: 'available', reason: null, premium: !!prem, price, blockedBy: null };
    });
  }
}
