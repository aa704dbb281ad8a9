import { domainToASCII } from 'node:url';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { HistoryRepository, type HistoryEntry, type HistoryObjectType } from '../../registry/history/history.repository';
import { parseDomainName } from '../../registry/names/domain-name';
import { ZoneCatalog } from '../../registry/zones/zone-catalog.service';

export const HISTORY_TYPES = ['domain', 'contact', 'host', 'registrar', 'zone', 'reserved', 'premium', 'dispute', 'admin', 'account'] as const satisfies readonly HistoryObjectType[];
export type HistoryType = (typeof HISTORY_TYPES)[number];

/**
 * Any object's full history, found by its id or its name (a domain in U-label or A-label form, a
 * contact handle, a host name, a registrar id): every object that ever had that name.
 */
@Injectable()
export class ObjectHistory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly zones: ZoneCatalog,
    private readonly history: HistoryRepository,
  ) {}

  async find(type: HistoryType, query: string, limit = 2000): Promise<HistoryEntry[]> {
    const q = query.trim().replace(/\.$/, '');
    if (!q) return [];
    const stored = type === 'domain' ? await this.domainName(q) : type === 'host' ? domainToASCII(q.toLowerCase()) || q : q;
    return this.history.findByIdOrName(this.dataSource.manager, type, q, [q, stored], limit);
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
