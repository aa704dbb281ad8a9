import { domainToASCII } from 'node:url';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { parseDomainName } from '../../registry/names/domain-name';
import { ZoneCatalog } from '../../registry/zones/zone-catalog.service';

export const HISTORY_TYPES = ['domain', 'contact', 'host', 'registrar', 'zone', 'reserved', 'premium', 'admin', 'account'] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

export interface HistoryRow {
  id: string;
  objectId: string;
  objectName: string | null;
  action: string;
  actorType: string;
  actorId: string;
  channel: string;
  requestId: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/**
 * Any object's full history, found by its id or its name (a domain in U-label or A-label form, a
 * contact handle, a host name, a registrar id). A name can stand for several objects over time
 * (a domain registered, purged and registered again): all of them are returned, oldest first.
 */
@Injectable()
export class ObjectHistory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly zones: ZoneCatalog,
  ) {}

  async find(type: HistoryType, query: string, limit = 2000): Promise<HistoryRow[]> {
    const q = query.trim().replace(/\.$/, '');
    if (!q) return [];
    const ascii = type === 'domain' ? await this.domainName(q) : type === 'host' ? domainToASCII(q.toLowerCase()) || q : q;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT * FROM history
       WHERE object_type = $1 AND (object_id = $2 OR lower(object_name) = lower($2) OR lower(object_name) = lower($3))
       ORDER BY id LIMIT $4`,
      [type, q, ascii, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      objectId: r.object_id as string,
      objectName: (r.object_name as string | null) ?? null,
      action: r.action as string,
      actorType: r.actor_type as string,
      actorId: r.actor_id as string,
      channel: r.channel as string,
      requestId: (r.request_id as string | null) ?? null,
      before: r.before,
      after: r.after,
      createdAt: r.created_at as Date,
    }));
  }

  /** A domain as the registry stores it (A-label, folded case, `İ` → `i`), or the text as given. */
  private async domainName(q: string): Promise<string> {
    try {
      return parseDomainName(q, await this.zones.all()).name;
    } catch (error) {
      if (error instanceof RegistryError) return q;
      throw error;
    }
  }
}
