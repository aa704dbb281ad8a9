import type { DomainStatus, DsRecord, RgpStatus } from '../registry/domains/domain.types';

/**
 * The public read model behind WHOIS, web WHOIS and RDAP: one service answers, three formatters
 * render. Personal data is already redacted here, so no formatter can leak it.
 */

export type ContactField = 'name' | 'org' | 'street' | 'city' | 'sp' | 'pc' | 'cc' | 'voice' | 'fax' | 'email';

export interface PublicContact {
  handle: string;
  roid: string;
  kind: 'person' | 'org';
  /** null when redacted (see `redacted`) or not given. */
  name: string | null;
  org: string | null;
  street: string[] | null;
  city: string | null;
  sp: string | null;
  pc: string | null;
  cc: string | null;
  voice: string | null;
  fax: string | null;
  email: string | null;
  /** Fields that exist but are withheld by the privacy policy. */
  redacted: ContactField[];
  registrarId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PublicRegistrar {
  id: string;
  name: string;
  url: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  createdAt: Date;
}

export interface PublicNameserver {
  name: string;
  unicodeName: string;
  roid: string;
  /** Glue: only for hosts inside a .az domain. */
  addresses: string[];
  statuses: string[];
  registrarId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PublicDomain {
  name: string;
  unicodeName: string;
  roid: string;
  zone: string;
  statuses: DomainStatus[];
  rgpStatuses: RgpStatus[];
  registrar: PublicRegistrar;
  registrant: PublicContact | null;
  contacts: Array<{ type: 'admin' | 'tech' | 'billing'; contact: PublicContact }>;
  nameservers: PublicNameserver[];
  dsRecords: DsRecord[];
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  transferredAt: Date | null;
  /** The published drop time of a domain pending deletion. */
  purgeAt: Date | null;
}

export type DomainLookup =
  | { kind: 'found'; domain: PublicDomain }
  | { kind: 'pending-create'; name: string; unicodeName: string; zone: string }
  | { kind: 'not-found'; name: string; unicodeName: string }
  | { kind: 'reserved'; name: string; unicodeName: string }
  | { kind: 'blocked-variant'; name: string; unicodeName: string; blockedBy: string; blockedByUnicode: string }
  | { kind: 'invalid'; input: string; reason: string };

export type EntityLookup =
  | { kind: 'contact'; contact: PublicContact; registrar: PublicRegistrar }
  | { kind: 'registrar'; registrar: PublicRegistrar };
