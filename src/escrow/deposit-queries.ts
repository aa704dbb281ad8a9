import {
  DISCLOSE_FIELDS,
  REGISTRAR_STATUS_TO_RDE,
  type DeleteKind,
  type DiscloseField,
  type ObjectKind,
  type RdeContact,
  type RdeDelete,
  type RdeDomain,
  type RdeDs,
  type RdeHost,
  type RdeRegistrar,
  type RdeTransfer,
} from './rde';

/**
 * The SQL behind a deposit: one selection per object type, shared by a `count(*)` (for the header,
 * written first) and the streamed rows (written after), both run in one REPEATABLE READ snapshot so
 * they agree. `$1` is the INCR lower bound (NULL for FULL); domains also take `$2`, the watermark.
 * Timestamps leave PostgreSQL as ISO-8601 text with microseconds, so no precision is lost.
 */

/** A timestamptz column as `2026-01-15T10:00:00.000000Z` (NULL stays NULL). */
const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const SINCE = '$1::timestamptz';
const changed = (alias: string) => `(${SINCE} IS NULL OR ${alias}.updated_at > ${SINCE} OR ${alias}.created_at > ${SINCE})`;

export interface Selection {
  columns: string;
  from: string;
  order: string;
}

export const SELECTIONS: Readonly<Record<ObjectKind, Selection>> = {
  registrar: {
    columns: `r.id, r.name, r.status, r.email, r.phone, r.url, ${ts('r.created_at')} AS cr, ${ts('r.updated_at')} AS up`,
    from: `FROM registrars r WHERE ${changed('r')}`,
    order: 'r.id',
  },
  contact: {
    columns: `c.id, c.roid, c.handle, c.registrar_id, c.name, c.org, c.street, c.city, c.sp, c.pc, c.cc, c.voice, c.fax, c.email, c.disclose,
      c.statuses, c.created_by, c.updated_by, ${ts('c.created_at')} AS cr, ${ts('c.updated_at')} AS up, ${ts('c.transferred_at')} AS tr,
      (EXISTS (SELECT 1 FROM domains d WHERE d.registrant_id = c.id AND d.purged_at IS NULL)
        OR EXISTS (SELECT 1 FROM domain_contacts dc JOIN domains d ON d.id = dc.domain_id AND d.purged_at IS NULL WHERE dc.contact_id = c.id)) AS linked`,
    from: `FROM contacts c WHERE c.deleted_at IS NULL AND ${changed('c')}`,
    order: 'c.id',
  },
  host: {
    columns: `h.id, h.roid, h.name, h.registrar_id, array(SELECT host(a) FROM unnest(h.addresses) AS a) AS addresses, h.statuses,
      h.created_by, h.updated_by, ${ts('h.created_at')} AS cr, ${ts('h.updated_at')} AS up,
      EXISTS (SELECT 1 FROM domain_nameservers dn JOIN domains d ON d.id = dn.domain_id AND d.purged_at IS NULL WHERE dn.host_id = h.id) AS linked`,
    from: `FROM hosts h WHERE h.deleted_at IS NULL AND ${changed('h')}`,
    order: 'h.id',
  },
  domain: {
    columns: `d.id, d.roid, d.name, d.unicode_name, d.registrar_id, d.statuses, d.created_by, d.updated_by,
      ${ts('d.created_at')} AS cr, ${ts('d.expires_at')} AS ex, ${ts('d.updated_at')} AS up, ${ts('d.transferred_at')} AS tr,
      (SELECT c.handle FROM contacts c WHERE c.id = d.registrant_id) AS registrant,
      coalesce((SELECT json_agg(json_build_object('type', dc.type, 'id', c.handle) ORDER BY dc.type, c.handle)
        FROM domain_contacts dc JOIN contacts c ON c.id = dc.contact_id WHERE dc.domain_id = d.id), '[]') AS contacts,
      array(SELECT h.name FROM domain_nameservers dn JOIN hosts h ON h.id = dn.host_id WHERE dn.domain_id = d.id ORDER BY h.name) AS ns,
      coalesce((SELECT json_agg(json_build_object('keyTag', s.key_tag, 'alg', s.alg, 'digestType', s.digest_type, 'digest', s.digest)
        ORDER BY s.key_tag, s.alg, s.digest_type, s.digest) FROM domain_ds_records s WHERE s.domain_id = d.id), '[]') AS ds,
      CASE WHEN d.deleted_at IS NOT NULL
        THEN ARRAY[CASE WHEN $2::timestamptz < d.deleted_at + make_interval(days => z.redemption_days) THEN 'redemptionPeriod' ELSE 'pendingDelete' END]
        ELSE array(SELECT DISTINCT CASE g.kind WHEN 'add' THEN 'addPeriod' WHEN 'renew' THEN 'renewPeriod' WHEN 'autoRenew' THEN 'autoRenewPeriod' ELSE 'transferPeriod' END
          FROM grace_periods g WHERE g.domain_id = d.id AND g.ends_at > $2::timestamptz ORDER BY 1)
      END AS rgp,
      (SELECT json_build_object('status', t.status, 'reRr', t.gaining_registrar, 'reDate', ${ts('t.requested_at')},
          'acRr', t.losing_registrar, 'acDate', ${ts('t.action_due_at')}, 'exDate', ${ts('t.expires_at_after')})
        FROM domain_transfers t WHERE t.domain_id = d.id AND t.status = 'pending') AS transfer`,
    // An INCR also re-sends domains whose name servers changed (a renamed host changes their <ns>).
    from: `FROM domains d JOIN zones z ON z.name = d.zone WHERE d.purged_at IS NULL AND (${changed('d')}
      OR EXISTS (SELECT 1 FROM domain_nameservers dn JOIN hosts h ON h.id = dn.host_id WHERE dn.domain_id = d.id AND h.updated_at > ${SINCE}))`,
    order: 'd.id',
  },
};

/** Rows streamed for `kind` (params: since, and for domains the watermark). */
export function selectSql(kind: ObjectKind): string {
  const s = SELECTIONS[kind];
  return `SELECT ${s.columns} ${s.from} ORDER BY ${s.order}`;
}

export function countSql(kind: ObjectKind): string {
  return `SELECT count(*)::int AS n ${SELECTIONS[kind].from}`;
}

/** INCR only: what was deleted (contacts, hosts) or purged (domains) after `$1`. */
export const DELETE_SQL: Readonly<Record<DeleteKind, string>> = {
  domain: `SELECT name, roid FROM domains WHERE purged_at > $1::timestamptz ORDER BY id`,
  host: `SELECT name, roid FROM hosts WHERE deleted_at > $1::timestamptz ORDER BY id`,
  contact: `SELECT handle FROM contacts WHERE deleted_at > $1::timestamptz ORDER BY id`,
};

export function deleteCountSql(kind: DeleteKind): string {
  return `SELECT count(*)::int AS n FROM (${DELETE_SQL[kind]}) AS q`;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Stored statuses plus the derived ones, as EPP `info` shows them (`ok` only when nothing else). */
function withDerived(stored: string[], extra: string[]): string[] {
  const all = [...stored, ...extra];
  return all.length ? all : ['ok'];
}

export function toRdeRegistrar(r: Row): RdeRegistrar {
  return {
    id: str(r.id),
    name: str(r.name),
    status: REGISTRAR_STATUS_TO_RDE[str(r.status) as keyof typeof REGISTRAR_STATUS_TO_RDE] ?? 'ok',
    voice: strOrNull(r.phone),
    email: strOrNull(r.email),
    url: strOrNull(r.url),
    crDate: str(r.cr),
    upDate: strOrNull(r.up),
  };
}

export function toRdeContact(r: Row): RdeContact {
  const disclose = (r.disclose ?? {}) as Partial<Record<DiscloseField, boolean>>;
  return {
    id: str(r.handle),
    roid: str(r.roid),
    statuses: withDerived(list(r.statuses), r.linked ? ['linked'] : []),
    postalInfo: { name: str(r.name), org: strOrNull(r.org), street: list(r.street), city: str(r.city), sp: strOrNull(r.sp), pc: strOrNull(r.pc), cc: str(r.cc).trim() },
    voice: strOrNull(r.voice),
    fax: strOrNull(r.fax),
    email: str(r.email),
    clID: str(r.registrar_id),
    crRr: strOrNull(r.created_by),
    crDate: str(r.cr),
    upRr: strOrNull(r.updated_by),
    upDate: strOrNull(r.up),
    trDate: strOrNull(r.tr),
    disclose: DISCLOSE_FIELDS.filter((f) => disclose[f] === true),
  };
}

export function toRdeHost(r: Row): RdeHost {
  return {
    name: str(r.name),
    roid: str(r.roid),
    statuses: withDerived(list(r.statuses), r.linked ? ['linked'] : []),
    addresses: list(r.addresses),
    clID: str(r.registrar_id),
    crRr: strOrNull(r.created_by),
    crDate: str(r.cr),
    upRr: strOrNull(r.updated_by),
    upDate: strOrNull(r.up),
  };
}

export function toRdeDomain(r: Row): RdeDomain {
  const ns = list(r.ns);
  const transfer = (r.transfer ?? null) as (Omit<RdeTransfer, 'exDate'> & { exDate: string | null }) | null;
  return {
    name: str(r.name),
    roid: str(r.roid),
    uName: r.unicode_name !== r.name ? strOrNull(r.unicode_name) : null,
    statuses: withDerived(list(r.statuses), ns.length ? [] : ['inactive']),
    rgpStatuses: list(r.rgp),
    registrant: strOrNull(r.registrant),
    contacts: (r.contacts as Array<{ type: string; id: string }>) ?? [],
    ns,
    clID: str(r.registrar_id),
    crRr: strOrNull(r.created_by),
    crDate: str(r.cr),
    exDate: str(r.ex),
    upRr: strOrNull(r.updated_by),
    upDate: strOrNull(r.up),
    trDate: strOrNull(r.tr),
    ds: ((r.ds as RdeDs[]) ?? []).map((d) => ({ keyTag: Number(d.keyTag), alg: Number(d.alg), digestType: Number(d.digestType), digest: String(d.digest) })),
    transfer,
  };
}

export function toRdeDelete(kind: DeleteKind, r: Row): RdeDelete {
  return kind === 'contact' ? { kind, id: str(r.handle) } : { kind, name: str(r.name), roid: strOrNull(r.roid) };
}
