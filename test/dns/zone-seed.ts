import type { DataSource } from 'typeorm';

export interface SeedOptions {
  /** Zone the domains go into (default `az`). */
  zone?: string;
  /** Label prefix: domains are `<prefix><i>.<zone>` (default `bulk`). */
  prefix?: string;
  /** Registrar id created for them (default `bulk-reg`). */
  registrarId?: string;
  /** Timestamps written on every row. */
  now: Date;
}

export interface SeedCounts {
  domains: number;
  /** Domains with a DS record (every 20th). */
  withDs: number;
  /** Domains with an in-bailiwick name server and glue (every 100th). */
  withGlue: number;
}

/**
 * Seeds `n` delegated domains with plain SQL (`generate_series`), fast enough for a million:
 * one registrar, one contact, two external name servers shared by every domain; every 20th domain
 * also has a DS record and every 100th a third, in-bailiwick name server `ns.<domain>` with an
 * IPv4 and an IPv6 glue address, so the benchmark exercises every kind of record.
 */
export async function seedDomains(ds: DataSource, n: number, options: SeedOptions): Promise<SeedCounts> {
  const zone = options.zone ?? 'az';
  const prefix = options.prefix ?? 'bulk';
  const reg = options.registrarId ?? 'bulk-reg';
  const now = options.now;
  const hostA = `ns1.${prefix}-dns.example`;
  const hostB = `ns2.${prefix}-dns.example`;
  await ds.transaction(async (m) => {
    await m.query(`INSERT INTO registrars (id, name, password_hash, created_at, updated_at) VALUES ($1, $1, '!', $2, $2)`, [reg, now]);
    const [contact] = await m.query(
      `INSERT INTO contacts (handle, registrar_id, kind, name, city, cc, email, auth_info_hash, created_at, created_by, updated_at, updated_by)
       VALUES ($1, $2, 'org', 'Bulk MMC', 'Bakı', 'AZ', 'bulk@example.az', '!', $3, $2, $3, $2) RETURNING id`,
      [`${prefix.toUpperCase()}-C1`.slice(0, 16), reg, now],
    );
    await m.query(
      `INSERT INTO hosts (name, registrar_id, created_at, created_by, updated_at, updated_by)
       VALUES ($1, $3, $4, $3, $4, $3), ($2, $3, $4, $3, $4, $3)`,
      [hostA, hostB, reg, now],
    );
    await m.query(
      `INSERT INTO domains (name, unicode_name, variant_key, zone, registrar_id, registrant_id, auth_info_hash,
                            created_at, created_by, updated_at, updated_by, expires_at)
       SELECT l || '.' || $2, l || '.' || $2, l || '.' || $2, $2, $3, $4, '!', $5, $3, $5, $3, $5::timestamptz + interval '1 year'
         FROM (SELECT $1 || i AS l FROM generate_series(1, $6::int) AS i) AS s
        ORDER BY l COLLATE "C"`, // in index order: B-tree appends instead of random inserts
      [prefix, zone, reg, contact.id, now, n],
    );
    const like = `${prefix}%.${zone}`;
    await m.query(
      `INSERT INTO domain_nameservers (domain_id, host_id)
       SELECT d.id, h.id FROM domains d CROSS JOIN hosts h WHERE d.zone = $1 AND d.name LIKE $2 AND h.name IN ($3, $4)`,
      [zone, like, hostA, hostB],
    );
    await m.query(
      `INSERT INTO domain_ds_records (domain_id, key_tag, alg, digest_type, digest)
       SELECT id, (id % 65536)::int, 13, 2, upper(encode(sha256(name::bytea), 'hex')) FROM domains
        WHERE zone = $1 AND name LIKE $2 AND id % 20 = 0`,
      [zone, like],
    );
    await m.query(
      `WITH glued AS (
         INSERT INTO hosts (name, registrar_id, addresses, superordinate_domain_id, created_at, created_by, updated_at, updated_by)
         SELECT 'ns.' || name, $3, ARRAY[('192.0.2.' || (id % 250 + 1))::inet, ('2001:db8::' || to_hex(id % 65536))::inet], id, $4, $3, $4, $3
           FROM domains WHERE zone = $1 AND name LIKE $2 AND id % 100 = 0
         RETURNING id, superordinate_domain_id)
       INSERT INTO domain_nameservers (domain_id, host_id) SELECT superordinate_domain_id, id FROM glued`,
      [zone, like, reg, now],
    );
  });
  await ds.query(`ANALYZE domains; ANALYZE hosts; ANALYZE domain_nameservers; ANALYZE domain_ds_records`);
  const [row] = await ds.query(
    `SELECT count(*)::int AS domains, count(*) FILTER (WHERE id % 20 = 0)::int AS with_ds, count(*) FILTER (WHERE id % 100 = 0)::int AS with_glue
       FROM domains WHERE zone = $1 AND name LIKE $2`,
    [zone, `${prefix}%.${zone}`],
  );
  return { domains: row.domains, withDs: row.with_ds, withGlue: row.with_glue };
}
