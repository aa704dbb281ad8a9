/** Payments the control panel takes, as stored in the `payments` table (amounts in qəpik). */

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
/** Where a payment ends: every status but `pending`. */
export type ClosedPaymentStatus = Exclude<PaymentStatus, 'pending'>;
export type PaymentPurpose = 'domain-create' | 'domain-renew' | 'dispute-fee';
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

/** What a payment pays for: a registration (`domain-create`) or a renewal (`domain-renew`). */
export type PaymentOrder = DomainOrder | RenewOrder;

/** Whether an order is a registration's (it names the hold it pays for). */
export function isDomainOrder(order: PaymentOrder): order is DomainOrder {
  return typeof (order as Partial<DomainOrder>).holdId === 'string';
}

/** Stored in `payments.result` once a payment is closed; what a replayed callback gets back. */
export interface PaymentResult {
  /** Present when the domain was created or renewed (then `expiresAt` is the new expiry). Dates as ISO strings (this is JSON). */
  domain?: { name: string; unicodeName: string; roid: string; expiresAt: string; pendingCreate: boolean };
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
