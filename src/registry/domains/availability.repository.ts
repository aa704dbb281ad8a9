import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import { coalescerPerPool, latest, ReadCoalescer } from '../../infrastructure/database/read-coalescer';
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

export interface AvailabilityQuery {
  variantKeys: string[];
  reservedPairs: Array<{ labelKey: string; zone: string }>;
  names: string[];
  now: Date;
}

/** Checks answered by one statement at most running at once; more queue and go out merged. */
export const CHECK_STATEMENTS_IN_FLIGHT = 2;
/** Names in one merged statement at most. */
export const CHECK_NAMES_PER_STATEMENT = 1_000;

/** One query for several: the union of their names, and the latest of their clocks. */
function merge(queries: AvailabilityQuery[]): AvailabilityQuery {
  if (queries.length === 1) return queries[0];
  const pairs = new Map<string, { labelKey: string; zone: string }>();
  for (const q of queries) for (const p of q.reservedPairs) pairs.set(`${p.labelKey}|${p.zone}`, p);
  return {
    variantKeys: [...new Set(queries.flatMap((q) => q.variantKeys))],
    reservedPairs: [...pairs.values()],
    names: [...new Set(queries.flatMap((q) => q.names))],
    now: latest(queries.map((q) => q.now)),
  };
}

/**
 * The read side of `domain.check`: registered names (past-drop domains count as gone), live
 * holds, the stop-list and premium prices for a batch of names, in ONE round trip (a prepared statement). The same
 * conditions as DomainRepository.findLiveByVariantKeys, HoldRepository.findActiveByKeys and
 * NameListsRepository.reserved/premium, which the write paths keep using under their locks.
 *
 * Outside a transaction, checks that arrive together share statements (`ReadCoalescer`): while
 * CHECK_STATEMENTS_IN_FLIGHT statements run, further checks queue and go out as one, for the
 * union of their names (each check reads its own names from the shared answer). Under load that
 * saves a round trip and a statement per check; a lone check goes out at once. The merged
 * statement uses the latest clock of the checks in it: every one of them had arrived by then.
 */
@Injectable()
export class AvailabilityRepository {
  /** The coalescer of a manager's connection pool (one per DataSource). */
  readonly coalescer = coalescerPerPool<AvailabilityQuery, AvailabilityFacts>(
    (manager) =>
      new ReadCoalescer((queries) => this.read(manager, merge(queries)), {
        maxInFlight: CHECK_STATEMENTS_IN_FLIGHT,
        maxWeight: CHECK_NAMES_PER_STATEMENT,
        weight: (q) => q.names.length,
      }),
  );

  async facts(manager: EntityManager, q: AvailabilityQuery): Promise<AvailabilityFacts> {
    if (q.variantKeys.length === 0) return { taken: new Map(), held: new Set(), reserved: new Map(), premium: new Map() };
    if (manager.queryRunner) return this.read(manager, q);
    return this.coalescer(manager).load(q);
  }

  private async read(manager: EntityManager, q: AvailabilityQuery): Promise<AvailabilityFacts> {
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
