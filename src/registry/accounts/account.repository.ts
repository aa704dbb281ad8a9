import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../infrastructure/database/rows';
import type { AccountLocale, AccountRecord, AccountTokenPurpose, AccountTokenRecord } from './account.types';

interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  email_verified_at: Date | null;
  locale: AccountLocale;
  contact_id: string | number | null;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface TokenRow {
  token_hash: Buffer;
  account_id: string;
  purpose: AccountTokenPurpose;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  new_email: string | null;
}

function toAccount(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    emailVerifiedAt: r.email_verified_at,
    locale: r.locale,
    contactId: r.contact_id === null ? null : String(r.contact_id),
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toToken(r: TokenRow): AccountTokenRecord {
  return { tokenHash: r.token_hash, accountId: r.account_id, purpose: r.purpose, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, newEmail: r.new_email };
}

/** Every query on `registrant_accounts` and `account_tokens`. Callers pass the command's manager. */
@Injectable()
export class AccountRepository {
  async findById(manager: EntityManager, id: string, opts: { lock?: boolean } = {}): Promise<AccountRecord | null> {
    const rows = rowsOf<AccountRow>(await manager.query(`SELECT * FROM registrant_accounts WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]));
    return rows.length ? toAccount(rows[0]) : null;
  }

  /** By normalised address; the unique index is on `lower(email)`, so this is an index lookup. */
  async findByEmail(manager: EntityManager, email: string, opts: { lock?: boolean } = {}): Promise<AccountRecord | null> {
    const rows = rowsOf<AccountRow>(await manager.query(
      `SELECT * FROM registrant_accounts WHERE lower(email) = lower($1)${opts.lock ? ' FOR UPDATE' : ''}`,
      [email],
    ));
    return rows.length ? toAccount(rows[0]) : null;
  }

  async insert(manager: EntityManager, a: { id: string; email: string; passwordHash: string; locale: AccountLocale }, now: Date): Promise<AccountRecord> {
    const rows = rowsOf<AccountRow>(await manager.query(
      `INSERT INTO registrant_accounts (id, email, password_hash, locale, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
      [a.id, a.email, a.passwordHash, a.locale, now],
    ));
    return toAccount(rows[0]);
  }

  async markEmailVerified(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE registrant_accounts SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 WHERE id = $1`,
      [id, now],
    );
  }

  /**
   * Counts one failed login, atomically (concurrent failures all count). On the `threshold`-th
   * consecutive failure the account is locked until `now + lockMs` and the counter starts again,
   * so the next lock needs another full series. Attempts while locked are not counted (an attacker
   * cannot extend a lock indefinitely). Returns the lock time when this failure set it.
   */
  async recordLoginFailure(manager: EntityManager, id: string, now: Date, threshold: number, lockMs: number): Promise<{ lockedUntil: Date | null; failedLogins: number }> {
    const rows = rowsOf<{ locked: boolean; locked_until: Date | null; failed: number }>(await manager.query(
      `UPDATE registrant_accounts a
          SET failed_logins = CASE WHEN a.failed_logins + 1 >= $3 THEN 0 ELSE a.failed_logins + 1 END,
              locked_until  = CASE WHEN a.failed_logins + 1 >= $3 THEN $2::timestamptz + $4::bigint * interval '1 millisecond' ELSE a.locked_until END
        WHERE a.id = $1 AND (a.locked_until IS NULL OR a.locked_until <= $2)
        RETURNING (a.failed_logins = 0) AS locked, a.locked_until, a.failed_logins AS failed`,
      [id, now, threshold, lockMs],
    ));
    const row = rows[0];
    return { lockedUntil: row?.locked ? row.locked_until : null, failedLogins: Number(row?.failed ?? 0) };
  }

  /** A successful login: the failure series (and an expired lock) ends. No write when there is nothing to clear. */
  async clearLoginFailures(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE registrant_accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)`,
      [id],
    );
  }

  /** How many tokens of one purpose were issued to an account since `since` (mail-bombing guard). */
  async countTokensSince(manager: EntityManager, accountId: string, purpose: AccountTokenPurpose, since: Date): Promise<number> {
    const rows = rowsOf<{ n: string }>(await manager.query(
      `SELECT count(*) AS n FROM account_tokens WHERE account_id = $1 AND purpose = $2 AND created_at > $3`,
      [accountId, purpose, since],
    ));
    return Number(rows[0]?.n ?? 0);
  }

  /** A new password; also ends any failure series and lock (the owner proved control of the mailbox). */
  async setPassword(manager: EntityManager, id: string, passwordHash: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE registrant_accounts SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1`,
      [id, passwordHash, now],
    );
  }

  async setContact(manager: EntityManager, id: string, contactId: string, now: Date): Promise<void> {
    await manager.query(`UPDATE registrant_accounts SET contact_id = $2, updated_at = $3 WHERE id = $1`, [id, contactId, now]);
  }

  async insertToken(manager: EntityManager, t: { tokenHash: Buffer; accountId: string; purpose: AccountTokenPurpose; createdAt: Date; expiresAt: Date; newEmail?: string }): Promise<void> {
    await manager.query(
      `INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at, new_email) VALUES ($1, $2, $3, $4, $5, $6)`,
      [t.tokenHash, t.accountId, t.purpose, t.createdAt, t.expiresAt, t.newEmail ?? null],
    );
  }

  /** A new, proven address: the link to it was opened, so it counts as verified from `now`. */
  async setVerifiedEmail(manager: EntityManager, id: string, email: string, now: Date): Promise<void> {
    await manager.query(`UPDATE registrant_accounts SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1`, [id, email, now]);
  }

  /** The token with this hash and purpose, row-locked so that two uses of it serialise. */
  async findTokenForUpdate(manager: EntityManager, tokenHash: Buffer, purpose: AccountTokenPurpose): Promise<AccountTokenRecord | null> {
    const rows = rowsOf<TokenRow>(await manager.query(
      `SELECT * FROM account_tokens WHERE token_hash = $1 AND purpose = $2 FOR UPDATE`,
      [tokenHash, purpose],
    ));
    return rows.length ? toToken(rows[0]) : null;
  }

  async markTokenUsed(manager: EntityManager, tokenHash: Buffer, now: Date): Promise<void> {
    await manager.query(`UPDATE account_tokens SET used_at = $2 WHERE token_hash = $1`, [tokenHash, now]);
  }

  /** Uses up every still-open token of one purpose (after a password reset: the other reset links die). Returns how many. */
  async invalidateTokens(manager: EntityManager, accountId: string, purpose: AccountTokenPurpose, now: Date): Promise<number> {
    const rows = rowsOf<{ token_hash: Buffer }>(await manager.query(
      `UPDATE account_tokens SET used_at = $3 WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL RETURNING token_hash`,
      [accountId, purpose, now],
    ));
    return rows.length;
  }
}
