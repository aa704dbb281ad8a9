import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { DIRECT_CHANNEL_REGISTRAR, loadBaseData } from '../../src/demo/demo-data';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import { PaymentCallbackService } from '../../src/payments/payment-callback.service';
import { PaymentsModule } from '../../src/payments/payments.module';
import type { PaymentOutcome } from '../../src/payments/payment.types';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment.provider';
import type { Actor } from '../../src/registry/command/actor';
import { FakeClock } from '../../src/registry/command/clock';
import { CommandRunner } from '../../src/registry/command/command-runner';
import { StartCheckoutHandler, type StartCheckoutResult } from '../../src/registry/checkout/start-checkout.handler';
import { CreateContactHandler } from '../../src/registry/contacts/commands/create-contact.handler';
import { PlaceHoldHandler } from '../../src/registry/holds/commands/place-hold.handler';
import type { NameHold } from '../../src/registry/holds/hold.repository';
import { queryOne, type TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

/** Shared by the payment tests: an app with PaymentsModule, buyer accounts, and the sandbox round trip. */

export const PUBLIC_URL = 'https://panel.example.az';
export const DIRECT = DIRECT_CHANNEL_REGISTRAR.id;

@Module({})
class PaymentsTestRoot {}

/**
 * `startTestApp` plus PaymentsModule (until the module is wired into AppModule; Nest keeps one
 * instance of a module imported twice, so this stays correct afterwards). No HTTP roles: the
 * payment tests drive handlers and the sandbox directly.
 */
export async function startPaymentsApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const prefix = `azreg-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dataDir = join(tmpdir(), 'azreg-test-data', prefix);
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'false',
    NODE_ENV: 'test',
    DATABASE_POOL_SIZE: '20',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL,
    APP_SECRET: 'payments-test-secret',
    ...env,
  });
  const clock = new FakeClock('2026-01-15T10:00:00Z');
  const dataSource = await createDataSource(db.url, config.DATABASE_POOL_SIZE, 'azreg-test').initialize();
  await loadBaseData(dataSource, clock.now());
  const app = await NestFactory.create(
    { module: PaymentsTestRoot, imports: [AppModule.forRoot({ config, dataSource, clock, roles: new Set() }), PaymentsModule] },
    { logger: false },
  );
  await app.init();
  const runner = app.get(CommandRunner);
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    clock,
    db,
    prefix,
    run: (handler, actor, input) => runner.run(app.get(handler), actor, input),
    get: (type) => app.get(type),
    close: async () => {
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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
