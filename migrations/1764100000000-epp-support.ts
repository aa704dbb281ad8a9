import { MigrationInterface, QueryRunner } from 'typeorm';

/** What the EPP server needs beyond the core: contact transfers and the last RGP restore of a domain. */
export class EppSupport1764100000000 implements MigrationInterface {
  name = 'EppSupport1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_transfers (
        id                  bigserial PRIMARY KEY,
        contact_id          bigint NOT NULL REFERENCES contacts(id),
        status              text NOT NULL CHECK (status IN ('pending', 'clientApproved', 'clientRejected', 'clientCancelled', 'serverApproved', 'serverCancelled')),
        gaining_registrar   text NOT NULL REFERENCES registrars(id),
        losing_registrar    text NOT NULL REFERENCES registrars(id),
        requested_at        timestamptz NOT NULL,
        action_due_at       timestamptz NOT NULL,
        acted_at            timestamptz
      );
      CREATE UNIQUE INDEX contact_transfers_one_pending ON contact_transfers(contact_id) WHERE status = 'pending';

      ALTER TABLE domains ADD COLUMN restored_at timestamptz;
      ALTER TABLE registrars ADD COLUMN password_changed_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE contact_transfers;
      ALTER TABLE domains DROP COLUMN restored_at;
      ALTER TABLE registrars DROP COLUMN password_changed_at;
    `);
  }
}
