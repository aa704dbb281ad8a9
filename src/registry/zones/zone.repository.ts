import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Zone } from './zone.types';

function toZone(r: Record<string, unknown>): Zone {
  const n = (k: string) => Number(r[k]);
  return {
    name: r.name as string,
    restricted: r.restricted as boolean,
    idnEnabled: r.idn_enabled as boolean,
    minLabelLength: n('min_label_length'),
    maxLabelLength: n('max_label_length'),
    minTermYears: n('min_term_years'),
    maxTermYears: n('max_term_years'),
    prices: { create: n('price_create'), renew: n('price_renew'), transfer: n('price_transfer'), restore: n('price_restore') },
    periods: {
      addGraceDays: n('add_grace_days'),
      renewGraceDays: n('renew_grace_days'),
      transferGraceDays: n('transfer_grace_days'),
      autoRenewGraceDays: n('auto_renew_grace_days'),
      redemptionDays: n('redemption_days'),
      pendingDeleteDays: n('pending_delete_days'),
      transferPendingDays: n('transfer_pending_days'),
      pendingCreateDays: n('pending_create_days'),
    },
    holdMinutes: n('hold_minutes'),
  };
}

export interface ZoneInput {
  name: string;
  restricted: boolean;
  minLabelLength: number;
  idnEnabled?: boolean;
  prices: Zone['prices'];
  holdMinutes?: number;
}

@Injectable()
export class ZoneRepository {
  async list(manager: EntityManager): Promise<Zone[]> {
    const rows = await manager.query(`SELECT * FROM zones ORDER BY (name = 'az') DESC, name`);
    return rows.map(toZone);
  }

  /** Inserts a zone or leaves an existing one untouched; returns true when inserted. */
  async insertIfMissing(manager: EntityManager, z: ZoneInput, now: Date): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO zones (name, restricted, idn_enabled, min_label_length, price_create, price_renew, price_transfer, price_restore, hold_minutes, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (name) DO NOTHING RETURNING name`,
      [z.name, z.restricted, z.idnEnabled ?? true, z.minLabelLength, z.prices.create, z.prices.renew, z.prices.transfer, z.prices.restore, z.holdMinutes ?? 15, now],
    );
    return rows.length > 0;
  }

  /** Writes a zone's editable policy (prices, lengths, terms, restriction, hold, periods). */
  async update(manager: EntityManager, z: Zone, now: Date): Promise<void> {
    await manager.query(
      `UPDATE zones SET restricted = $2, idn_enabled = $3, min_label_length = $4, max_label_length = $5, min_term_years = $6, max_term_years = $7,
         price_create = $8, price_renew = $9, price_transfer = $10, price_restore = $11, hold_minutes = $12,
         add_grace_days = $13, renew_grace_days = $14, transfer_grace_days = $15, auto_renew_grace_days = $16, redemption_days = $17,
         pending_delete_days = $18, transfer_pending_days = $19, pending_create_days = $20, updated_at = $21
       WHERE name = $1`,
      [
        z.name, z.restricted, z.idnEnabled, z.minLabelLength, z.maxLabelLength, z.minTermYears, z.maxTermYears,
        z.prices.create, z.prices.renew, z.prices.transfer, z.prices.restore, z.holdMinutes,
        z.periods.addGraceDays, z.periods.renewGraceDays, z.periods.transferGraceDays, z.periods.autoRenewGraceDays, z.periods.redemptionDays,
        z.periods.pendingDeleteDays, z.periods.transferPendingDays, z.periods.pendingCreateDays, now,
      ],
    );
  }
}
