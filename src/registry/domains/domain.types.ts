/** EPP domain statuses (RFC 5731 §2.3). `ok` and `inactive` are derived, never stored. */
export const CLIENT_STATUSES = [
  'clientDeleteProhibited',
  'clientHold',
  'clientRenewProhibited',
  'clientTransferProhibited',
  'clientUpdateProhibited',
] as const;
export const SERVER_STATUSES = [
  'serverDeleteProhibited',
  'serverHold',
  'serverRenewProhibited',
  'serverTransferProhibited',
  'serverUpdateProhibited',
] as const;
export const PENDING_STATUSES = ['pendingCreate', 'pendingDelete', 'pendingRenew', 'pendingTransfer', 'pendingUpdate'] as const;

export type ClientStatus = (typeof CLIENT_STATUSES)[number];
export type ServerStatus = (typeof SERVER_STATUSES)[number];
export type StoredStatus = ClientStatus | ServerStatus | (typeof PENDING_STATUSES)[number];
export type DomainStatus = StoredStatus | 'ok' | 'inactive';

export type ContactType = 'admin' | 'tech' | 'billing';

export interface DsRecord {
  keyTag: number;
  alg: number;
  digestType: number;
  digest: string;
}

/** One row of `domains`. */
export interface DomainRecord {
  id: string;
  roid: string;
  name: string;
  unicodeName: string;
  variantKey: string;
  zone: string;
  registrarId: string;
  registrantId: string | null;
  accountId: string | null;
  statuses: StoredStatus[];
  authInfoHash: string;
  autoRenew: boolean;
  disputeLocked: boolean;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  expiresAt: Date;
  transferredAt: Date | null;
  deletedAt: Date | null;
  purgeAt: Date | null;
}

/** RFC 3915 grace and redemption states, derived from grace periods and deletion times. */
export type RgpStatus = 'addPeriod' | 'renewPeriod' | 'autoRenewPeriod' | 'transferPeriod' | 'redemptionPeriod' | 'pendingDelete' | 'pendingRestore';

/** What `info` returns: the domain with its links resolved to handles and host names. */
export interface DomainView {
  roid: string;
  name: string;
  unicodeName: string;
  zone: string;
  statuses: DomainStatus[];
  rgpStatuses: RgpStatus[];
  registrant: string | null;
  contacts: Array<{ type: ContactType; handle: string }>;
  nameservers: string[];
  subordinateHosts: string[];
  dsRecords: DsRecord[];
  clID: string;
  crID: string;
  crDate: Date;
  upID: string;
  upDate: Date;
  exDate: Date;
  trDate: Date | null;
  autoRenew: boolean;
  disputeLocked: boolean;
  purgeAt: Date | null;
}
