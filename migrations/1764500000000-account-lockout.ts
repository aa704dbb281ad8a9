import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login lockout for registrant accounts: after ten consecutive failed logins the account refuses
 * every login (even with the right password) until `locked_until`. NULL = not locked.
 */
export class AccountLockout1764500000000 implements MigrationInterface {
  name = 'AccountLockout1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registrant_accounts ADD COLUMN locked_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registrant_accounts DROP COLUMN locked_until`);
  }
}
