import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { OutboxRepository } from '../../../mail/outbox.repository';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { normaliseEmail, verifyPresent } from '../account.checks';
import { AccountRepository } from '../account.repository';
import { issueAccountToken, panelTokenLink } from '../account-tokens';
import { RESET_PASSWORD_TTL_MS } from '../account.types';

export interface RequestPasswordResetInput {
  email: string;
}

/** At most this many reset mails per account per hour; further requests succeed outwardly and send nothing. */
export const MAX_RESET_MAILS_PER_HOUR = 3;

/**
 * account.request-password-reset — when the address has an account (verified or not), issues a
 * reset-password token (1 h, only its SHA-256 stored), enqueues the `password-reset` mail with
 * `${PUBLIC_URL}/panel/reset-password?token=…` and writes a history row. It succeeds in the same way
 * whether or not the account exists, so the form cannot be used to find out who has an account;
 * earlier reset links stay valid until they expire or one of them is used.
 *
 * Against mail-bombing someone's inbox through the form (which a per-IP limit does not stop), an
 * account gets at most three reset mails an hour; more requests are accepted and ignored.
 *
 * Errors: MissingParameterError (2003) and ParameterSyntaxError (2005, `email`) for an input that
 * is not an address at all (that says nothing about accounts). Nothing else.
 */
@Injectable()
export class RequestPasswordResetHandler implements CommandHandler<RequestPasswordResetInput, void> {
  readonly command = 'account.request-password-reset';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: RequestPasswordResetInput): Promise<void> {
    const email = normaliseEmail(verifyPresent(input.email, 'email'));
    const account = await this.accounts.findByEmail(ctx.manager, email, { lock: true });
    if (!account) return;
    const hourAgo = new Date(ctx.now.getTime() - 60 * 60_000);
    if ((await this.accounts.countTokensSince(ctx.manager, account.id, 'reset-password', hourAgo)) >= MAX_RESET_MAILS_PER_HOUR) return;

    const { token, expiresAt } = await issueAccountToken(this.accounts, ctx, account.id, 'reset-password', RESET_PASSWORD_TTL_MS);
    await this.outbox.enqueue(ctx, {
      template: 'password-reset',
      recipient: account.email,
      locale: account.locale,
      payload: { email: account.email, link: panelTokenLink(this.config.PUBLIC_URL, 'reset-password', token), expiresAt },
    });
    await this.history.record(ctx, { objectType: 'account', objectId: account.id, objectName: account.email, action: this.command, after: { resetLinkExpiresAt: expiresAt } });
  }
}
