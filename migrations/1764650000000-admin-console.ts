import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administration console (issue 7): login lock-out and TOTP replay protection for admin
 * users, the append-only audit log of every admin action, and the documents attached to
 * restricted-zone applications.
 */
export class AdminConsole1764650000000 implements MigrationInterface {
  name = 'AdminConsole1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- totp_secret holds the secret encrypted with a key derived from APP_SECRET (AES-256-GCM).
      -- totp_last_step: the last accepted RFC 6238 time step; a code is only accepted for a later
      -- step, so a code seen once can never be used again (replay), even within its window.
      ALTER TABLE admin_users
        ADD COLUMN failed_logins int NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0,
        ADD COLUMN totp_enrolled_at timestamptz,
        ADD CONSTRAINT admin_users_roles CHECK (roles <@ ARRAY['admin', 'officer', 'expert']::text[] AND cardinality(roles) > 0);

      CREATE TABLE admin_audit_log (
        id            bigserial PRIMARY KEY,
        admin_id      uuid REFERENCES admin_users(id),
        admin_email   text,
        action        text NOT NULL,
        object_type   text,
        object_id     text,
        details       jsonb NOT NULL DEFAULT '{}',
        ip            text,
        request_id    text,
        created_at    timestamptz NOT NULL
      );
      CREATE INDEX admin_audit_log_created ON admin_audit_log(created_at DESC, id DESC);
      CREATE INDEX admin_audit_log_object ON admin_audit_log(object_type, object_id, id);
      CREATE INDEX admin_audit_log_admin ON admin_audit_log(admin_id, id);
      CREATE TRIGGER admin_audit_log_append_only BEFORE UPDATE OR DELETE ON admin_audit_log
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();

      -- Documents an applicant supplies for a restricted zone (gov.az, mil.az, edu.az, int.az).
      CREATE TABLE domain_application_documents (
        id            bigserial PRIMARY KEY,
        domain_id     bigint NOT NULL REFERENCES domains(id),
        file_name     text NOT NULL,
        content_type  text NOT NULL,
        content       bytea NOT NULL,
        description   text NOT NULL DEFAULT '',
        created_at    timestamptz NOT NULL
      );
      CREATE INDEX domain_application_documents_domain ON domain_application_documents(domain_id);

      -- Statistics read history by action and time.
      CREATE INDEX history_action_created ON history(action, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX history_action_created;
      DROP TABLE domain_application_documents, admin_audit_log;
      ALTER TABLE admin_users DROP CONSTRAINT admin_users_roles, DROP COLUMN failed_logins, DROP COLUMN locked_until,
        DROP COLUMN totp_last_step, DROP COLUMN totp_enrolled_at;
    `);
  }
}
