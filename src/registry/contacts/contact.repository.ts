import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgArray } from '../../infrastructure/database/rows';
import type { ContactData, ContactRecord, DiscloseFlags } from './contact.types';


export function toContact(r: Record<string, unknown>): ContactRecord {
  return {
    id: String(r.id),
    roid: r.roid as string,
    handle: r.handle as string,
    registrarId: r.registrar_id as string,
    accountId: (r.account_id as string | null) ?? null,
    kind: r.kind as ContactRecord['kind'],
    name: r.name as string,
    org: (r.org as string | null) ?? null,
    street: pgArray(r.street),
    city: r.city as string,
    sp: (r.sp as string | null) ?? null,
    pc: (r.pc as string | null) ?? null,
    cc: r.cc as string,
    voice: (r.voice as string | null) ?? null,
    fax: (r.fax as string | null) ?? null,
    email: r.email as string,
    nationalId: (r.national_id as string | null) ?? null,
    disclose: (r.disclose as DiscloseFlags) ?? {},
    authInfoHash: r.auth_info_hash as string,
    statuses: pgArray(r.statuses),
    createdAt: r.created_at as Date,
    createdBy: r.created_by as string,
    updatedAt: r.updated_at as Date,
    updatedBy: r.updated_by as string,
    transferredAt: (r.transferred_at as Date | null) ?? null,
  };
}

@Injectable()
export class ContactRepository {
  async findLiveByHandle(manager: EntityManager, handle: string, opts: { lock?: boolean } = {}): Promise<ContactRecord | null> {
    const rows = await manager.query(
      `SELECT * FROM contacts WHERE lower(handle) = lower($1) AND deleted_at IS NULL${opts.lock ? ' FOR UPDATE' : ''}`,
      [handle],
    );
    return rows.length ? toContact(rows[0]) : null;
  }

  /** Live contacts for several handles (case-insensitive) in one statement; absent handles are simply missing. */
  async findLiveByHandles(manager: EntityManager, handles: string[]): Promise<ContactRecord[]> {
    if (handles.length === 0) return [];
    const rows = await manager.query(
      `SELECT * FROM contacts WHERE lower(handle) = ANY($1::text[]) AND deleted_at IS NULL`,
      [handles.map((h) => h.toLowerCase())],
    );
    return rows.map(toContact);
  }

  async findById(manager: EntityManager, id: string): Promise<ContactRecord | null> {
    const rows = await manager.query(`SELECT * FROM contacts WHERE id = $1`, [id]);
    return rows.length ? toContact(rows[0]) : null;
  }

  /** The contacts linked to a domain (admin/tech/billing), full rows, ordered by type and handle. */
  async linkedTo(manager: EntityManager, domainId: string): Promise<Array<{ type: 'admin' | 'tech' | 'billing'; contact: ContactRecord }>> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT dc.type AS link_type, c.* FROM domain_contacts dc JOIN contacts c ON c.id = dc.contact_id WHERE dc.domain_id = $1 ORDER BY dc.type, c.handle`,
      [domainId],
    );
    return rows.map((r) => ({ type: r.link_type as 'admin' | 'tech' | 'billing', contact: toContact(r) }));
  }

  async existingHandles(manager: EntityManager, handles: string[]): Promise<Set<string>> {
    if (handles.length === 0) return new Set();
    const rows = await manager.query(
      `SELECT lower(handle) AS h FROM contacts WHERE lower(handle) = ANY($1::text[]) AND deleted_at IS NULL`,
      [handles.map((h) => h.toLowerCase())],
    );
    return new Set(rows.map((r: { h: string }) => r.h));
  }

  async insert(
    manager: EntityManager,
    c: ContactData & { handle: string; registrarId: string; accountId?: string | null; authInfoHash: string },
    now: Date,
    actorId: string,
  ): Promise<ContactRecord> {
    const rows = await manager.query(
      `INSERT INTO contacts (handle, registrar_id, account_id, kind, name, org, street, city, sp, pc, cc, voice, fax, email, national_id,
                             disclose, auth_info_hash, created_at, created_by, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $18, $19) RETURNING *`,
      [c.handle, c.registrarId, c.accountId ?? null, c.kind, c.name, c.org ?? null, c.street ?? [], c.city, c.sp ?? null, c.pc ?? null,
       c.cc.toUpperCase(), c.voice ?? null, c.fax ?? null, c.email, c.nationalId ?? null, JSON.stringify(c.disclose ?? {}), c.authInfoHash, now, actorId],
    );
    return toContact(rows[0]);
  }

  async save(manager: EntityManager, c: ContactRecord): Promise<void> {
    await manager.query(
      `UPDATE contacts SET kind = $2, name = $3, org = $4, street = $5, city = $6, sp = $7, pc = $8, cc = $9, voice = $10, fax = $11,
              email = $12, national_id = $13, disclose = $14, auth_info_hash = $15, statuses = $16, updated_at = $17, updated_by = $18,
              registrar_id = $19, transferred_at = $20
       WHERE id = $1`,
      [c.id, c.kind, c.name, c.org, c.street, c.city, c.sp, c.pc, c.cc, c.voice, c.fax, c.email, c.nationalId, JSON.stringify(c.disclose),
       c.authInfoHash, c.statuses, c.updatedAt, c.updatedBy, c.registrarId, c.transferredAt],
    );
  }

  async markDeleted(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(`UPDATE contacts SET deleted_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
  }

  /** Whether any live domain uses this contact as registrant or admin/tech/billing. */
  async isLinked(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM domains WHERE registrant_id = $1 AND purged_at IS NULL)
           OR EXISTS (SELECT 1 FROM domain_contacts dc JOIN domains d ON d.id = dc.domain_id WHERE dc.contact_id = $1 AND d.purged_at IS NULL) AS linked`,
      [id],
    );
    return rows[0].linked === true;
  }
}
