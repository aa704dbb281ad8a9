import { Injectable } from '@nestjs/common';
import { ObjectExistsError, ParameterPolicyError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { ZoneCatalog } from '../zones/zone-catalog.service';
import type { Zone } from '../zones/zone.types';
import { parseDomainName } from './domain-name';
import { labelKeyOf, NameListsRepository } from './name-lists.repository';

export interface AddReservedInput {
  /** A full name (`baki.az`: that zone only) or a bare label (`baki`: every zone). */
  name: string;
  reason?: string;
}

/**
 * The stop-list entry a name stands for: a full name (`baki.az`) → its folded label in that zone;
 * a bare label (`baki`) → the folded label in every zone (zone null), checked against the direct
 * `.az` rules. Errors: 2005 (name), 2306 (zone az missing for a bare label).
 */
export function reservedEntryOf(name: string, zones: ReadonlyMap<string, Zone>): { labelKey: string; zone: string | null } {
  const everyZone = !name.trim().replace(/\.$/, '').includes('.');
  if (!zones.has('az') && everyZone) throw new ParameterPolicyError('Zone az is not configured', { reason: 'unknown-zone' });
  const parsed = parseDomainName(everyZone ? `${name.trim()}.az` : name, everyZone ? new Map([['az', { ...zones.get('az')!, minLabelLength: 1 }]]) : zones);
  return { labelKey: labelKeyOf(parsed.variantKey, parsed.zone), zone: everyZone ? null : parsed.zone };
}

/**
 * reserved.add (administrators) — puts a name on the stop-list. The whole variant bundle is
 * reserved (`bakı` reserves `baki` too). A bare label is reserved in every zone.
 * Errors: 2005 (name), 2306 (unknown zone), 2302 (already reserved).
 */
@Injectable()
export class AddReservedHandler implements CommandHandler<AddReservedInput, { labelKey: string; zone: string | null }> {
  readonly command = 'reserved.add';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: AddReservedInput): Promise<{ labelKey: string; zone: string | null }> {
    const { labelKey, zone } = reservedEntryOf(input.name, await this.zones.all());
    if (!(await this.lists.addReserved(ctx.manager, labelKey, zone, input.reason ?? '', ctx.now))) {
      throw new ObjectExistsError(`${input.name} is already reserved`, { reason: 'exists', value: input.name });
    }
    await this.history.record(ctx, { objectType: 'reserved', objectId: `${labelKey}|${zone ?? '*'}`, objectName: input.name, action: this.command, after: { labelKey, zone, reason: input.reason ?? '' } });
    return { labelKey, zone };
  }
}
