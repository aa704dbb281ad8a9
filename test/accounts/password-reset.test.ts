import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationError, InvalidAuthInfoError, ParameterPolicyError, ParameterSyntaxError } from '../../src/common/registry-errors';
import { LOGIN_FAILURES_BEFORE_LOCK, RESET_PASSWORD_TTL_MS } from '../../src/registry/accounts/account.types';
import { LoginHandler } from '../../src/registry/accounts/commands/login.handler';
import { MAX_RESET_MAILS_PER_HOUR, RequestPasswordResetHandler } from '../../src/registry/accounts/commands/request-password-reset.handler';
import { ResetPasswordHandler } from '../../src/registry/accounts/commands/reset-password.handler';
import { SignUpHandler } from '../../src/registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../src/registry/accounts/commands/verify-email.handler';
import { registryError } from '../handlers/handler-helpers';
import { queryOne } from '../support/test-app';
import { anonymousPanelActor, countRows, deliveredMail, lastMail, newVerifiedAccount, PASSWORD, startAccountsApp, tokenFromText, type AccountsApp } from './account-helpers';

/** Password reset by e-mailed token: one use, one hour, the old password stops working. */
describe('account password reset', () => {
  let a: AccountsApp;
  const anon = anonymousPanelActor();
  const requestReset = (email: string) => a.run(RequestPasswordResetHandler, anon, { email });
  const reset = (token: string, password: string) => a.run(ResetPasswordHandler, anon, { token, password });
  const login = (email: string, password: string) => a.run(LoginHandler, anon, { email, password });
  const loginFailed = registryError(AuthenticationError, 2200, 'login-failed');
  const resetToken = async (email: string) => (await lastMail(a, email, 'password-reset')).payload.link.split('token=')[1];

  before(async () => {
    a = await startAccountsApp();
  });
  after(() => a.close());

  it('request → mail with a link → new password; the old one stops working and the link cannot be reused', async () => {
    const { accountId, email } = await newVerifiedAccount(a, 'reset@example.az', PASSWORD, 'en');
    await requestReset('Reset@Example.az');
    const row = await lastMail(a, email, 'password-reset');
    assert.equal(row.locale, 'en', "the account's language");
    const mail = await deliveredMail(a, row);
    assert.equal(mail.subject, 'Reset your password');
    const token = tokenFromText(mail.text, 'reset-password');
    assert.match(mail.text, /valid until 2026-01-15 15:00 \(Baku time, UTC\+4\)/, 'one hour');

    await assert.rejects(reset(token, 'qwertyuiop'), registryError(ParameterPolicyError, 2306, 'password-too-common'));
    await assert.rejects(reset(token, 'reset@example.az'), registryError(ParameterPolicyError, 2306, 'password-is-email'));
    assert.deepEqual(await reset(token, 'a brand new passphrase'), { accountId }, 'a refused password leaves the link usable');

    await assert.rejects(login(email, PASSWORD), loginFailed, 'the old password no longer works');
    assert.equal((await login(email, 'a brand new passphrase')).accountId, accountId);
    await assert.rejects(reset(token, 'yet another passphrase'), registryError(InvalidAuthInfoError, 2202, 'token-used'));

    const history = await a.t.dataSource.query(`SELECT action, after FROM history WHERE object_type = 'account' AND object_id = $1 ORDER BY id`, [accountId]);
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['account.sign-up', 'account.verify-email', 'account.request-password-reset', 'account.reset-password']);
    assert.equal(history[3].after.passwordChanged, true);
  });

  it('a reset invalidates the other reset links of the account', async () => {
    const { email } = await newVerifiedAccount(a, 'two-links@example.az');
    await requestReset(email);
    const first = await resetToken(email);
    await requestReset(email);
    const second = await resetToken(email);
    assert.notEqual(first, second);
    await reset(second, 'the second link wins');
    await assert.rejects(reset(first, 'the first link is dead'), registryError(InvalidAuthInfoError, 2202, 'token-used'));
    assert.equal((await login(email, 'the second link wins')).emailVerified, true);
  });

  it('a reset link expires after one hour; tokens of one purpose never serve the other', async () => {
    const { email } = await newVerifiedAccount(a, 'expiry@example.az');
    await requestReset(email);
    const token = await resetToken(email);
    await assert.rejects(a.run(VerifyEmailHandler, anon, { token }), registryError(InvalidAuthInfoError, 2202, 'token-unknown'));
    a.t.clock.advance(RESET_PASSWORD_TTL_MS);
    await assert.rejects(reset(token, 'too late for this'), registryError(InvalidAuthInfoError, 2202, 'token-expired'));

    const fresh = await a.run(SignUpHandler, anon, { email: 'fresh@example.az', password: PASSWORD });
    const verifyToken = (await lastMail(a, fresh.email, 'email-verification')).payload.link.split('token=')[1];
    await assert.rejects(reset(verifyToken, 'not with this token'), registryError(InvalidAuthInfoError, 2202, 'token-unknown'));
  });

  it('outwardly the same for unknown addresses: no token, no mail, no history', async () => {
    const before = { tokens: await countRows(a, `SELECT 1 FROM account_tokens`), mails: await countRows(a, `SELECT 1 FROM outbox`), history: await countRows(a, `SELECT 1 FROM history`) };
    assert.equal(await requestReset('nobody-here@example.az'), undefined);
    assert.deepEqual(
      { tokens: await countRows(a, `SELECT 1 FROM account_tokens`), mails: await countRows(a, `SELECT 1 FROM outbox`), history: await countRows(a, `SELECT 1 FROM history`) },
      before,
    );
    await assert.rejects(requestReset('no address'), registryError(ParameterSyntaxError, 2005, 'email'));
  });

  it(`at most ${MAX_RESET_MAILS_PER_HOUR} reset mails an hour per account; further requests are silently ignored`, async () => {
    const { email } = await newVerifiedAccount(a, 'bombed@example.az');
    for (let i = 0; i < MAX_RESET_MAILS_PER_HOUR + 2; i++) await requestReset(email);
    assert.equal(await countRows(a, `SELECT 1 FROM outbox WHERE recipient = $1 AND template = 'password-reset'`, [email]), MAX_RESET_MAILS_PER_HOUR);
    a.t.clock.advance(60 * 60_000);
    await requestReset(email);
    assert.equal(await countRows(a, `SELECT 1 FROM outbox WHERE recipient = $1 AND template = 'password-reset'`, [email]), MAX_RESET_MAILS_PER_HOUR + 1);
  });

  it('a reset lifts a login lock and verifies an unverified address (the link reached it)', async () => {
    const r = await a.run(SignUpHandler, anon, { email: 'forgetful@example.az', password: PASSWORD });
    for (let i = 0; i < LOGIN_FAILURES_BEFORE_LOCK; i++) await assert.rejects(login(r.email, `wrong-guess-${i}`), loginFailed);
    await assert.rejects(login(r.email, PASSWORD), loginFailed, 'locked');
    await requestReset(r.email);
    await reset(await resetToken(r.email), 'remembered at last');
    assert.deepEqual(await login(r.email, 'remembered at last'), { accountId: r.accountId, emailVerified: true, locale: 'az' });
    const row = await queryOne<{ locked_until: Date | null; failed_logins: number }>(a.t, `SELECT locked_until, failed_logins FROM registrant_accounts WHERE id = $1`, [r.accountId]);
    assert.deepEqual(row, { locked_until: null, failed_logins: 0 });
  });
});
