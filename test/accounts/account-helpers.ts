import assert from 'node:assert/strict';
import type { Type } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { anonymousPanelActor, registrantActor } from '../../src/registry/accounts/account.types';
import { SignUpHandler } from '../../src/registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../src/registry/accounts/commands/verify-email.handler';
import type { Actor } from '../../src/registry/command/actor';
import type { CommandHandler } from '../../src/registry/command/command-context';
import { mailServices, readEml } from '../mail/mail-helpers';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';

export { anonymousPanelActor, registrantActor };

/** A test app with the accounts module loaded and a way to run its handlers. */
export interface AccountsApp {
  t: TestApp;
  /** Runs an accounts handler (or any handler the app knows) through the real CommandRunner. */
  run<I, O>(handler: Type<CommandHandler<I, O>>, actor: Actor, input: I): Promise<O>;
  close(): Promise<void>;
}

/** A real app (AccountsModule is part of every app) and a way to run its handlers. */
export async function startAccountsApp(): Promise<AccountsApp> {
  const t = await startTestApp();
  return { t, run: (handler, actor, input) => t.run(handler, actor, input), close: () => t.close() };
}

export const PASSWORD = 'Şəki-dağları-2026';

/** An outbox row as the tests look at it. */
export interface OutboxRow {
  id: string;
  template: string;
  recipient: string;
  locale: string;
  payload: { email: string; link: string; expiresAt: string };
}

/** The newest outbox row of `template` for `recipient`. */
export async function lastMail(a: AccountsApp, recipient: string, template: 'email-verification' | 'password-reset'): Promise<OutboxRow> {
  const row = await queryOne<OutboxRow>(a.t, `SELECT id::text, template, recipient, locale, payload FROM outbox WHERE recipient = $1 AND template = $2 ORDER BY id DESC LIMIT 1`, [recipient, template]);
  assert.ok(row, `a ${template} mail to ${recipient}`);
  return row;
}

/** Sends the outbox and reads the delivered mail (the development transport's .eml file). */
export async function deliveredMail(a: AccountsApp, row: OutboxRow): Promise<{ subject: string; text: string; html: string }> {
  const { mail } = await mailServices(a.t);
  await mail.flush();
  const eml = readEml(a.t.get(AppConfig).DATA_DIR, `${row.id}-${row.template}.eml`);
  return { subject: eml.headers.get('subject') ?? '', text: eml.text, html: eml.html };
}

/** The token of the panel link in a mail text: `…/panel/<page>?token=<token>`. */
export function tokenFromText(text: string, page: 'verify' | 'reset-password'): string {
  const m = new RegExp(`https?://\\S+/panel/${page}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  assert.ok(m, `a /panel/${page} link in:\n${text}`);
  return m[1];
}

/** Signs up and verifies through the mailed link; returns the account id and normalised address. */
export async function newVerifiedAccount(a: AccountsApp, email: string, password = PASSWORD, locale: 'az' | 'en' = 'az'): Promise<{ accountId: string; email: string }> {
  const r = await a.run(SignUpHandler, anonymousPanelActor(), { email, password, locale });
  const token = (await lastMail(a, r.email, 'email-verification')).payload.link.split('token=')[1];
  await a.run(VerifyEmailHandler, anonymousPanelActor(), { token });
  return r;
}

export async function countRows(a: AccountsApp, sql: string, params: unknown[] = []): Promise<number> {
  const row = await queryOne<{ n: string }>(a.t, `SELECT count(*) AS n FROM (${sql}) q`, params);
  return Number(row.n);
}
