import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgArray, rowsOf } from '../../infrastructure/database/rows';
import type { AdminRole } from '../admin-roles';

export interface AdminUser {
  id: string;
  email: string;
  passwordHash: string;
  roles: AdminRole[];
  /** Encrypted (see totp-secret-box.ts), or null before enrolment. */
  totpSecret: string | null;
  totpLastStep: number;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

function toAdminUser(r: Record<string, unknown>): AdminUser {
  return {
    id: r.id as string,
    email: r.email as string,
    passwordHash: r.password_hash as string,
    roles: pgArray(r.roles) as AdminRole[],
    totpSecret: (r.totp_secret as string | null) ?? null,
    totpLastStep: Number(r.totp_last_step),
    failedLogins: Number(r.failed_logins),
    lockedUntil: (r.locked_until as Date | null) ?? null,
    disabledAt: (r.disabled_at as Date | null) ?? null,
  };
}

/** Console accounts: lookups, the lock-out counter and the TOTP state. */
@Injectable()
export class AdminUsersRepository {
  async findByEmail(manager: EntityManager, email: string, opts: { lock?: boolean } = {}): Promise<AdminUser | null> {
    const rows = await manager.query(`SELECT * FROM admin_users WHERE lower(email) = lower($1)${opts.lock ? ' FOR UPDATE' : ''}`, [email.trim()]);
    return rows.length ? toAdminUser(rows[0]) : null;
  }

  async findById(manager: EntityManager, id: string, opts: { lock?: boolean } = {}): Promise<AdminUser | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const rows = await manager.query(`SELECT * FROM admin_users WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows.length ? toAdminUser(rows[0]) : null;
  }

  /** One more failure; at `max` the account locks until `lockUntil` and the counter restarts. */
  async recordFailure(manager: EntityManager, id: string, max: number, lockUntil: Date): Promise<{ locked: boolean }> {
    const rows = rowsOf(await manager.query(
      `UPDATE admin_users SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
       WHERE id = $1 RETURNING locked_until`,
      [id, max, lockUntil],
    ));
    const until = rows[0]?.locked_until as Date | null | undefined;
    return { locked: !!until && until.getTime() === lockUntil.getTime() };
  }

  /**
   * Accepts a TOTP time step only if it is later than the last accepted one (one atomic UPDATE,
   * so two requests with the same code cannot both pass), and clears the failure counter.
   */
  async acceptTotpStep(manager: EntityManager, id: string, step: number): Promise<boolean> {
    const rows = rowsOf(await manager.query(
      `UPDATE admin_users SET totp_last_step = $2, failed_logins = 0, locked_until = NULL WHERE id = $1 AND totp_last_step < $2 RETURNING id`,
      [id, step],
    ));
    return rows.length > 0;
  }

  /** Stores the first TOTP secret (never overwrites one) together with the step of its confirming code. */
  async enrolTotp(manager: EntityManager, id: string, encryptedSecret: string, step: number, now: Date): Promise<boolean> {
    const rows = rowsOf(await manager.query(
      `UPDATE admin_users SET totp_secret = $2, totp_last_step = $3, totp_enrolled_at = $4, failed_logins = 0, locked_until = NULL
       WHERE id = $1 AND totp_secret IS NULL RETURNING id`,
      [id, encryptedSecret, step, now],
    ));
    return rows.length > 0;
  }
}
