import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticationError } from '../../../common/registry-errors';
import { hashPassword, verifyPassword } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { normaliseEmail, normalisePassword } from '../account.checks';
import { AccountRepository } from '../account.repository';
import { LOGIN_FAILURES_BEFORE_LOCK, LOGIN_LOCK_MS, type AccountLocale, type AccountRecord } from '../account.types';

export interface LoginInput {
  email: string;
  password: string;
}

export interface LoginResult {
  accountId: string;
  /** Unverified accounts may log in; the checkout refuses them (see below). */
  emailVerified: boolean;
  locale: AccountLocale;
}

/** Verified against when the address has no account, so that both cases cost one argon2 verify. */
let dummyHash: Promise<string> | undefined;

/**
 * account.login — e-mail address and password → the account. Every failure (malformed address,
 * unknown address, wrong password, locked account) is the same AuthenticationError (2200, reason
 * `login-failed`), with the same cost (one argon2 verify, against a dummy hash when there is no
 * account), so the answer says nothing about which accounts exist.
 *
 * Lockout: the tenth consecutive wrong password locks the account for 15 minutes
 * (`locked_until`); while locked even the right password is refused and attempts are not counted.
 * The failure count must survive the command's own failure (the runner rolls back the transaction
 * of a command that throws), so it is written in a short transaction of its own; the command's
 * transaction only reads the account (no row lock), so the two cannot wait on each other. The lock
 * itself writes an `account.lock` history row; individual failures do not (they are counted, and
 * logged by the transport, but would let anyone flood an account's history). A successful login
 * clears the count without a history row (it changes no registrant data). A password reset also
 * lifts a lock. Per-client rate limiting (IP) is the panel's job, in front of this.
 *
 * An account whose address is not verified yet may log in: the registrant can fill in details
 * and look around, and the checkout refuses to take an order until the address is verified, so no
 * domain is ever registered to an unconfirmed address.
 */
@Injectable()
export class LoginHandler implements CommandHandler<LoginInput, LoginResult> {
  readonly command = 'account.login';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
    private readonly dataSource: DataSource,
  ) {}

  async handle(ctx: CommandContext, input: LoginInput): Promise<LoginResult> {
    const failed = () => new AuthenticationError('Wrong e-mail address or password', { reason: 'login-failed' });
    const account = await this.findAccount(ctx, input.email);
    const passwordOk = await verifyPassword(account?.passwordHash ?? (await this.dummy()), normalisePassword(String(input.password ?? '')));
    if (!account) throw failed();
    if (account.lockedUntil && account.lockedUntil.getTime() > ctx.now.getTime()) throw failed();
    if (!passwordOk) {
      await this.countFailure(ctx, account);
      throw failed();
    }
    await this.accounts.clearLoginFailures(ctx.manager, account.id);
    return { accountId: account.id, emailVerified: account.emailVerifiedAt !== null, locale: account.locale };
  }

  private async findAccount(ctx: CommandContext, rawEmail: string): Promise<AccountRecord | null> {
    let email: string;
    try {
      email = normaliseEmail(String(rawEmail ?? ''));
    } catch {
      return null;
    }
    return this.accounts.findByEmail(ctx.manager, email);
  }

  /** Counts the failure (and maybe locks) in its own committed transaction; see the class comment. */
  private async countFailure(ctx: CommandContext, account: AccountRecord): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { lockedUntil } = await this.accounts.recordLoginFailure(manager, account.id, ctx.now, LOGIN_FAILURES_BEFORE_LOCK, LOGIN_LOCK_MS);
      if (lockedUntil) {
        await this.history.record({ ...ctx, manager }, {
          objectType: 'account',
          objectId: account.id,
          objectName: account.email,
          action: 'account.lock',
          after: { lockedUntil, reason: 'failed-logins', failedLogins: LOGIN_FAILURES_BEFORE_LOCK },
        });
      }
    });
  }

  private dummy(): Promise<string> {
    dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    return dummyHash;
  }
}
