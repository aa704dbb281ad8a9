import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { AppConfig } from '../config/app-config';
import type { DomainLookup } from './lookup.types';

/** The PostgreSQL channel the invalidation triggers notify (migration 1764800000000). */
export const LOOKUP_CHANNEL = 'azreg_lookup';
/**
 * At most this many domains are kept; beyond it the oldest entry goes. An answer with its rendered
 * RDAP bytes takes ≈ 8–10 KB of heap, so this bounds the cache near 200 MB.
 */
export const LOOKUP_CACHE_MAX_ENTRIES = 20_000;
const RECONNECT_MS = 1_000;
/** The invalidation bookkeeping is reset (conservatively) past this size. */
const MAX_TOUCHED = 50_000;

/** What a cached answer shows, so that a change to any of them evicts it. */
export interface LookupRefs {
  domainId: string;
  registrarId: string;
  contactIds: string[];
  hostIds: string[];
}

interface Entry {
  value: DomainLookup;
  validUntil: number;
  refs: LookupRefs;
}

/**
 * The public answers about registered domains (WHOIS, web WHOIS, RDAP), kept in memory by each
 * process and evicted by the database itself: triggers NOTIFY `azreg_lookup` on every committed
 * change to a domain, its links, a contact, a host or a registrar's public data, and this cache
 * LISTENs on one dedicated connection. An entry also lapses at the first time-driven change of its
 * answer (a grace period ending, the drop time) and after LOOKUP_CACHE_SECONDS at the latest.
 *
 * Correctness under races: a reader takes a ticket before it reads PostgreSQL and may store what it
 * read only if no notification for that domain (or, for contacts, hosts and registrars, any
 * notification) arrived since the ticket — so an answer read before a change can never be stored
 * after that change's eviction. While the listener is not connected (start-up, a database outage)
 * the cache is empty and off, and it is emptied whenever the connection drops, since notifications
 * sent meanwhile are lost. A change is visible to lookups once its notification arrives, normally
 * within a millisecond of the commit; nothing is served that PostgreSQL has not committed.
 *
 * Names that are not registered are not cached: their answers stay exact with no notification on
 * insert, which keeps registrations (a landrush) free of NOTIFY.
 */
@Injectable()
export class LookupCache implements OnModuleDestroy {
  private readonly logger = new Logger(LookupCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly nameOfDomain = new Map<string, string>();
  /** Sequence number of the last eviction touching a name / a domain id. */
  private readonly touchedNames = new Map<string, number>();
  private readonly touchedIds = new Map<string, number>();
  private seq = 0;
  /** Tickets at or below this are void (a broad eviction or a reconnect happened after them). */
  private voidUpTo = 0;
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.LOOKUP_CACHE_SECONDS > 0;
  }

  /** The cached answer for an A-label, if it is still valid at `now`. */
  get(name: string, now: Date): DomainLookup | undefined {
    if (!this.listening) return undefined;
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (e.validUntil <= now.getTime()) {
      this.drop(name);
      return undefined;
    }
    return e.value;
  }

  /** Taken before reading PostgreSQL; `null` when nothing read now may be stored. */
  ticket(): number | null {
    if (!this.enabled) return null;
    if (!this.client && !this.stopped) this.connect();
    return this.listening ? ++this.seq : null;
  }

  /** Stores an answer read after `ticket` unless something it shows changed since. */
  put(ticket: number | null, name: string, value: DomainLookup, refs: LookupRefs, now: Date, changesAt: Array<Date | null>): void {
    if (ticket === null || !this.listening || ticket <= this.voidUpTo) return;
    if ((this.touchedNames.get(name) ?? 0) >= ticket || (this.touchedIds.get(refs.domainId) ?? 0) >= ticket) return;
    let validUntil = now.getTime() + this.config.LOOKUP_CACHE_SECONDS * 1000;
    for (const at of changesAt) if (at && at.getTime() > now.getTime()) validUntil = Math.min(validUntil, at.getTime());
    if (!this.entries.has(name) && this.entries.size >= LOOKUP_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.drop(oldest);
    }
    this.entries.set(name, { value, validUntil, refs });
    this.nameOfDomain.set(refs.domainId, name);
  }

  /** Number of cached answers (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const client = this.client;
    this.client = null;
    this.goDark();
    await client?.end().catch(() => undefined);
  }

  private connect(): void {
    const options = this.dataSource.options as PostgresDataSourceOptions;
    const client = new Client({ connectionString: options.url, application_name: 'azreg-lookup-cache' });
    this.client = client;
    const fail = (error?: Error) => {
      if (this.client !== client) return;
      if (error) this.logger.warn({ err: error }, 'lookup cache: invalidation listener lost; cache off until it reconnects');
      this.client = null;
      this.goDark();
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.reconnect = setTimeout(() => {
          this.reconnect = null;
          if (!this.client && !this.stopped) this.connect();
        }, RECONNECT_MS);
        this.reconnect.unref();
      }
    };
    client.on('error', fail);
    client.on('end', () => fail());
    client.on('notification', (n: Notification) => this.evict(n.payload ?? ''));
    client
      .connect()
      .then(() => client.query(`LISTEN ${LOOKUP_CHANNEL}`))
      .then(() => {
        if (this.client !== client) return;
        this.voidUpTo = ++this.seq;
        this.listening = true;
      })
      .catch(fail);
  }

  /** Off and empty: every ticket issued so far is void. */
  private goDark(): void {
    this.listening = false;
    this.entries.clear();
    this.nameOfDomain.clear();
    this.touchedNames.clear();
    this.touchedIds.clear();
    this.voidUpTo = ++this.seq;
  }

  private evict(payload: string): void {
    const colon = payload.indexOf(':');
    const kind = payload.slice(0, colon);
    const key = payload.slice(colon + 1);
    const seq = ++this.seq;
    if (this.touchedNames.size > MAX_TOUCHED || this.touchedIds.size > MAX_TOUCHED) {
      this.touchedNames.clear();
      this.touchedIds.clear();
      this.voidUpTo = seq;
    }
    if (kind === 'd') {
      this.touchedNames.set(key, seq);
      this.drop(key);
    } else if (kind === 'i') {
      this.touchedIds.set(key, seq);
      const name = this.nameOfDomain.get(key);
      if (name !== undefined) this.drop(name);
    } else {
      // A contact, host or registrar: rare; evict every answer showing it and void reads in flight.
      this.voidUpTo = seq;
      for (const [name, e] of this.entries) {
        const shows =
          kind === 'c' ? e.refs.contactIds.includes(key) : kind === 'h' ? e.refs.hostIds.includes(key) : kind === 'r' ? e.refs.registrarId === key : true;
        if (shows) this.drop(name);
      }
    }
  }

  private drop(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    if (this.nameOfDomain.get(e.refs.domainId) === name) this.nameOfDomain.delete(e.refs.domainId);
  }
}
