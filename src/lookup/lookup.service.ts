import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryError } from '../common/registry-errors';
import { Clock } from '../registry/command/clock';
import { ContactRepository } from '../registry/contacts/contact.repository';
import { domainStatuses } from '../registry/domains/commands/info-domain.handler';
import { DomainRepository, rgpStatusesOf } from '../registry/domains/domain.repository';
import { HostRepository, type HostRecord } from '../registry/hosts/host.repository';
import { parseDomainName, parseHostName, toUnicodeName } from '../registry/names/domain-name';
import { labelKeyOf, NameListsRepository } from '../registry/names/name-lists.repository';
import { RegistrarRepository, type Registrar } from '../registry/registrars/registrar.repository';
import { ZoneCatalog } from '../registry/zones/zone-catalog.service';
import type { DomainLookup, EntityLookup, PublicContact, PublicNameserver, PublicRegistrar } from './lookup.types';
import { LookupRepository, type DomainLookupRecords } from './lookup.repository';
import { LookupCache } from './lookup-cache';
import type { Zone } from '../registry/zones/zone.types';
import { publicContact } from './privacy';

export const MAX_SEARCH_RESULTS = 50;
/** Searches need this many characters before the `*`, so that nobody can dump the registry. */
export const MIN_SEARCH_PREFIX = 2;

function publicRegistrar(r: Registrar): PublicRegistrar {
  return { id: r.id, name: r.name, url: r.url, email: r.email, phone: r.phone, status: r.status, createdAt: r.createdAt };
}

/**
 * Answers public lookups (WHOIS, web WHOIS, RDAP). Read-only; records nothing about what was
 * asked (invariant 4). Restricted-zone applications (pendingCreate) are reported as such, without
 * their data, until approved. A registered domain is read in one statement (LookupRepository) and
 * its answer kept in LookupCache until a committed change evicts it.
 */
@Injectable()
export class LookupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly contacts: ContactRepository,
    private readonly hosts: HostRepository,
    private readonly registrars: RegistrarRepository,
    private readonly lists: NameListsRepository,
    private readonly lookups: LookupRepository,
    private readonly cache: LookupCache,
  ) {}

  async domain(input: string): Promise<DomainLookup> {
    const m = this.dataSource.manager;
    const zones = await this.zones.all();
    let name;
    try {
      name = parseDomainName(input, zones);
    } catch (error) {
      if (error instanceof RegistryError) return { kind: 'invalid', input, reason: error.message };
      throw error;
    }
    const now = this.clock.now();
    const cached = this.cache.get(name.name, now);
    if (cached) return cached;
    const ticket = this.cache.ticket();
    const found = await this.lookups.domainByName(m, name.name, now);
    const live = found && !(found.domain.purgeAt && found.domain.purgeAt <= now) ? found : null;
    if (live) {
      const record = live.domain;
      const zone = zones.get(record.zone)!;
      const answer = this.registeredAnswer(live, zone, now);
      const refs = {
        domainId: record.id,
        registrarId: live.registrar.id,
        contactIds: [...(live.registrant ? [live.registrant.id] : []), ...live.contacts.map((l) => l.contact.id)],
        hostIds: live.nameservers.map((h) => h.id),
      };
      const redemptionEnds = record.deletedAt ? new Date(record.deletedAt.getTime() + zone.periods.redemptionDays * 86_400_000) : null;
      this.cache.put(ticket, record.name, answer, refs, now, [live.nextGraceEnd, record.purgeAt, record.expiresAt, redemptionEnds]);
      return answer;
    }
    const occupant = await this.domains.findLiveByVariantKey(m, name.variantKey, now);
    if (occupant) return { kind: 'blocked-variant', name: name.name, unicodeName: name.unicodeName, blockedBy: occupant.name, blockedByUnicode: occupant.unicodeName };
    const reserved = await this.lists.reserved(m, [{ labelKey: labelKeyOf(name.variantKey, name.zone), zone: name.zone }]);
    if (reserved.size > 0) return { kind: 'reserved', name: name.name, unicodeName: name.unicodeName };
    return { kind: 'not-found', name: name.name, unicodeName: name.unicodeName };
  }

  /** The answer about a registered domain (or a restricted-zone application) read at `now`. */
  private registeredAnswer(live: DomainLookupRecords, zone: Zone, now: Date): DomainLookup {
    const record = live.domain;
    if (record.statuses.includes('pendingCreate')) return { kind: 'pending-create', name: record.name, unicodeName: record.unicodeName, zone: record.zone };
    return {
      kind: 'found',
      domain: {
        name: record.name,
        unicodeName: record.unicodeName,
        roid: record.roid,
        zone: record.zone,
        statuses: domainStatuses(record, live.nameservers.length > 0),
        rgpStatuses: rgpStatusesOf(record, live.activeGraceKinds, now, zone.periods.redemptionDays),
        registrar: publicRegistrar(live.registrar),
        registrant: live.registrant ? publicContact(live.registrant) : null,
        contacts: live.contacts.map((l) => ({ type: l.type, contact: publicContact(l.contact) })),
        nameservers: live.nameservers.map((h) => this.publicHost(h)),
        dsRecords: live.dsRecords,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        expiresAt: record.expiresAt,
        transferredAt: record.transferredAt,
        purgeAt: record.purgeAt,
      },
    };
  }

  async nameserver(input: string): Promise<PublicNameserver | null> {
    let name: string;
    try {
      name = parseHostName(input);
    } catch (error) {
      if (error instanceof RegistryError) return null;
      throw error;
    }
    const host = await this.hosts.findLiveByName(this.dataSource.manager, name);
    return host ? this.publicHost(host) : null;
  }

  /** A registrar by its id, or by its name (case-insensitive). */
  async registrar(idOrName: string): Promise<PublicRegistrar | null> {
    const rows = await this.dataSource.query(
      `SELECT * FROM registrars WHERE (id = lower($1) OR lower(name) = lower($1)) AND NOT is_direct_channel OR (id = lower($1) AND is_direct_channel) LIMIT 1`,
      [idOrName.trim()],
    );
    if (!rows.length) return null;
    const r = await this.registrarRow(rows[0].id);
    return r ? publicRegistrar(r) : null;
  }

  /** RDAP entities: a contact handle or a registrar id. */
  async entity(handle: string): Promise<EntityLookup | null> {
    const contact = await this.contacts.findLiveByHandle(this.dataSource.manager, handle);
    if (contact) {
      const registrar = await this.registrarRow(contact.registrarId);
      return { kind: 'contact', contact: publicContact(contact), registrar: publicRegistrar(registrar!) };
    }
    const registrar = await this.registrar(handle);
    return registrar ? { kind: 'registrar', registrar } : null;
  }

  /** Domains whose A-label or U-label starts with the part before `*` (RFC 9082 §3.2.1 partial match). */
  async searchDomains(pattern: string, limit = MAX_SEARCH_RESULTS): Promise<{ names: string[]; truncated: boolean } | null> {
    const prefix = this.searchPrefix(pattern);
    if (prefix === null) return null;
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT name FROM domains WHERE purged_at IS NULL AND NOT ('pendingCreate' = ANY(statuses))
         AND (name LIKE $1 || '%' OR unicode_name LIKE $1 || '%') ORDER BY name LIMIT $2`,
      [prefix, Math.min(limit, MAX_SEARCH_RESULTS) + 1],
    );
    const names = rows.map((r) => r.name);
    return { names: names.slice(0, limit), truncated: names.length > limit };
  }

  async searchNameservers(pattern: string, limit = MAX_SEARCH_RESULTS): Promise<{ hosts: PublicNameserver[]; truncated: boolean } | null> {
    const prefix = this.searchPrefix(pattern);
    if (prefix === null) return null;
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT name FROM hosts WHERE deleted_at IS NULL AND name LIKE $1 || '%' ORDER BY name LIMIT $2`,
      [prefix, Math.min(limit, MAX_SEARCH_RESULTS) + 1],
    );
    const hosts = await this.hosts.findLiveByNames(this.dataSource.manager, rows.slice(0, limit).map((r) => r.name));
    return { hosts: hosts.sort((a, b) => a.name.localeCompare(b.name)).map((h) => this.publicHost(h)), truncated: rows.length > limit };
  }

  private searchPrefix(pattern: string): string | null {
    const p = pattern.trim().toLowerCase().normalize('NFC');
    const star = p.indexOf('*');
    if (star !== p.length - 1 || star < MIN_SEARCH_PREFIX) return null;
    const prefix = p.slice(0, star);
    if (!/^[a-z0-9çəğıöşü.-]+$/.test(prefix)) return null;
    return prefix.replace(/[%_]/g, '');
  }

  private publicHost(h: HostRecord): PublicNameserver {
    return {
      name: h.name,
      unicodeName: toUnicodeName(h.name),
      roid: h.roid,
      addresses: h.superordinateDomainId ? h.addresses : [],
      statuses: h.statuses.length ? h.statuses : ['ok'],
      registrarId: h.registrarId,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
    };
  }

  private registrarRow(id: string): Promise<Registrar | null> {
    return this.registrars.findById(this.dataSource.manager, id);
  }
}
