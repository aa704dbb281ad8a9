import type { PaymentOutcome } from './payment.types';

/** What azreg asks a provider to collect. Amounts in the currency's minor unit (qəpik for AZN). */
export interface StartPaymentRequest {
  paymentId: string;
  amount: number;
  currency: string;
  /** Shown to the buyer on the provider's page ("şəki.az — 1 year"). */
  description: string;
  /** Where the provider sends the browser back with the signed outcome. */
  returnUrl: string;
  locale: 'az' | 'en';
}

export interface StartedPayment {
  /** The provider's hosted card page for this payment: the browser is redirected there. */
  redirectUrl: string;
  /** The provider's own id for the payment (stored in `payments.provider_ref`). */
  providerRef: string;
}

/** A callback whose signature checked out: the only form in which an outcome enters azreg. */
export interface VerifiedCallback {
  paymentId: string;
  providerRef: string;
  outcome: PaymentOutcome;
}

export interface RefundRequest {
  paymentId: string;
  providerRef: string;
  amount: number;
  currency: string;
}

/**
 * A payment gateway with a hosted payment page. azreg never sees, receives, stores or logs card
 * data: the buyer types it on the provider's page (`redirectUrl`), and all that comes back is the
 * signed outcome of the payment (`verifyCallback`). The `payments` table holds amounts, the
 * provider's reference and the order — nothing a card could be charged with.
 *
 * An abstract class rather than an interface so that it is also the Nest injection token:
 * `PaymentsModule` binds it to the sandbox; a real gateway is another subclass.
 */
export abstract class PaymentProvider {
  /** Stored in `payments.provider`; (provider, provider_ref) is unique. */
  abstract readonly name: string;

  /** Opens a payment on the provider's side. Called after the checkout transaction committed, never inside one. */
  abstract startPayment(request: StartPaymentRequest): Promise<StartedPayment>;

  /**
   * Checks the provider's signature over the callback parameters (query string or form fields) and
   * returns the outcome, or null when the parameters are missing, malformed or not signed by the
   * provider. Must compare signatures in constant time.
   */
  abstract verifyCallback(params: Record<string, string>): VerifiedCallback | null;

  /**
   * Pays a captured amount back (an order that could not be fulfilled). Idempotent per payment id:
   * asking twice refunds once. Returns the provider's refund reference.
   */
  abstract refund(request: RefundRequest): Promise<{ refundRef: string }>;
}
