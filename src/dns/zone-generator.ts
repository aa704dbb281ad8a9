import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { delegation, nsRecords, zoneFileOptions, zoneHeader, type DelegationRow, type ZoneChunk, type ZoneFileOptions } from './zone-file';
import { ZonePublicationRepository } from './zone-publication.repository';

/**
 * A live domain with any of these statuses is not delegated: on hold (registrar or registry,
 * including a dispute suspension), waiting for approval, or deleted (redemption and pending delete
 * are both `pendingDelete`).
 */
export const NOT_PUBLISHED_STATUSES = ['serverHold', 'clientHold', 'pendingCreate', 'pendingDelete'] as const;

/** Rows fetched per round trip by the cursor; memory use is bounded by this, not by the zone. */
const CURSOR_BATCH = 2_000;

/** Advisory lock class for zone publication (`pg_advisory_lock(class, hashtext(zone))`). */
const ZONE_LOCK_CLASS = 0x444e53; // "DNS"

/**
 * The delegations of one zone, in name order (byte order, so the file is the same whatever the
 * database's collation). For each live, published domain:
 * - `ns`: its name servers. An in-bailiwick server (a host inside the domain itself) without any
 *   address is left out: nobody could reach it, and without glue it would only make the delegation
 *   lame. A domain left with no name server is not delegated at all (the join on `ns`).
 * - `glue`: A/AAAA only for name servers inside the domain itself (`ns1.example.az` for
 *   `example.az`), where resolution needs them. A name server under another domain of the same
 *   zone (sibling glue) gets none: resolvers find its address through that other domain's own
 *   delegation, and leaving it out keeps a held domain's addresses out of the zone.
 * - `ds`: its DS records.
 * PostgreSQL builds the three lists with hash joins and aggregates over the zone as a whole (about
 * twice as fast at a million domains as a per-domain lookup) and sorts the result, spilling to
 * temporary files beyond `work_mem`; the cursor then hands it over a batch at a time, so Node never
 * holds more than one batch, whatever the size of the zone.
 */
const DELEGATIONS_SQL = `
  WITH live AS (
    SELECT id, name FROM domains
     WHERE zone = $1 AND purged_at IS NULL AND NOT (statuses && $2::text[])
       AND name NOT IN (SELECT name FROM zones)),
  links AS (
    SELECT l.id AS domain_id, h.name, h.addresses, coalesce(h.superordinate_domain_id = l.id, false) AS inside
      FROM live l JOIN domain_nameservers dn ON dn.domain_id = l.id JOIN hosts h ON h.id = dn.host_id AND h.deleted_at IS NULL),
  ns AS (
    SELECT domain_id, array_agg(name ORDER BY name COLLATE "C") AS ns FROM links WHERE NOT inside OR cardinality(addresses) > 0 GROUP BY domain_id),
  glue AS (
    SELECT domain_id, array_agg(name || ' ' || CASE family(a) WHEN 4 THEN 'A' ELSE 'AAAA' END || ' ' || host(a) ORDER BY name COLLATE "C", family(a), a) AS glue
      FROM links CROSS JOIN LATERAL unnest(addresses) AS a WHERE inside GROUP BY domain_id),
  dsr AS (
    SELECT ds.domain_id, array_agg(ds.key_tag || ' ' || ds.alg || ' ' || ds.digest_type || ' ' || ds.digest ORDER BY ds.key_tag, ds.alg, ds.digest_type, ds.digest COLLATE "C") AS ds
      FROM live l JOIN domain_ds_records ds ON ds.domain_id = l.id GROUP BY ds.domain_id)
  SELECT l.name, ns.ns, coalesce(glue.glue, '{}') AS glue, coalesce(dsr.ds, '{}') AS ds
    FROM live l JOIN ns ON ns.domain_id = l.id LEFT JOIN glue ON glue.domain_id = l.id LEFT JOIN dsr ON dsr.domain_id = l.id
   ORDER BY l.name COLLATE "C"`;

/**
 * One zone's view of the registry: a dedicated connection that holds the zone's advisory lock (so
 * two workers never publish the same zone at once) and a REPEATABLE READ, READ ONLY snapshot in
 * which the last publication and the zone's content are read, so that both describe one state.
 * Always `close()` it.
 */
export class ZoneSession {
  private inSnapshot = false;
  /** Apex name servers inside this zone that still lack an address in it (see `warnings`). */
  private readonly unglued = new Set<string>();

  constructor(
    readonly zone: string,
    readonly client: PoolClient,
    private readonly options: ZoneFileOptions,
    private readonly publications: ZonePublicationRepository,
  ) {}

  /** Takes the lock, then starts the snapshot (in that order: the snapshot must postdate the lock). */
  async begin(): Promise<void> {
    await this.client.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [ZONE_LOCK_CLASS, this.zone]);
    await this.client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    this.inSnapshot = true;
    // Hash tables and the final sort stay in memory up to this size each (they spill to disk beyond).
    await this.client.query(`SET LOCAL work_mem = '64MB'`);
  }

  /** `$ORIGIN`, `$TTL` and the SOA with `serial`. */
  header(serial: number): ZoneChunk {
    return zoneHeader(this.zone, serial, this.options);
  }

  /**
   * Everything after the SOA, streamed: the apex NS set, the delegations of child zones (in `az`:
   * com.az, gov.az, … all served by the registry's own name servers, so delegated to the same set),
   * then one chunk per delegated domain, in name order.
   */
  async *body(): AsyncGenerator<ZoneChunk> {
    yield nsRecords(this.zone, this.options.nameservers);
    const suffix = `.${this.zone}`;
    const zones = await this.publications.zoneNames(this.client);
    const children = zones.filter((z) => z.endsWith(suffix) && !z.slice(0, -suffix.length).includes('.'));
    for (const child of children) yield nsRecords(child, this.options.nameservers);
    for (const ns of this.options.nameservers) {
      const host = ns.slice(0, -1);
      if (host.endsWith(suffix) && !children.some((c) => host === c || host.endsWith(`.${c}`))) this.unglued.add(host);
    }
    const stream = this.client.query(new QueryStream(DELEGATIONS_SQL, [this.zone, NOT_PUBLISHED_STATUSES], { batchSize: CURSOR_BATCH }));
    try {
      for await (const row of stream as AsyncIterable<DelegationRow>) {
        if (row.ns.length === 0) continue;
        if (this.unglued.size > 0) for (const g of row.glue) this.unglued.delete(g.slice(0, g.indexOf(' ')));
        yield delegation(row);
      }
    } finally {
      // Stopped early (an error downstream): close the cursor so the connection can be used again.
      if (!stream.destroyed) stream.destroy();
    }
  }

  /**
   * Problems found while generating the body that DNS servers will refuse: an apex name server
   * inside the zone (`ns1.nic.az` in `az`) needs its address in the zone, as glue of its domain
   * (`nic.az`, delegated with `ns1.nic.az` as one of its own name servers); without it BIND does not
   * load the zone and keeps serving the previous one.
   */
  warnings(): string[] {
    return [...this.unglued].map((ns) => `apex name server ${ns} has no address in zone ${this.zone}: delegate its domain with it as an in-bailiwick name server with glue`);
  }

  /** The whole zone file: header with `serial`, then the body. */
  async *chunks(serial: number): AsyncGenerator<ZoneChunk> {
    yield this.header(serial);
    yield* this.body();
  }

  /** Ends the snapshot (the lock stays until `close`). */
  async endSnapshot(): Promise<void> {
    if (!this.inSnapshot) return;
    this.inSnapshot = false;
    await this.client.query('COMMIT');
  }

  /**
   * Ends the snapshot and frees the lock. After an error the connection is destroyed instead of
   * returned to the pool: that rolls back and unlocks on the server side whatever state it was in.
   */
  async close(error?: unknown): Promise<void> {
    if (error) {
      this.client.release(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    try {
      await this.endSnapshot();
      await this.client.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [ZONE_LOCK_CLASS, this.zone]);
      this.client.release();
    } catch (e) {
      this.client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }
}

/**
 * Generates zone files from PostgreSQL as a stream: rows come through a cursor
 * (`pg-query-stream`), a few thousand at a time, and leave as text chunks; the zone is never held
 * in memory, whatever its size.
 */
@Injectable()
export class ZoneGenerator {
  readonly options: ZoneFileOptions;
  private readonly publications = new ZonePublicationRepository();

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.options = zoneFileOptions(config.DNS_ZONE_NAMESERVERS, config.DNS_HOSTMASTER);
  }

  /** The DataSource's pg pool: generation needs a plain pg client (cursor, session lock). */
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master;
  }

  /** Runs `fn` on a pooled pg client (autocommit), and gives the client back. */
  async withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool().connect();
    try {
      const out = await fn(client);
      client.release();
      return out;
    } catch (e) {
      client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }

  /** Opens a {@link ZoneSession} on a connection of its own (waits for the zone's lock). */
  async open(zone: string): Promise<ZoneSession> {
    const client = await this.pool().connect();
    const session = new ZoneSession(zone, client, this.options, this.publications);
    try {
      await session.begin();
    } catch (e) {
      await session.close(e);
      throw e;
    }
    return session;
  }

  /** The zone file with `serial`, as a stream of text chunks (for a CLI or a benchmark). */
  async *generate(zone: string, serial: number): AsyncGenerator<ZoneChunk> {
    const session = await this.open(zone);
    let failure: unknown;
    try {
      yield* session.chunks(serial);
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      await session.close(failure);
    }
  }
}
