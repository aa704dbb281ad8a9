import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { AuthenticationError, DataManagementPolicyError, ObjectExistsError, ObjectNotFoundError } from '../../../common/registry-errors';
import { verifyPassword } from '../../../common/secrets';
import { OutboxRepository } from '../../../mail/outbox.repository';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { normaliseEmail, normalisePassword, verifyPresent } from '../account.checks';
import { AccountRepository } from '../account.repository';
import { issueAccountToken, panelTokenLink } from '../account-tokens';
import { CHANGE_EMAIL_TTL_MS } from '../account.types';

export interface RequestEmailChangeInput {
  accountId: string;
  newEmail: string;
  /** The current password: a stolen session alone must not be enough to take the account over. */
  password: string;
}

/** At most this many address-change mails per account per hour. */
export const MAX_EMAIL_CHANGE_MAILS_PER_HOUR = 3;

/**
 * account.request-email-change — the registrant asks to move the account to another address.
 * Nothing changes yet: a `change-email` token (24 h, SHA-256 stored, the new address beside it)
 * is mailed to the NEW address (`/panel/confirm-email?token=…`, template `email-change`), and the
 * OLD address is told that a change was asked for (`email-change-requested`), so a takeover is
 * noticed. ConfirmEmailChangeHandler makes the change when the link is opened.
 *
 * Errors: AuthenticationError 2200 (`wrong-password`), MissingParameterError 2003 /
 * ParameterSyntaxError 2005 (`email`), ObjectExistsError 2302 (`email-taken`, or `same-email`),
 * DataManagementPolicyError 2308 (`too-many-requests`: three an hour), ObjectNotFoundError 2303.
 */
@Injectable()
export class RequestEmailChangeHandler implements CommandHandler<RequestEmailChangeInput, { expiresAt: Date }> {
  readonly command = 'account.request-email-change';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: RequestEmailChangeInput): Promise<{ expiresAt: Date }> {
    const newEmail = normaliseEmail(verifyPresent(input.newEmail, 'email'));
    const account = await this.accounts.findById(ctx.manager, input.accountId, { lock: true });
    if (!account) throw new ObjectNotFoundError('No such account', { reason: 'account-not-found', value: input.accountId });
    if (!(await verifyPassword(account.passwordHash, normalisePassword(String(input.password ?? ''))))) {
      throw new AuthenticationError('The password is not right', { reason: 'wrong-password' });
    }
    if (newEmail === account.email) throw new ObjectExistsError('This is already the account’s address', { reason: 'same-email', value: newEmail });
    if (await this.accounts.findByEmail(ctx.manager, newEmail)) throw new ObjectExistsError('An account with this e-mail address already exists', { reason: 'email-taken', value: newEmail });
    const hourAgo = new Date(ctx.now.getTime() - 60 * 60_000);
    if ((await this.accounts.countTokensSince(ctx.manager, account.id, 'change-email', hourAgo)) >= MAX_EMAIL_CHANGE_MAILS_PER_HOUR) {
      throw new DataManagementPolicyError('Too many address changes asked for; try again in an hour', { reason: 'too-many-requests' });
    }
    const { token, expiresAt } = await issueAccountToken(this.accounts, ctx, account.id, 'change-email', CHANGE_EMAIL_TTL_MS, newEmail);
    await this.outbox.enqueue(ctx, {
      template: 'email-change',
      recipient: newEmail,
      locale: account.locale,
      payload: { email: newEmail, link: panelTokenLink(this.config.PUBLIC_URL, 'confirm-email', token), expiresAt },
    });
    await this.outbox.enqueue(ctx, { template: 'email-change-requested', recipient: account.email, locale: account.locale, payload: { email: account.email, newEmail } });
    await this.history.record(ctx, { objectType: 'account', objectId: account.id, objectName: account.email, action: this.command, after: { newEmail, linkExpiresAt: expiresAt } });
    return { expiresAt };
  }
}
