import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { AccountRepository } from '../account.repository';
import { consumeAccountToken } from '../account-tokens';
import { accountSnapshot } from '../account.types';

export interface VerifyEmailInput {
  /** The token from the mail's link. */
  token: string;
}

/**
 * account.verify-email — uses up a verify-email token and marks the account's address verified
 * (idempotent on the account: an address verified earlier keeps its first verification time).
 * Any other open verify-email tokens of the account are used up with it.
 *
 * Errors: InvalidAuthInfoError (2202) with reason `token-unknown` (malformed, never issued, or a
 * password-reset token), `token-used` or `token-expired`.
 */
@Injectable()
export class VerifyEmailHandler implements CommandHandler<VerifyEmailInput, { accountId: string }> {
  readonly command = 'account.verify-email';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: VerifyEmailInput): Promise<{ accountId: string }> {
    const token = await consumeAccountToken(this.accounts, ctx, input.token ?? '', 'verify-email');
    const before = await this.accounts.findById(ctx.manager, token.accountId, { lock: true });
    await this.accounts.markEmailVerified(ctx.manager, token.accountId, ctx.now);
    await this.accounts.invalidateTokens(ctx.manager, token.accountId, 'verify-email', ctx.now);
    const after = await this.accounts.findById(ctx.manager, token.accountId);
    await this.history.record(ctx, {
      objectType: 'account',
      objectId: token.accountId,
      objectName: after?.email,
      action: this.command,
      before: before ? accountSnapshot(before) : undefined,
      after: after ? accountSnapshot(after) : undefined,
    });
    return { accountId: token.accountId };
  }
}
