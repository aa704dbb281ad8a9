import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../registry/command/clock';
import { clientIp, requestId, type AdminRequest } from '../admin-request';

/** One console action, as written to `admin_audit_log` (append-only: a trigger refuses UPDATE and DELETE). */
export interface AdminAuditEntry {
  /** Null only for failed sign-ins with an unknown e-mail address. */
  adminId: string | null;
  adminEmail?: string | null;
  /** Dotted verb, e.g. `registrar.suspend`, `dispute.validate`. */
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
  /** Defaults to the Clock's now; pass the command's `ctx.now` inside a command. */
  at?: Date;
}

export interface AdminAuditRow {
  id: string;
  adminId: string | null;
  adminEmail: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
  createdAt: Date;
}

export interface AdminAuditFilter {
  adminEmail?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (paging backwards). */
  beforeId?: string;
  limit?: number;
}

/**
 * The audit log of every console action. Write it with the manager of the transaction that makes
 * the change (`record(ctx.manager, …)`), so the change and its audit entry commit together or
 * not at all; without a manager it is written on its own (reads, sign-ins).
 */
@Injectable()
export class AdminAudit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager | null | undefined, e: AdminAuditEntry): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO admin_audit_log (admin_id, admin_email, action, object_type, object_id, details, ip, request_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [e.adminId, e.adminEmail ?? null, e.action, e.objectType ?? null, e.objectId === undefined || e.objectId === null ? null : String(e.objectId), JSON.stringify(e.details ?? {}), e.ip ?? null, e.requestId ?? null, e.at ?? this.clock.now()],
    );
  }

  /** The who/where part of an entry for a request of a signed-in administrator. */
  static from(req: Request, res: Response): Pick<AdminAuditEntry, 'adminId' | 'adminEmail' | 'ip' | 'requestId'> {
    const admin = (req as AdminRequest).admin;
    return { adminId: admin?.id ?? null, adminEmail: admin?.email ?? null, ip: clientIp(req), requestId: requestId(res) ?? null };
  }

  async search(f: AdminAuditFilter): Promise<AdminAuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.adminEmail) add('lower(admin_email) = lower(?)', f.adminEmail);
    if (f.action) add('action LIKE ?', `${f.action.replace(/[\\%_]/g, '\\$&')}%`);
    if (f.objectType) add('object_type = ?', f.objectType);
    if (f.objectId) add('object_id = ?', f.objectId);
    if (f.from) add('created_at >= ?', f.from);
    if (f.to) add('created_at < ?', f.to);
    if (f.beforeId && /^\d+$/.test(f.beforeId)) add('id < ?', f.beforeId);
    params.push(Math.min(Math.max(f.limit ?? 100, 1), 500));
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT * FROM admin_audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      adminId: (r.admin_id as string | null) ?? null,
      adminEmail: (r.admin_email as string | null) ?? null,
      action: r.action as string,
      objectType: (r.object_type as string | null) ?? null,
      objectId: (r.object_id as string | null) ?? null,
      details: (r.details as Record<string, unknown>) ?? {},
      ip: (r.ip as string | null) ?? null,
      requestId: (r.request_id as string | null) ?? null,
      createdAt: r.created_at as Date,
    }));
  }
}
