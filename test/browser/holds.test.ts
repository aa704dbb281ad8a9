import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addButton, checkoutToSandbox, heading, holdCount, search, shot, signUpAndLogin, startBrowserApp, submitBy, type BrowserApp } from './browser';

const HELD_BY_SOMEONE_ELSE = 'Bu ad hazırda başqa alıcı tərəfindən saxlanılır.';

/** Clicks a result's "add to cart" and waits for the page it leads to. */
async function add(page: Page, name: string): Promise<void> {
  const button = addButton(page, name);
  if (!(await button.count())) assert.fail(`no "add to cart" button for ${name} on ${page.url()}:\n${await page.locator('main').innerText()}`);
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

describe('browser: two people, one name — holds, expiry, failed payment, CSRF', { timeout: 120_000 }, () => {
  let app: BrowserApp;
  let leyla: Page;
  let rashad: Page;
  before(async () => {
    app = await startBrowserApp();
    leyla = await app.person();
    rashad = await app.person();
    await signUpAndLogin(app, leyla, 'leyla@example.az');
    await signUpAndLogin(app, rashad, 'rashad@example.az');
  });
  after(async () => {
    await app?.close();
  });

  it('two browsers click "add to cart" at the same moment: exactly one gets the hold', async () => {
    await Promise.all([search(leyla, 'ulduz.az'), search(rashad, 'ulduz.az')]);
    await Promise.all([add(leyla, 'ulduz.az'), add(rashad, 'ulduz.az')]);

    const outcome = async (page: Page) => {
      await page.locator('.flash, .err').first().waitFor();
      return (await page.locator('.err').count()) ? 'refused' : 'held';
    };
    const [a, b] = await Promise.all([outcome(leyla), outcome(rashad)]);
    assert.deepEqual([a, b].sort(), ['held', 'refused'], `leyla: ${a}, rashad: ${b}`);
    const winner = a === 'held' ? leyla : rashad;
    const loser = a === 'held' ? rashad : leyla;
    await winner.getByText('ulduz.az səbətə əlavə olundu.').waitFor();
    await loser.getByRole('alert').getByText(HELD_BY_SOMEONE_ELSE).waitFor();
    assert.equal(await loser.getByRole('link', { name: 'Ödənişə keç: ulduz.az' }).count(), 0);
    assert.equal(await holdCount(app.t, 'ulduz.az'), 1);

    // The loser's search now says so too.
    await search(loser, 'ulduz.az');
    await loser.locator('section[aria-labelledby="h-exact"]').getByText('Başqa alıcı tərəfindən saxlanılır').waitFor();
    assert.equal(await addButton(loser, 'ulduz.az').count(), 0);
  });

  it('an expired hold releases the name: 16 minutes later the other account can add it', async () => {
    await search(leyla, 'bahar.az');
    await add(leyla, 'bahar.az');
    await leyla.getByText('bahar.az səbətə əlavə olundu.').waitFor();

    await search(rashad, 'bahar.az');
    assert.equal(await addButton(rashad, 'bahar.az').count(), 0, 'held: no add button');

    app.t.clock.advance(16 * 60_000);
    await leyla.goto('/cart');
    await leyla.getByText('Səbətiniz boşdur.').waitFor();
    await search(rashad, 'bahar.az');
    await rashad.locator('section[aria-labelledby="h-exact"]').getByText('Boşdur').waitFor();
    await add(rashad, 'bahar.az');
    await rashad.getByText('bahar.az səbətə əlavə olundu.').waitFor();
    assert.equal(new URL(rashad.url()).pathname, '/cart');
    await rashad.getByRole('link', { name: 'Ödənişə keç: bahar.az', exact: true }).waitFor();
  });

  it('a failed payment (sandbox "declined") releases the name for the other account', async () => {
    await search(leyla, 'dalga.az');
    await add(leyla, 'dalga.az');
    await leyla.getByText('dalga.az səbətə əlavə olundu.').waitFor();
    assert.equal(await holdCount(app.t, 'dalga.az'), 1);
    await checkoutToSandbox(leyla, 'dalga.az');
    await submitBy(leyla, 'Ödəniş rədd edildi');
    assert.equal(new URL(leyla.url()).pathname, '/panel/payments/callback');
    await leyla.getByText('Ödəniş alınmadı; ad saxlanılmadan buraxıldı.').waitFor();
    await shot(leyla, '10-payment-failed');
    assert.equal(await holdCount(app.t, 'dalga.az'), 0);

    await leyla.goto('/cart');
    assert.equal(await leyla.getByText('dalga.az').count(), 0);
    await search(rashad, 'dalga.az');
    await add(rashad, 'dalga.az');
    await rashad.getByText('dalga.az səbətə əlavə olundu.').waitFor();
  });

  it('a form sent without its CSRF token is refused with 403 and changes nothing', async () => {
    await search(leyla, 'yagis.az');
    // The page's own script runs nowhere (CSP script-src 'none'); this runs through DevTools. A string,
    // because the project compiles without the DOM library.
    const removed = Number(await leyla.evaluate(`(() => { const all = document.querySelectorAll('input[name="_csrf"]'); all.forEach((i) => i.remove()); return all.length; })()`));
    assert.ok(removed > 0, 'the page had CSRF fields');
    const [response] = await Promise.all([
      leyla.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/cart/add'),
      add(leyla, 'yagis.az'),
    ]);
    assert.equal(response.status(), 403);
    await leyla.getByRole('alert').getByText('Formun müddəti bitib').waitFor();
    assert.equal(await heading(leyla), 'Xəta');
    assert.equal(await holdCount(app.t, 'yagis.az'), 0);

    // A forged request from this browser (its cookies, no token) is refused as well.
    const forged = await leyla.context().request.post('/cart/add', { form: { name: 'yagis.az' }, maxRedirects: 0, timeout: 10_000 });
    assert.equal(forged.status(), 403);
    const wrong = await leyla.context().request.post('/cart/add', { form: { name: 'yagis.az', _csrf: 'forged.token' }, maxRedirects: 0, timeout: 10_000 });
    assert.equal(wrong.status(), 403);
    assert.equal(await holdCount(app.t, 'yagis.az'), 0);

    // With the token the same browser can still add it.
    await search(leyla, 'yagis.az');
    await add(leyla, 'yagis.az');
    await leyla.getByText('yagis.az səbətə əlavə olundu.').waitFor();
  });
});
