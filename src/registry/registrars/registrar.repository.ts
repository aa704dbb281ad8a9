import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgArray, rowsOf } from '../../infrastructure/database/rows';
import { sqlParams, type WriteBatch } from '../../infrastructure/database/write-batch';

export interface Registrar {
  id: string;
  name: string;
  status: 'active' | 'suspended' | 'terminated';
  passwordHash: string;
  email: string | null;
  phone: string | null;
  url: string | null;
  ipAllowList: string[];
  balance: number;
  isDirectChannel: boolean;
  createdAt: Date;
}

export type LedgerKind = 'credit' | 'create' | 'renew' | 'transfer' | 'restore' | 'auto_renew' | 'refund' | 'adjustment';

export interface LedgerEntry {
  id: string;
  registrarId: string;
  amount: number;
  balanceAfter: number;
  kind: LedgerKind;
  domainName: string | null;
  years: number | null;
  note: string;
  createdAt: Date;
}


export function toRegistrar(r: Record<string, unknown>): Registrar {
  return {
    id: r.id as string,
    name: r.name as string,
    status: r.status as Registrar['status'],
    passwordHash: r.password_hash as string,
    email: (r.email as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    url: (r.url as string | null) ?? null,
    ipAllowList: pgArray(r.ip_allow_list),
    balance: Number(r.balance),
    isDirectChannel: r.is_direct_channel as boolean,
    createdAt: r.created_at as Date,
  };
}

function toLedger(r: Record<string, unknown>): LedgerEntry {
  return {
    id: String(r.id),
    registrarId: r.registrar_id as string,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    kind: r.kind as LedgerKind,
    domainName: (r.domain_name as string | null) ?? null,
    years: r.years === null ? null : Number(r.years),
    note: r.note as string,
    createdAt: r.created_at as Date,
  };
}

/**
 * Registrars and their money. The balance column is a running total of the append-only ledger;
 * every change to it goes through `debit` or `credit`, which write the ledger row in the same
 * statement sequence and transaction (invariant 3).
 */
/** A balance change with its ledger entry (what `debit` and `credit` write). */
export interface LedgerMove {
  registrarId: string;
  amount: number;
  kind: LedgerKind;
  domainId?: string | null;
  domainName?: string | null;
  years?: number | null;
  note?: string;
}

/** The debit's two statements: the conditional balance UPDATE, and the ledger INSERT that reads its RETURNING. */
function debitSql(e: LedgerMove, now: Date, param: (value: unknown) => string): { update: string; ledger: (from: string) => string } {
  if (e.amount < 0) throw new Error('debit amount must be >= 0');
  const [id, amount, at, kind, domainId, domainName, years, note] = [e.registrarId, e.amount, now, e.kind, e.domainId ?? null, e.domainName ?? null, e.years ?? null, e.note ?? ''].map(param);
  return {
    update: `UPDATE registrars SET balance = balance - ${amount}, updated_at = ${at} WHERE id = ${id} AND balance >= ${amount} RETURNING balance`,
    ledger: (from) => `INSERT INTO ledger_entries (registrar_id, amount, balance_after, kind, domain_id, domain_name, years, note, created_at)
       SELECT ${id}, -${amount}::bigint, ${from}.balance, ${kind}, ${domainId}, ${domainName}, ${years}, ${note}, ${at} FROM ${from}
       RETURNING balance_after`,
  };
}

@Injectable()
export class RegistrarRepository {
  async findById(manager: EntityManager, id: string): Promise<Registrar | null> {
    const rows = await manager.query(`SELECT * FROM registrars WHERE id = $1`, [id]);
    return rows.length ? toRegistrar(rows[0]) : null;
  }

  async list(manager: EntityManager): Promise<Registrar[]> {
    const rows = await manager.query(`SELECT * FROM registrars ORDER BY id`);
    return rows.map(toRegistrar);
  }

  async insert(
    manager: EntityManager,
    r: { id: string; name: string; passwordHash: string; email?: string | null; isDirectChannel?: boolean },
    now: Date,
  ): Promise<Registrar> {
    const rows = await manager.query(
      `INSERT INTO registrars (id, name, password_hash, email, is_direct_channel, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
      [r.id, r.name, r.passwordHash, r.email ?? null, r.isDirectChannel ?? false, now],
    );
    return toRegistrar(rows[0]);
  }

  /**
   * Takes `amount` off the balance if — and only if — it covers it (one conditional UPDATE, so two
   * concurrent debits can never take the balance below zero) and appends the ledger entry, in ONE
   * statement (a data-modifying CTE): the registrar row stays locked from here to the commit, so
   * callers debit last. Returns the new balance, or null (nothing written) when the balance is short.
   */
  async debit(manager: EntityManager, e: LedgerMove, now: Date): Promise<number | null> {
    const { values, param } = sqlParams();
    const sql = debitSql(e, now, param);
    const rows = rowsOf<{ balance_after: string }>(await manager.query(`WITH r AS (${sql.update}) ${sql.ledger('r')}`, values));
    return rows.length === 0 ? null : Number(rows[0].balance_after);
  }

  /**
   * The same debit, written by `batch` with the command's other writes (one round trip); put it
   * in the command's last statement, as above. `balance()` gives the result once the batch ran.
   */
  debitIn(batch: WriteBatch, e: LedgerMove, now: Date): { balance: () => number | null } {
    const sql = debitSql(e, now, (v) => batch.param(v));
    const update = batch.add('debit', sql.update);
    const ledger = batch.add('ledger', sql.ledger(update));
    const column = batch.output('balance', `(SELECT balance_after FROM ${ledger})`);
    let balance: number | null = null;
    batch.onResult((row) => {
      balance = row[column] === null ? null : Number(row[column]);
    });
    return { balance: () => balance };
  }

  /** Adds `amount` to the balance and appends the ledger entry in one statement; returns the new balance. */
  async credit(manager: EntityManager, e: LedgerMove, now: Date): Promise<number> {
    if (e.amount < 0) throw new Error('credit amount must be >= 0');
    const rows = rowsOf<{ balance_after: string }>(await manager.query(
      `WITH r AS (UPDATE registrars SET balance = balance + $2, updated_at = $3 WHERE id = $1 RETURNING balance)
       INSERT INTO ledger_entries (registrar_id, amount, balance_after, kind, domain_id, domain_name, years, note, created_at)
       SELECT $1, $2::bigint, r.balance, $4, $5, $6, $7, $8, $3 FROM r
       RETURNING balance_after`,
      [e.registrarId, e.amount, now, e.kind, e.domainId ?? null, e.domainName ?? null, e.years ?? null, e.note ?? ''],
    ));
    if (rows.length === 0) throw new Error(`registrar ${e.registrarId} vanished`);
    return Number(rows[0].balance_after);
  }

  async ledger(manager: EntityManager, registrarId: string, limit = 100): Promise<LedgerEntry[]> {
    const rows = await manager.query(
      `SELECT * FROM ledger_entries WHERE registrar_id = $1 ORDER BY id DESC LIMIT $2`,
      [registrarId, limit],
    );
    return rows.map(toLedger);
  }

  /** What a domain was charged for one kind of operation (positive qəpik, by registrar). */
  async chargesFor(manager: EntityManager, domainId: string, kind: LedgerKind): Promise<Array<{ registrarId: string; amount: number }>> {
    const rows = await manager.query(
      `SELECT registrar_id, -sum(amount) AS amount FROM ledger_entries WHERE domain_id = $1 AND kind = $2 GROUP BY registrar_id`,
      [domainId, kind],
    );
    return rows.map((r: { registrar_id: string; amount: string }) => ({ registrarId: r.registrar_id, amount: Number(r.amount) }));
  }

  async ledgerSum(manager: EntityManager, registrarId: string): Promise<number> {
    const rows = await manager.query(`SELECT coalesce(sum(amount), 0) AS s FROM ledger_entries WHERE registrar_id = $1`, [registrarId]);
    return Number(rows[0].s);
  }

  async insertApiKey(manager: EntityManager, k: { id: string; registrarId: string; secretHash: Buffer; label: string }, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO registrar_api_keys (id, registrar_id, secret_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [k.id, k.registrarId, k.secretHash, k.label, now],
    );
  }

  async setStatus(manager: EntityManager, id: string, status: Registrar['status'], now: Date): Promise<void> {
    await manager.query(`UPDATE registrars SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, now]);
  }

  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string, now: Date): Promise<void> {
    await manager.query(`UPDATE registrars SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1`, [id, passwordHash, now]);
  }

  async setIpAllowList(manager: EntityManager, id: string, cidrs: string[], now: Date): Promise<void> {
    await manager.query(`UPDATE registrars SET ip_allow_list = $2::cidr[], updated_at = $3 WHERE id = $1`, [id, cidrs, now]);
  }

  /** Every API key of a registrar (live and revoked), newest first; never the secret hashes. */
  async listApiKeys(manager: EntityManager, registrarId: string): Promise<Array<{ id: string; label: string; createdAt: Date; revokedAt: Date | null }>> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, label, created_at, revoked_at FROM registrar_api_keys WHERE registrar_id = $1 ORDER BY created_at DESC, id`,
      [registrarId],
    );
    return rows.map((r) => ({ id: r.id as string, label: r.label as string, createdAt: r.created_at as Date, revokedAt: (r.revoked_at as Date | null) ?? null }));
  }

  /** Revokes a live key of this registrar; false when there is none. */
  async revokeApiKey(manager: EntityManager, registrarId: string, keyId: string, now: Date): Promise<boolean> {
    const rows = rowsOf(await manager.query(
      `UPDATE registrar_api_keys SET revoked_at = $3 WHERE id = $2 AND registrar_id = $1 AND revoked_at IS NULL RETURNING id`,
      [registrarId, keyId, now],
    ));
    return rows.length > 0;
  }

  /** Ledger entries with from <= created_at < to, oldest first (statements). */
  async ledgerBetween(manager: EntityManager, registrarId: string, from: Date, to: Date): Promise<LedgerEntry[]> {
    const rows = await manager.query(
      `SELECT * FROM ledger_entries WHERE registrar_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY id`,
      [registrarId, from, to],
    );
    return rows.map(toLedger);
  }

  /** The balance at an instant: the sum of every entry before it. */
  async balanceAt(manager: EntityManager, registrarId: string, at: Date): Promise<number> {
    const rows = await manager.query(`SELECT coalesce(sum(amount), 0) AS s FROM ledger_entries WHERE registrar_id = $1 AND created_at < $2`, [registrarId, at]);
    return Number(rows[0].s);
  }

  /** The registrar behind a live API key, with the stored secret hash to compare. */
  async findApiKey(manager: EntityManager, keyId: string): Promise<{ registrarId: string; secretHash: Buffer; status: string; ipAllowList: string[] } | null> {
    const rows = await manager.query(
      `SELECT k.registrar_id, k.secret_hash, r.status, r.ip_allow_list FROM registrar_api_keys k JOIN registrars r ON r.id = k.registrar_id
       WHERE k.id = $1 AND k.revoked_at IS NULL`,
      [keyId],
    );
    return rows.length ? { registrarId: rows[0].registrar_id, secretHash: rows[0].secret_hash, status: rows[0].status, ipAllowList: pgArray(rows[0].ip_allow_list) } : null;
  }
}
