import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgArray, rowsOf } from '../../infrastructure/database/rows';

export interface HostRecord {
  id: string;
  roid: string;
  name: string;
  registrarId: string;
  addresses: string[];
  superordinateDomainId: string | null;
  statuses: string[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}


export function toHost(r: Record<string, unknown>): HostRecord {
  return {
    id: String(r.id),
    roid: r.roid as string,
    name: r.name as string,
    registrarId: r.registrar_id as string,
    addresses: pgArray(r.addresses),
    superordinateDomainId: r.superordinate_domain_id === null ? null : String(r.superordinate_domain_id),
    statuses: pgArray(r.statuses),
    createdAt: r.created_at as Date,
    createdBy: r.created_by as string,
    updatedAt: r.updated_at as Date,
    updatedBy: r.updated_by as string,
  };
}

@Injectable()
export class HostRepository {
  async findLiveByName(manager: EntityManager, name: string, opts: { lock?: boolean } = {}): Promise<HostRecord | null> {
    const rows = await manager.query(`SELECT * FROM hosts WHERE name = $1 AND deleted_at IS NULL${opts.lock ? ' FOR UPDATE' : ''}`, [name]);
    return rows.length ? toHost(rows[0]) : null;
  }

  /** The name servers a domain delegates to, full rows, ordered by name. */
  async nameserversOf(manager: EntityManager, domainId: string): Promise<HostRecord[]> {
    const rows = await manager.query(`SELECT h.* FROM domain_nameservers dn JOIN hosts h ON h.id = dn.host_id WHERE dn.domain_id = $1 ORDER BY h.name`, [domainId]);
    return rows.map(toHost);
  }

  async findLiveByNames(manager: EntityManager, names: string[]): Promise<HostRecord[]> {
    if (names.length === 0) return [];
    const rows = await manager.query(`SELECT * FROM hosts WHERE name = ANY($1::text[]) AND deleted_at IS NULL`, [names]);
    return rows.map(toHost);
  }

  async insert(
    manager: EntityManager,
    h: { name: string; registrarId: string; addresses: string[]; superordinateDomainId: string | null },
    now: Date,
    actorId: string,
  ): Promise<HostRecord> {
    const rows = await manager.query(
      `INSERT INTO hosts (name, registrar_id, addresses, superordinate_domain_id, created_at, created_by, updated_at, updated_by)
       VALUES ($1, $2, $3::inet[], $4, $5, $6, $5, $6) RETURNING *`,
      [h.name, h.registrarId, h.addresses, h.superordinateDomainId, now, actorId],
    );
    return toHost(rows[0]);
  }

  async save(manager: EntityManager, h: HostRecord): Promise<void> {
    await manager.query(
      `UPDATE hosts SET name = $2, addresses = $3::inet[], statuses = $4, updated_at = $5, updated_by = $6, superordinate_domain_id = $7, registrar_id = $8 WHERE id = $1`,
      [h.id, h.name, h.addresses, h.statuses, h.updatedAt, h.updatedBy, h.superordinateDomainId, h.registrarId],
    );
  }

  /**
   * Moves the live hosts under a domain to the domain's new sponsor: hosts have no transfer of their
   * own and follow their superordinate domain (RFC 5732 §3.2.4). Returns the hosts as they were.
   */
  async transferSubordinates(manager: EntityManager, domainId: string, registrarId: string, now: Date, actorId: string): Promise<HostRecord[]> {
    const rows = rowsOf<Record<string, unknown>>(await manager.query(
      `UPDATE hosts h SET registrar_id = $2, updated_at = $3, updated_by = $4
       FROM hosts old WHERE old.id = h.id AND h.superordinate_domain_id = $1 AND h.deleted_at IS NULL
       RETURNING old.*`,
      [domainId, registrarId, now, actorId],
    ));
    return rows.map(toHost);
  }

  async markDeleted(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(`UPDATE hosts SET deleted_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
  }

  async isLinked(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM domain_nameservers dn JOIN domains d ON d.id = dn.domain_id WHERE dn.host_id = $1 AND d.purged_at IS NULL) AS linked`,
      [id],
    );
    return rows[0].linked === true;
  }
}
