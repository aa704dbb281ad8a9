/**
 * The RDAP JSON shapes azreg emits (RFC 9083, with RFC 9537 `redacted` and RFC 7095 jCard).
 * Only what azreg fills in is declared; every property is a plain JSON value.
 */

/** The extensions azreg implements, listed in every top-level answer. */
export const RDAP_CONFORMANCE = ['rdap_level_0', 'redacted'] as const;

/** RFC 7480 §4.2: the media type of every RDAP answer, errors included. */
export const RDAP_MEDIA_TYPE = 'application/rdap+json';

/** A jCard property: name, parameters, value type, value (a structured value for `adr`, `n`). */
export type JCardProperty = [name: string, parameters: Record<string, string>, valueType: string, value: string | Array<string | string[]>];

/** RFC 7095 jCard: `["vcard", [properties…]]`. */
export type JCard = ['vcard', JCardProperty[]];

/** RFC 9083 §4.2 link: `value` is the context, `href` the target. */
export interface RdapLink {
  value: string;
  rel: string;
  href: string;
  type?: string;
}

/** A notice (top level) or remark (inside an object). */
export interface RdapNotice {
  title: string;
  type?: string;
  description: string[];
  links?: RdapLink[];
}

/** RFC 9083 §4.5. */
export interface RdapEvent {
  eventAction: string;
  /** RFC 3339, UTC. */
  eventDate: string;
}

/** RFC 9537 §4.2: one withheld field, where it was (prePath) or is (postPath), and why. */
export interface RdapRedaction {
  /** `type` for names registered with IANA, `description` otherwise. */
  name: { type: string } | { description: string };
  prePath?: string;
  postPath?: string;
  pathLang: 'jsonpath';
  method: 'removal' | 'emptyValue';
  reason: { type: string };
}

/** RFC 9083 §5.1. */
export interface RdapEntity {
  objectClassName: 'entity';
  handle: string;
  /** Absent on an entity answered on its own (its role depends on the object that links it). */
  roles?: string[];
  vcardArray: JCard;
  status?: string[];
  events?: RdapEvent[];
  entities?: RdapEntity[];
  links: RdapLink[];
}

/** Glue addresses of a name server, by family. */
export interface RdapIpAddresses {
  v4?: string[];
  v6?: string[];
}

/** RFC 9083 §5.2. */
export interface RdapNameserver {
  objectClassName: 'nameserver';
  handle: string;
  ldhName: string;
  unicodeName?: string;
  ipAddresses?: RdapIpAddresses;
  status: string[];
  events?: RdapEvent[];
  links: RdapLink[];
}

/** One DS record (RFC 9083 §5.3 `dsData`). */
export interface RdapDsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
}

/** RFC 9083 §5.3 `secureDNS`. */
export interface RdapSecureDns {
  delegationSigned: boolean;
  dsData?: RdapDsData[];
}

/** RFC 9083 §5.3; search results carry it abbreviated (no handle, status, events). */
export interface RdapDomain {
  objectClassName: 'domain';
  handle?: string;
  ldhName: string;
  unicodeName?: string;
  status?: string[];
  events?: RdapEvent[];
  entities?: RdapEntity[];
  nameservers?: RdapNameserver[];
  secureDNS?: RdapSecureDns;
  links: RdapLink[];
  remarks?: RdapNotice[];
}

/** What every top-level answer carries (RFC 9083 §4.1, §4.3; RFC 9537 §4.2). */
export interface RdapTopLevel {
  rdapConformance: string[];
  notices?: RdapNotice[];
  redacted?: RdapRedaction[];
  port43?: string;
}

/** Top-level answers, one per query type (RFC 9083 §8 for searches). */
export type RdapDomainResponse = RdapTopLevel & RdapDomain;
export type RdapNameserverResponse = RdapTopLevel & RdapNameserver;
export type RdapEntityResponse = RdapTopLevel & RdapEntity;
export type RdapDomainSearchResponse = RdapTopLevel & { domainSearchResults: RdapDomain[] };
export type RdapNameserverSearchResponse = RdapTopLevel & { nameserverSearchResults: RdapNameserver[] };
export type RdapHelpResponse = RdapTopLevel & { notices: RdapNotice[] };

/** RFC 9083 §6. */
export interface RdapErrorResponse extends RdapTopLevel {
  errorCode: number;
  title: string;
  description: string[];
}

/** Any body the RDAP server sends. */
export type RdapResponse =
  | RdapDomainResponse
  | RdapNameserverResponse
  | RdapEntityResponse
  | RdapDomainSearchResponse
  | RdapNameserverSearchResponse
  | RdapHelpResponse
  | RdapErrorResponse;

/** What the formatters need to know about the request and the service. */
export interface RdapContext {
  /** `https://rdap.example/rdap`: the prefix of every self link (no trailing slash). */
  baseUrl: string;
  /** The answer's time: the "last update of RDAP database" event. */
  now: Date;
  /** The WHOIS (port 43) host named in answers. */
  port43: string;
}

/** An answer ready to send: status, body, and whether a cache may keep it. */
export interface RdapAnswer {
  status: number;
  /** The response, or its JSON already rendered (UTF-8). */
  body: RdapResponse | Buffer;
  /** Seconds a shared cache may keep the answer; 0: `no-store`. */
  maxAge: number;
  /** Seconds for `Retry-After` (429 only). */
  retryAfter?: number;
}
