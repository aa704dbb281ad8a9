import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ObjectExistsError } from '../../../common/registry-errors';
import { hashPassword } from '../../../common/secrets';
import { AppConfig } from '../../../config/app-config';
import { OutboxRepository } from '../../../mail/outbox.repository';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { normaliseEmail, normalisePassword, verifyLocale, verifyPasswordPolicy, verifyPresent } from '../account.checks';
import { AccountRepository } from '../account.repository';
import { issueAccountToken, panelTokenLink } from '../account-tokens';
import { accountSnapshot, VERIFY_EMAIL_TTL_MS } from '../account.types';

export interface SignUpInput {
  email: string;
  password: string;
  /** `az` (default) or `en`: the panel's and the mails' language. */
  locale?: string;
}

export interface SignUpResult {
  accountId: string;
  /** The address as stored (normalised). */
  email: string;
}

/**
 * account.sign-up — creates a registrant account: normalised address, argon2id password hash, a
 * verify-email token (24 h, only its SHA-256 stored) and the `email-verification` mail with the
 * link `${PUBLIC_URL}/panel/verify?token=…`, all in one transaction with the history row.
 *
 * Errors: MissingParameterError (2003: email, password), ParameterSyntaxError (2005: email,
 * locale), ParameterPolicyError (2306: password-too-short, password-too-long, password-is-email,
 * password-too-common), ObjectExistsError (2302, reason `email-taken`: the address already has an
 * account; also when two sign-ups race, through the unique index).
 *
 * Account enumeration: ObjectExistsError tells the caller that the address has an account. The
 * core keeps the outcome typed and explicit; the trade-off is made at the edge, where the panel
 * shows one neutral page for both outcomes ("we have sent a mail to this address; if you already
 * have an account, sign in or reset your password") and rate-limits the form. So that response
 * time does not give the answer away either, the password is hashed (the slow step) before the
 * duplicate check. Not done here: mailing the existing owner about the attempt (the error rolls the
 * transaction back, outbox row included); a panel-level follow-up if wanted.
 */
@Injectable()
export class SignUpHandler implements CommandHandler<SignUpInput, SignUpResult> {
  readonly command = 'account.sign-up';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: SignUpInput): Promise<SignUpResult> {
    const email = normaliseEmail(verifyPresent(input.email, 'email'));
    const password = normalisePassword(verifyPresent(input.password, 'password'));
    verifyPasswordPolicy(password, email);
    const locale = verifyLocale(input.locale);
    const passwordHash = await hashPassword(password);
    if (await this.accounts.findByEmail(ctx.manager, email)) {
      throw new ObjectExistsError('An account with this e-mail address already exists', { reason: 'email-taken', value: email });
    }
    const account = await this.accounts.insert(ctx.manager, { id: randomUUID(), email, passwordHash, locale }, ctx.now);
    await this.history.record(ctx, { objectType: 'account', objectId: account.id, objectName: email, action: this.command, after: accountSnapshot(account) });

    const { token, expiresAt } = await issueAccountToken(this.accounts, ctx, account.id, 'verify-email', VERIFY_EMAIL_TTL_MS);
    await this.outbox.enqueue(ctx, {
      template: 'email-verification',
      recipient: email,
      locale,
      payload: { email, link: panelTokenLink(this.config.PUBLIC_URL, 'verify', token), expiresAt },
    });
    return { accountId: account.id, email };
  }
}
