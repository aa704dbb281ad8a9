import type { DataSource, QueryRunner } from 'typeorm';
import { superordinateOf } from '../registry/hosts/commands/superordinate';
import { foldToVariantKey, toUnicodeName } from '../registry/names/domain-name';
import { ZoneRepository } from '../registry/zones/zone.repository';
import type { Zone } from '../registry/zones/zone.types';
import { readDeposit } from './deposit-reader';
import { verifyDeposit } from './deposit-verifier';
import { DERIVED_STATUSES, idFromRoid, REGISTRAR_STATUS_FROM_RDE, zeroCounts, type ObjectCounts, type RdeContact, type RdeDomain, type RdeHost, type RdeObject, type RdeRegistrar } from './rde';
import { isHeader, parseObject } from './rde-parse';

/** What {@link importDeposit} loaded, per object type. */
export interface ImportResult {
  counts: ObjectCounts;
}

const BATCH = 500;
const UNUSABLE_SECRET = '!';

type Json = Record<string, unknown>;

const INSERT_SQL = {
  registrar: `INSERT INTO registrars (id, name, status, email, phone, url, password_hash, created_at, updated_at)
    SELECT x.id, x.name, x.status, x.email, x.phone, x.url, '${UNUSABLE_SECRET}', x.cr, x.up
    FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, status text, email text, phone text, url text, cr timestamptz, up timestamptz)
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status, email = EXCLUDED.email, phone = EXCLUDED.phone,
      url = EXCLUDED.url, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
  contact: `INSERT INTO contacts (id, handle, registrar_id, kind, name, org, street, city, sp, pc, cc, voice, fax, email, disclose, auth_info_hash,
      statuses, created_at, created_by, updated_at, updated_by, transferred_at)
    SELECT x.id, x.handle, x.clid, x.kind, x.name, x.org, x.street, x.city, x.sp, x.pc, x.cc, x.voice, x.fax, x.email, x.disclose, '${UNUSABLE_SECRET}',
      x.statuses, x.cr, x.crrr, x.up, x.uprr, x.tr
    FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, handle text, clid text, kind text, name text, org text, street text[], city text, sp text, pc text,
      cc text, voice text, fax text, email text, disclose jsonb, statuses text[], cr timestamptz, crrr text, up timestamptz, uprr text, tr timestamptz)`,
  host: `INSERT INTO hosts (id, name, registrar_id, addresses, statuses, created_at, created_by, updated_at, updated_by)
    SELECT x.id, x.name, x.clid, x.addresses, x.statuses, x.cr, x.crrr, x.up, x.uprr
    FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, name text, clid text, addresses inet[], statuses text[], cr timestamptz, crrr text, up timestamptz, uprr text)`,
  domain: `INSERT INTO domains (id, name, unicode_name, variant_key, zone, registrar_id, statuses, auth_info_hash, created_at, created_by,
      updated_at, updated_by, expires_at, transferred_at)
    SELECT x.id, x.name, x.uname, x.variant, x.zone, x.clid, x.statuses, '${UNUSABLE_SECRET}', x.cr, x.crrr, x.up, x.uprr, x.ex, x.tr
    FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, name text, uname text, variant text, zone text, clid text, statuses text[], cr timestamptz,
      crrr text, up timestamptz, uprr text, ex timestamptz, tr timestamptz)`,
  ds: `INSERT INTO domain_ds_records (domain_id, key_tag, alg, digest_type, digest)
    SELECT x.domain_id, x.key_tag, x.alg, x.digest_type, x.digest FROM jsonb_to_recordset($1::jsonb) AS x(domain_id bigint, key_tag int, alg int, digest_type int, digest text)`,
  link: `INSERT INTO escrow_import_links (owner_id, kind, type, ref)
    SELECT x.owner_id, x.kind, x.type, x.ref FROM jsonb_to_recordset($1::jsonb) AS x(owner_id bigint, kind text, type text, ref text)`,
} as const;

/** Links resolved once every object is in (objects may come in any order in a deposit). */
const RESOLVE_SQL = [
  `UPDATE domains d SET registrant_id = c.id FROM escrow_import_links l JOIN contacts c ON c.handle = l.ref WHERE l.kind = 'registrant' AND l.owner_id = d.id`,
  `INSERT INTO domain_contacts (domain_id, contact_id, type)
    SELECT l.owner_id, c.id, l.type FROM escrow_import_links l JOIN contacts c ON c.handle = l.ref WHERE l.kind = 'contact'`,
  `INSERT INTO domain_nameservers (domain_id, host_id)
    SELECT l.owner_id, h.id FROM escrow_import_links l JOIN hosts h ON h.name = l.ref WHERE l.kind = 'ns'`,
  `UPDATE hosts h SET superordinate_domain_id = d.id FROM escrow_import_links l JOIN domains d ON d.name = l.ref WHERE l.kind = 'superordinate' AND l.owner_id = h.id`,
  `UPDATE domains d SET deleted_at = d.updated_at, purge_at = d.updated_at + make_interval(days => z.redemption_days + z.pending_delete_days)
    FROM zones z WHERE z.name = d.zone AND 'pendingDelete' = ANY(d.statuses)`,
  ...['contacts', 'hosts', 'domains'].map(
    (t) => `SELECT setval(pg_get_serial_sequence('${t}', 'id'), coalesce((SELECT max(id) FROM ${t}), 0) + 1, false)`,
  ),
];

const stored = (statuses: string[]) => statuses.filter((s) => !DERIVED_STATUSES.has(s));

function rowId(roid: string, kind: 'domain' | 'contact' | 'host'): string {
  const id = idFromRoid(roid, kind);
  if (!id) throw new Error(`escrow import: ${kind} roid "${roid}" is not an azreg roid (${kind[0].toUpperCase()}<number>-AZ)`);
  return id;
}

function zoneOf(name: string, zones: ReadonlyMap<string, Zone>): string {
  const labels = name.split('.');
  for (let i = 1; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    if (zones.has(suffix)) return suffix;
  }
  throw new Error(`escrow import: ${name} is not under any zone of the target database (load the base data first)`);
}

/** Accumulates rows per statement and inserts them `BATCH` at a time. */
class BatchInserter {
  private readonly rows = new Map<keyof typeof INSERT_SQL, Json[]>();
  constructor(private readonly runner: QueryRunner) {}

  async add(kind: keyof typeof INSERT_SQL, row: Json): Promise<void> {
    const list = this.rows.get(kind) ?? [];
    list.push(row);
    this.rows.set(kind, list);
    if (list.length >= BATCH) await this.flush(kind);
  }

  async flush(kind: keyof typeof INSERT_SQL): Promise<void> {
    if (kind === 'ds') await this.flush('domain'); // DS rows reference their domains
    const list = this.rows.get(kind);
    if (!list?.length) return;
    this.rows.set(kind, []);
    await this.runner.query(INSERT_SQL[kind], [JSON.stringify(list)]);
  }

  async flushAll(): Promise<void> {
    for (const kind of ['registrar', 'contact', 'host', 'domain', 'ds', 'link'] as const) await this.flush(kind);
  }
}

function registrarRow(r: RdeRegistrar): Json {
  const status = REGISTRAR_STATUS_FROM_RDE[r.status];
  if (!status) throw new Error(`escrow import: registrar ${r.id} has unknown status "${r.status}"`);
  return { id: r.id, name: r.name, status, email: r.email, phone: r.voice, url: r.url, cr: r.crDate, up: r.upDate ?? r.crDate };
}

function contactRow(c: RdeContact): Json {
  const p = c.postalInfo;
  const disclose = Object.fromEntries(c.disclose.map((f) => [f, true]));
  return {
    id: rowId(c.roid, 'contact'), handle: c.id, clid: c.clID, kind: p.org ? 'org' : 'person', name: p.name, org: p.org, street: p.street,
    city: p.city, sp: p.sp, pc: p.pc, cc: p.cc.toUpperCase(), voice: c.voice, fax: c.fax, email: c.email, disclose, statuses: stored(c.statuses),
    cr: c.crDate, crrr: c.crRr ?? c.clID, up: c.upDate ?? c.crDate, uprr: c.upRr ?? c.crRr ?? c.clID, tr: c.trDate,
  };
}

function hostRow(h: RdeHost): Json {
  return {
    id: rowId(h.roid, 'host'), name: h.name, clid: h.clID, addresses: h.addresses, statuses: stored(h.statuses),
    cr: h.crDate, crrr: h.crRr ?? h.clID, up: h.upDate ?? h.crDate, uprr: h.upRr ?? h.crRr ?? h.clID,
  };
}

function domainRow(d: RdeDomain, zones: ReadonlyMap<string, Zone>): Json {
  const uname = d.uName ?? toUnicodeName(d.name);
  return {
    id: rowId(d.roid, 'domain'), name: d.name, uname, variant: foldToVariantKey(uname), zone: zoneOf(d.name, zones), clid: d.clID,
    statuses: stored(d.statuses), cr: d.crDate, crrr: d.crRr ?? d.clID, up: d.upDate ?? d.crDate, uprr: d.upRr ?? d.crRr ?? d.clID,
    ex: d.exDate, tr: d.trDate,
  };
}

/** Adds one object (and its staged links) to the batches. */
async function stage(o: RdeObject, batch: BatchInserter, zones: ReadonlyMap<string, Zone>): Promise<void> {
  switch (o.kind) {
    case 'registrar':
      return; // pass 1
    case 'contact':
      return batch.add('contact', contactRow(o.value));
    case 'host': {
      const row = hostRow(o.value);
      await batch.add('host', row);
      const parent = superordinateOf(o.value.name, zones);
      if (parent) await batch.add('link', { owner_id: row.id, kind: 'superordinate', type: null, ref: parent });
      return;
    }
    case 'domain': {
      const d = o.value;
      const row = domainRow(d, zones);
      await batch.add('domain', row);
      const id = row.id;
      if (d.registrant) await batch.add('link', { owner_id: id, kind: 'registrant', type: null, ref: d.registrant });
      for (const c of d.contacts) await batch.add('link', { owner_id: id, kind: 'contact', type: c.type, ref: c.id });
      for (const n of d.ns) await batch.add('link', { owner_id: id, kind: 'ns', type: null, ref: n });
      for (const s of d.ds) await batch.add('ds', { domain_id: id, key_tag: s.keyTag, alg: s.alg, digest_type: s.digestType, digest: s.digest });
    }
  }
}

/**
 * Loads a FULL deposit into a database that has its zones (base data) but no contacts, hosts or
 * domains: registrars (created, or updated when they exist, e.g. the direct channel), contacts,
 * hosts, domains with their contacts, name servers and DS records. Row ids come from the roids
 * (`D123-AZ` → 123, so the generated roids come out identical) and the id sequences are moved past
 * them. One transaction: the import succeeds completely or leaves the database as it was.
 *
 * What the deposit does not carry is set as a restored registry needs it: auth info and registrar
 * passwords are unusable ('!', to be reset), contact kind is 'org' when an organisation is given,
 * a pendingDelete domain gets deleted_at = its last update and purge_at from its zone's periods.
 * Grace periods, pending transfers, balances, accounts and history are not in RFC 9022 deposits.
 */
export async function importDeposit(file: string, dataSource: DataSource): Promise<ImportResult> {
  const check = await verifyDeposit(file);
  if (!check.ok) throw new Error(`escrow import: ${file} does not verify: ${check.problems.slice(0, 5).join('; ')}`);
  if (check.type !== 'FULL') throw new Error(`escrow import: only a FULL deposit can be imported into an empty database (${file} is ${check.type})`);

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const [{ n }] = await runner.query(`SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM hosts) + (SELECT count(*) FROM domains) AS n`);
    if (Number(n) > 0) throw new Error('escrow import: the target database already has contacts, hosts or domains; import into an empty database');
    const zones = new Map((await new ZoneRepository().list(runner.manager)).map((z) => [z.name, z]));
    if (zones.size === 0) throw new Error('escrow import: the target database has no zones; load the base data first');
    await runner.query(`CREATE TEMP TABLE escrow_import_links (owner_id bigint NOT NULL, kind text NOT NULL, type text, ref text NOT NULL) ON COMMIT DROP`);

    const batch = new BatchInserter(runner);
    const counts = zeroCounts();
    // Pass 1: registrars, which everything else references. Pass 2: the rest, links staged.
    await readDeposit(file, {
      content: async (node) => {
        const o = isHeader(node) ? null : parseObject(node);
        if (o?.kind === 'registrar') {
          counts.registrar += 1;
          await batch.add('registrar', registrarRow(o.value));
        }
      },
    });
    await batch.flush('registrar');
    await readDeposit(file, {
      content: async (node) => {
        const o = isHeader(node) ? null : parseObject(node);
        if (!o || o.kind === 'registrar') return;
        counts[o.kind] += 1;
        await stage(o, batch, zones);
      },
    });
    await batch.flushAll();
    for (const sql of RESOLVE_SQL) await runner.query(sql);
    await runner.commitTransaction();
    return { counts };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
