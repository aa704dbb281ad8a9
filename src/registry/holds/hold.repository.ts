import { Injectable } from '@nestjs/common';
import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';
import type { CommandContext } from '../command/command-context';
import { rowsOf } from '../../infrastructure/database/rows';

/**
 * Who a hold is for: a registrar (EPP/REST), a registrant account (the panel's cart), or a visitor
 * of the panel who has no account yet (a random id kept in their session; the holds move to the
 * account at login, see ClaimHoldsHandler).
 */
export interface HoldOwner {
  type: 'registrar' | 'account' | 'visitor';
  id: string;
}

/**
 * Live holds one owner may have at once. Registrars are limited by their check/create rate
 * limits and pay for what they create; panel buyers hold without paying, so a cap keeps one
 * person (or one anonymous session) from tying up many names for the hold time.
 */
export const MAX_LIVE_HOLDS: Readonly<Record<HoldOwner['type'], number>> = { registrar: Number.POSITIVE_INFINITY, account: 10, visitor: 3 };

export interface NameHold {
  holdId: string;
  variantKey: string;
  name: string;
  zone: string;
  owner: HoldOwner;
  channel: string;
  createdAt: Date;
  expiresAt: Date;
}

function toHold(r: Record<string, unknown>): NameHold {
  return {
    holdId: r.hold_id as string,
    variantKey: r.variant_key as string,
    name: r.name as string,
    zone: r.zone as string,
    owner: { type: r.owner_type as HoldOwner['type'], id: r.owner_id as string },
    channel: r.channel as string,
    createdAt: r.created_at as Date,
    expiresAt: r.expires_at as Date,
  };
}

export function sameOwner(a: HoldOwner, b: HoldOwner): boolean {
  return a.type === b.type && a.id === b.id;
}

/**
 * Checkout holds. One row per variant bundle; a row counts only while `expires_at > now`, so an
 * expired hold never blocks anyone, whether or not the expiry job has run yet.
 */
const BUNDLE_LOCK_SEED = 7;
const bundleLockKey = (variantKey: string) => `name:${variantKey}`;

@Injectable()
export class HoldRepository {
  /**
   * Serialises every hold and create on one variant bundle for the rest of the transaction.
   * Cheap (no row needed) and released at commit, so the statements that follow see whatever
   * the previous holder of the lock committed.
   */
  async lockBundle(manager: EntityManager, variantKey: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${BUNDLE_LOCK_SEED}))`, [bundleLockKey(variantKey)]);
  }

  /** The same lock as one parameterless statement, for `CommandHandler.openingLock`. */
  bundleLockStatement(variantKey: string): string {
    return `SELECT pg_advisory_xact_lock(hashtextextended(${escapeLiteral(bundleLockKey(variantKey))}, ${BUNDLE_LOCK_SEED}))`;
  }

  /** `lockBundle`, unless the runner already took this very lock when it started the transaction. */
  async lockBundleUnlessOpened(ctx: CommandContext, variantKey: string): Promise<void> {
    if (ctx.openingLock !== this.bundleLockStatement(variantKey)) await this.lockBundle(ctx.manager, variantKey);
  }

  async findActive(manager: EntityManager, variantKey: string, now: Date): Promise<NameHold | null> {
    const rows = await manager.query(`SELECT * FROM name_holds WHERE variant_key = $1 AND expires_at > $2`, [variantKey, now]);
    return rows.length ? toHold(rows[0]) : null;
  }

  async findActiveByKeys(manager: EntityManager, variantKeys: string[], now: Date): Promise<Map<string, NameHold>> {
    if (variantKeys.length === 0) return new Map();
    const rows = await manager.query(`SELECT * FROM name_holds WHERE variant_key = ANY($1::text[]) AND expires_at > $2`, [variantKeys, now]);
    return new Map(rows.map((r: Record<string, unknown>) => [r.variant_key as string, toHold(r)]));
  }

  async findById(manager: EntityManager, holdId: string): Promise<NameHold | null> {
    const rows = await manager.query(`SELECT * FROM name_holds WHERE hold_id = $1`, [holdId]);
    return rows.length ? toHold(rows[0]) : null;
  }

  /**
   * Places a hold unless a live one exists: a single upsert that only overwrites an expired row.
   * Returns the new hold, or null when someone (possibly the same owner) holds the bundle.
   */
  async placeIfFree(manager: EntityManager, hold: NameHold, now: Date): Promise<NameHold | null> {
    const rows = await manager.query(
      `INSERT INTO name_holds (variant_key, hold_id, name, zone, owner_type, owner_id, channel, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (variant_key) DO UPDATE
         SET hold_id = EXCLUDED.hold_id, name = EXCLUDED.name, zone = EXCLUDED.zone, owner_type = EXCLUDED.owner_type,
             owner_id = EXCLUDED.owner_id, channel = EXCLUDED.channel, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE name_holds.expires_at <= $8
       RETURNING *`,
      [hold.variantKey, hold.holdId, hold.name, hold.zone, hold.owner.type, hold.owner.id, hold.channel, now, hold.expiresAt],
    );
    return rows.length ? toHold(rows[0]) : null;
  }

  async delete(manager: EntityManager, holdId: string): Promise<boolean> {
    const rows = rowsOf(await manager.query(`DELETE FROM name_holds WHERE hold_id = $1 RETURNING hold_id`, [holdId]));
    return rows.length > 0;
  }

  /** Removes holds that have run out; returns the variant keys freed (for cache invalidation). */
  async deleteExpired(manager: EntityManager, now: Date, holdId?: string): Promise<string[]> {
    const rows = rowsOf<{ variant_key: string }>(await manager.query(
      `DELETE FROM name_holds WHERE expires_at <= $1 AND ($2::uuid IS NULL OR hold_id = $2) RETURNING variant_key`,
      [now, holdId ?? null],
    ));
    return rows.map((r: { variant_key: string }) => r.variant_key);
  }

  async listByOwner(manager: EntityManager, owner: HoldOwner, now: Date): Promise<NameHold[]> {
    const rows = await manager.query(
      `SELECT * FROM name_holds WHERE owner_type = $1 AND owner_id = $2 AND expires_at > $3 ORDER BY created_at`,
      [owner.type, owner.id, now],
    );
    return rows.map(toHold);
  }

  /** Serialises hold placement per owner (transaction-scoped), so the live-hold cap holds under concurrent adds. */
  async lockOwner(manager: EntityManager, owner: HoldOwner): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`hold-owner:${owner.type}:${owner.id}`]);
  }

  /** Live holds of `owner`, not counting the bundle `exceptVariantKey` when given. */
  async countLive(manager: EntityManager, owner: HoldOwner, now: Date, exceptVariantKey?: string): Promise<number> {
    const rows = await manager.query(
      `SELECT count(*)::int AS n FROM name_holds WHERE owner_type = $1 AND owner_id = $2 AND expires_at > $3 AND ($4::text IS NULL OR variant_key <> $4)`,
      [owner.type, owner.id, now, exceptVariantKey ?? null],
    );
    return rows[0].n as number;
  }

  /** Gives these holds to `to` (expiry unchanged); returns the ids actually moved. */
  async reassign(manager: EntityManager, holdIds: string[], to: HoldOwner): Promise<Set<string>> {
    const rows = rowsOf<{ hold_id: string }>(await manager.query(
      `UPDATE name_holds SET owner_type = $2, owner_id = $3 WHERE hold_id = ANY($1::uuid[]) RETURNING hold_id`,
      [holdIds, to.type, to.id],
    ));
    return new Set(rows.map((r) => r.hold_id));
  }
}
