/** Payments the control panel takes, as stored in the `payments` table (amounts in qəpik). */

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
/** Where a payment ends: every status but `pending`. */
export type ClosedPaymentStatus = Exclude<PaymentStatus, 'pending'>;
export type PaymentPurpose = 'domain-create' | 'domain-renew' | 'domain-transfer' | 'dispute-fee';
/** What a provider reports about a payment it handled. */
export type PaymentOutcome = 'succeeded' | 'failed' | 'cancelled';

export const PAYMENT_OUTCOMES: readonly PaymentOutcome[] = ['succeeded', 'failed', 'cancelled'];

/** The order a `domain-create` payment pays for, fixed when checkout starts. */
export interface DomainOrder {
  /** A-label (ASCII) form, as in `domains.name`. */
  name: string;
  unicodeName: string;
  holdId: string;
  years: number;
  /** The account's registrant contact, sponsored by the direct channel. */
  contactHandle: string;
}

/** The order a `domain-renew` payment pays for, fixed when checkout starts (StartRenewalCheckoutHandler). */
export interface RenewOrder {
  /** A-label (ASCII) form, as in `domains.name`. */
  name: string;
  unicodeName: string;
  years: number;
  /** The expiry when checkout started, `YYYY-MM-DD` (informative: the renew uses the expiry current when the money arrives). */
  expiresAt: string;
}

/** The order a `domain-transfer` payment pays for (StartTransferCheckoutHandler). */
export interface TransferOrder {
  /** A-label (ASCII) form, as in `domains.name`. */
  name: string;
  unicodeName: string;
  years: number;
  /** The auth code the buyer gave, sealed (sealSecret, purpose TRANSFER_AUTH_SEAL) until the money arrives; never in clear at rest. */
  sealedAuthInfo: string;
}

/** The sealSecret purpose of TransferOrder.sealedAuthInfo. */
export const TRANSFER_AUTH_SEAL = 'transfer-auth-info';

/** What a payment pays for: a registration (`domain-create`), a renewal (`domain-renew`) or a transfer in (`domain-transfer`). */
export type PaymentOrder = DomainOrder | RenewOrder | TransferOrder;

/** Whether an order is a transfer in's (it carries the sealed auth code). */
export function isTransferOrder(order: PaymentOrder): order is TransferOrder {
  return typeof (order as Partial<TransferOrder>).sealedAuthInfo === 'string';
}

/** Whether an order is a registration's (it names the hold it pays for). */
export function isDomainOrder(order: PaymentOrder): order is DomainOrder {
  return typeof (order as Partial<DomainOrder>).holdId === 'string';
}

/** Stored in `payments.result` once a payment is closed; what a replayed callback gets back. */
export interface PaymentResult {
  /** Present when the domain was created or renewed (then `expiresAt` is the new expiry). Dates as ISO strings (this is JSON). */
  domain?: { name: string; unicodeName: string; roid: string; expiresAt: string; pendingCreate: boolean; transferDueAt?: string };
  /** Why the order was not fulfilled: `declined`, `cancelled`, `abandoned`, `provider-unavailable`, or the registry error's reason. */
  reason?: string;
  message?: string;
  /** True when money was taken but no domain delivered: the provider must pay it back. */
  refundDue?: boolean;
  /** Set once the provider confirmed the refund (after commit; see CompletePaymentHandler). */
  refundRef?: string;
  refundedAt?: string;
}

export interface Payment {
  id: string;
  accountId: string;
  provider: string;
  providerRef: string | null;
  purpose: PaymentPurpose;
  amount: number;
  currency: string;
  status: PaymentStatus;
  order: PaymentOrder;
  result: PaymentResult | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/** The buyer as checkout needs to see them: verified or not, and their registrant contact. */
export interface Buyer {
  id: string;
  emailVerified: boolean;
  locale: 'az' | 'en';
  /** The live contact `registrant_accounts.contact_id` points at, or null. */
  contact: { handle: string; registrarId: string } | null;
}
