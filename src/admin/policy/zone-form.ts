import { ParameterSyntaxError } from '../../common/registry-errors';
import { field } from '../../panel/panel-request';
import type { ZonePolicy } from '../../registry/zones/commands/update-zone.handler';
import { parseAzn, type Zone } from '../../registry/zones/zone.types';

type Form = Record<string, unknown>;

/** The integer fields of the zone form, in the order they are shown (name = Zone key path). */
export const ZONE_INT_FIELDS = ['minLabelLength', 'maxLabelLength', 'minTermYears', 'maxTermYears', 'holdMinutes'] as const;
export const ZONE_PERIOD_FIELDS = ['addGraceDays', 'renewGraceDays', 'transferGraceDays', 'autoRenewGraceDays', 'redemptionDays', 'pendingDeleteDays', 'transferPendingDays', 'pendingCreateDays'] as const;
export const ZONE_PRICE_FIELDS = ['create', 'renew', 'transfer', 'restore'] as const;

function int(body: Form, name: string): number {
  const v = field(body, name).trim();
  if (!/^\d{1,6}$/.test(v)) throw new ParameterSyntaxError(`${name}: a whole number`, { reason: name, value: v.slice(0, 20) });
  return Number(v);
}

function money(body: Form, name: string): number {
  const v = field(body, `price.${name}`).trim();
  const q = parseAzn(v);
  if (q === null) throw new ParameterSyntaxError(`price ${name}: an amount in AZN such as 30 or 12.50`, { reason: `price-${name}`, value: v.slice(0, 20) });
  return q;
}

/** The zone edit form → a policy for UpdateZoneHandler (which checks the ranges). Malformed numbers: 2005. */
export function zonePolicyFromForm(body: Form, current: Zone): ZonePolicy {
  const ints = Object.fromEntries(ZONE_INT_FIELDS.map((f) => [f, int(body, f)])) as Record<(typeof ZONE_INT_FIELDS)[number], number>;
  return {
    restricted: field(body, 'restricted') === 'on',
    idnEnabled: field(body, 'idnEnabled') === 'on',
    ...ints,
    prices: Object.fromEntries(ZONE_PRICE_FIELDS.map((f) => [f, money(body, f)])) as Zone['prices'],
    periods: { ...current.periods, ...Object.fromEntries(ZONE_PERIOD_FIELDS.map((f) => [f, int(body, f)])) },
  };
}
