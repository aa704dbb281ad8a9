import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable, RegistryError } from '../common/registry-errors';
import { AppConfig } from '../config/app-config';
import { LookupService, MAX_SEARCH_RESULTS, MIN_SEARCH_PREFIX } from '../lookup/lookup.service';
import type { DomainLookup, PublicDomain } from '../lookup/lookup.types';
import { rdapDate } from './rdap-entity.formatter';
import { Clock } from '../registry/command/clock';
import { parseHostName } from '../registry/names/domain-name';
import {
  contactResponse,
  domainResponse,
  domainSearchResponse,
  errorResponse,
  helpResponse,
  nameserverResponse,
  nameserverSearchResponse,
  registrarResponse,
} from './rdap.formatter';
import type { RdapAnswer, RdapContext, RdapResponse } from './rdap.types';

/** Injection token: the WHOIS host named in `port43`. */
export const RDAP_PORT43_HOST = Symbol('RDAP_PORT43_HOST');

/** Seconds a found object may be cached (public data; availability answers are never cached). */
export const RDAP_OBJECT_MAX_AGE = 60;
const HELP_MAX_AGE = 3600;

/** Contact handles (RFC 5730 clIDType as azreg limits it) and registrar ids. */
const ENTITY_HANDLE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const SEARCH_HINT = `Give at least ${MIN_SEARCH_PREFIX} characters followed by one "*" at the end, e.g. name=exa*.`;

/** Rendering time used as a placeholder in pre-rendered domain answers (see registeredDomain). */
const RENDER_SENTINEL = new Date(0);
const SENTINEL_DATE = rdapDate(RENDER_SENTINEL);
const SENTINEL_EVENT = `"eventAction":"last update of RDAP database","eventDate":"${SENTINEL_DATE}"`;

function found(body: RdapResponse | Buffer, maxAge = RDAP_OBJECT_MAX_AGE): RdapAnswer {
  return { status: 200, body, maxAge };
}

/** An RDAP error answer, never cached: a 404 says a name is free, and no cache should keep that. */
export function rdapError(status: number, description: string[], retryAfter?: number): RdapAnswer {
  return { status, body: errorResponse(status, description), maxAge: 0, ...(retryAfter !== undefined ? { retryAfter } : {}) };
}

/**
 * The RDAP use cases: one public lookup, one formatter, one status code per outcome. Records
 * nothing about what was asked (invariant 4).
 */
@Injectable()
export class RdapService {
  private readonly rendered = new WeakMap<PublicDomain, Map<string, [Buffer, Buffer] | null>>();

  constructor(
    private readonly lookup: LookupService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(RDAP_PORT43_HOST) private readonly port43: string,
  ) {}

  /** The context of one answer: self links under `baseUrl`, one `now`. */
  private context(baseUrl: string): RdapContext {
    return { baseUrl, now: this.clock.now(), port43: this.port43 };
  }

  /** Registered → 200; invalid → 400; free, reserved, a blocked variant or an unapproved application → 404. */
  async domain(baseUrl: string, input: string): Promise<RdapAnswer> {
    const r = await this.lookup.domain(input);
    if (r.kind === 'found') return this.registeredDomain(baseUrl, r.domain);
    return this.domainAnswer(this.context(baseUrl), r);
  }

  /**
   * A registered domain's answer as JSON text. LookupCache hands out the same answer object until
   * a change evicts it, so the text is rendered once per answer object and base URL (kept in a
   * WeakMap: it goes when the answer does) with only the 'last update of RDAP database' date
   * filled in per request.
   */
  private registeredDomain(baseUrl: string, d: PublicDomain): RdapAnswer {
    let byBase = this.rendered.get(d);
    if (!byBase) {
      byBase = new Map();
      this.rendered.set(d, byBase);
    }
    let parts = byBase.get(baseUrl);
    if (parts === undefined) {
      // A bounded number of Host headers per answer: a client inventing hosts cannot grow this.
      if (byBase.size >= 8) byBase.clear();
      const json = JSON.stringify(domainResponse({ baseUrl, now: RENDER_SENTINEL, port43: this.port43 }, d));
      const at = json.indexOf(SENTINEL_EVENT);
      // Kept as UTF-8 bytes: half the memory of a JS string with any non-Latin-1 text, and no re-encoding per request.
      parts = at < 0 ? null : [Buffer.from(json.slice(0, at + SENTINEL_EVENT.length - SENTINEL_DATE.length - 1)), Buffer.from(json.slice(at + SENTINEL_EVENT.length - 1))];
      byBase.set(baseUrl, parts);
    }
    if (parts === null) return found(domainResponse(this.context(baseUrl), d));
    return found(Buffer.concat([parts[0], Buffer.from(rdapDate(this.clock.now())), parts[1]]));
  }

  private domainAnswer(ctx: RdapContext, r: DomainLookup): RdapAnswer {
    switch (r.kind) {
      case 'found':
        return found(domainResponse(ctx, r.domain));
      case 'invalid':
        return rdapError(400, ['Not a domain name of this registry.', r.reason]);
      case 'not-found':
        return rdapError(404, [`${r.unicodeName} is not registered.`]);
      case 'reserved':
        return rdapError(404, [`${r.unicodeName} is not registered: the name is reserved by the registry.`]);
      case 'blocked-variant':
        return rdapError(404, [
          `${r.unicodeName} is not registered: it is a variant spelling of ${r.blockedByUnicode} (${r.blockedBy}), which blocks its variants for everyone else.`,
        ]);
      case 'pending-create':
        return rdapError(404, [
          `${r.unicodeName} is not registered yet: an application in the restricted zone ${r.zone} awaits the registry's approval, and its data is published only once approved.`,
        ]);
      default:
        return assertUnreachable(r);
    }
  }

  /** A host by name (A- or U-labels): 400 when not a host name, 404 when not in the registry. */
  async nameserver(baseUrl: string, input: string): Promise<RdapAnswer> {
    try {
      parseHostName(input);
    } catch (error) {
      if (error instanceof RegistryError) return rdapError(400, ['Not a valid host name.', error.message]);
      throw error;
    }
    const host = await this.lookup.nameserver(input);
    return host ? found(nameserverResponse(this.context(baseUrl), host)) : rdapError(404, ['No such name server in this registry.']);
  }

  /** A contact handle or a registrar id. */
  async entity(baseUrl: string, handle: string): Promise<RdapAnswer> {
    if (!ENTITY_HANDLE.test(handle)) return rdapError(400, ['Not a valid entity handle: a contact handle or a registrar id.']);
    const e = await this.lookup.entity(handle);
    if (!e) return rdapError(404, ['No such entity in this registry.']);
    const ctx = this.context(baseUrl);
    return found(e.kind === 'contact' ? contactResponse(ctx, e.contact, e.registrar) : registrarResponse(ctx, e.registrar));
  }

  /** `name` partial match only (RFC 9082 §3.2.1); `nsLdhName` and `nsIp` are not offered (501). */
  async searchDomains(baseUrl: string, query: Record<string, unknown>): Promise<RdapAnswer> {
    if (query.nsLdhName !== undefined || query.nsIp !== undefined) return rdapError(501, ['Domain search by name server is not offered.']);
    if (typeof query.name !== 'string') return rdapError(400, ['Domain search needs one name parameter.', SEARCH_HINT]);
    const r = await this.lookup.searchDomains(query.name);
    if (!r) return rdapError(400, ['Unsupported search pattern.', SEARCH_HINT]);
    return { status: 200, body: domainSearchResponse(this.context(baseUrl), r.names, r.truncated, MAX_SEARCH_RESULTS), maxAge: 0 };
  }

  /** `name` partial match only; `ip` is not offered (501). */
  async searchNameservers(baseUrl: string, query: Record<string, unknown>): Promise<RdapAnswer> {
    if (query.ip !== undefined) return rdapError(501, ['Name server search by IP address is not offered.']);
    if (typeof query.name !== 'string') return rdapError(400, ['Name server search needs one name parameter.', SEARCH_HINT]);
    const r = await this.lookup.searchNameservers(query.name);
    if (!r) return rdapError(400, ['Unsupported search pattern.', SEARCH_HINT]);
    return { status: 200, body: nameserverSearchResponse(this.context(baseUrl), r.hosts, r.truncated, MAX_SEARCH_RESULTS), maxAge: 0 };
  }

  /** RFC 9082 §3.1.6: terms, supported queries and limits. */
  help(baseUrl: string): RdapAnswer {
    const limits = { minPrefix: MIN_SEARCH_PREFIX, maxResults: MAX_SEARCH_RESULTS, perMinute: this.config.LOOKUP_RATE_LIMIT_PER_MINUTE };
    return found(helpResponse(this.context(baseUrl), limits), HELP_MAX_AGE);
  }
}
