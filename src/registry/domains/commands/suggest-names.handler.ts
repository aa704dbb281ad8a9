import { Injectable } from '@nestjs/common';
import { ParameterSyntaxError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { variantsOf, parseDomainName } from '../../names/domain-name';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { CheckDomainsHandler, type CheckResult } from './check-domains.handler';

export interface SuggestNamesInput {
  /** What the person typed: a label (`şəki`) or a full name (`seki.com.az`). */
  query: string;
  /** At most this many other spellings of the same label (they share one variant bundle). */
  spellings?: number;
}

export interface Suggestions {
  /** The name as typed (in `az` when no zone was given), with its availability. */
  exact: CheckResult;
  /** Other spellings (IDN ↔ ASCII): one registration takes the whole bundle, so pick the spelling. */
  spellings: CheckResult[];
  /** The same label in the other open zones. */
  otherZones: CheckResult[];
}

/** Open zones shown as alternatives, most general first. */
export const SUGGESTED_ZONES = ['az', 'com.az', 'net.az', 'org.az', 'info.az', 'biz.az', 'name.az', 'pro.az', 'co.az', 'pp.az'];

/**
 * domain.suggest — what the control panel's search shows: the name, its other spellings
 * (IDN and ASCII; fewest changed letters first) and the label in other open zones, each with its
 * availability and price. Read-only and unlogged like every check (invariant 4).
 * Errors: ParameterSyntaxError 2005 / ParameterPolicyError 2306 for an unusable query.
 */
@Injectable()
export class SuggestNamesHandler implements CommandHandler<SuggestNamesInput, Suggestions> {
  readonly command = 'domain.suggest';
  readonly readOnly = true;

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly check: CheckDomainsHandler,
  ) {}

  async handle(ctx: CommandContext, input: SuggestNamesInput): Promise<Suggestions> {
    const zones = await this.zones.all();
    const raw = input.query.trim().replace(/\.$/, '');
    if (!raw) throw new ParameterSyntaxError('Type a name to search for', { reason: 'empty', value: input.query });
    const full = raw.includes('.') ? raw : `${raw}.az`;
    const name = parseDomainName(full, zones);
    const spellings = variantsOf(name).slice(0, input.spellings ?? 3);
    const otherZones = SUGGESTED_ZONES.filter((z) => z !== name.zone && zones.has(z) && !zones.get(z)!.restricted).map((z) => `${name.unicodeLabel}.${z}`);
    const results = await this.check.handle(ctx, { names: [name.unicodeName, ...spellings, ...otherZones] });
    return {
      exact: results[0],
      spellings: results.slice(1, 1 + spellings.length),
      otherZones: results.slice(1 + spellings.length).filter((r) => r.availability !== 'invalid'),
    };
  }
}
