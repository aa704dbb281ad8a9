import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DIRECT_CHANNEL_REGISTRAR } from '../../src/demo/demo-data';
import { PaymentCallbackService } from '../../src/payments/payment-callback.service';
import type { PaymentOutcome } from '../../src/payments/payment.types';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment.provider';
import type { Actor } from '../../src/registry/command/actor';
import { StartCheckoutHandler, type StartCheckoutResult } from '../../src/registry/checkout/start-checkout.handler';
import { CreateContactHandler } from '../../src/registry/contacts/commands/create-contact.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import type { NameHold } from '../../src/registry/holds/hold.repository';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';

/** Shared by the payment tests: an app with PaymentsModule, buyer accounts, and the sandbox round trip. */

export const PUBLIC_URL = 'https://panel.example.az';
export const DIRECT = DIRECT_CHANNEL_REGISTRAR.id;

/** A real app without HTTP roles (the payment tests drive handlers and the sandbox directly). */
export function startPaymentsApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ roles: [], env: { PUBLIC_URL, APP_SECRET: 'payments-test-secret', ...env } });
}

export function accountActor(accountId: string): Actor {
  return { type: 'registrant', id: accountId, channel: 'panel' };
}

let accounts = 0;

/**
 * Factory: a panel account, by default with a verified e-mail and a registrant contact sponsored
 * by the direct channel (as the panel's sign-up and contact form will leave it).
 */
export async function newAccount(t: TestApp, options: { verified?: boolean; contact?: boolean } = {}): Promise<{ id: string; contactHandle: string | null }> {
  const id = randomUUID();
  const n = ++accounts;
  const now = t.clock.now();
  await t.dataSource.query(
    `INSERT INTO registrant_accounts (id, email, password_hash, email_verified_at, locale, created_at, updated_at) VALUES ($1, $2, 'x', $3, 'en', $4, $4)`,
    [id, `buyer${n}@example.az`, options.verified === false ? null : now, now],
  );
  if (options.contact === false) return { id, contactHandle: null };
  const handle = `ACC${n}-${id.slice(0, 6)}`.toUpperCase();
  const { contact } = await t.run(CreateContactHandler, accountActor(id), {
    handle, registrarId: DIRECT, accountId: id, kind: 'person', name: `Buyer ${n}`, street: ['Nizami küç. 10'], city: 'Bakı', cc: 'AZ', email: `buyer${n}@example.az`, voice: '+994.125551234',
  });
  await t.dataSource.query(`UPDATE registrant_accounts SET contact_id = $2 WHERE id = $1`, [id, contact.id]);
  return { id, contactHandle: handle };
}

export async function holdFor(t: TestApp, accountId: string, name: string): Promise<NameHold> {
  const { hold } = await t.run(PlaceHoldHandler, accountActor(accountId), { name, owner: { type: 'account', id: accountId } });
  return hold;
}

export async function startCheckout(t: TestApp, accountId: string, holdId: string, years = 1): Promise<StartCheckoutResult & { providerRef: string }> {
  const started = await t.run(StartCheckoutHandler, accountActor(accountId), { accountId, holdId, years });
  if (!started.redirectUrl) throw new Error('the sandbox gave no payment page');
  const providerRef = decodeURIComponent(started.redirectUrl.slice(`${PUBLIC_URL}/pay/sandbox/`.length));
  return { ...started, providerRef };
}

/** The query parameters of a URL, as a callback route receives them. */
export function paramsOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

/** The buyer presses a button on the sandbox page: the callback parameters the browser brings back. */
export function decide(t: TestApp, providerRef: string, outcome: PaymentOutcome): Record<string, string> {
  const url = t.get(SandboxPaymentProvider).sandboxDecision(providerRef, outcome);
  if (!url) throw new Error('the sandbox does not know this payment');
  return paramsOf(url);
}

/** The panel's callback route: verify, then payment.complete. */
export function callback(t: TestApp, params: Record<string, string>) {
  return t.get(PaymentCallbackService).accept(params);
}

export interface PaymentRow {
  id: string;
  status: string;
  amount: string;
  provider: string;
  provider_ref: string | null;
  order_data: Record<string, unknown>;
  result: Record<string, unknown> | null;
  completed_at: Date | null;
}

export function paymentRow(t: TestApp, id: string): Promise<PaymentRow> {
  return queryOne<PaymentRow>(t, `SELECT * FROM payments WHERE id = $1`, [id]);
}
