import type { PublicContact, PublicDomain, PublicNameserver, PublicRegistrar } from '../lookup/lookup.types';
import type { DomainStatus, RgpStatus } from '../registry/domains/domain.types';
import { toUnicodeName } from '../registry/names/domain-name';
import { contactEntity, contactRedactions, rdapDate, registrarEntity, selfLink, type ContactRole } from './rdap-entity.formatter';
import {
  RDAP_CONFORMANCE,
  type RdapContext,
  type RdapDomain,
  type RdapDomainResponse,
  type RdapDomainSearchResponse,
  type RdapEntity,
  type RdapEntityResponse,
  type RdapErrorResponse,
  type RdapEvent,
  type RdapHelpResponse,
  type RdapNameserver,
  type RdapNameserverResponse,
  type RdapNameserverSearchResponse,
  type RdapNotice,
  type RdapRedaction,
} from './rdap.types';

/**
 * RDAP JSON (RFC 9083) for the public read model: pure functions of a lookup result and the
 * request context, so golden files pin every byte that matters.
 */

/** RFC 8056 §2: EPP status → RDAP status. Host `linked` is RDAP `associated`. */
const STATUS: Record<DomainStatus | RgpStatus | 'linked', string> = {
  ok: 'active',
  inactive: 'inactive',
  linked: 'associated',
  clientDeleteProhibited: 'client delete prohibited',
  clientHold: 'client hold',
  clientRenewProhibited: 'client renew prohibited',
  clientTransferProhibited: 'client transfer prohibited',
  clientUpdateProhibited: 'client update prohibited',
  serverDeleteProhibited: 'server delete prohibited',
  serverHold: 'server hold',
  serverRenewProhibited: 'server renew prohibited',
  serverTransferProhibited: 'server transfer prohibited',
  serverUpdateProhibited: 'server update prohibited',
  pendingCreate: 'pending create',
  pendingDelete: 'pending delete',
  pendingRenew: 'pending renew',
  pendingRestore: 'pending restore',
  pendingTransfer: 'pending transfer',
  pendingUpdate: 'pending update',
  addPeriod: 'add period',
  autoRenewPeriod: 'auto renew period',
  renewPeriod: 'renew period',
  transferPeriod: 'transfer period',
  redemptionPeriod: 'redemption period',
};

/** One RDAP status per EPP or RGP status, in order, without repeats. */
export function rdapStatuses(epp: readonly string[]): string[] {
  const out = epp.map((s) => (STATUS as Record<string, string>)[s] ?? s.replace(/([A-Z])/g, ' $1').toLowerCase());
  return [...new Set(out)];
}

const ROLE_OF: Record<'admin' | 'tech' | 'billing', ContactRole> = { admin: 'administrative', tech: 'technical', billing: 'billing' };

const TERMS_OF_USE = [
  'Registration data of the .az registry is published to identify domain names and the parties responsible for them.',
  'It may not be used for advertising, to harvest data in bulk, or for high-volume automated queries; queries are rate-limited per client address.',
  'Personal data of natural persons is withheld; the "redacted" member lists what was withheld and why.',
];

function link(href: string, rel: string, type: string): { value: string; rel: string; href: string; type: string } {
  return { value: href, rel, href, type };
}

/** The notices on every successful top-level answer. */
export function standardNotices(ctx: RdapContext): RdapNotice[] {
  return [
    { title: 'Terms of Use', description: TERMS_OF_USE, links: [link(`${ctx.baseUrl}/help`, 'terms-of-service', 'application/rdap+json')] },
    {
      title: 'Status Codes',
      description: ['For more information on domain status codes, please visit https://icann.org/epp'],
      links: [link('https://icann.org/epp', 'glossary', 'text/html')],
    },
    {
      title: 'RDDS Inaccuracy Complaint Form',
      description: [
        'To report inaccurate registration data, write to the sponsoring registrar (the entity with the role "registrar" in this answer).',
        'If the registrar does not correct it, write to the .az registry.',
      ],
    },
  ];
}

function topLevel(ctx: RdapContext, redacted: RdapRedaction[] = []): { rdapConformance: string[]; notices: RdapNotice[]; redacted?: RdapRedaction[] } {
  return { rdapConformance: [...RDAP_CONFORMANCE], notices: standardNotices(ctx), ...(redacted.length ? { redacted } : {}) };
}

function unicodeIfIdn(ldhName: string, unicodeName: string): { unicodeName?: string } {
  return unicodeName !== ldhName ? { unicodeName } : {};
}

/** A name server object (embedded in a domain or answered on its own). Addresses only as glue. */
export function nameserverObject(ctx: RdapContext, ns: PublicNameserver): RdapNameserver {
  const v4 = ns.addresses.filter((a) => !a.includes(':'));
  const v6 = ns.addresses.filter((a) => a.includes(':'));
  const ipAddresses = v4.length || v6.length ? { ipAddresses: { ...(v4.length ? { v4 } : {}), ...(v6.length ? { v6 } : {}) } } : {};
  return {
    objectClassName: 'nameserver',
    handle: ns.roid,
    ldhName: ns.name,
    ...unicodeIfIdn(ns.name, ns.unicodeName),
    ...ipAddresses,
    status: rdapStatuses(ns.statuses),
    events: [
      { eventAction: 'registration', eventDate: rdapDate(ns.createdAt) },
      { eventAction: 'last changed', eventDate: rdapDate(ns.updatedAt) },
    ],
    links: [selfLink(ctx, 'nameserver', ns.name)],
  };
}

function rolePath(role: ContactRole): string {
  return `$.entities[?(@.roles[0]=='${role}')]`;
}

/** Registrar first, then registrant, administrative, technical and billing contacts, one entity per role. */
function domainEntities(ctx: RdapContext, d: PublicDomain): { entities: RdapEntity[]; redacted: RdapRedaction[] } {
  const entities: RdapEntity[] = [registrarEntity(ctx, d.registrar)];
  const redacted: RdapRedaction[] = [];
  const add = (c: PublicContact, role: ContactRole) => {
    entities.push(contactEntity(ctx, c, [role]));
    redacted.push(...contactRedactions(c, rolePath(role), role));
  };
  if (d.registrant) add(d.registrant, 'registrant');
  for (const type of ['admin', 'tech', 'billing'] as const) {
    for (const l of d.contacts.filter((c) => c.type === type)) add(l.contact, ROLE_OF[type]);
  }
  // Two contacts in one role share the role's JSONPath: one entry per path is enough.
  const unique = new Map(redacted.map((r) => [JSON.stringify(r), r]));
  return { entities, redacted: [...unique.values()] };
}

function domainEvents(ctx: RdapContext, d: PublicDomain): RdapEvent[] {
  const events: RdapEvent[] = [
    { eventAction: 'registration', eventDate: rdapDate(d.createdAt) },
    { eventAction: 'expiration', eventDate: rdapDate(d.expiresAt) },
    { eventAction: 'last changed', eventDate: rdapDate(d.updatedAt) },
  ];
  if (d.transferredAt) events.push({ eventAction: 'transfer', eventDate: rdapDate(d.transferredAt) });
  // The published drop: when a pending-delete name is purged and becomes available.
  if (d.purgeAt) events.push({ eventAction: 'deletion', eventDate: rdapDate(d.purgeAt) });
  events.push({ eventAction: 'last update of RDAP database', eventDate: rdapDate(ctx.now) });
  return events;
}

/** `GET /rdap/domain/<name>` for a registered name. */
export function domainResponse(ctx: RdapContext, d: PublicDomain): RdapDomainResponse {
  const { entities, redacted } = domainEntities(ctx, d);
  const ds = d.dsRecords.map((r) => ({ keyTag: r.keyTag, algorithm: r.alg, digestType: r.digestType, digest: r.digest }));
  return {
    ...topLevel(ctx, redacted),
    objectClassName: 'domain',
    handle: d.roid,
    ldhName: d.name,
    ...unicodeIfIdn(d.name, d.unicodeName),
    status: rdapStatuses([...d.statuses, ...d.rgpStatuses]),
    events: domainEvents(ctx, d),
    entities,
    nameservers: d.nameservers.map((ns) => nameserverObject(ctx, ns)),
    secureDNS: { delegationSigned: ds.length > 0, ...(ds.length ? { dsData: ds } : {}) },
    links: [selfLink(ctx, 'domain', d.name)],
    port43: ctx.port43,
  };
}

/** `GET /rdap/nameserver/<name>`. */
export function nameserverResponse(ctx: RdapContext, ns: PublicNameserver): RdapNameserverResponse {
  return { ...topLevel(ctx), ...nameserverObject(ctx, ns), port43: ctx.port43 };
}

/** `GET /rdap/entity/<handle>` for a contact (privacy applied; sponsoring registrar nested). */
export function contactResponse(ctx: RdapContext, c: PublicContact, registrar: PublicRegistrar): RdapEntityResponse {
  return { ...topLevel(ctx, contactRedactions(c, '$', null)), ...contactEntity(ctx, c, [], registrar), port43: ctx.port43 };
}

/** `GET /rdap/entity/<registrar id>`. */
export function registrarResponse(ctx: RdapContext, r: PublicRegistrar): RdapEntityResponse {
  return { ...topLevel(ctx), ...registrarEntity(ctx, r), port43: ctx.port43 };
}

const ABBREVIATED: RdapNotice = {
  title: 'Incomplete Data',
  type: 'object truncated due to excessive load',
  description: ['Search results list names only; follow the self link for the full record.'],
};

function truncatedNotice(limit: number): RdapNotice {
  return { title: 'Search Policy', type: 'result set truncated due to excessive load', description: [`Only the first ${limit} matches are listed; give a longer prefix.`] };
}

/** `GET /rdap/domains?name=<prefix>*`: abbreviated domain objects (names and self links). */
export function domainSearchResponse(ctx: RdapContext, names: string[], truncated: boolean, limit: number): RdapDomainSearchResponse {
  const results: RdapDomain[] = names.map((name) => ({
    objectClassName: 'domain',
    ldhName: name,
    ...unicodeIfIdn(name, toUnicodeName(name)),
    links: [selfLink(ctx, 'domain', name)],
    remarks: [ABBREVIATED],
  }));
  const top = topLevel(ctx);
  return { ...top, notices: truncated ? [...top.notices, truncatedNotice(limit)] : top.notices, domainSearchResults: results };
}

/** `GET /rdap/nameservers?name=<prefix>*`. */
export function nameserverSearchResponse(ctx: RdapContext, hosts: PublicNameserver[], truncated: boolean, limit: number): RdapNameserverSearchResponse {
  const top = topLevel(ctx);
  return {
    ...top,
    notices: truncated ? [...top.notices, truncatedNotice(limit)] : top.notices,
    nameserverSearchResults: hosts.map((h) => nameserverObject(ctx, h)),
  };
}

/** `GET /rdap/help` (RFC 9082 §3.1.6): what this server answers, and its terms. */
export function helpResponse(ctx: RdapContext, limits: { minPrefix: number; maxResults: number; perMinute: number }): RdapHelpResponse {
  const queries: RdapNotice = {
    title: 'Queries',
    description: [
      `${ctx.baseUrl}/domain/<name> — a domain under .az or a second-level zone (com.az, gov.az, …), in A-labels or U-labels (şəki.az).`,
      `${ctx.baseUrl}/nameserver/<name> — a name server; in-registry hosts show their glue addresses.`,
      `${ctx.baseUrl}/entity/<handle> — a contact handle or a registrar id; personal data of individuals is withheld.`,
      `${ctx.baseUrl}/domains?name=<prefix>* and ${ctx.baseUrl}/nameservers?name=<prefix>* — at least ${limits.minPrefix} characters before a final "*", at most ${limits.maxResults} results.`,
      'Search by IP address, by name server, and for entities is not offered (501).',
      `Each client address may make ${limits.perMinute} lookups a minute across WHOIS and RDAP; beyond that the answer is 429 with Retry-After.`,
    ],
  };
  return { rdapConformance: [...RDAP_CONFORMANCE], notices: [...standardNotices(ctx), queries], port43: ctx.port43 };
}

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

/** RFC 9083 §6 error body. */
export function errorResponse(status: number, description: string[]): RdapErrorResponse {
  return { rdapConformance: [...RDAP_CONFORMANCE], errorCode: status, title: ERROR_TITLES[status] ?? 'Error', description };
}
