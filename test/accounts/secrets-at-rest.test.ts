import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LoginHandler } from '../../src/registry/accounts/commands/login.handler';
import { RequestPasswordResetHandler } from '../../src/registry/accounts/commands/request-password-reset.handler';
import { ResetPasswordHandler } from '../../src/registry/accounts/commands/reset-password.handler';
import { SetRegistrantDetailsHandler } from '../../src/registry/accounts/commands/set-registrant-details.handler';
import { SignUpHandler } from '../../src/registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../src/registry/accounts/commands/verify-email.handler';
import { anonymousPanelActor, lastMail, registrantActor, startAccountsApp, type AccountsApp } from './account-helpers';

/**
 * No plaintext password or token anywhere in the database: every row of every table is scanned
 * after a full account journey. The only legitimate copy of a token is the outbox row of the mail
 * that carries its link.
 */
describe('account secrets at rest', () => {
  let a: AccountsApp;
  before(async () => {
    a = await startAccountsApp();
  });
  after(() => a.close());

  /** Every row of every table of the schema, as PostgreSQL's text form of the whole row. */
  async function allRows(): Promise<Array<{ table: string; row: string }>> {
    const tables: Array<{ name: string }> = await a.t.dataSource.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Array<{ table: string; row: string }> = [];
    for (const { name } of tables) {
      const rows: Array<{ r: string }> = await a.t.dataSource.query(`SELECT t::text AS r FROM "${name}" t`);
      for (const { r } of rows) out.push({ table: name, row: r });
    }
    return out;
  }

  it('passwords are only argon2id hashes; tokens only in the outbox row of their own mail', async () => {
    const anon = anonymousPanelActor();
    const oldPassword = 'first secret passphrase';
    const newPassword = 'second secret passphrase';
    const { accountId, email } = await a.run(SignUpHandler, anon, { email: 'secret@example.az', password: oldPassword, locale: 'en' });
    const verifyRow = await lastMail(a, email, 'email-verification');
    const verifyToken = verifyRow.payload.link.split('token=')[1];
    await a.run(VerifyEmailHandler, anon, { token: verifyToken });
    await a.run(LoginHandler, anon, { email, password: 'a wrong password!' }).catch(() => undefined);
    await a.run(RequestPasswordResetHandler, anon, { email });
    const resetRow = await lastMail(a, email, 'password-reset');
    const resetToken = resetRow.payload.link.split('token=')[1];
    await a.run(ResetPasswordHandler, anon, { token: resetToken, password: newPassword });
    await a.run(LoginHandler, anon, { email, password: newPassword });
    await a.run(SetRegistrantDetailsHandler, registrantActor(accountId), {
      accountId, kind: 'person', name: 'Sirr Sahibi', street: ['Xətai pr. 3'], city: 'Bakı', cc: 'AZ', voice: '+994.125551234', nationalId: 'AB12C3D',
    });

    const rows = await allRows();
    assert.ok(rows.some((r) => r.table === 'account_tokens'), 'the scan sees the token table');
    assert.ok(rows.some((r) => r.table === 'history' && r.row.includes('account.reset-password')), 'the scan sees the history');
    for (const { table, row } of rows) {
      for (const secret of [oldPassword, newPassword, 'a wrong password!']) {
        assert.ok(!row.includes(secret), `a password in ${table}: ${row}`);
      }
      if (table !== 'registrant_accounts') assert.ok(!row.includes('$argon2id$v=19$m=65536'), `a password hash outside registrant_accounts: ${table}`);
    }
    for (const [token, outboxId] of [[verifyToken, verifyRow.id], [resetToken, resetRow.id]]) {
      const holders = rows.filter((r) => r.row.includes(token));
      assert.equal(holders.length, 1, `exactly one row holds the token: ${holders.map((h) => h.table).join(', ')}`);
      assert.equal(holders[0].table, 'outbox');
      assert.ok(holders[0].row.startsWith(`(${outboxId},`), 'the outbox row of the mail with the link');
    }
  });
});
