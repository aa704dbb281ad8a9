import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DropEntry {
  name: string;
  unicodeName: string;
  dropAt: Date;
}

/**
 * The published pending-delete list: names in redemption or pending delete and the exact time
 * each becomes available (its purge time). Public by design: a fair drop needs a known time.
 */
@Injectable()
export class DropList {
  constructor(private readonly dataSource: DataSource) {}

  async between(from: Date, to: Date, limit = 5_000): Promise<DropEntry[]> {
    const rows = await this.dataSource.query(
      `SELECT name, unicode_name, purge_at FROM domains WHERE purged_at IS NULL AND purge_at >= $1 AND purge_at < $2 ORDER BY purge_at, name LIMIT $3`,
      [from, to, limit],
    );
    return rows.map((r: Record<string, unknown>) => ({ name: r.name as string, unicodeName: r.unicode_name as string, dropAt: r.purge_at as Date }));
  }
}
