import type { ClientBase } from 'pg';

/** One row of `zone_publications`: a zone file that was written to ZONE_DIR. */
export interface ZonePublication {
  zone: string;
  serial: number;
  records: number;
  sha256: string;
  publishedAt: Date;
}

/**
 * The change fingerprint of the registry data zones are made of: for each zone, `count:sum(xmin)`
 * of its live domains; for the tables whose rows are not tied to one zone (hosts, name server
 * links, DS records, zones), the same over the whole table.
 *
 * `xmin` is the id of the transaction that wrote a row version, so any insert, update or delete
 * changes the fingerprint, whatever the clocks say: a transaction that commits late with an old
 * `now`, or two changes made in the same instant, are seen as well as any other change. (A
 * coincidental collision of two sums is possible in theory; the daily full regeneration covers it.)
 */
export interface ChangeFingerprints {
  domains: Record<string, string>;
  shared: string;
}

const FINGERPRINTS_SQL = `
  SELECT
    (SELECT coalesce(json_object_agg(zone, f), '{}'::json)
       FROM (SELECT zone, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) AS f
               FROM domains WHERE purged_at IS NULL GROUP BY zone) AS z) AS domains,
    concat_ws('|',
      (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM hosts),
      (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM domain_nameservers),
      (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM domain_ds_records),
      (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM zones)) AS shared`;

/**
 * Queries behind zone publication. They take a pg client rather than an EntityManager because
 * generation runs on one dedicated connection (advisory lock, snapshot, cursor).
 */
export class ZonePublicationRepository {
  async last(db: ClientBase, zone: string): Promise<ZonePublication | null> {
    const { rows } = await db.query<{ zone: string; serial: string; records: string; sha256: string; published_at: Date }>(
      `SELECT zone, serial, records, sha256, published_at FROM zone_publications WHERE zone = $1 ORDER BY serial DESC LIMIT 1`,
      [zone],
    );
    const r = rows[0];
    return r ? { zone: r.zone, serial: Number(r.serial), records: Number(r.records), sha256: r.sha256, publishedAt: r.published_at } : null;
  }

  async insert(db: ClientBase, p: ZonePublication): Promise<void> {
    await db.query(`INSERT INTO zone_publications (zone, serial, records, sha256, published_at) VALUES ($1, $2, $3, $4, $5)`, [
      p.zone, p.serial, p.records, p.sha256, p.publishedAt,
    ]);
  }

  /** Every zone name, in a stable order. */
  async zoneNames(db: ClientBase): Promise<string[]> {
    const { rows } = await db.query<{ name: string }>(`SELECT name FROM zones ORDER BY name COLLATE "C"`);
    return rows.map((r) => r.name);
  }

  /** One pass over the tables: the current fingerprints (see {@link ChangeFingerprints}). */
  async fingerprints(db: ClientBase): Promise<ChangeFingerprints> {
    const { rows } = await db.query<{ domains: Record<string, string>; shared: string }>(FINGERPRINTS_SQL);
    return { domains: rows[0].domains, shared: rows[0].shared };
  }
}

/** The fingerprint one zone's content depends on. */
export function zoneFingerprint(all: ChangeFingerprints, zone: string): string {
  return `${all.domains[zone] ?? '0:0'}|${all.shared}`;
}
