import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's data model. PostgreSQL is the only source of truth; Redis holds nothing that is
 * not also here. Money is stored in qəpik (1 AZN = 100 qəpik) as bigint.
 *
 * Invariants enforced by the database itself, so that no code path can break them:
 * - one live domain per name and per IDN variant bundle (partial unique indexes),
 * - a registrar balance never below zero (CHECK), the ledger and history append-only (triggers),
 * - at most one pending transfer per domain (partial unique index).
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION azreg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$;

      CREATE TABLE zones (
        name                    text PRIMARY KEY CHECK (name ~ '^[a-z0-9-]+(\\.[a-z0-9-]+)*$'),
        restricted              boolean NOT NULL DEFAULT false,
        idn_enabled             boolean NOT NULL DEFAULT true,
        min_label_length        int NOT NULL CHECK (min_label_length BETWEEN 1 AND 63),
        max_label_length        int NOT NULL DEFAULT 63 CHECK (max_label_length BETWEEN 1 AND 63),
        min_term_years          int NOT NULL DEFAULT 1 CHECK (min_term_years BETWEEN 1 AND 10),
        max_term_years          int NOT NULL DEFAULT 10 CHECK (max_term_years BETWEEN 1 AND 10),
        price_create            bigint NOT NULL CHECK (price_create >= 0),
        price_renew             bigint NOT NULL CHECK (price_renew >= 0),
        price_transfer          bigint NOT NULL CHECK (price_transfer >= 0),
        price_restore           bigint NOT NULL CHECK (price_restore >= 0),
        add_grace_days          int NOT NULL DEFAULT 5,
        renew_grace_days        int NOT NULL DEFAULT 5,
        transfer_grace_days     int NOT NULL DEFAULT 5,
        auto_renew_grace_days   int NOT NULL DEFAULT 45,
        redemption_days         int NOT NULL DEFAULT 30,
        pending_delete_days     int NOT NULL DEFAULT 5,
        transfer_pending_days   int NOT NULL DEFAULT 5,
        pending_create_days     int NOT NULL DEFAULT 30,
        hold_minutes            int NOT NULL DEFAULT 15 CHECK (hold_minutes BETWEEN 1 AND 1440),
        created_at              timestamptz NOT NULL,
        updated_at              timestamptz NOT NULL,
        CHECK (min_term_years <= max_term_years)
      );

      CREATE TABLE registrars (
        id                  text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{2,15}$'),
        name                text NOT NULL,
        status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
        password_hash       text NOT NULL,
        email               text,
        phone               text,
        url                 text,
        ip_allow_list       cidr[] NOT NULL DEFAULT '{}',
        balance             bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
        is_direct_channel   boolean NOT NULL DEFAULT false,
        created_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL
      );

      CREATE TABLE registrar_api_keys (
        id             uuid PRIMARY KEY,
        registrar_id   text NOT NULL REFERENCES registrars(id),
        secret_hash    bytea NOT NULL,
        label          text NOT NULL DEFAULT '',
        created_at     timestamptz NOT NULL,
        revoked_at     timestamptz
      );
      CREATE INDEX registrar_api_keys_registrar ON registrar_api_keys(registrar_id);

      CREATE TABLE ledger_entries (
        id             bigserial PRIMARY KEY,
        registrar_id   text NOT NULL REFERENCES registrars(id),
        amount         bigint NOT NULL,
        balance_after  bigint NOT NULL CHECK (balance_after >= 0),
        kind           text NOT NULL CHECK (kind IN ('credit', 'create', 'renew', 'transfer', 'restore', 'auto_renew', 'refund', 'adjustment')),
        domain_id      bigint,
        domain_name    text,
        years          int,
        note           text NOT NULL DEFAULT '',
        created_at     timestamptz NOT NULL
      );
      CREATE INDEX ledger_entries_registrar ON ledger_entries(registrar_id, id);
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();

      CREATE TABLE registrant_accounts (
        id                 uuid PRIMARY KEY,
        email              text NOT NULL,
        password_hash      text NOT NULL,
        email_verified_at  timestamptz,
        locale             text NOT NULL DEFAULT 'az' CHECK (locale IN ('az', 'en')),
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX registrant_accounts_email ON registrant_accounts(lower(email));

      CREATE TABLE admin_users (
        id             uuid PRIMARY KEY,
        email          text NOT NULL,
        password_hash  text NOT NULL,
        roles          text[] NOT NULL DEFAULT '{admin}',
        totp_secret    text,
        created_at     timestamptz NOT NULL,
        disabled_at    timestamptz
      );
      CREATE UNIQUE INDEX admin_users_email ON admin_users(lower(email));

      CREATE TABLE contacts (
        id              bigserial PRIMARY KEY,
        roid            text GENERATED ALWAYS AS ('C' || id || '-AZ') STORED,
        handle          text NOT NULL CHECK (char_length(handle) BETWEEN 3 AND 16),
        registrar_id    text NOT NULL REFERENCES registrars(id),
        account_id      uuid REFERENCES registrant_accounts(id),
        kind            text NOT NULL CHECK (kind IN ('person', 'org')),
        name            text NOT NULL,
        org             text,
        street          text[] NOT NULL DEFAULT '{}',
        city            text NOT NULL,
        sp              text,
        pc              text,
        cc              char(2) NOT NULL,
        voice           text,
        fax             text,
        email           text NOT NULL,
        national_id     text,
        disclose        jsonb NOT NULL DEFAULT '{}',
        auth_info_hash  text NOT NULL,
        statuses        text[] NOT NULL DEFAULT '{}',
        created_at      timestamptz NOT NULL,
        created_by      text NOT NULL,
        updated_at      timestamptz NOT NULL,
        updated_by      text NOT NULL,
        transferred_at  timestamptz,
        deleted_at      timestamptz
      );
      CREATE UNIQUE INDEX contacts_live_handle ON contacts(lower(handle)) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_registrar ON contacts(registrar_id) WHERE deleted_at IS NULL;

      CREATE TABLE domains (
        id               bigserial PRIMARY KEY,
        roid             text GENERATED ALWAYS AS ('D' || id || '-AZ') STORED,
        name             text NOT NULL,
        unicode_name     text NOT NULL,
        variant_key      text NOT NULL,
        zone             text NOT NULL REFERENCES zones(name),
        registrar_id     text NOT NULL REFERENCES registrars(id),
        registrant_id    bigint REFERENCES contacts(id),
        account_id       uuid REFERENCES registrant_accounts(id),
        statuses         text[] NOT NULL DEFAULT '{}',
        auth_info_hash   text NOT NULL,
        auto_renew       boolean NOT NULL DEFAULT true,
        dispute_locked   boolean NOT NULL DEFAULT false,
        created_at       timestamptz NOT NULL,
        created_by       text NOT NULL,
        updated_at       timestamptz NOT NULL,
        updated_by       text NOT NULL,
        expires_at       timestamptz NOT NULL,
        transferred_at   timestamptz,
        deleted_at       timestamptz,
        purge_at         timestamptz,
        purged_at        timestamptz
      );
      -- Invariant 1: the final arbiter against double registration, under any race.
      CREATE UNIQUE INDEX domains_live_name ON domains(name) WHERE purged_at IS NULL;
      -- IDN variant bundles: şəki.az, seki.az, səki.az and şeki.az share one variant_key.
      CREATE UNIQUE INDEX domains_live_variant ON domains(variant_key) WHERE purged_at IS NULL;
      CREATE INDEX domains_registrar ON domains(registrar_id) WHERE purged_at IS NULL;
      CREATE INDEX domains_registrant ON domains(registrant_id) WHERE purged_at IS NULL;
      CREATE INDEX domains_expires ON domains(expires_at) WHERE purged_at IS NULL;

      CREATE TABLE hosts (
        id                        bigserial PRIMARY KEY,
        roid                      text GENERATED ALWAYS AS ('H' || id || '-AZ') STORED,
        name                      text NOT NULL,
        registrar_id              text NOT NULL REFERENCES registrars(id),
        addresses                 inet[] NOT NULL DEFAULT '{}',
        superordinate_domain_id   bigint REFERENCES domains(id),
        statuses                  text[] NOT NULL DEFAULT '{}',
        created_at                timestamptz NOT NULL,
        created_by                text NOT NULL,
        updated_at                timestamptz NOT NULL,
        updated_by                text NOT NULL,
        deleted_at                timestamptz
      );
      CREATE UNIQUE INDEX hosts_live_name ON hosts(name) WHERE deleted_at IS NULL;
      CREATE INDEX hosts_superordinate ON hosts(superordinate_domain_id) WHERE deleted_at IS NULL;

      CREATE TABLE domain_contacts (
        domain_id   bigint NOT NULL REFERENCES domains(id),
        contact_id  bigint NOT NULL REFERENCES contacts(id),
        type        text NOT NULL CHECK (type IN ('admin', 'tech', 'billing')),
        PRIMARY KEY (domain_id, type, contact_id)
      );
      CREATE INDEX domain_contacts_contact ON domain_contacts(contact_id);

      CREATE TABLE domain_nameservers (
        domain_id  bigint NOT NULL REFERENCES domains(id),
        host_id    bigint NOT NULL REFERENCES hosts(id),
        PRIMARY KEY (domain_id, host_id)
      );
      CREATE INDEX domain_nameservers_host ON domain_nameservers(host_id);

      CREATE TABLE domain_ds_records (
        domain_id    bigint NOT NULL REFERENCES domains(id),
        key_tag      int NOT NULL CHECK (key_tag BETWEEN 0 AND 65535),
        alg          int NOT NULL CHECK (alg BETWEEN 0 AND 255),
        digest_type  int NOT NULL CHECK (digest_type BETWEEN 0 AND 255),
        digest       text NOT NULL CHECK (digest ~ '^[0-9A-F]+$'),
        PRIMARY KEY (domain_id, key_tag, alg, digest_type, digest)
      );

      -- Grace periods (RFC 3915): what a delete inside them refunds, and until when.
      CREATE TABLE grace_periods (
        id               bigserial PRIMARY KEY,
        domain_id        bigint NOT NULL REFERENCES domains(id),
        kind             text NOT NULL CHECK (kind IN ('add', 'renew', 'autoRenew', 'transfer')),
        registrar_id     text NOT NULL REFERENCES registrars(id),
        amount           bigint NOT NULL,
        ends_at          timestamptz NOT NULL,
        created_at       timestamptz NOT NULL
      );
      CREATE INDEX grace_periods_domain ON grace_periods(domain_id);

      CREATE TABLE domain_transfers (
        id                  bigserial PRIMARY KEY,
        domain_id           bigint NOT NULL REFERENCES domains(id),
        status              text NOT NULL CHECK (status IN ('pending', 'clientApproved', 'clientRejected', 'clientCancelled', 'serverApproved', 'serverCancelled')),
        gaining_registrar   text NOT NULL REFERENCES registrars(id),
        losing_registrar    text NOT NULL REFERENCES registrars(id),
        years               int NOT NULL,
        amount              bigint NOT NULL,
        requested_at        timestamptz NOT NULL,
        action_due_at       timestamptz NOT NULL,
        acted_at            timestamptz,
        expires_at_after    timestamptz
      );
      CREATE UNIQUE INDEX domain_transfers_one_pending ON domain_transfers(domain_id) WHERE status = 'pending';

      -- Checkout holds: one row per variant bundle. A row whose expires_at has passed no longer
      -- holds anything (checked at use time); the worker deletes such rows, late or not.
      CREATE TABLE name_holds (
        variant_key   text PRIMARY KEY,
        hold_id       uuid NOT NULL UNIQUE,
        name          text NOT NULL,
        zone          text NOT NULL REFERENCES zones(name),
        owner_type    text NOT NULL CHECK (owner_type IN ('registrar', 'account')),
        owner_id      text NOT NULL,
        channel       text NOT NULL,
        created_at    timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL
      );
      CREATE INDEX name_holds_expires ON name_holds(expires_at);

      -- The stop-list: a label (folded to its variant key) reserved in one zone or in all (zone NULL).
      CREATE TABLE reserved_names (
        id          bigserial PRIMARY KEY,
        label_key   text NOT NULL,
        zone        text REFERENCES zones(name),
        reason      text NOT NULL DEFAULT '',
        created_at  timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX reserved_names_key ON reserved_names(label_key, coalesce(zone, ''));

      CREATE TABLE premium_names (
        name          text PRIMARY KEY,
        price_create  bigint NOT NULL CHECK (price_create >= 0),
        price_renew   bigint NOT NULL CHECK (price_renew >= 0),
        created_at    timestamptz NOT NULL
      );

      CREATE TABLE poll_messages (
        id            bigserial PRIMARY KEY,
        registrar_id  text NOT NULL REFERENCES registrars(id),
        message       text NOT NULL,
        payload       jsonb NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL,
        acked_at      timestamptz
      );
      CREATE INDEX poll_messages_queue ON poll_messages(registrar_id, id) WHERE acked_at IS NULL;

      -- Invariant 2: every mutation of every object, with who, when, what, through which channel.
      CREATE TABLE history (
        id            bigserial PRIMARY KEY,
        object_type   text NOT NULL,
        object_id     text NOT NULL,
        object_name   text,
        action        text NOT NULL,
        actor_type    text NOT NULL CHECK (actor_type IN ('registrar', 'registrant', 'admin', 'system')),
        actor_id      text NOT NULL,
        channel       text NOT NULL,
        request_id    text,
        before        jsonb,
        after         jsonb,
        created_at    timestamptz NOT NULL
      );
      CREATE INDEX history_object ON history(object_type, object_id, id);
      CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE history, poll_messages, premium_names, reserved_names, name_holds, domain_transfers,
        grace_periods, domain_ds_records, domain_nameservers, domain_contacts, hosts, domains, contacts,
        admin_users, registrant_accounts, ledger_entries, registrar_api_keys, registrars, zones;
      DROP FUNCTION azreg_append_only();
    `);
  }
}
