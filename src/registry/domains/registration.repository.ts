import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HoldOwner } from '../holds/hold.repository';
import type { PremiumPrice } from '../names/name-lists.repository';
import type { Registrar } from '../registrars/registrar.repository';
import { rowsOf } from '../../infrastructure/database/rows';
import { toDomainRecord, type GracePeriod } from './domain.repository';
import type { ContactType, DomainRecord, DsRecord } from './domain.types';

/** What `domain.create` must know about a name once its bundle is locked, read in one statement. */
export interface RegistrationFacts {
  registrarStatus: Registrar['status'] | null;
  reserved: boolean;
  premium: PremiumPrice | undefined;
  /** The live domain holding the bundle (the name itself or a variant), if any. */
  occupant: { name: string; unicodeName: string } | null;
  /** The live hold on the bundle, if any. */
  hold: { holdId: string; owner: HoldOwner } | null;
  /** A domain of the bundle whose drop time has passed but that is not purged yet. */
  purgeDue: boolean;
}

export interface NewRegistration {
  name: string;
  unicodeName: string;
  variantKey: string;
  zone: string;
  registrarId: string;
  registrantId: string;
  accountId: string | null;
  statuses: string[];
  authInfoHash: string;
  expiresAt: Date;
  contacts: Array<{ type: ContactType; contactId: string }>;
  hostIds: string[];
  dsRecords: DsRecord[];
  /** The add-grace period (none while a restricted zone's create is pending). */
  grace: Omit<GracePeriod, 'id'> | null;
  /** The buyer's hold, consumed by this registration. */
  consumeHoldId: string | null;
}

/**
 * The write path of `domain.create` in as few round trips as its invariants allow: the create is
 * the command a landrush hammers, and on a small machine every round trip costs both the Node
 * process and PostgreSQL a context switch. Reads after the bundle lock are one statement; the
 * domain with its contacts, name servers, DS records, add-grace period and the consumed hold is
 * one statement (data-modifying CTEs run in one snapshot, all or nothing).
 */
@Injectable()
export class RegistrationRepository {
  /**
   * Must run after `HoldRepository.lockBundle` in the same transaction, in its own statement: in
   * READ COMMITTED each statement sees what committed before it started, so the previous lock
   * holder's domain or hold is visible here.
   */
  async facts(
    manager: EntityManager,
    q: { name: string; variantKey: string; labelKey: string; zone: string; registrarId: string; now: Date },
  ): Promise<RegistrationFacts> {
    const [row] = rowsOf<{
      registrar_status: Registrar['status'] | null;
      reserved: boolean;
      premium_create: string | null;
      premium_renew: string | null;
      occupant_name: string | null;
      occupant_unicode: string | null;
      hold_id: string | null;
      hold_owner_type: HoldOwner['type'] | null;
      hold_owner_id: string | null;
      purge_due: boolean;
    }>(await manager.query(
      `SELECT (SELECT status FROM registrars WHERE id = $5) AS registrar_status,
              EXISTS (SELECT 1 FROM reserved_names r WHERE r.label_key = $3 AND (r.zone IS NULL OR r.zone = $4)) AS reserved,
              p.price_create AS premium_create, p.price_renew AS premium_renew,
              o.name AS occupant_name, o.unicode_name AS occupant_unicode,
              h.hold_id, h.owner_type AS hold_owner_type, h.owner_id AS hold_owner_id,
              EXISTS (SELECT 1 FROM domains WHERE variant_key = $2 AND purged_at IS NULL AND purge_at <= $6) AS purge_due
         FROM (SELECT 1) AS one
         LEFT JOIN premium_names p ON p.name = $1
         LEFT JOIN LATERAL (SELECT name, unicode_name FROM domains
                             WHERE variant_key = $2 AND purged_at IS NULL AND (purge_at IS NULL OR purge_at > $6) LIMIT 1) o ON true
         LEFT JOIN LATERAL (SELECT hold_id, owner_type, owner_id FROM name_holds
                             WHERE variant_key = $2 AND expires_at > $6 LIMIT 1) h ON true`,
      [q.name, q.variantKey, q.labelKey, q.zone, q.registrarId, q.now],
    ));
    return {
      registrarStatus: row.registrar_status,
      reserved: row.reserved,
      premium: row.premium_create === null ? undefined : { create: Number(row.premium_create), renew: Number(row.premium_renew) },
      occupant: row.occupant_name === null ? null : { name: row.occupant_name, unicodeName: row.occupant_unicode! },
      hold: row.hold_id === null ? null : { holdId: row.hold_id, owner: { type: row.hold_owner_type!, id: row.hold_owner_id! } },
      purgeDue: row.purge_due,
    };
  }

  /** Inserts the domain and everything that hangs off it in one statement; returns the new row. */
  async insert(manager: EntityManager, d: NewRegistration, now: Date, actorId: string): Promise<DomainRecord> {
    const rows = await manager.query(
      `WITH d AS (
         INSERT INTO domains (name, unicode_name, variant_key, zone, registrar_id, registrant_id, account_id, statuses,
                              auth_info_hash, created_at, created_by, updated_at, updated_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11, $12) RETURNING *),
       c AS (
         INSERT INTO domain_contacts (domain_id, type, contact_id)
         SELECT d.id, x.type, x.contact_id FROM d, unnest($13::text[], $14::bigint[]) AS x(type, contact_id)
         ON CONFLICT DO NOTHING),
       n AS (
         INSERT INTO domain_nameservers (domain_id, host_id)
         SELECT d.id, x.host_id FROM d, unnest($15::bigint[]) AS x(host_id)
         ON CONFLICT DO NOTHING),
       s AS (
         INSERT INTO domain_ds_records (domain_id, key_tag, alg, digest_type, digest)
         SELECT d.id, x.key_tag, x.alg, x.digest_type, x.digest
           FROM d, unnest($16::int[], $17::int[], $18::int[], $19::text[]) AS x(key_tag, alg, digest_type, digest)
         ON CONFLICT DO NOTHING),
       g AS (
         INSERT INTO grace_periods (domain_id, kind, registrar_id, amount, ends_at, created_at)
         SELECT d.id, $20, $5, $21, $22, $10 FROM d WHERE $20::text IS NOT NULL),
       h AS (
         DELETE FROM name_holds WHERE hold_id = $23::uuid AND $23::uuid IS NOT NULL)
       SELECT * FROM d`,
      [
        d.name, d.unicodeName, d.variantKey, d.zone, d.registrarId, d.registrantId, d.accountId, d.statuses, d.authInfoHash, now, actorId, d.expiresAt,
        d.contacts.map((c) => c.type), d.contacts.map((c) => c.contactId),
        d.hostIds,
        d.dsRecords.map((x) => x.keyTag), d.dsRecords.map((x) => x.alg), d.dsRecords.map((x) => x.digestType), d.dsRecords.map((x) => x.digest),
        d.grace?.kind ?? null, d.grace?.amount ?? null, d.grace?.endsAt ?? null,
        d.consumeHoldId,
      ],
    );
    return toDomainRecord(rows[0]);
  }
}
