import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import type { PremiumPrice } from '../names/name-lists.repository';

/** What one check needs to know about a batch of names, read in one statement. */
export interface AvailabilityFacts {
  /** variant key → the live name occupying it. */
  taken: Map<string, string>;
  /** Variant keys with a live hold. */
  held: Set<string>;
  /** `${labelKey}|${zone}` → reason, for reserved names. */
  reserved: Map<string, string>;
  /** name → premium prices. */
  premium: Map<string, PremiumPrice>;
}

/**
 * The read side of `domain.check`: registered names (past-drop domains count as gone), live
 * holds, the stop-list and premium prices for a batch of names, in ONE round trip (a prepared statement). The same
 * conditions as DomainRepository.findLiveByVariantKeys, HoldRepository.findActiveByKeys and
 * NameListsRepository.reserved/premium, which the write paths keep using under their locks.
 */
@Injectable()
export class AvailabilityRepository {
  async facts(
    manager: EntityManager,
    q: { variantKeys: string[]; reservedPairs: Array<{ labelKey: string; zone: string }>; names: string[]; now: Date },
  ): Promise<AvailabilityFacts> {
    if (q.variantKeys.length === 0) return { taken: new Map(), held: new Set(), reserved: new Map(), premium: new Map() };
    const [row] = await preparedQuery<{ taken: Array<[string, string]>; held: string[]; reserved: Array<[string, string, string]>; premium: Array<[string, string, string]> }>(
      manager,
      `SELECT
         (SELECT coalesce(json_agg(json_build_array(variant_key, name)), '[]') FROM domains
           WHERE variant_key = ANY($1::text[]) AND purged_at IS NULL AND (purge_at IS NULL OR purge_at > $2)) AS taken,
         (SELECT coalesce(json_agg(variant_key), '[]') FROM name_holds
           WHERE variant_key = ANY($1::text[]) AND expires_at > $2) AS held,
         (SELECT coalesce(json_agg(json_build_array(p.label_key, p.zone, r.reason)), '[]')
            FROM unnest($3::text[], $4::text[]) AS p(label_key, zone)
            JOIN reserved_names r ON r.label_key = p.label_key AND (r.zone IS NULL OR r.zone = p.zone)) AS reserved,
         (SELECT coalesce(json_agg(json_build_array(name, price_create::text, price_renew::text)), '[]') FROM premium_names
           WHERE name = ANY($5::text[])) AS premium`,
      [q.variantKeys, q.now, q.reservedPairs.map((p) => p.labelKey), q.reservedPairs.map((p) => p.zone), q.names],
    );
    return {
      taken: new Map(row.taken.map(([key, name]) => [key, name])),
      held: new Set(row.held),
      reserved: new Map(row.reserved.map(([key, zone, reason]) => [`${key}|${zone}`, reason])),
      premium: new Map(row.premium.map(([name, create, renew]) => [name, { create: Number(create), renew: Number(renew) }])),
    };
  }
}
