import type { EntityManager } from 'typeorm';
import type { NameListsRepository, PremiumPrice } from '../names/name-lists.repository';
import type { Zone } from './zone.types';

/**
 * The price of registering a name for `years`, in qəpik: the premium-list create price when the
 * name is premium, else the zone's, per year. The one pricing rule for check, create and checkout.
 */
export function createPrice(zone: Zone, premium: PremiumPrice | undefined, years: number): number {
  return (premium ? premium.create : zone.prices.create) * years;
}

/** `createPrice` for one name, reading the premium list in the caller's transaction. */
export async function quoteCreate(lists: NameListsRepository, manager: EntityManager, zone: Zone, name: string, years: number): Promise<{ price: number; premium: boolean }> {
  const premium = (await lists.premium(manager, [name])).get(name);
  return { price: createPrice(zone, premium, years), premium: premium !== undefined };
}

/**
 * The price of renewing a name for `years`, in qəpik: the premium-list renew price when the name
 * is premium, else the zone's, per year.
 */
export async function quoteRenew(lists: NameListsRepository, manager: EntityManager, zone: Zone, name: string, years: number): Promise<number> {
  return renewPrice(zone, (await lists.premium(manager, [name])).get(name), years);
}

/** The renew (and auto-renew) price for `years`: premium renew price, else the zone's, per year. */
export function renewPrice(zone: Zone, premium: PremiumPrice | undefined, years: number): number {
  return (premium ? premium.renew : zone.prices.renew) * years;
}
