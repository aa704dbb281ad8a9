import 'reflect-metadata';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openTotpSecret, totpCode } from '../../src/admin/auth/totp';
import { AppConfig } from '../../src/config/app-config';
import { derivedKey } from '../../src/payments/app-secret';
import { CreateAdminHandler, type AdminRole } from '../../src/registry/registrars/commands/create-admin.handler';
import { ADMIN_ACTOR, queryOne, startTestApp, type TestApp } from '../support/test-app';

export const ADMIN_PASSWORD = 'correct-horse-battery-staple';
export type Agent = ReturnType<typeof request.agent>;

let nextIp = 1;

/**
 * A browser of its own: a cookie jar and a client address of its own (the app trusts
 * X-Forwarded-For from loopback), so that the per-address sign-in budget of one test does not
 * spill into the next.
 */
export function newAgent(t: TestApp): Agent {
  const n = nextIp++;
  return request.agent(t.http).set('X-Forwarded-For', `10.77.${Math.floor(n / 250)}.${(n % 250) + 1}`);
}

/** A real app (api role) with the console mounted. */
export function startAdminApp(): Promise<TestApp> {
  return startTestApp({ roles: ['api'] });
}

/** The `_csrf` value of the first form on a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, `a CSRF token in the page:\n${html.slice(0, 2000)}`);
  return m[1];
}

/** Loads `page` and posts `form` with that page's CSRF token to `action`. */
export async function submit(agent: Agent, page: string, action: string, form: Record<string, string | string[]>): Promise<request.Response> {
  const got = await agent.get(page);
  assert.equal(got.status, 200, `GET ${page}: ${got.status} ${got.text.slice(0, 500)}`);
  return agent.post(action).type('form').send({ ...form, _csrf: csrfOf(got.text) });
}

export async function createAdmin(t: TestApp, email: string, roles: AdminRole[] = ['admin']): Promise<string> {
  return (await t.run(CreateAdminHandler, ADMIN_ACTOR, { email, password: ADMIN_PASSWORD, roles })).id;
}

/** The decrypted TOTP secret of an enrolled admin (the test derives the key like the app: same config). */
export async function totpSecretOf(t: TestApp, adminId: string): Promise<string> {
  const row = await queryOne<{ totp_secret: string }>(t, `SELECT totp_secret FROM admin_users WHERE id = $1`, [adminId]);
  return openTotpSecret(derivedKey(t.get(AppConfig), 'admin/totp'), row.totp_secret);
}

/** The base32 secret shown on the enrolment page. */
export function secretOnPage(html: string): string {
  const m = /id="totp-secret">([A-Z2-7 ]+)</.exec(html);
  assert.ok(m, 'the secret on the enrolment page');
  return m[1].replace(/ /g, '');
}

/**
 * Signs in through the pages: password, then enrolment (first time) or a code. Moves the fake
 * clock one TOTP step first so that each sign-in uses a fresh step.
 */
export async function signIn(t: TestApp, agent: Agent, email: string, adminId: string): Promise<void> {
  t.clock.advance(30_000);
  const pw = await submit(agent, '/admin/login', '/admin/login', { email, password: ADMIN_PASSWORD, next: '/admin' });
  assert.equal(pw.status, 303, pw.text);
  if (pw.headers.location === '/admin/login/enrol') {
    const page = (await agent.get('/admin/login/enrol').expect(200)).text;
    const secret = secretOnPage(page);
    const done = await agent.post('/admin/login/enrol').type('form').send({ code: totpCode(secret, t.clock.now()), _csrf: csrfOf(page) });
    assert.equal(done.status, 303, done.text);
    return;
  }
  assert.equal(pw.headers.location, '/admin/login/code');
  const secret = await totpSecretOf(t, adminId);
  const done = await submit(agent, '/admin/login/code', '/admin/login/code', { code: totpCode(secret, t.clock.now()) });
  assert.equal(done.status, 303, done.text);
}

/** A new admin with `roles`, signed in (enrolled) on a fresh agent. */
export async function signedInAgent(t: TestApp, email: string, roles: AdminRole[] = ['admin']): Promise<{ agent: Agent; adminId: string }> {
  const adminId = await createAdmin(t, email, roles);
  const agent = newAgent(t);
  await signIn(t, agent, email, adminId);
  return { agent, adminId };
}

export async function auditCount(t: TestApp, action: string, objectId?: string): Promise<number> {
  const row = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM admin_audit_log WHERE action = $1 AND ($2::text IS NULL OR object_id = $2)`, [action, objectId ?? null]);
  return Number(row.n);
}

/** A registrar's balance column and the sum of its ledger (invariant 3: always equal). */
export async function balanceAndLedger(t: TestApp, id: string): Promise<{ balance: number; ledger: number }> {
  const row = await queryOne<{ balance: string; ledger: string }>(t, `SELECT balance, (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE registrar_id = $1) AS ledger FROM registrars WHERE id = $1`, [id]);
  return { balance: Number(row.balance), ledger: Number(row.ledger) };
}
