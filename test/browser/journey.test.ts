import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LookupService } from '../../src/lookup/lookup.service';
import { addButton, checkoutToSandbox, heading, holdCount, logIn, search, shot, signUpAndLogin, startBrowserApp, submitBy, type BrowserApp } from './browser';

describe('browser: the registrant journey in Chromium', { timeout: 120_000 }, () => {
  let app: BrowserApp;
  before(async () => {
    app = await startBrowserApp();
  });
  after(async () => {
    await app?.close();
  });

  it('search → add (visitor hold, countdown) → sign up → verify → log in → cart → checkout → sandbox success → My domains → nameservers → WHOIS', async () => {
    const page = await app.person();
    await page.goto('/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'az');
    assert.equal(await heading(page), 'Öz .az adınızı tapın');
    await shot(page, '01-home');

    await search(page, 'gunes');
    assert.equal(new URL(page.url()).pathname, '/search');
    const exact = page.locator('section[aria-labelledby="h-exact"]');
    await exact.getByText('gunes.az', { exact: true }).waitFor();
    await exact.getByText('Boşdur').waitFor();
    await shot(page, '02-search-results');

    // A visitor holds at once, without an account; the cart counts the hold down and asks for a login to pay.
    await Promise.all([page.waitForEvent('load'), addButton(page, 'gunes.az').click()]);
    assert.equal(new URL(page.url()).pathname, '/cart');
    await page.getByText('gunes.az səbətə əlavə olundu.').waitFor();
    await page.getByText('bitmə vaxtı 14:15 (Bakı vaxtı)').waitFor();
    await page.getByRole('timer').getByText(/\d+:\d\d qalıb/).waitFor();
    await page.getByText('Ödəmək üçün daxil olun və ya qeydiyyatdan keçin').waitFor();
    assert.equal(await page.getByRole('link', { name: /Ödənişə keç/ }).count(), 0, 'no checkout before login');
    await shot(page, '03-cart-visitor');

    // No account yet: sign up, confirm, log in — the hold comes along to the account's cart.
    await signUpAndLogin(app, page, 'aynur@example.az');
    assert.equal(new URL(page.url()).pathname, '/panel/domains');
    await page.getByText('Hələ domeniniz yoxdur.').waitFor();
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Səbət', exact: true }).click()]);
    assert.equal(new URL(page.url()).pathname, '/cart');
    await page.getByText('bitmə vaxtı 14:15 (Bakı vaxtı)').waitFor();
    await shot(page, '03-cart');

    await checkoutToSandbox(page, 'gunes.az', async (stage) => shot(page, stage === 'details' ? '04-checkout-details' : '05-checkout-pay'));
    await page.getByText(/Məbləğ: \d+\.\d\d AZN/).waitFor();
    await shot(page, '06-sandbox');
    await submitBy(page, 'Uğurlu ödəniş');
    assert.equal(new URL(page.url()).pathname, '/panel/payments/callback');
    await page.getByText('Təbrik edirik! gunes.az artıq sizindir.').waitFor();

    await Promise.all([page.waitForEvent('load'), page.getByRole('main').getByRole('link', { name: 'Domenlərim', exact: true }).click()]);
    assert.equal(new URL(page.url()).pathname, '/panel/domains');
    const row = page.getByRole('row').filter({ hasText: 'gunes.az' });
    await row.getByText('2027-01-15').waitFor();
    await shot(page, '07-my-domains');

    await Promise.all([page.waitForEvent('load'), row.getByRole('link', { name: 'gunes.az', exact: true }).click()]);
    assert.equal(new URL(page.url()).pathname, '/panel/domains/gunes.az');
    await page.getByText('Ad server təyin edilməyib.').waitFor();
    await page.getByLabel('Əlavə ediləcək ad serverləri (hər sətirdə bir)').fill('ns1.example.com\nns2.example.net');
    await submitBy(page, 'Ad serverlərini yadda saxla');
    await page.getByText('Dəyişikliklər yadda saxlanıldı.').waitFor();
    await page.locator('.ns', { hasText: 'ns1.example.com' }).waitFor();
    await page.locator('.ns', { hasText: 'ns2.example.net' }).waitFor();
    await shot(page, '08-domain');

    const whois = await app.t.get(LookupService).domain('gunes.az');
    assert.equal(whois.kind, 'found');
    if (whois.kind === 'found') assert.deepEqual(whois.domain.nameservers.map((n) => n.name).sort(), ['ns1.example.com', 'ns2.example.net']);

    // Ticking "remove" on one keeps the other.
    await page.getByLabel('Silinsin ns2.example.net').check();
    await submitBy(page, 'Ad serverlərini yadda saxla');
    await page.getByText('Dəyişikliklər yadda saxlanıldı.').waitFor();
    const after = await app.t.get(LookupService).domain('gunes.az');
    if (after.kind === 'found') assert.deepEqual(after.domain.nameservers.map((n) => n.name), ['ns1.example.com']);
    assert.equal(await holdCount(app.t, 'gunes.az'), 0, 'the hold was consumed by the create');

    // Logging out and back in lands on My domains again.
    await submitBy(page, 'Çıxış');
    assert.equal(new URL(page.url()).pathname, '/');
    await logIn(page, 'aynur@example.az');
    await page.getByRole('link', { name: 'gunes.az', exact: true }).waitFor();
  });

  it('switches the language: Azerbaijani by default, English from the header link, remembered', async () => {
    const page = await app.person();
    await page.goto('/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'az');
    assert.equal(await heading(page), 'Öz .az adınızı tapın');
    const english = page.getByRole('link', { name: 'English', exact: true });
    assert.equal(await english.getAttribute('hreflang'), 'en');
    await Promise.all([page.waitForEvent('load'), english.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await heading(page), 'Find your .az name');
    await shot(page, '09-home-en');

    // Remembered in a cookie: a plain link (no ?lang) stays in English.
    await page.getByLabel('Domain name').fill('gunes');
    await submitBy(page, 'Search');
    assert.equal(new URL(page.url()).searchParams.get('lang'), null);
    assert.equal(await heading(page), 'Search results');
    await page.getByRole('heading', { name: 'The name you searched for' }).waitFor();
    await page.locator('section[aria-labelledby="h-exact"]').getByText('Registered').waitFor();
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Cart', exact: true }).click()]);
    assert.equal(await heading(page), 'Cart');

    // And back.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Azərbaycanca', exact: true }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'az');
    assert.equal(await heading(page), 'Səbət');
    await page.goto('/');
    assert.equal(await heading(page), 'Öz .az adınızı tapın');
  });
});
