import { Injectable, Logger } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { writeDeposit } from './deposit-writer';
import { signAndEncrypt } from './gpg';
import { depositId, type DeleteCounts, type DepositType, type ObjectCounts } from './rde';

/** One row of `escrow_deposits`. `counts` holds the objects per type and the deletes. */
export interface EscrowDepositRecord {
  id: string;
  type: DepositType;
  watermark: Date;
  previousId: string | null;
  file: string;
  counts: ObjectCounts & { deletes?: DeleteCounts };
  createdAt: Date;
}

/**
 * An INCR deposit covers changes after the previous watermark minus this overlap. A command reads
 * `now` when it starts and commits a little later; one that started before a deposit's snapshot
 * but committed after it carries an updated_at older than the watermark and would otherwise be
 * missed by both deposits. Re-sending a few unchanged objects is harmless (objects replace).
 */
export const INCR_OVERLAP_MS = 5 * 60_000;

/** Sunday: FULL; other days: INCR (UTC; the schedule runs at 00:30 UTC). */
export function depositTypeFor(now: Date): DepositType {
  return now.getUTCDay() === 0 ? 'FULL' : 'INCR';
}

function toRecord(r: Record<string, unknown>): EscrowDepositRecord {
  return {
    id: String(r.id),
    type: r.type as DepositType,
    watermark: r.watermark as Date,
    previousId: (r.previous_id as string | null) ?? null,
    file: String(r.file),
    counts: r.counts as EscrowDepositRecord['counts'],
    createdAt: r.created_at as Date,
  };
}

/**
 * Makes data escrow deposits (RFC 8909 / RFC 9022) into ESCROW_DIR (default DATA_DIR/escrow) and
 * records each one in `escrow_deposits`. Idempotent: one deposit per UTC day and type; asking
 * again returns the recorded one. An INCR with no earlier deposit becomes a FULL (there is
 * nothing to be incremental to). With ESCROW_GPG_RECIPIENT set, `<file>.gpg` is produced as well
 * (signed and encrypted) before the deposit is recorded; if gpg fails the job fails and retries.
 */
@Injectable()
export class EscrowService {
  private readonly logger = new Logger(EscrowService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get directory(): string {
    return this.config.ESCROW_DIR ?? join(this.config.DATA_DIR, 'escrow');
  }

  async deposit(requested: DepositType, now: Date): Promise<EscrowDepositRecord> {
    const [previousRow] = await this.dataSource.query(`SELECT * FROM escrow_deposits WHERE watermark < $1 ORDER BY watermark DESC, id DESC LIMIT 1`, [now]);
    const previous = previousRow ? toRecord(previousRow) : null;
    const type: DepositType = requested === 'INCR' && !previous ? 'FULL' : requested;
    if (type !== requested) this.logger.warn('no earlier escrow deposit: making a FULL deposit instead of an INCR');
    const id = depositId(now, type);
    const [existing] = await this.dataSource.query(`SELECT * FROM escrow_deposits WHERE id = $1`, [id]);
    if (existing) return toRecord(existing);

    const since = type === 'INCR' && previous ? new Date(previous.watermark.getTime() - INCR_OVERLAP_MS) : null;
    const previousId = type === 'INCR' && previous ? previous.id : null;
    const started = Date.now();
    const written = await writeDeposit(this.dataSource, { id, type, previousId, watermark: now, since, dir: this.directory });
    let encrypted: string | null = null;
    if (this.config.ESCROW_GPG_RECIPIENT) encrypted = await signAndEncrypt(written.file, this.config.ESCROW_GPG_RECIPIENT);
    const counts = type === 'INCR' ? { ...written.counts, deletes: written.deletes } : written.counts;
    const [row] = await this.dataSource.query(
      `INSERT INTO escrow_deposits (id, type, watermark, previous_id, file, counts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id RETURNING *`,
      [id, type, now, previousId, written.file, JSON.stringify(counts), now],
    );
    this.logger.log({ id, type, file: written.file, encrypted, counts, ms: Date.now() - started }, 'escrow deposit written');
    return toRecord(row);
  }
}
