import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../infrastructure/database/rows';

export interface PremiumPrice {
  create: number;
  renew: number;
}

/** The stop-list (reserved labels, per zone or everywhere) and the premium list. */
@Injectable()
export class NameListsRepository {
  /** Which of these (labelKey, zone) pairs are reserved. Key of the result: `${labelKey}|${zone}`. */
  async reserved(manager: EntityManager, pairs: Array<{ labelKey: string; zone: string }>): Promise<Map<string, string>> {
    if (pairs.length === 0) return new Map();
    const rows: Array<{ label_key: string; zone: string; reason: string }> = await manager.query(
      `SELECT p.label_key, p.zone, r.reason
       FROM unnest($1::text[], $2::text[]) AS p(label_key, zone)
       JOIN reserved_names r ON r.label_key = p.label_key AND (r.zone IS NULL OR r.zone = p.zone)`,
      [pairs.map((p) => p.labelKey), pairs.map((p) => p.zone)],
    );
    return new Map(rows.map((r) => [`${r.label_key}|${r.zone}`, r.reason]));
  }

  async addReserved(manager: EntityManager, labelKey: string, zone: string | null, reason: string, now: Date): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO reserved_names (label_key, zone, reason, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (label_key, coalesce(zone, '')) DO NOTHING RETURNING id`,
      [labelKey, zone, reason, now],
    );
    return rows.length > 0;
  }

  async listReserved(manager: EntityManager): Promise<Array<{ labelKey: string; zone: string | null; reason: string }>> {
    const rows = await manager.query(`SELECT label_key, zone, reason FROM reserved_names ORDER BY label_key, zone`);
    return rows.map((r: Record<string, unknown>) => ({ labelKey: r.label_key as string, zone: (r.zone as string | null) ?? null, reason: r.reason as string }));
  }

  /** Removes one stop-list entry (zone null = the every-zone entry); false when there was none. */
  async removeReserved(manager: EntityManager, labelKey: string, zone: string | null): Promise<{ reason: string } | null> {
    const deleted = rowsOf<{ reason: string }>(await manager.query(`DELETE FROM reserved_names WHERE label_key = $1 AND coalesce(zone, '') = coalesce($2, '') RETURNING reason`, [labelKey, zone]));
    return deleted.length ? { reason: deleted[0].reason } : null;
  }

  async listPremium(manager: EntityManager): Promise<Array<{ name: string; create: number; renew: number }>> {
    const rows: Array<{ name: string; price_create: string; price_renew: string }> = await manager.query(`SELECT name, price_create, price_renew FROM premium_names ORDER BY name`);
    return rows.map((r) => ({ name: r.name, create: Number(r.price_create), renew: Number(r.price_renew) }));
  }

  async removePremium(manager: EntityManager, name: string): Promise<PremiumPrice | null> {
    const deleted = rowsOf<{ price_create: string; price_renew: string }>(await manager.query(`DELETE FROM premium_names WHERE name = $1 RETURNING price_create, price_renew`, [name]));
    return deleted.length ? { create: Number(deleted[0].price_create), renew: Number(deleted[0].price_renew) } : null;
  }

  async premium(manager: EntityManager, names: string[]): Promise<Map<string, PremiumPrice>> {
    if (names.length === 0) return new Map();
    const rows: Array<{ name: string; price_create: string; price_renew: string }> = await manager.query(
      `SELECT name, price_create, price_renew FROM premium_names WHERE name = ANY($1::text[])`,
      [names],
    );
    return new Map(rows.map((r) => [r.name, { create: Number(r.price_create), renew: Number(r.price_renew) }]));
  }

  async setPremium(manager: EntityManager, name: string, price: PremiumPrice, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO premium_names (name, price_create, price_renew, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET price_create = EXCLUDED.price_create, price_renew = EXCLUDED.price_renew`,
      [name, price.create, price.renew, now],
    );
  }
}

/** The label part of a variant key: 'seki.com.az' in zone 'com.az' → 'seki'. */
export function labelKeyOf(variantKey: string, zone: string): string {
  return variantKey.slice(0, variantKey.length - zone.length - 1);
}
