import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../infrastructure/database/prepared-query';
import { coalescerPerPool, latest, ReadCoalescer } from '../infrastructure/database/read-coalescer';
import { toContact } from '../registry/contacts/contact.repository';
import type { ContactRecord } from '../registry/contacts/contact.types';
import { toDomainRecord, toDsRecord, type GracePeriod } from '../registry/domains/domain.repository';
import type { DomainRecord, DsRecord } from '../registry/domains/domain.types';
import { toHost, type HostRecord } from '../registry/hosts/host.repository';
import { toRegistrar, type Registrar } from '../registry/registrars/registrar.repository';

/** Everything a public answer about one registered domain shows, as the repositories' records. */
export interface DomainLookupRecords {
  domain: DomainRecord;
  registrar: Registrar;
  registrant: ContactRecord | null;
  contacts: Array<{ type: 'admin' | 'tech' | 'billing'; contact: ContactRecord }>;
  nameservers: HostRecord[];
  dsRecords: DsRecord[];
  activeGraceKinds: Array<GracePeriod['kind']>;
  /** When the first of the active grace periods ends (the answer's RGP status changes then). */
  nextGraceEnd: Date | null;
}

/** JSON from row_to_json carries timestamps as ISO strings; the record mappers expect Dates. */
function revive(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) if (k.endsWith('_at') && typeof v === 'string') row[k] = new Date(v);
  return row;
}

/** Lookups read by one statement at most running at once; more queue and go out merged. */
export const LOOKUP_STATEMENTS_IN_FLIGHT = 2;
/** Names in one merged lookup statement at most. */
export const LOOKUP_NAMES_PER_STATEMENT = 200;

/**
 * The public lookup of a domain in ONE prepared statement (WHOIS and RDAP answer thousands a second): the
 * live domain by A-label with its registrar, registrant, linked contacts, name servers, DS records
 * and active grace periods, each sub-row as JSON mapped by the owning repository's mapper.
 *
 * Lookups that miss the cache together share statements (`ReadCoalescer`, as domain.check does):
 * while LOOKUP_STATEMENTS_IN_FLIGHT statements run, further lookups queue and go out as one
 * statement for all their names, read at the latest of their clocks.
 */
@Injectable()
export class LookupRepository {
  /** The coalescer of a manager's connection pool (one per DataSource). */
  readonly coalescer = coalescerPerPool<{ name: string; now: Date }, Map<string, DomainLookupRecords>>(
    (manager) =>
      new ReadCoalescer((queries) => this.domainsByName(manager, [...new Set(queries.map((q) => q.name))], latest(queries.map((q) => q.now))), {
        maxInFlight: LOOKUP_STATEMENTS_IN_FLIGHT,
        maxWeight: LOOKUP_NAMES_PER_STATEMENT,
        weight: () => 1,
      }),
  );

  async domainByName(manager: EntityManager, name: string, now: Date): Promise<DomainLookupRecords | null> {
    const found = manager.queryRunner ? await this.domainsByName(manager, [name], now) : await this.coalescer(manager).load({ name, now });
    return found.get(name) ?? null;
  }

  /** The live domains among `names` (A-labels), by name. */
  async domainsByName(manager: EntityManager, names: string[], now: Date): Promise<Map<string, DomainLookupRecords>> {
    const rows = await preparedQuery(
      manager,
      `SELECT row_to_json(d) AS domain,
         (SELECT row_to_json(r) FROM registrars r WHERE r.id = d.registrar_id) AS registrar,
         (SELECT row_to_json(c) FROM contacts c WHERE c.id = d.registrant_id) AS registrant,
         (SELECT coalesce(json_agg(json_build_object('type', dc.type, 'contact', row_to_json(c)) ORDER BY dc.type, c.handle), '[]')
            FROM domain_contacts dc JOIN contacts c ON c.id = dc.contact_id WHERE dc.domain_id = d.id) AS contacts,
         (SELECT coalesce(json_agg(row_to_json(h) ORDER BY h.name), '[]')
            FROM domain_nameservers dn JOIN hosts h ON h.id = dn.host_id WHERE dn.domain_id = d.id) AS hosts,
         (SELECT coalesce(json_agg(row_to_json(x) ORDER BY x.key_tag, x.alg, x.digest_type, x.digest), '[]')
            FROM domain_ds_records x WHERE x.domain_id = d.id) AS ds,
         (SELECT coalesce(json_agg(g.kind ORDER BY g.id), '[]') FROM grace_periods g WHERE g.domain_id = d.id AND g.ends_at > $2) AS grace,
         (SELECT min(g.ends_at) FROM grace_periods g WHERE g.domain_id = d.id AND g.ends_at > $2) AS next_grace_end
       FROM domains d WHERE d.name = ANY($1::text[]) AND d.purged_at IS NULL`,
      [names, now],
    );
    const found = new Map<string, DomainLookupRecords>();
    for (const row of rows) {
      const records = this.records(row);
      found.set(records.domain.name, records);
    }
    return found;
  }

  private records(row: Record<string, unknown>): DomainLookupRecords {
    const r = row as {
      domain: Record<string, unknown>;
      registrar: Record<string, unknown>;
      registrant: Record<string, unknown> | null;
      contacts: Array<{ type: 'admin' | 'tech' | 'billing'; contact: Record<string, unknown> }>;
      hosts: Array<Record<string, unknown>>;
      ds: Array<Record<string, unknown>>;
      grace: Array<GracePeriod['kind']>;
      next_grace_end: Date | null;
    };
    return {
      domain: toDomainRecord(revive(r.domain)),
      registrar: toRegistrar(revive(r.registrar)),
      registrant: r.registrant ? toContact(revive(r.registrant)) : null,
      contacts: r.contacts.map((l) => ({ type: l.type, contact: toContact(revive(l.contact)) })),
      nameservers: r.hosts.map((h) => toHost(revive(h))),
      dsRecords: r.ds.map(toDsRecord),
      activeGraceKinds: r.grace,
      nextGraceEnd: r.next_grace_end,
    };
  }
}
