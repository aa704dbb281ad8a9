import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invalidation for the public lookup cache (src/lookup/lookup-cache.ts): after a change commits,
 * PostgreSQL tells every listening process which cached answers it touched, on the channel
 * `azreg_lookup` — `d:<name>` for a domain row, `i:<domain id>` for its contacts, name servers, DS
 * records and grace periods, `c:<id>` / `h:<id>` / `r:<id>` for a contact, host or the public
 * columns of a registrar. NOTIFY is transactional: nothing is sent for a rolled-back change.
 *
 * Inserting a domain notifies nothing (only registered domains are cached, so a new one has no
 * entry), and neither do link rows of a domain row the same transaction wrote (it announced
 * itself) — so a registration, the command a landrush repeats, sends no notification at all:
 * notifying transactions serialise their commits on PostgreSQL's notification queue.
 */
export class LookupInvalidation1764800000000 implements MigrationInterface {
  name = 'LookupInvalidation1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION azreg_lookup_domain_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('azreg_lookup', 'd:' || OLD.name);
        RETURN NULL;
      END $$;

      CREATE FUNCTION azreg_lookup_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target bigint;
      BEGIN
        IF TG_OP = 'DELETE' THEN target := OLD.domain_id; ELSE target := NEW.domain_id; END IF;
        -- xmin = this transaction: the domain row was inserted (not cached) or updated (notified) here.
        IF NOT EXISTS (SELECT 1 FROM domains d WHERE d.id = target AND d.xmin = pg_current_xact_id()::xid) THEN
          PERFORM pg_notify('azreg_lookup', 'i:' || target);
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.domain_id <> NEW.domain_id THEN
          PERFORM pg_notify('azreg_lookup', 'i:' || OLD.domain_id);
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION azreg_lookup_object_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('azreg_lookup', TG_ARGV[0] || ':' || OLD.id);
        RETURN NULL;
      END $$;

      CREATE TRIGGER domains_lookup AFTER UPDATE OR DELETE ON domains
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_domain_changed();
      CREATE TRIGGER domain_contacts_lookup AFTER INSERT OR UPDATE OR DELETE ON domain_contacts
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_link_changed();
      CREATE TRIGGER domain_nameservers_lookup AFTER INSERT OR UPDATE OR DELETE ON domain_nameservers
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_link_changed();
      CREATE TRIGGER domain_ds_records_lookup AFTER INSERT OR UPDATE OR DELETE ON domain_ds_records
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_link_changed();
      CREATE TRIGGER grace_periods_lookup AFTER INSERT OR UPDATE OR DELETE ON grace_periods
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_link_changed();
      CREATE TRIGGER contacts_lookup AFTER UPDATE OR DELETE ON contacts
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_object_changed('c');
      CREATE TRIGGER hosts_lookup AFTER UPDATE OR DELETE ON hosts
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_object_changed('h');
      CREATE TRIGGER registrars_lookup AFTER UPDATE OF name, status, email, phone, url, created_at ON registrars
        FOR EACH ROW EXECUTE FUNCTION azreg_lookup_object_changed('r');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER registrars_lookup ON registrars;
      DROP TRIGGER hosts_lookup ON hosts;
      DROP TRIGGER contacts_lookup ON contacts;
      DROP TRIGGER grace_periods_lookup ON grace_periods;
      DROP TRIGGER domain_ds_records_lookup ON domain_ds_records;
      DROP TRIGGER domain_nameservers_lookup ON domain_nameservers;
      DROP TRIGGER domain_contacts_lookup ON domain_contacts;
      DROP TRIGGER domains_lookup ON domains;
      DROP FUNCTION azreg_lookup_object_changed();
      DROP FUNCTION azreg_lookup_link_changed();
      DROP FUNCTION azreg_lookup_domain_changed();
    `);
  }
}
