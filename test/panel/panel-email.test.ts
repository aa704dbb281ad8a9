import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { queryOne, type TestApp } from '../support/test-app';
import { addToCart, checkoutToSandbox, localPath, PASSWORD, sandboxOutcome, signUpAndLogin, startPanelApp, submit, type Agent } from './panel-helpers';

const PAGE = '/panel/account/email';

async function lastMail(t: TestApp, recipient: string, template: string): Promise<Record<string, string> | null> {
  const rows = await t.dataSource.query(`SELECT payload FROM outbox WHERE recipient = $1 AND template = $2 ORDER BY id DESC LIMIT 1`, [recipient, template]);
  return rows[0]?.payload ?? null;
}

describe('control panel: changing the account e-mail address', () => {
  let t: TestApp;
  let owner: Agent;

  before(async () => {
    t = await startPanelApp();
    owner = request.agent(t.http);
    await signUpAndLogin(t, owner, 'kohne@example.az');
    const holdId = await addToCart(owner, 'poct.az');
    assert.equal((await sandboxOutcome(owner, await checkoutToSandbox(owner, holdId), 'succeeded')).status, 200);
  });
  after(async () => {
    await t.close();
  });

  it('refuses a wrong password, the same address and a taken one, changing nothing and sending nothing', async () => {
    const other = request.agent(t.http);
    await signUpAndLogin(t, other, 'tutulub@example.az');
    for (const [form, status, text] of [
      [{ newEmail: 'yeni@example.az', password: 'yanlis-sifre-123' }, 401, /Şifrə düzgün deyil/],
      [{ newEmail: 'KOHNE@example.az', password: PASSWORD }, 409, /hesabın hazırkı ünvanıdır/],
      [{ newEmail: 'tutulub@example.az', password: PASSWORD }, 409, /artıq mövcuddur/],
    ] as const) {
      const r = await submit(owner, PAGE, PAGE, form);
      assert.equal(r.status, status, r.text);
      assert.match(r.text, text);
    }
    assert.equal(await lastMail(t, 'yeni@example.az', 'email-change'), null);
    const account = await queryOne<{ email: string }>(t, `SELECT email FROM registrant_accounts WHERE email = 'kohne@example.az'`);
    assert.equal(account.email, 'kohne@example.az');
  });

  it('mails a link to the new address and a notice to the old; opening it moves the account and the registrant contact', async () => {
    const r = await submit(owner, PAGE, PAGE, { newEmail: 'Yeni@Example.az', password: PASSWORD });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /yeni@example\.az|Yeni@Example\.az/i);
    assert.ok(await lastMail(t, 'kohne@example.az', 'email-change-requested'), 'the old address is told');
    const mail = await lastMail(t, 'yeni@example.az', 'email-change');
    assert.ok(mail?.link);
    // Nothing changes before the link is opened.
    assert.equal((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM registrant_accounts WHERE email = 'kohne@example.az'`)).n, '1');

    const token = new URL(mail.link).searchParams.get('token') ?? '';
    const confirmed = await submit(owner, localPath(mail.link), '/panel/confirm-email', { token });
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.match(confirmed.text, /yeni@example\.az/);
    const account = await queryOne<{ email: string; verified: boolean; contact_email: string }>(t,
      `SELECT a.email, a.email_verified_at IS NOT NULL AS verified, c.email AS contact_email FROM registrant_accounts a JOIN contacts c ON c.id = a.contact_id WHERE a.email = 'yeni@example.az'`);
    assert.equal(account.verified, true);
    assert.equal(account.contact_email, 'yeni@example.az');
    const changed = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE action = 'account.confirm-email-change' AND object_name = 'yeni@example.az'`);
    assert.equal(changed.n, '1', 'the account change has a history row');
    const contactRow = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE action = 'contact.update' AND after->>'email' = 'yeni@example.az'`);
    assert.equal(contactRow.n, '1', 'the contact update has its own history row');

    // The link works once; the old address no longer logs in, the new one does.
    const again = await submit(request.agent(t.http), localPath(mail.link), '/panel/confirm-email', { token });
    assert.equal(again.status, 422);
    assert.match(again.text, /istifadə olunub|etibarsızdır/);
    const fresh = request.agent(t.http);
    assert.equal((await submit(fresh, '/panel/login', '/panel/login', { email: 'kohne@example.az', password: PASSWORD })).status, 422);
    assert.equal((await submit(fresh, '/panel/login', '/panel/login', { email: 'yeni@example.az', password: PASSWORD })).status, 303);
  });

  it('needs a login', async () => {
    const r = await request(t.http).get(PAGE);
    assert.equal(r.status, 303);
    assert.match(r.headers.location, /^\/panel\/login/);
  });
});
