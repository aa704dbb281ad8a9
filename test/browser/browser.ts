import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';

/** Debian's Chromium; `.ci/run` installs the `chromium` package when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** Every browser step (navigation, click, wait) gives up after this long. */
export const STEP_TIMEOUT_MS = 10_000;
/** A phone: the panel is meant to work on one. */
export const PHONE_VIEWPORT = { width: 412, height: 900 };
export const PASSWORD = 'Şəki-dağları-2026';
/** `test-output/screenshots` at the repository root (the compiled file lives in dist/test/browser). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');

export const PERSON_DETAILS = { name: 'Aynur Məmmədova', street: 'Nizami küç. 10', city: 'Bakı', cc: 'AZ', voice: '+994.501234567', nationalId: '5ZX9K2L' };

/** A free TCP port on 127.0.0.1 (PUBLIC_URL must be known before the app starts). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export interface BrowserApp {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A new browser context (one simulated person) with a phone viewport. */
  person(): Promise<Page>;
  close(): Promise<void>;
}

/** A real app (api role, panel included) listening on a real port, and a headless Chromium. */
export async function startBrowserApp(): Promise<BrowserApp> {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: the browser tests need Debian's Chromium, which .ci/run installs (apt-get install chromium)`,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ roles: ['api'], env: { PUBLIC_URL: base } });
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  try {
    await t.app.listen(port, '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: STEP_TIMEOUT_MS,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
    });
  } catch (error) {
    await t.close();
    throw error;
  }
  const b = browser;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    t,
    base,
    browser: b,
    person: async () => {
      const context = await b.newContext({ baseURL: base, viewport: PHONE_VIEWPORT, locale: 'az-AZ' });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
      contexts.push(context);
      return context.newPage();
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await b.close().catch(() => undefined);
      await t.close();
    },
  };
}

/** A full-page screenshot under test-output/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, timeout: STEP_TIMEOUT_MS });
}

/** The page's `<h1>` text. */
export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

/** Clicks a submit button and waits for the page the form leads to. */
export async function submitBy(page: Page, buttonName: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: buttonName, exact: true }).click()]);
}

/** Signs up through the pages (on the current language), confirms with the mailed link, and logs in. */
export async function signUpAndLogin(app: BrowserApp, page: Page, email: string): Promise<void> {
  await page.goto('/panel/signup');
  await page.getByLabel('E-poçt').fill(email);
  await page.getByLabel('Şifrə').fill(PASSWORD);
  await submitBy(page, 'Hesab yarat');
  await page.getByText('Hesab yaradıldı').waitFor();
  const row = await queryOne<{ link: string }>(
    app.t,
    `SELECT payload->>'link' AS link FROM outbox WHERE recipient = $1 AND template = 'email-verification' ORDER BY id DESC LIMIT 1`,
    [email],
  );
  assert.ok(row?.link, 'a verification mail in the outbox');
  assert.ok(row.link.startsWith(app.base), `the mailed link points at the panel: ${row.link}`);
  await page.goto(row.link);
  await submitBy(page, 'Təsdiqlə');
  assert.equal(new URL(page.url()).pathname, '/panel/login');
  await page.getByText('E-poçt ünvanınız təsdiqləndi').waitFor();
  await logIn(page, email);
}

/** Fills and submits the login form on the current login page. */
export async function logIn(page: Page, email: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/panel/login') await page.goto('/panel/login');
  await page.getByLabel('E-poçt').fill(email);
  await page.getByLabel('Şifrə').fill(PASSWORD);
  await submitBy(page, 'Daxil ol');
  assert.notEqual(new URL(page.url()).pathname, '/panel/login', await page.locator('main').innerText());
}

/** Searches from the home page for `q`. */
export async function search(page: Page, q: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Domen adı').fill(q);
  await submitBy(page, 'Axtar');
}

/** The "add to cart" button of one result (its accessible name carries the domain). */
export function addButton(page: Page, name: string) {
  return page.getByRole('button', { name: `Səbətə əlavə et: ${name}`, exact: true });
}

/** From the cart: checkout link → registrant details (first time) → one year → Pay; ends on the sandbox page. */
export async function checkoutToSandbox(page: Page, name: string, onStage?: (stage: 'details' | 'pay') => Promise<void>): Promise<void> {
  await page.goto('/cart');
  await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: `Ödənişə keç: ${name}`, exact: true }).click()]);
  assert.match(await heading(page), new RegExp(`Ödəniş: ${name.replace(/\./g, '\\.')}`));
  if (await page.getByRole('heading', { name: 'Registrant məlumatları' }).count()) {
    await onStage?.('details');
    await page.getByLabel('Fiziki şəxs').check();
    await page.getByLabel('Ad, soyad').fill(PERSON_DETAILS.name);
    await page.getByLabel('Ünvan').fill(PERSON_DETAILS.street);
    await page.getByLabel('Şəhər').fill(PERSON_DETAILS.city);
    await page.getByLabel('Ölkə kodu (AZ)').fill(PERSON_DETAILS.cc);
    await page.getByLabel('Telefon (+994.501234567)').fill(PERSON_DETAILS.voice);
    await page.getByLabel('FİN və ya VÖEN').fill(PERSON_DETAILS.nationalId);
    await submitBy(page, 'Yadda saxla');
  }
  await page.getByLabel('Müddət (il)').selectOption('1');
  await onStage?.('pay');
  await submitBy(page, 'Ödə');
  assert.match(new URL(page.url()).pathname, /^\/pay\/sandbox\//);
  assert.equal(await heading(page), 'Sınaq ödəniş səhifəsi');
}

/** Live holds of a name, straight from the database. */
export async function holdCount(t: TestApp, name: string): Promise<number> {
  return Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM name_holds WHERE name = $1`, [name])).n);
}
