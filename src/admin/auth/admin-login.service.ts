import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { hashPassword, verifyPassword } from '../../common/secrets';
import { derivedKey } from '../../payments/app-secret';
import { Clock } from '../../registry/command/clock';
import { AdminAudit } from '../audit/admin-audit.service';
import { AdminUsersRepository, type AdminUser } from './admin-users.repository';
import { newTotpSecret, openTotpSecret, sealTotpSecret, totpStep } from './totp';

/** Consecutive failed steps (password or code) before the account locks... */
export const ADMIN_MAX_FAILURES = 5;
/** ...for this long. */
export const ADMIN_LOCKOUT_MS = 15 * 60_000;

/** Why a sign-in step was refused. Shown to the person as one generic sentence, except rate limiting. */
export class AdminLoginRefused extends Error {
  constructor(
    readonly why: 'invalid' | 'locked' | 'rate-limited' | 'expired',
    readonly waitSeconds = 0,
  ) {
    super(`admin login refused: ${why}`);
  }
}

export interface AdminLoginContext {
  ip: string;
  requestId?: string;
}

let dummyHash: Promise<string> | null = null;

/**
 * The two steps of a console sign-in, each one transaction that also writes the audit log:
 * 1. e-mail + password (argon2) → the account, if it is enabled and not locked;
 * 2. a TOTP code for a step later than the last accepted one (no replay) — or, for an account
 *    without a secret, enrolment: a new secret confirmed by its first code.
 * Every failed step counts towards the lock-out (5 → 15 minutes); time comes from the Clock.
 */
@Injectable()
export class AdminLoginService {
  private readonly totpKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly users: AdminUsersRepository,
    private readonly audit: AdminAudit,
    config: AppConfig,
  ) {
    this.totpKey = derivedKey(config, 'admin/totp');
  }

  /** Step 1. Returns the account (and whether it still has to enrol a second factor). */
  async checkPassword(email: string, password: string, ctx: AdminLoginContext): Promise<{ id: string; needsEnrolment: boolean }> {
    const now = this.clock.now();
    const admin = await this.users.findByEmail(this.dataSource.manager, email);
    // Unknown addresses cost the same argon2 verification as known ones (no enumeration by timing).
    const ok = admin ? await verifyPassword(admin.passwordHash, password) : await verifyPassword(await (dummyHash ??= hashPassword('not-a-password')), password);
    return this.step(async (m) => {
      if (!admin) {
        await this.audit.record(m, { adminId: null, adminEmail: email.slice(0, 200), action: 'admin.login-failed', details: { step: 'password', reason: 'unknown' }, ip: ctx.ip, requestId: ctx.requestId, at: now });
        return new AdminLoginRefused('invalid');
      }
      const locked = await this.refuseIfUnusable(m, admin, now, ctx, 'password');
      if (locked) return locked;
      if (!ok) return this.fail(m, admin, now, ctx, 'password');
      await this.audit.record(m, { adminId: admin.id, adminEmail: admin.email, action: 'admin.login-password', ip: ctx.ip, requestId: ctx.requestId, at: now });
      return { id: admin.id, needsEnrolment: admin.totpSecret === null };
    });
  }

  /** Step 2 for an enrolled account. */
  async checkCode(adminId: string, code: string, ctx: AdminLoginContext): Promise<AdminUser> {
    const now = this.clock.now();
    return this.step(async (m) => {
      const admin = await this.users.findById(m, adminId, { lock: true });
      if (!admin || admin.totpSecret === null) return new AdminLoginRefused('expired');
      const unusable = await this.refuseIfUnusable(m, admin, now, ctx, 'totp');
      if (unusable) return unusable;
      const step = totpStep(openTotpSecret(this.totpKey, admin.totpSecret), code.trim(), now);
      if (step === null) return this.fail(m, admin, now, ctx, 'totp');
      if (!(await this.users.acceptTotpStep(m, admin.id, step))) return this.fail(m, admin, now, ctx, 'totp-replay');
      await this.audit.record(m, { adminId: admin.id, adminEmail: admin.email, action: 'admin.login', ip: ctx.ip, requestId: ctx.requestId, at: now });
      return admin;
    });
  }

  /** A fresh secret for enrolment, sealed (it waits in the session until confirmed). */
  newEnrolmentSecret(): { sealed: string; base32: string } {
    const base32 = newTotpSecret();
    return { sealed: sealTotpSecret(this.totpKey, base32), base32 };
  }

  openSealed(sealed: string): string {
    return openTotpSecret(this.totpKey, sealed);
  }

  /** Step 2 for an account without a secret: the code proves the app holds `sealed`; then it is stored. */
  async confirmEnrolment(adminId: string, sealed: string, code: string, ctx: AdminLoginContext): Promise<AdminUser> {
    const now = this.clock.now();
    return this.step(async (m) => {
      const admin = await this.users.findById(m, adminId, { lock: true });
      if (!admin || admin.totpSecret !== null) return new AdminLoginRefused('expired');
      const unusable = await this.refuseIfUnusable(m, admin, now, ctx, 'enrol');
      if (unusable) return unusable;
      const step = totpStep(openTotpSecret(this.totpKey, sealed), code.trim(), now);
      if (step === null) return this.fail(m, admin, now, ctx, 'enrol');
      if (!(await this.users.enrolTotp(m, admin.id, sealed, step, now))) return new AdminLoginRefused('expired');
      await this.audit.record(m, { adminId: admin.id, adminEmail: admin.email, action: 'admin.totp-enrolled', objectType: 'admin', objectId: admin.id, ip: ctx.ip, requestId: ctx.requestId, at: now });
      await this.audit.record(m, { adminId: admin.id, adminEmail: admin.email, action: 'admin.login', ip: ctx.ip, requestId: ctx.requestId, at: now });
      return admin;
    });
  }

  /**
   * One transaction; a refusal is returned (not thrown) from inside so that the failure counter
   * and the audit entry commit, and thrown here afterwards.
   */
  private async step<T>(fn: (m: EntityManager) => Promise<T | AdminLoginRefused>): Promise<T> {
    const out = await this.dataSource.transaction(fn);
    if (out instanceof AdminLoginRefused) throw out;
    return out;
  }

  private async refuseIfUnusable(m: EntityManager, admin: AdminUser, now: Date, ctx: AdminLoginContext, step: string): Promise<AdminLoginRefused | null> {
    const why = admin.disabledAt ? 'disabled' : admin.lockedUntil && admin.lockedUntil > now ? 'locked' : null;
    if (!why) return null;
    await this.audit.record(m, { adminId: admin.id, adminEmail: admin.email, action: 'admin.login-failed', details: { step, reason: why }, ip: ctx.ip, requestId: ctx.requestId, at: now });
    return new AdminLoginRefused(why === 'locked' ? 'locked' : 'invalid');
  }

  private async fail(m: EntityManager, admin: AdminUser, now: Date, ctx: AdminLoginContext, step: string): Promise<AdminLoginRefused> {
    const { locked } = await this.users.recordFailure(m, admin.id, ADMIN_MAX_FAILURES, new Date(now.getTime() + ADMIN_LOCKOUT_MS));
    await this.audit.record(m, { adminId: admin.id, adminEmail: admin.email, action: locked ? 'admin.locked-out' : 'admin.login-failed', details: { step }, ip: ctx.ip, requestId: ctx.requestId, at: now });
    return new AdminLoginRefused('invalid');
  }
}
