import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationError, InvalidAuthInfoError, MissingParameterError, ObjectExistsError, ParameterPolicyError, ParameterSyntaxError } from '../../src/common/registry-errors';
import { sha256 } from '../../src/common/secrets';
import { LOGIN_LOCK_MS, VERIFY_EMAIL_TTL_MS } from '../../src/registry/accounts/account.types';
import { LoginHandler } from '../../src/registry/accounts/commands/login.handler';
import { SignUpHandler } from '../../src/registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../src/registry/accounts/commands/verify-email.handler';
import { registryError } from '../handlers/handler-helpers';
import { queryOne } from '../support/test-app';
import { anonymousPanelActor, countRows, deliveredMail, lastMail, newVerifiedAccount, PASSWORD, startAccountsApp, tokenFromText, type AccountsApp } from './account-helpers';

/** Sign-up, e-mail verification and login (with lockout), against real PostgreSQL. */
describe('account sign-up, verification and login', () => {
  let a: AccountsApp;
  const anon = anonymousPanelActor('req-test');
  const signUp = (email: string, password = PASSWORD, locale?: string) => a.run(SignUpHandler, anon, { email, password, locale });
  const login = (email: string, password = PASSWORD) => a.run(LoginHandler, anon, { email, password });
  const verify = (token: string) => a.run(VerifyEmailHandler, anon, { token });
  const loginFailed = registryError(AuthenticationError, 2200, 'login-failed');

  before(async () => {
    a = await startAccountsApp();
  });
  after(() => a.close());

  it('sign-up → the mail carries a working link → verify → login', async () => {
    const r = await signUp('  Aynur.Mammadova@Example.AZ ', PASSWORD, 'az');
    assert.equal(r.email, 'aynur.mammadova@example.az', 'trimmed and lower-cased');
    const account = await queryOne<{ email: string; locale: string; email_verified_at: Date | null; password_hash: string }>(a.t, `SELECT * FROM registrant_accounts WHERE id = $1`, [r.accountId]);
    assert.equal(account.email, r.email);
    assert.equal(account.email_verified_at, null);
    assert.match(account.password_hash, /^\$argon2id\$/);

    const row = await lastMail(a, r.email, 'email-verification');
    assert.equal(row.locale, 'az');
    const mail = await deliveredMail(a, row);
    assert.equal(mail.subject, 'E-poçt ünvanınızı təsdiqləyin');
    const token = tokenFromText(mail.text, 'verify');
    assert.ok(mail.text.includes(`http://127.0.0.1:3000/panel/verify?token=${token}`), 'the link is under PUBLIC_URL');
    assert.ok(mail.html.includes(`<a href="http://127.0.0.1:3000/panel/verify?token=${token}">`), 'a real link in the HTML part');
    assert.match(mail.text, /16\.01\.2026 14:00 \(Bakı vaxtı\)/, 'valid 24 h, shown in Baku time');

    const tokenRow = await queryOne<{ purpose: string; expires_at: Date; used_at: Date | null }>(a.t, `SELECT * FROM account_tokens WHERE token_hash = $1`, [sha256(token)]);
    assert.equal(tokenRow.purpose, 'verify-email');
    assert.equal(tokenRow.expires_at.getTime(), a.t.clock.now().getTime() + VERIFY_EMAIL_TTL_MS);

    const unverified = await login(r.email);
    assert.deepEqual(unverified, { accountId: r.accountId, emailVerified: false, locale: 'az' }, 'an unverified address may log in');

    assert.deepEqual(await verify(token), { accountId: r.accountId });
    const verified = await queryOne<{ email_verified_at: Date }>(a.t, `SELECT email_verified_at FROM registrant_accounts WHERE id = $1`, [r.accountId]);
    assert.deepEqual(verified.email_verified_at, a.t.clock.now());
    assert.deepEqual(await login('AYNUR.MAMMADOVA@example.az'), { accountId: r.accountId, emailVerified: true, locale: 'az' });

    const history = await a.t.dataSource.query(`SELECT action, actor_type, channel, request_id FROM history WHERE object_type = 'account' AND object_id = $1 ORDER BY id`, [r.accountId]);
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['account.sign-up', 'account.verify-email']);
    assert.equal(history[0].actor_type, 'registrant');
    assert.equal(history[0].channel, 'panel');
    assert.equal(history[0].request_id, 'req-test');
  });

  it('an English account gets the English mail; an IDN domain is stored as its A-label', async () => {
    const r = await signUp('leyla@şəki.az', 'correct horse battery staple', 'en');
    assert.equal(r.email, 'leyla@xn--ki-eta41h.az');
    const mail = await deliveredMail(a, await lastMail(a, r.email, 'email-verification'));
    assert.equal(mail.subject, 'Confirm your e-mail address');
    assert.match(mail.text, /valid until 2026-01-16 14:00 \(Baku time, UTC\+4\)/);
  });

  it('a second account for the same address (in any case) is refused: 2302 email-taken, nothing written', async () => {
    await signUp('dup@example.az');
    const before = await countRows(a, `SELECT 1 FROM outbox`);
    await assert.rejects(signUp('DUP@Example.az', 'another-good-passphrase'), registryError(ObjectExistsError, 2302, 'email-taken'));
    assert.equal(await countRows(a, `SELECT 1 FROM registrant_accounts WHERE lower(email) = 'dup@example.az'`), 1);
    assert.equal(await countRows(a, `SELECT 1 FROM outbox`), before, 'no second mail');
  });

  it('weak passwords and bad input are refused with typed errors', async () => {
    const weak = (email: string, password: string, reason: string) =>
      assert.rejects(signUp(email, password), registryError(ParameterPolicyError, 2306, reason));
    await weak('weak1@example.az', 'short-pw1', 'password-too-short');
    await weak('weak1@example.az', 'ŞəkiŞəki9', 'password-too-short');
    await weak('weak1@example.az', 'x'.repeat(257), 'password-too-long');
    await weak('weak.address@example.az', 'Weak.Address@Example.az', 'password-is-email');
    await weak('weak.address@example.az', 'weak.address', 'password-is-email');
    await weak('weak2@example.az', 'qwertyuiop', 'password-too-common');
    await weak('weak2@example.az', 'Password123', 'password-too-common');
    await weak('weak2@example.az', 'Azərbaycan', 'password-too-common');
    await weak('weak2@example.az', 'abababababab', 'password-too-common');
    await assert.rejects(signUp('not-an-address', PASSWORD), registryError(ParameterSyntaxError, 2005, 'email'));
    await assert.rejects(signUp('two@@example.az', PASSWORD), registryError(ParameterSyntaxError, 2005, 'email'));
    await assert.rejects(signUp('a b@example.az', PASSWORD), registryError(ParameterSyntaxError, 2005, 'email'));
    await assert.rejects(signUp('x@localhost', PASSWORD), registryError(ParameterSyntaxError, 2005, 'email'));
    await assert.rejects(signUp('ok@example.az', PASSWORD, 'ru'), registryError(ParameterSyntaxError, 2005, 'locale'));
    await assert.rejects(signUp('', PASSWORD), registryError(MissingParameterError, 2003, 'email'));
    assert.equal(await countRows(a, `SELECT 1 FROM registrant_accounts WHERE email LIKE 'weak%' OR email LIKE 'ok@%'`), 0);
  });

  it('a verification token works once, not after 24 hours, and only as a verification token', async () => {
    const first = await signUp('once@example.az');
    const token = (await lastMail(a, first.email, 'email-verification')).payload.link.split('token=')[1];
    await verify(token);
    await assert.rejects(verify(token), registryError(InvalidAuthInfoError, 2202, 'token-used'));
    await assert.rejects(verify('not-a-token'), registryError(InvalidAuthInfoError, 2202, 'token-unknown'));
    await assert.rejects(verify('A'.repeat(43)), registryError(InvalidAuthInfoError, 2202, 'token-unknown'));

    const late = await signUp('late@example.az');
    const lateToken = (await lastMail(a, late.email, 'email-verification')).payload.link.split('token=')[1];
    a.t.clock.advance(VERIFY_EMAIL_TTL_MS);
    try {
      await assert.rejects(verify(lateToken), registryError(InvalidAuthInfoError, 2202, 'token-expired'));
    } finally {
      a.t.clock.advance(-VERIFY_EMAIL_TTL_MS);
    }
    const row = await queryOne<{ email_verified_at: Date | null }>(a.t, `SELECT email_verified_at FROM registrant_accounts WHERE id = $1`, [late.accountId]);
    assert.equal(row.email_verified_at, null);
    assert.deepEqual(await verify(lateToken), { accountId: late.accountId }, 'one second earlier it still works (rejections rolled back)');
  });

  it('every login failure is the same 2200, whatever went wrong', async () => {
    await newVerifiedAccount(a, 'same-error@example.az');
    await assert.rejects(login('same-error@example.az', 'wrong-password-1'), loginFailed);
    await assert.rejects(login('nobody@example.az'), loginFailed);
    await assert.rejects(login('not an address'), loginFailed);
    await assert.rejects(login('same-error@example.az', ''), loginFailed);
    const row = await queryOne<{ failed_logins: number }>(a.t, `SELECT failed_logins FROM registrant_accounts WHERE email = 'same-error@example.az'`);
    assert.equal(row.failed_logins, 2, 'failures are counted although the command failed');
    await login('same-error@example.az');
    const cleared = await queryOne<{ failed_logins: number }>(a.t, `SELECT failed_logins FROM registrant_accounts WHERE email = 'same-error@example.az'`);
    assert.equal(cleared.failed_logins, 0, 'a success ends the series');
  });

  it('10 wrong passwords lock the account for 15 minutes, even against the right password; then login works', async () => {
    const { accountId, email } = await newVerifiedAccount(a, 'locked@example.az');
    for (let i = 1; i <= 9; i++) await assert.rejects(login(email, `wrong-password-${i}`), loginFailed);
    assert.equal(await countRows(a, `SELECT 1 FROM history WHERE object_id = $1 AND action = 'account.lock'`, [accountId]), 0, 'nine failures do not lock');
    await assert.rejects(login(email, 'wrong-password-10'), loginFailed);
    const locked = await queryOne<{ locked_until: Date; failed_logins: number }>(a.t, `SELECT locked_until, failed_logins FROM registrant_accounts WHERE id = $1`, [accountId]);
    assert.equal(locked.locked_until.getTime(), a.t.clock.now().getTime() + LOGIN_LOCK_MS);
    const lockRows = await a.t.dataSource.query(`SELECT after FROM history WHERE object_id = $1 AND action = 'account.lock'`, [accountId]);
    assert.equal(lockRows.length, 1, 'the lock is in the history');
    assert.equal(lockRows[0].after.reason, 'failed-logins');

    await assert.rejects(login(email), loginFailed, 'the right password is refused while locked');
    for (let i = 0; i < 12; i++) await assert.rejects(login(email, `more-wrong-${i}`), loginFailed);
    a.t.clock.advance(LOGIN_LOCK_MS - 1_000);
    await assert.rejects(login(email), loginFailed, 'still locked a second before the end; attempts while locked do not extend it');
    a.t.clock.advance(1_000);
    assert.deepEqual(await login(email), { accountId, emailVerified: true, locale: 'az' });
    const after = await queryOne<{ locked_until: Date | null; failed_logins: number }>(a.t, `SELECT locked_until, failed_logins FROM registrant_accounts WHERE id = $1`, [accountId]);
    assert.deepEqual(after, { locked_until: null, failed_logins: 0 });
    assert.equal(await countRows(a, `SELECT 1 FROM history WHERE object_id = $1 AND action = 'account.lock'`, [accountId]), 1);
  });

  it('concurrent wrong passwords are all counted (the counter is atomic)', async () => {
    const { accountId, email } = await newVerifiedAccount(a, 'burst@example.az');
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => login(email, `burst-wrong-${i}`)));
    assert.ok(results.every((r) => r.status === 'rejected'));
    const row = await queryOne<{ failed_logins: number }>(a.t, `SELECT failed_logins FROM registrant_accounts WHERE id = $1`, [accountId]);
    assert.equal(row.failed_logins, 6);
  });
});
