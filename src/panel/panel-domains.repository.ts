import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A row of "My domains". */
export interface AccountDomainRow {
  name: string;
  unicodeName: string;
  statuses: string[];
  expiresAt: Date;
  createdAt: Date;
}

/**
 * The panel's own reads of an account's domains (`domains.account_id`). Live domains only
 * (not purged); the domain page goes on to the registry's InfoDomainHandler for details.
 */
@Injectable()
export class PanelDomainsRepository {
  async listByAccount(manager: EntityManager, accountId: string): Promise<AccountDomainRow[]> {
    const rows: Array<{ name: string; unicode_name: string; statuses: string[]; expires_at: Date; created_at: Date }> = await manager.query(
      `SELECT name, unicode_name, statuses, expires_at, created_at
         FROM domains WHERE account_id = $1 AND purged_at IS NULL ORDER BY unicode_name`,
      [accountId],
    );
    return rows.map((r) => ({ name: r.name, unicodeName: r.unicode_name, statuses: r.statuses, expiresAt: r.expires_at, createdAt: r.created_at }));
  }

  /** True when the live domain `name` (A-label) belongs to the account. */
  async ownedBy(manager: EntityManager, name: string, accountId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM domains WHERE name = $1 AND account_id = $2 AND purged_at IS NULL`, [name, accountId]);
    return rows.length > 0;
  }

  /** The id of the live domain `name` (A-label), or null. */
  async idOf(manager: EntityManager, name: string): Promise<string | null> {
    const rows: Array<{ id: string | number }> = await manager.query(`SELECT id FROM domains WHERE name = $1 AND purged_at IS NULL`, [name]);
    return rows.length ? String(rows[0].id) : null;
  }
}
