import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables for everything that happens because time passes or that leaves the registry. */
export class LifecycleDnsMailEscrow1764200000000 implements MigrationInterface {
  name = 'LifecycleDnsMailEscrow1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Notifications: written in the transaction of the event, sent by the worker afterwards.
      CREATE TABLE outbox (
        id            bigserial PRIMARY KEY,
        template      text NOT NULL,
        recipient     text NOT NULL,
        locale        text NOT NULL DEFAULT 'az' CHECK (locale IN ('az', 'en')),
        payload       jsonb NOT NULL DEFAULT '{}',
        dedupe_key    text,
        created_at    timestamptz NOT NULL,
        sent_at       timestamptz,
        attempts      int NOT NULL DEFAULT 0,
        last_error    text
      );
      CREATE INDEX outbox_unsent ON outbox(id) WHERE sent_at IS NULL;
      CREATE UNIQUE INDEX outbox_dedupe ON outbox(dedupe_key) WHERE dedupe_key IS NOT NULL;

      -- Every zone file published: the serial only ever grows.
      CREATE TABLE zone_publications (
        id            bigserial PRIMARY KEY,
        zone          text NOT NULL REFERENCES zones(name),
        serial        bigint NOT NULL,
        records       bigint NOT NULL,
        sha256        text NOT NULL,
        published_at  timestamptz NOT NULL,
        UNIQUE (zone, serial)
      );

      -- Data escrow deposits (RFC 8909 / 9022).
      CREATE TABLE escrow_deposits (
        id            text PRIMARY KEY,
        type          text NOT NULL CHECK (type IN ('FULL', 'INCR')),
        watermark     timestamptz NOT NULL,
        previous_id   text REFERENCES escrow_deposits(id),
        file          text NOT NULL,
        counts        jsonb NOT NULL,
        created_at    timestamptz NOT NULL
      );

      CREATE INDEX domains_purge_at ON domains(purge_at) WHERE purged_at IS NULL AND purge_at IS NOT NULL;
      CREATE INDEX domain_transfers_due ON domain_transfers(action_due_at) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX domain_transfers_due; DROP INDEX domains_purge_at;
      DROP TABLE escrow_deposits, zone_publications, outbox;
    `);
  }
}
