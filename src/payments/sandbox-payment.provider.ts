import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { formatAzn } from '../registry/zones/zone.types';
import { derivedKey } from './app-secret';
import { PaymentProvider, type RefundRequest, type StartPaymentRequest, type StartedPayment, type VerifiedCallback } from './payment-provider';
import { PAYMENT_OUTCOMES, type PaymentOutcome } from './payment.types';

/** What the sandbox's hosted page shows (the panel renders it at `/pay/sandbox/<providerRef>`). */
export interface SandboxPage {
  providerRef: string;
  paymentId: string;
  amount: number;
  /** "30.00" */
  amountText: string;
  currency: string;
  description: string;
  locale: 'az' | 'en';
  outcomes: readonly PaymentOutcome[];
}

/** The session the sandbox "stores": sealed into the provider reference itself. */
interface SandboxSession {
  p: string;
  a: number;
  c: string;
  d: string;
  r: string;
  l: 'az' | 'en';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REF_LENGTH = 2_000;

/**
 * A stand-in for a card gateway with a hosted payment page, for development, demos and tests. It
 * takes no money and asks for no card number: its page (served by the panel) offers "pay",
 * "decline" and "cancel", and each leads the browser back to azreg's callback URL with a signed
 * outcome, exactly as a real gateway's redirect would.
 *
 * - Stateless: the payment's details are sealed (HMAC-SHA256) into the provider reference, so any
 *   API process can render the page or verify a callback, across restarts.
 * - Callback: `<returnUrl>?payment=<id>&ref=<providerRef>&outcome=<outcome>&sig=<HMAC-SHA256 over
 *   "callback", id, ref, outcome>`, keyed by a key derived from APP_SECRET; verified in constant time.
 * - Refunds: there is no money to give back, so `refund` only answers with a reference; it is
 *   idempotent because the reference is derived from the payment id.
 * - Refuses to start payments when NODE_ENV=production: a sandbox there would give names away.
 */
@Injectable()
export class SandboxPaymentProvider extends PaymentProvider {
  readonly name = 'sandbox';
  private readonly key: Buffer;

  constructor(private readonly config: AppConfig) {
    super();
    this.key = derivedKey(config, 'payments/sandbox');
  }

  async startPayment(request: StartPaymentRequest): Promise<StartedPayment> {
    if (this.config.NODE_ENV === 'production') {
      throw new Error('the sandbox payment provider takes no real money and is disabled in production');
    }
    const session: SandboxSession = { p: request.paymentId, a: request.amount, c: request.currency, d: request.description, r: request.returnUrl, l: request.locale };
    const body = Buffer.from(JSON.stringify(session)).toString('base64url');
    const providerRef = `${body}.${this.mac('session', body)}`;
    return { providerRef, redirectUrl: `${this.publicUrl()}/pay/sandbox/${providerRef}` };
  }

  verifyCallback(params: Record<string, string>): VerifiedCallback | null {
    const { payment, ref, outcome, sig } = params;
    if (typeof payment !== 'string' || typeof ref !== 'string' || typeof outcome !== 'string' || typeof sig !== 'string') return null;
    if (!isOutcome(outcome) || !UUID.test(payment)) return null;
    if (!this.sameMac(sig, this.mac('callback', payment, ref, outcome))) return null;
    const session = this.open(ref);
    if (!session || session.p !== payment) return null;
    return { paymentId: payment, providerRef: ref, outcome };
  }

  async refund(request: RefundRequest): Promise<{ refundRef: string }> {
    return { refundRef: `sandbox-refund-${request.paymentId}` };
  }

  /** The hosted page's data, or null for a reference the sandbox never issued. */
  sandboxPage(providerRef: string): SandboxPage | null {
    const s = this.open(providerRef);
    if (!s) return null;
    return { providerRef, paymentId: s.p, amount: s.a, amountText: formatAzn(s.a), currency: s.c, description: s.d, locale: s.l, outcomes: PAYMENT_OUTCOMES };
  }

  /**
   * The buyer pressed a button on the sandbox page: the signed callback URL to send the browser
   * to, or null for a reference the sandbox never issued.
   */
  sandboxDecision(providerRef: string, outcome: PaymentOutcome): string | null {
    const s = this.open(providerRef);
    if (!s || !isOutcome(outcome)) return null;
    const url = new URL(s.r);
    url.searchParams.set('payment', s.p);
    url.searchParams.set('ref', providerRef);
    url.searchParams.set('outcome', outcome);
    url.searchParams.set('sig', this.mac('callback', s.p, providerRef, outcome));
    return url.toString();
  }

  private open(providerRef: string): SandboxSession | null {
    if (typeof providerRef !== 'string' || providerRef.length > MAX_REF_LENGTH) return null;
    const [body, sig, extra] = providerRef.split('.');
    if (!body || !sig || extra !== undefined || !this.sameMac(sig, this.mac('session', body))) return null;
    try {
      const s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<SandboxSession>;
      if (typeof s.p !== 'string' || typeof s.a !== 'number' || typeof s.c !== 'string' || typeof s.d !== 'string' || typeof s.r !== 'string' || (s.l !== 'az' && s.l !== 'en')) return null;
      return s as SandboxSession;
    } catch {
      return null;
    }
  }

  /**
   * HMAC-SHA256 over the purpose and the fields, newline-joined. Unambiguous: the payment id is a
   * UUID and the outcome one of three words, so only the reference between them is free text.
   */
  private mac(purpose: 'session' | 'callback', ...fields: string[]): string {
    return createHmac('sha256', this.key).update([purpose, ...fields].join('\n')).digest('base64url');
  }

  /** Constant-time comparison of two base64url signatures, as text (no lenient decoding). */
  private sameMac(given: string, expected: string): boolean {
    const a = Buffer.from(given, 'utf8');
    const b = Buffer.from(expected, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private publicUrl(): string {
    return this.config.PUBLIC_URL.replace(/\/+$/, '');
  }
}

function isOutcome(value: string): value is PaymentOutcome {
  return (PAYMENT_OUTCOMES as readonly string[]).includes(value);
}
