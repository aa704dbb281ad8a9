/** Which fields a contact agrees to show publicly (EPP <contact:disclose>, RFC 5733 §2.9). */
export interface DiscloseFlags {
  name?: boolean;
  org?: boolean;
  addr?: boolean;
  voice?: boolean;
  fax?: boolean;
  email?: boolean;
}

export const CONTACT_CLIENT_STATUSES = ['clientDeleteProhibited', 'clientTransferProhibited', 'clientUpdateProhibited'] as const;

export interface ContactRecord {
  id: string;
  roid: string;
  handle: string;
  registrarId: string;
  accountId: string | null;
  kind: 'person' | 'org';
  name: string;
  org: string | null;
  street: string[];
  city: string;
  sp: string | null;
  pc: string | null;
  cc: string;
  voice: string | null;
  fax: string | null;
  email: string;
  nationalId: string | null;
  disclose: DiscloseFlags;
  authInfoHash: string;
  statuses: string[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  transferredAt: Date | null;
}

/** The fields a registrar sets on create and may change on update. */
export interface ContactData {
  kind: 'person' | 'org';
  name: string;
  org?: string | null;
  street?: string[];
  city: string;
  sp?: string | null;
  pc?: string | null;
  cc: string;
  voice?: string | null;
  fax?: string | null;
  email: string;
  nationalId?: string | null;
  disclose?: DiscloseFlags;
}
