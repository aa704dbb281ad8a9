import 'reflect-metadata';
import assert from 'node:assert/strict';
import request from 'supertest';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';

export const PASSWORD = 'Şəki-dağları-2026';

/** A real app (api role) with the panel mounted: the panel is part of the api role. */
export function startPanelApp(): Promise<TestApp> {
  return startTestApp({ roles: ['api'] });
}

export type Agent = ReturnType<typeof request.agent>;

/** The `_csrf` value of the first form on a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'a CSRF token in the page');
  return m[1];
}

/** Loads `page` and posts `form` (with that page's CSRF token) to `action`. */
export async function submit(agent: Agent, page: string, action: string, form: Record<string, string | string[]>): Promise<request.Response> {
  const html = (await agent.get(page).expect(200)).text;
  return agent.post(action).type('form').send({ ...form, _csrf: csrfOf(html) });
}

/** Path and query of an absolute URL (the app's PUBLIC_URL is not the test server's address). */
export function localPath(location: string): string {
  const u = new URL(location, 'http://local.invalid');
  return `${u.pathname}${u.search}`;
}

/** Signs up through the pages, confirms with the token from the outbox, and logs in. */
export async function signUpAndLogin(t: TestApp, agent: Agent, email: string): Promise<void> {
  const signed = await submit(agent, '/panel/signup', '/panel/signup', { email, password: PASSWORD });
  assert.equal(signed.status, 200, signed.text);
  const row = await queryOne<{ link: string }>(t, `SELECT payload->>'link' AS link FROM outbox WHERE recipient = $1 AND template = 'email-verification' ORDER BY id DESC LIMIT 1`, [email]);
  assert.ok(row?.link, 'a verification mail in the outbox');
  const verifyPage = localPath(row.link);
  const verified = await submit(agent, verifyPage, '/panel/verify', { token: new URL(row.link).searchParams.get('token') ?? '' });
  assert.equal(verified.status, 303, verified.text);
  const login = await submit(agent, '/panel/login', '/panel/login', { email, password: PASSWORD, next: '/panel/domains' });
  assert.equal(login.status, 303, login.text);
}

/** Search → add to cart → the hold id from the cart page. */
export async function addToCart(agent: Agent, name: string): Promise<string> {
  const added = await submit(agent, `/search?q=${encodeURIComponent(name)}`, '/cart/add', { name });
  assert.equal(added.status, 303, added.text);
  const cart = (await agent.get('/cart').expect(200)).text;
  const m = /\/panel\/checkout\/([0-9a-f-]{36})/.exec(cart);
  assert.ok(m, `a checkout link in the cart:\n${cart}`);
  return m[1];
}

/** Registrant details for a resident person. */
export const PERSON_DETAILS = { kind: 'person', name: 'Aynur Məmmədova', street: 'Nizami küç. 10', city: 'Bakı', cc: 'AZ', voice: '+994.501234567', nationalId: '5ZX9K2L' };

/** Checkout with registrant details (first time) and one year; returns the sandbox page path. */
export async function checkoutToSandbox(agent: Agent, holdId: string): Promise<string> {
  const page = (await agent.get(`/panel/checkout/${holdId}`).expect(200)).text;
  if (page.includes(`/panel/checkout/${holdId}/details`)) {
    const saved = await agent.post(`/panel/checkout/${holdId}/details`).type('form').send({ ...PERSON_DETAILS, _csrf: csrfOf(page) });
    assert.equal(saved.status, 303, saved.text);
  }
  const paid = await submit(agent, `/panel/checkout/${holdId}`, `/panel/checkout/${holdId}`, { years: '1' });
  assert.equal(paid.status, 303, paid.text);
  return localPath(paid.headers.location);
}

/** Presses a sandbox button and follows the provider's redirect to the callback page. */
export async function sandboxOutcome(agent: Agent, sandboxPath: string, outcome: 'succeeded' | 'failed' | 'cancelled'): Promise<request.Response> {
  const decided = await submit(agent, sandboxPath, sandboxPath, { outcome });
  assert.equal(decided.status, 303, decided.text);
  return agent.get(localPath(decided.headers.location));
}
