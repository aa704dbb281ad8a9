import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgArray } from '../../infrastructure/database/rows';
import type { ContactType, DomainRecord, DsRecord, RgpStatus, StoredStatus } from './domain.types';


export function toDomainRecord(r: Record<string, unknown>): DomainRecord {
  return {
    id: String(r.id),
    roid: r.roid as string,
    name: r.name as string,
    unicodeName: r.unicode_name as string,
    variantKey: r.variant_key as string,
    zone: r.zone as string,
    registrarId: r.registrar_id as string,
    registrantId: r.registrant_id === null ? null : String(r.registrant_id),
    accountId: (r.account_id as string | null) ?? null,
    statuses: pgArray(r.statuses) as StoredStatus[],
    authInfoHash: r.auth_info_hash as string,
    autoRenew: r.auto_renew as boolean,
    disputeLocked: r.dispute_locked as boolean,
    createdAt: r.created_at as Date,
    createdBy: r.created_by as string,
    updatedAt: r.updated_at as Date,
    updatedBy: r.updated_by as string,
    expiresAt: r.expires_at as Date,
    transferredAt: (r.transferred_at as Date | null) ?? null,
    deletedAt: (r.deleted_at as Date | null) ?? null,
    purgeAt: (r.purge_at as Date | null) ?? null,
  };
}

/** RFC 3915 statuses: redemption/pending delete for a deleted domain, else its active grace periods' kinds. */
export function rgpStatusesOf(d: DomainRecord, activeGraceKinds: ReadonlyArray<GracePeriod['kind']>, now: Date, redemptionDays: number): RgpStatus[] {
  if (d.deletedAt) {
    const redemptionEnds = d.deletedAt.getTime() + redemptionDays * 86_400_000;
    return [now.getTime() < redemptionEnds ? 'redemptionPeriod' : 'pendingDelete'];
  }
  const map: Record<GracePeriod['kind'], RgpStatus> = { add: 'addPeriod', renew: 'renewPeriod', autoRenew: 'autoRenewPeriod', transfer: 'transferPeriod' };
  return [...new Set(activeGraceKinds.map((k) => map[k]))];
}

export function toDsRecord(r: Record<string, unknown>): DsRecord {
  return { keyTag: Number(r.key_tag), alg: Number(r.alg), digestType: Number(r.digest_type), digest: r.digest as string };
}

export interface NewDomain {
  name: string;
  unicodeName: string;
  variantKey: string;
  zone: string;
  registrarId: string;
  registrantId: string | null;
  accountId: string | null;
  statuses: StoredStatus[];
  authInfoHash: string;
  expiresAt: Date;
}

export interface GracePeriod {
  id: string;
  kind: 'add' | 'renew' | 'autoRenew' | 'transfer';
  registrarId: string;
  amount: number;
  endsAt: Date;
}

/** Every query about domains. Each method takes the command's EntityManager (its transaction). */
@Injectable()
export class DomainRepository {
  async findLiveByName(manager: EntityManager, name: string, opts: { lock?: boolean } = {}): Promise<DomainRecord | null> {
    const rows = await manager.query(
      `SELECT * FROM domains WHERE name = $1 AND purged_at IS NULL${opts.lock ? ' FOR UPDATE' : ''}`,
      [name],
    );
    return rows.length ? toDomainRecord(rows[0]) : null;
  }

  /**
   * The live domain occupying a variant bundle (the name itself or any of its IDN variants).
   * A domain whose drop time (`purge_at`) has passed no longer occupies anything, even before the
   * worker has purged it: the drop happens at the published time, not when a job gets round to it.
   */
  async findLiveByVariantKey(manager: EntityManager, variantKey: string, now: Date): Promise<{ name: string; unicodeName: string } | null> {
    const rows = await manager.query(
      `SELECT name, unicode_name FROM domains WHERE variant_key = $1 AND purged_at IS NULL AND (purge_at IS NULL OR purge_at > $2)`,
      [variantKey, now],
    );
    return rows.length ? { name: rows[0].name, unicodeName: rows[0].unicode_name } : null;
  }

  /** Batched form for `check`: the live names occupying any of these variant keys. */
  async findLiveByVariantKeys(manager: EntityManager, variantKeys: string[], now: Date): Promise<Map<string, string>> {
    if (variantKeys.length === 0) return new Map();
    const rows: Array<{ variant_key: string; name: string }> = await manager.query(
      `SELECT variant_key, name FROM domains WHERE variant_key = ANY($1::text[]) AND purged_at IS NULL AND (purge_at IS NULL OR purge_at > $2)`,
      [variantKeys, now],
    );
    return new Map(rows.map((r) => [r.variant_key, r.name]));
  }

  async insert(manager: EntityManager, d: NewDomain, now: Date, actorId: string): Promise<DomainRecord> {
    const rows = await manager.query(
      `INSERT INTO domains (name, unicode_name, variant_key, zone, registrar_id, registrant_id, account_id, statuses,
                            auth_info_hash, created_at, created_by, updated_at, updated_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11, $12) RETURNING *`,
      [d.name, d.unicodeName, d.variantKey, d.zone, d.registrarId, d.registrantId, d.accountId, d.statuses, d.authInfoHash, now, actorId, d.expiresAt],
    );
    return toDomainRecord(rows[0]);
  }

  /** Writes the mutable columns of a domain back. */
  async save(manager: EntityManager, d: DomainRecord): Promise<void> {
    await manager.query(
      `UPDATE domains SET registrar_id = $2, registrant_id = $3, account_id = $4, statuses = $5, auth_info_hash = $6,
              auto_renew = $7, dispute_locked = $8, updated_at = $9, updated_by = $10, expires_at = $11,
              transferred_at = $12, deleted_at = $13, purge_at = $14
       WHERE id = $1`,
      [d.id, d.registrarId, d.registrantId, d.accountId, d.statuses, d.authInfoHash, d.autoRenew, d.disputeLocked,
       d.updatedAt, d.updatedBy, d.expiresAt, d.transferredAt, d.deletedAt, d.purgeAt],
    );
  }

  /** Domains of a bundle whose drop time has passed but that are not purged yet (locked). */
  async findDueForPurge(manager: EntityManager, variantKey: string, now: Date): Promise<DomainRecord[]> {
    const rows = await manager.query(
      `SELECT * FROM domains WHERE variant_key = $1 AND purged_at IS NULL AND purge_at <= $2 FOR UPDATE`,
      [variantKey, now],
    );
    return rows.map(toDomainRecord);
  }

  async markPurged(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(`UPDATE domains SET purged_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
  }

  async contacts(manager: EntityManager, domainId: string): Promise<Array<{ type: ContactType; contactId: string; handle: string }>> {
    const rows = await manager.query(
      `SELECT dc.type, dc.contact_id, c.handle FROM domain_contacts dc JOIN contacts c ON c.id = dc.contact_id
       WHERE dc.domain_id = $1 ORDER BY dc.type, c.handle`,
      [domainId],
    );
    return rows.map((r: Record<string, unknown>) => ({ type: r.type as ContactType, contactId: String(r.contact_id), handle: r.handle as string }));
  }

  async addContact(manager: EntityManager, domainId: string, type: ContactType, contactId: string): Promise<void> {
    await manager.query(
      `INSERT INTO domain_contacts (domain_id, type, contact_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [domainId, type, contactId],
    );
  }

  async removeContact(manager: EntityManager, domainId: string, type: ContactType, contactId: string): Promise<void> {
    await manager.query(`DELETE FROM domain_contacts WHERE domain_id = $1 AND type = $2 AND contact_id = $3`, [domainId, type, contactId]);
  }

  async nameservers(manager: EntityManager, domainId: string): Promise<Array<{ hostId: string; name: string }>> {
    const rows = await manager.query(
      `SELECT h.id, h.name FROM domain_nameservers dn JOIN hosts h ON h.id = dn.host_id WHERE dn.domain_id = $1 ORDER BY h.name`,
      [domainId],
    );
    return rows.map((r: Record<string, unknown>) => ({ hostId: String(r.id), name: r.name as string }));
  }

  async addNameserver(manager: EntityManager, domainId: string, hostId: string): Promise<void> {
    await manager.query(`INSERT INTO domain_nameservers (domain_id, host_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [domainId, hostId]);
  }

  async removeNameserver(manager: EntityManager, domainId: string, hostId: string): Promise<void> {
    await manager.query(`DELETE FROM domain_nameservers WHERE domain_id = $1 AND host_id = $2`, [domainId, hostId]);
  }

  async subordinateHosts(manager: EntityManager, domainId: string): Promise<Array<{ id: string; name: string; linked: boolean }>> {
    const rows = await manager.query(
      `SELECT h.id, h.name, EXISTS (SELECT 1 FROM domain_nameservers dn WHERE dn.host_id = h.id AND dn.domain_id <> $1) AS linked
       FROM hosts h WHERE h.superordinate_domain_id = $1 AND h.deleted_at IS NULL ORDER BY h.name`,
      [domainId],
    );
    return rows.map((r: Record<string, unknown>) => ({ id: String(r.id), name: r.name as string, linked: r.linked as boolean }));
  }

  async dsRecords(manager: EntityManager, domainId: string): Promise<DsRecord[]> {
    const rows = await manager.query(
      `SELECT key_tag, alg, digest_type, digest FROM domain_ds_records WHERE domain_id = $1 ORDER BY key_tag, alg, digest_type, digest`,
      [domainId],
    );
    return rows.map(toDsRecord);
  }

  async addDs(manager: EntityManager, domainId: string, ds: DsRecord): Promise<void> {
    await manager.query(
      `INSERT INTO domain_ds_records (domain_id, key_tag, alg, digest_type, digest) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [domainId, ds.keyTag, ds.alg, ds.digestType, ds.digest],
    );
  }

  async removeDs(manager: EntityManager, domainId: string, ds: DsRecord): Promise<void> {
    await manager.query(
      `DELETE FROM domain_ds_records WHERE domain_id = $1 AND key_tag = $2 AND alg = $3 AND digest_type = $4 AND digest = $5`,
      [domainId, ds.keyTag, ds.alg, ds.digestType, ds.digest],
    );
  }

  async removeAllDs(manager: EntityManager, domainId: string): Promise<void> {
    await manager.query(`DELETE FROM domain_ds_records WHERE domain_id = $1`, [domainId]);
  }

  async addGracePeriod(manager: EntityManager, domainId: string, g: Omit<GracePeriod, 'id'>, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO grace_periods (domain_id, kind, registrar_id, amount, ends_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [domainId, g.kind, g.registrarId, g.amount, g.endsAt, now],
    );
  }

  /** Grace periods still running at `now`. */
  async activeGracePeriods(manager: EntityManager, domainId: string, now: Date): Promise<GracePeriod[]> {
    const rows = await manager.query(
      `SELECT id, kind, registrar_id, amount, ends_at FROM grace_periods WHERE domain_id = $1 AND ends_at > $2 ORDER BY id`,
      [domainId, now],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      kind: r.kind as GracePeriod['kind'],
      registrarId: r.registrar_id as string,
      amount: Number(r.amount),
      endsAt: r.ends_at as Date,
    }));
  }

  /** Ends grace periods now (used when a delete refunds them or a transfer supersedes them). */
  async endGracePeriods(manager: EntityManager, ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE grace_periods SET ends_at = $2 WHERE id = ANY($1::bigint[])`, [ids, now]);
  }

  async rgpStatuses(manager: EntityManager, d: DomainRecord, now: Date, redemptionDays: number): Promise<RgpStatus[]> {
    const periods = d.deletedAt ? [] : await this.activeGracePeriods(manager, d.id, now);
    return rgpStatusesOf(d, periods.map((p) => p.kind), now, redemptionDays);
  }

  async listByRegistrar(manager: EntityManager, registrarId: string, limit: number, after: string | null): Promise<DomainRecord[]> {
    const rows = await manager.query(
      `SELECT * FROM domains WHERE registrar_id = $1 AND purged_at IS NULL AND ($2::text IS NULL OR name > $2) ORDER BY name LIMIT $3`,
      [registrarId, after, limit],
    );
    return rows.map(toDomainRecord);
  }
}
