import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError, ParameterRangeError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { ZoneCatalog } from '../zone-catalog.service';
import { ZoneRepository } from '../zone.repository';
import type { Zone } from '../zone.types';

export type ZonePolicy = Omit<Zone, 'name'>;

const MAX_PRICE_QEPIK = 100_000_000;

function inRange(what: string, v: number, min: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new ParameterRangeError(`${what}: a whole number from ${min} to ${max}`, { reason: what, value: String(v) });
}

/**
 * zone.update (administrators) — a zone's prices, label lengths, terms, restriction, hold time
 * and lifecycle periods. Validated here (the same bounds as the table's CHECKs, plus sane
 * maxima). This process sees the change at once; other processes within the zone catalog's
 * 5-second cache. Errors: 2303 (no such zone), 2004 (a value out of range).
 */
@Injectable()
export class UpdateZoneHandler implements CommandHandler<{ name: string; policy: ZonePolicy }, Zone> {
  readonly command = 'zone.update';

  constructor(
    private readonly zones: ZoneRepository,
    private readonly catalog: ZoneCatalog,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { name: string; policy: ZonePolicy }): Promise<Zone> {
    const before = (await this.zones.list(ctx.manager)).find((z) => z.name === input.name);
    if (!before) throw new ObjectNotFoundError(`Zone ${input.name} does not exist`, { reason: 'not-found', value: input.name });
    const p = input.policy;
    inRange('min-label-length', p.minLabelLength, 1, 63);
    inRange('max-label-length', p.maxLabelLength, p.minLabelLength, 63);
    inRange('min-term-years', p.minTermYears, 1, 10);
    inRange('max-term-years', p.maxTermYears, p.minTermYears, 10);
    for (const [k, v] of Object.entries(p.prices)) inRange(`price-${k}`, v, 0, MAX_PRICE_QEPIK);
    inRange('hold-minutes', p.holdMinutes, 1, 1440);
    for (const [k, v] of Object.entries(p.periods)) inRange(k, v, k === 'pendingCreateDays' || k === 'transferPendingDays' ? 1 : 0, 365);
    const zone: Zone = { ...p, name: before.name, prices: { ...p.prices }, periods: { ...p.periods } };
    await this.zones.update(ctx.manager, zone, ctx.now);
    await this.history.record(ctx, { objectType: 'zone', objectId: zone.name, objectName: zone.name, action: this.command, before, after: zone });
    ctx.afterCommit(async () => this.catalog.invalidate());
    return zone;
  }
}
