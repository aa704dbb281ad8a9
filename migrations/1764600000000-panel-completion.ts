import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the control panel (issue 6): visitors' holds before sign-up, paid transfers in
 * that hand the domain to the buyer's account on approval, and changing an account's e-mail.
 */
export class PanelCompletion1764600000000 implements MigrationInterface {
  name = 'PanelCompletion1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- A visitor (no account yet) may hold names; the holds move to the account at login.
      ALTER TABLE name_holds DROP CONSTRAINT name_holds_owner_type_check;
      ALTER TABLE name_holds ADD CONSTRAINT name_holds_owner_type_check CHECK (owner_type IN ('registrar', 'account', 'visitor'));
      CREATE INDEX name_holds_owner ON name_holds(owner_type, owner_id);

      ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
      ALTER TABLE payments ADD CONSTRAINT payments_purpose_check CHECK (purpose IN ('domain-create', 'domain-renew', 'domain-transfer', 'dispute-fee'));

      -- A transfer asked for from the panel: whose account gets the domain, and which payment paid.
      ALTER TABLE domain_transfers ADD COLUMN account_id uuid REFERENCES registrant_accounts(id);
      ALTER TABLE domain_transfers ADD COLUMN payment_id uuid REFERENCES payments(id);

      ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
      ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('verify-email', 'reset-password', 'change-email'));
      ALTER TABLE account_tokens ADD COLUMN new_email text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE account_tokens DROP COLUMN new_email;
      ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
      ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('verify-email', 'reset-password'));
      ALTER TABLE domain_transfers DROP COLUMN payment_id, DROP COLUMN account_id;
      ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
      ALTER TABLE payments ADD CONSTRAINT payments_purpose_check CHECK (purpose IN ('domain-create', 'domain-renew', 'dispute-fee'));
      DROP INDEX name_holds_owner;
      ALTER TABLE name_holds DROP CONSTRAINT name_holds_owner_type_check;
      ALTER TABLE name_holds ADD CONSTRAINT name_holds_owner_type_check CHECK (owner_type IN ('registrar', 'account'));
    `);
  }
}
