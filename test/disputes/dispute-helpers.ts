import 'reflect-metadata';
import assert from 'node:assert/strict';
import { anonymousPanelActor, registrantActor } from '../../src/registry/accounts/account.types';
import { SetRegistrantDetailsHandler } from '../../src/registry/accounts/commands/set-registrant-details.handler';
import { SignUpHandler } from '../../src/registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../src/registry/accounts/commands/verify-email.handler';
import type { Actor } from '../../src/registry/command/actor';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { CreditRegistrarHandler } from '../../src/registry/registrars/commands/credit-registrar.handler';
import { DIRECT_CHANNEL_REGISTRAR } from '../../src/demo/demo-data';
import { PaymentCallbackService } from '../../src/payments/payment-callback.service';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment.provider';
import { CompleteFeePaymentHandler, StartFeePaymentHandler } from '../../src/disputes/commands/fee.handlers';
import { paymentProviderActor } from '../../src/payments/payment-callback.service';
import { FileComplaintHandler } from '../../src/disputes/commands/file-complaint.handler';
import { ValidateComplaintHandler } from '../../src/disputes/commands/review-complaint.handlers';
import { DisputeRepository } from '../../src/disputes/dispute.repository';
import type { DisputeRecord } from '../../src/disputes/dispute.types';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, registrarActor, type TestApp } from '../support/test-app';

export const PASSWORD = 'Şəki-dağları-2026';
export const OFFICER: Actor = { type: 'admin', id: '00000000-0000-4000-8000-0000000000a1', channel: 'admin' };
export const COMPLAINT = { rights: 'We own the trade mark ŞƏKİ SU (registered 2019) and trade as Şəki Su MMC.', grounds: ['blocking', 'confusion'], complaint: 'The registrant copies our brand and offers the name for sale.' };

void PaymentCallbackService;
export { registrantActor };

/** A verified account with registrant details (what filing needs). */
export async function newAccount(t: TestApp, email: string, kind: 'person' | 'org' = 'person'): Promise<string> {
  const r = await t.run(SignUpHandler, anonymousPanelActor(), { email, password: PASSWORD, locale: 'en' });
  const row = await queryOne<{ link: string }>(t, `SELECT payload->>'link' AS link FROM outbox WHERE recipient = $1 AND template = 'email-verification' ORDER BY id DESC LIMIT 1`, [r.email]);
  await t.run(VerifyEmailHandler, anonymousPanelActor(), { token: row.link.split('token=')[1] });
  await t.run(SetRegistrantDetailsHandler, registrantActor(r.accountId), {
    accountId: r.accountId, kind, name: kind === 'person' ? 'Aynur Məmmədova' : 'Leyla Əliyeva', org: kind === 'org' ? 'Şəki Su MMC' : null,
    street: ['Nizami küç. 10'], city: 'Bakı', cc: kind === 'person' ? 'AZ' : 'GB', voice: '+994.501234567', nationalId: kind === 'person' ? '5ZX9K2L' : null,
  });
  return r.accountId;
}

/** A domain registered through an accredited registrar (no panel account). */
export async function registrarDomain(t: TestApp, registrarId: string, name: string, statuses: string[] = []): Promise<void> {
  const existing = await queryOne(t, `SELECT 1 FROM registrars WHERE id = $1`, [registrarId]);
  if (!existing) await newRegistrar(t, registrarId);
  const handle = `R-${name.replace(/[^a-z0-9]/g, '').slice(0, 10).toUpperCase()}`;
  await newContact(t, registrarId, handle);
  await t.run(CreateDomainHandler, registrarActor(registrarId), { name, registrarId, years: 1, registrant: handle, holder: { type: 'registrar', id: registrarId }, authInfo: 'Secret-code-1' });
  if (statuses.length) await t.dataSource.query(`UPDATE domains SET statuses = $2 WHERE name = $1`, [name, statuses]);
}

/** A domain bought in the panel by `accountId` (direct channel, account_id set). */
export async function panelDomain(t: TestApp, accountId: string, name: string): Promise<void> {
  await t.run(CreditRegistrarHandler, ADMIN_ACTOR, { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: 10_000 });
  const handle = await queryOne<{ handle: string }>(t, `SELECT c.handle FROM registrant_accounts a JOIN contacts c ON c.id = a.contact_id WHERE a.id = $1`, [accountId]);
  await t.run(CreateDomainHandler, registrantActor(accountId), { name, registrarId: DIRECT_CHANNEL_REGISTRAR.id, years: 1, registrant: handle.handle, holder: { type: 'account', id: accountId }, accountId });
}

export async function fileAndValidate(t: TestApp, complainant: string, domain: string): Promise<DisputeRecord> {
  const filed = await t.run(FileComplaintHandler, registrantActor(complainant), { accountId: complainant, domain, ...COMPLAINT });
  return t.run(ValidateComplaintHandler, OFFICER, { caseNumber: filed.caseNumber });
}

export async function reload(t: TestApp, caseNumber: string): Promise<DisputeRecord> {
  const d = await t.get(DisputeRepository).find(t.dataSource.manager, caseNumber);
  assert.ok(d, `case ${caseNumber}`);
  return d;
}

/** Pays the fee due on a case through the sandbox provider (its signed callback), as the payer. */
export async function payFee(t: TestApp, payer: string, caseNumber: string, outcome: 'succeeded' | 'failed' = 'succeeded'): Promise<string> {
  const started = await t.run(StartFeePaymentHandler, registrantActor(payer), { caseNumber, accountId: payer });
  assert.ok(started.redirectUrl, 'a sandbox page');
  const sandbox = t.get(SandboxPaymentProvider);
  const ref = decodeURIComponent(new URL(started.redirectUrl, 'http://x').pathname.split('/').pop()!);
  const callback = new URL(sandbox.sandboxDecision(ref, outcome)!);
  const params = Object.fromEntries(callback.searchParams.entries());
  const verified = sandbox.verifyCallback(params);
  assert.ok(verified);
  await t.run(CompleteFeePaymentHandler, paymentProviderActor('sandbox'), verified);
  return started.paymentId;
}

/** Moves the fake clock past a case's current deadline. */
export async function passDeadline(t: TestApp, caseNumber: string): Promise<void> {
  const d = await reload(t, caseNumber);
  assert.ok(d.dueAt, `case ${caseNumber} has a deadline`);
  t.clock.set(new Date(d.dueAt.getTime() + 60_000));
}

export async function statusesOf(t: TestApp, name: string): Promise<string[]> {
  const row = await queryOne<{ statuses: string[] }>(t, `SELECT statuses FROM domains WHERE name = $1 AND purged_at IS NULL`, [name]);
  return [...row.statuses].sort();
}

/** Experts on the roster (admin users with the expert role), in rotation order; returns their actors. */
export async function newExperts(t: TestApp, n: number): Promise<Actor[]> {
  const out: Actor[] = [];
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-00000000e${String(i).padStart(3, '0')}`;
    await t.dataSource.query(`INSERT INTO admin_users (id, email, password_hash, roles, created_at) VALUES ($1, $2, '!', '{expert}', now())`, [id, `expert${i}@drs.az`]);
    await t.dataSource.query(`INSERT INTO dispute_experts (id, admin_user_id, display_name, created_at) VALUES (gen_random_uuid(), $1, $2, $3)`, [id, `Expert ${i}`, new Date(Date.UTC(2025, 0, 1, 0, i))]);
    out.push({ type: 'admin', id, channel: 'admin' });
  }
  return out;
}
