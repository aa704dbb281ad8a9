import { MigrationInterface, QueryRunner } from 'typeorm';

/** Registrant accounts' tokens and the payments the control panel takes (issue 6's core). */
export class PanelCore1764400000000 implements MigrationInterface {
  name = 'PanelCore1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- One-time tokens for e-mail verification and password reset; only a SHA-256 of the token is stored.
      CREATE TABLE account_tokens (
        token_hash   bytea PRIMARY KEY,
        account_id   uuid NOT NULL REFERENCES registrant_accounts(id),
        purpose      text NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
        created_at   timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        used_at      timestamptz
      );
      CREATE INDEX account_tokens_account ON account_tokens(account_id, purpose);

      ALTER TABLE registrant_accounts ADD COLUMN contact_id bigint REFERENCES contacts(id);
      ALTER TABLE registrant_accounts ADD COLUMN failed_logins int NOT NULL DEFAULT 0;

      -- Payments through a PaymentProvider (never card data). One payment pays for one order.
      CREATE TABLE payments (
        id              uuid PRIMARY KEY,
        account_id      uuid NOT NULL REFERENCES registrant_accounts(id),
        provider        text NOT NULL,
        provider_ref    text,
        purpose         text NOT NULL CHECK (purpose IN ('domain-create', 'domain-renew', 'dispute-fee')),
        amount          bigint NOT NULL CHECK (amount > 0),
        currency        char(3) NOT NULL DEFAULT 'AZN',
        status          text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled', 'expired')),
        order_data      jsonb NOT NULL,
        result          jsonb,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        completed_at    timestamptz
      );
      CREATE INDEX payments_account ON payments(account_id, created_at DESC);
      CREATE UNIQUE INDEX payments_provider_ref ON payments(provider, provider_ref) WHERE provider_ref IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE payments, account_tokens;
      ALTER TABLE registrant_accounts DROP COLUMN contact_id, DROP COLUMN failed_logins;
    `);
  }
}
