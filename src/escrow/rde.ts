/**
 * The data model of an azreg escrow deposit: RFC 8909 (the deposit envelope) and RFC 9022 (the
 * domain name registration data objects), as plain typed objects shared by the writer, the
 * verifier and the importer. Dates are kept as the ISO-8601 text written in the deposit
 * (microsecond precision, `Z`), so nothing is lost between PostgreSQL and the file.
 */

export const RDE_NS = {
  rde: 'urn:ietf:params:xml:ns:rde-1.0',
  rdeHeader: 'urn:ietf:params:xml:ns:rdeHeader-1.0',
  rdeDomain: 'urn:ietf:params:xml:ns:rdeDomain-1.0',
  rdeHost: 'urn:ietf:params:xml:ns:rdeHost-1.0',
  rdeContact: 'urn:ietf:params:xml:ns:rdeContact-1.0',
  rdeRegistrar: 'urn:ietf:params:xml:ns:rdeRegistrar-1.0',
  domain: 'urn:ietf:params:xml:ns:domain-1.0',
  host: 'urn:ietf:params:xml:ns:host-1.0',
  contact: 'urn:ietf:params:xml:ns:contact-1.0',
  secDNS: 'urn:ietf:params:xml:ns:secDNS-1.1',
} as const;

export type DepositType = 'FULL' | 'INCR';

/** The object types azreg deposits (the header is not counted). */
export const OBJECT_KINDS = ['domain', 'host', 'contact', 'registrar'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** Object kinds that can be deleted in an INCR deposit (registrars are terminated, never deleted). */
export const DELETE_KINDS = ['domain', 'host', 'contact'] as const;
export type DeleteKind = (typeof DELETE_KINDS)[number];

export const OBJECT_URI: Readonly<Record<ObjectKind, string>> = {
  domain: RDE_NS.rdeDomain,
  host: RDE_NS.rdeHost,
  contact: RDE_NS.rdeContact,
  registrar: RDE_NS.rdeRegistrar,
};

/** The `<rde:objURI>`s of every azreg deposit, header first. */
export const MENU_URIS = [RDE_NS.rdeHeader, RDE_NS.rdeDomain, RDE_NS.rdeHost, RDE_NS.rdeContact, RDE_NS.rdeRegistrar] as const;

export const TLD = 'az';
export const RDE_VERSION = '1.0';

export type ObjectCounts = Record<ObjectKind, number>;
export type DeleteCounts = Record<DeleteKind, number>;

export function zeroCounts(): ObjectCounts {
  return { domain: 0, host: 0, contact: 0, registrar: 0 };
}

export function zeroDeleteCounts(): DeleteCounts {
  return { domain: 0, host: 0, contact: 0 };
}

/** RFC 9022 registrar statuses and azreg's registrar statuses, both ways. */
export const REGISTRAR_STATUS_TO_RDE = { active: 'ok', suspended: 'readonly', terminated: 'terminated' } as const;
export type RegistrarRdeStatus = (typeof REGISTRAR_STATUS_TO_RDE)[keyof typeof REGISTRAR_STATUS_TO_RDE];
export const REGISTRAR_STATUS_FROM_RDE: Readonly<Record<string, string>> = { ok: 'active', readonly: 'suspended', terminated: 'terminated' };

export interface RdeRegistrar {
  id: string;
  name: string;
  status: string;
  voice: string | null;
  email: string | null;
  url: string | null;
  crDate: string;
  upDate: string | null;
}

export interface RdePostalInfo {
  name: string;
  org: string | null;
  street: string[];
  city: string;
  sp: string | null;
  pc: string | null;
  cc: string;
}

/** Fields a contact may disclose (RFC 5733 §2.9); azreg stores opt-ins only. */
export const DISCLOSE_FIELDS = ['name', 'org', 'addr', 'voice', 'fax', 'email'] as const;
export type DiscloseField = (typeof DISCLOSE_FIELDS)[number];

export interface RdeContact {
  id: string;
  roid: string;
  statuses: string[];
  postalInfo: RdePostalInfo;
  voice: string | null;
  fax: string | null;
  email: string;
  clID: string;
  crRr: string | null;
  crDate: string;
  upRr: string | null;
  upDate: string | null;
  trDate: string | null;
  /** Fields the contact agreed to disclose (written as `<disclose flag="1">`). */
  disclose: DiscloseField[];
}

export interface RdeHost {
  name: string;
  roid: string;
  statuses: string[];
  addresses: string[];
  clID: string;
  crRr: string | null;
  crDate: string;
  upRr: string | null;
  upDate: string | null;
}

export interface RdeDs {
  keyTag: number;
  alg: number;
  digestType: number;
  digest: string;
}

/** A pending (or last) transfer, RFC 9022 `<rdeDomain:trnData>`. */
export interface RdeTransfer {
  status: string;
  reRr: string;
  reDate: string;
  acRr: string;
  acDate: string;
  exDate: string | null;
}

export interface RdeDomain {
  name: string;
  roid: string;
  /** U-label form, only for IDNs. */
  uName: string | null;
  statuses: string[];
  rgpStatuses: string[];
  registrant: string | null;
  contacts: Array<{ type: string; id: string }>;
  ns: string[];
  clID: string;
  crRr: string | null;
  crDate: string;
  exDate: string;
  upRr: string | null;
  upDate: string | null;
  trDate: string | null;
  ds: RdeDs[];
  transfer: RdeTransfer | null;
}

export type RdeObject =
  | { kind: 'domain'; value: RdeDomain }
  | { kind: 'host'; value: RdeHost }
  | { kind: 'contact'; value: RdeContact }
  | { kind: 'registrar'; value: RdeRegistrar };

export type RdeDelete = { kind: 'domain'; name: string; roid: string | null } | { kind: 'host'; name: string; roid: string | null } | { kind: 'contact'; id: string };

/** Statuses the deposit shows but azreg derives rather than stores. */
export const DERIVED_STATUSES: ReadonlySet<string> = new Set(['ok', 'inactive', 'linked']);

/** `2026-01-15` for a UTC instant. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** RFC 8909 deposit id (`\w{1,13}`): the UTC date and F or I, one deposit of each type a day. */
export function depositId(watermark: Date, type: DepositType): string {
  return `${utcDate(watermark).replace(/-/g, '')}${type === 'FULL' ? 'F' : 'I'}`;
}

/** `az_2026-01-15_FULL_S1_R0.xml`: the usual escrow naming (series 1, resend 0). */
export function depositFileName(watermark: Date, type: DepositType): string {
  return `${TLD}_${utcDate(watermark)}_${type}_S1_R0.xml`;
}

const ROID = /^([DCH])([1-9][0-9]{0,18})-AZ$/;
const ROID_PREFIX: Readonly<Record<'domain' | 'contact' | 'host', string>> = { domain: 'D', contact: 'C', host: 'H' };

/** The numeric row id inside an azreg roid (`D123-AZ` → `123`), or null if it is not one of ours for `kind`. */
export function idFromRoid(roid: string, kind: 'domain' | 'contact' | 'host'): string | null {
  const m = ROID.exec(roid);
  return m && m[1] === ROID_PREFIX[kind] ? m[2] : null;
}
