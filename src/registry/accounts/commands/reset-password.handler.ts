import { Injectable } from '@nestjs/common';
import { hashPassword } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { normalisePassword, verifyPasswordPolicy, verifyPresent } from '../account.checks';
import { AccountRepository } from '../account.repository';
import { consumeAccountToken } from '../account-tokens';
import { accountSnapshot } from '../account.types';

export interface ResetPasswordInput {
  /** The token from the reset mail's link. */
  token: string;
  password: string;
}

/**
 * account.reset-password — a reset-password token and a new password: the password is replaced
 * (argon2id), every other open reset token of the account is used up, a login lock and the failure
 * count are cleared, and the address counts as verified (the token was delivered to it). One
 * history row. The panel should end the account's other sessions after this (it returns the id).
 *
 * A new password that breaks the rules rolls the whole command back, so the link still works for a
 * second try.
 *
 * Errors: MissingParameterError (2003: password), InvalidAuthInfoError (2202: token-unknown — also a
 * verify-email token —, token-used, token-expired), ParameterPolicyError (2306: the password rules
 * of sign-up).
 */
@Injectable()
export class ResetPasswordHandler implements CommandHandler<ResetPasswordInput, { accountId: string }> {
  readonly command = 'account.reset-password';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: ResetPasswordInput): Promise<{ accountId: string }> {
    const token = await consumeAccountToken(this.accounts, ctx, input.token ?? '', 'reset-password');
    const account = await this.accounts.findById(ctx.manager, token.accountId, { lock: true });
    if (!account) throw new Error(`account_tokens row without its account ${token.accountId}`);
    const password = normalisePassword(verifyPresent(input.password, 'password'));
    verifyPasswordPolicy(password, account.email);

    await this.accounts.setPassword(ctx.manager, account.id, await hashPassword(password), ctx.now);
    await this.accounts.invalidateTokens(ctx.manager, account.id, 'reset-password', ctx.now);
    await this.accounts.markEmailVerified(ctx.manager, account.id, ctx.now);
    const after = await this.accounts.findById(ctx.manager, account.id);
    await this.history.record(ctx, {
      objectType: 'account',
      objectId: account.id,
      objectName: account.email,
      action: this.command,
      before: accountSnapshot(account),
      after: { ...(after ? accountSnapshot(after) : {}), passwordChanged: true },
    });
    return { accountId: account.id };
  }
}
