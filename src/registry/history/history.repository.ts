import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlParams, type WriteBatch } from '../../infrastructure/database/write-batch';
import type { CommandContext } from '../command/command-context';

export type HistoryObjectType = 'domain' | 'contact' | 'host' | 'registrar' | 'zone' | 'hold' | 'reserved' | 'premium' | 'admin' | 'account' | 'dispute';

export interface HistoryEntry {
  id: string;
  objectType: HistoryObjectType;
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

export interface NewHistoryEntry {
  objectType: HistoryObjectType;
  objectId: string | number;
  objectName?: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

function historyInsert(ctx: CommandContext, entry: NewHistoryEntry, param: (value: unknown) => string): string {
  const values = [
    entry.objectType,
    String(entry.objectId),
    entry.objectName ?? null,
    entry.action,
    ctx.actor.type,
    ctx.actor.id,
    ctx.actor.channel,
    ctx.actor.requestId ?? null,
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
    ctx.now,
  ];
  return `INSERT INTO history (object_type, object_id, object_name, action, actor_type, actor_id, channel, request_id, before, after, created_at)
       VALUES (${values.map(param).join(', ')})`;
}

/** The append-only audit trail: one row for every mutation, written in the mutation's transaction. */
@Injectable()
export class HistoryRepository {
  async record(ctx: CommandContext, entry: NewHistoryEntry): Promise<void> {
    const { values, param } = sqlParams();
    await ctx.manager.query(historyInsert(ctx, entry, param), values);
  }

  /** The same row, written by `batch` with the command's other writes (one round trip). */
  recordIn(batch: WriteBatch, ctx: CommandContext, entry: NewHistoryEntry): void {
    batch.add('history', historyInsert(ctx, entry, (v) => batch.param(v)));
  }

  async listFor(manager: EntityManager, objectType: HistoryObjectType, objectId: string | number): Promise<HistoryEntry[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT * FROM history WHERE object_type = $1 AND object_id = $2 ORDER BY id`,
      [objectType, String(objectId)],
    );
    return rows.map(toHistoryEntry);
  }

  /**
   * Every row of objects of one type whose id is `key` or whose name is one of `names` (case-
   * insensitive), oldest first: a name can stand for several objects over time (a domain
   * registered, purged and registered again).
   */
  async findByIdOrName(manager: EntityManager, objectType: HistoryObjectType, key: string, names: string[], limit: number): Promise<HistoryEntry[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT * FROM history WHERE object_type = $1 AND (object_id = $2 OR lower(object_name) = ANY($3::text[])) ORDER BY id LIMIT $4`,
      [objectType, key, names.map((n) => n.toLowerCase()), limit],
    );
    return rows.map(toHistoryEntry);
  }
}

function toHistoryEntry(r: Record<string, unknown>): HistoryEntry {
  return {
    id: String(r.id),
    objectType: r.object_type as HistoryObjectType,
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
  };
}
