import { Injectable } from '@nestjs/common';
import { ObjectExistsError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { AccountRepository } from '../account.repository';
import { DIRECT_CHANNEL_REGISTRAR } from '../../../demo/demo-data';
import { UpdateContactHandler } from '../../contacts/commands/update-contact.handler';
import { ContactRepository } from '../../contacts/contact.repository';
import { consumeAccountToken } from '../account-tokens';
import { accountSnapshot } from '../account.types';

export interface ConfirmEmailChangeInput {
  token: string;
}

/**
 * account.confirm-email-change — uses up a `change-email` token and moves the account to the new
 * address, verified from now (opening the link proved it). Other open change links of the
 * account die with it. If the address got an account of its own meanwhile, the change is refused
 * (ObjectExistsError 2302 `email-taken`; the unique index would refuse it anyway). The account's
 * registrant contact (whose e-mail is always the account's) gets the new address too.
 *
 * Errors: InvalidAuthInfoError 2202 (`token-unknown`, `token-used`, `token-expired`), 2302.
 */
@Injectable()
export class ConfirmEmailChangeHandler implements CommandHandler<ConfirmEmailChangeInput, { accountId: string; email: string }> {
  readonly command = 'account.confirm-email-change';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly history: HistoryRepository,
    private readonly contacts: ContactRepository,
    private readonly updateContact: UpdateContactHandler,
  ) {}

  async handle(ctx: CommandContext, input: ConfirmEmailChangeInput): Promise<{ accountId: string; email: string }> {
    const token = await consumeAccountToken(this.accounts, ctx, input.token ?? '', 'change-email');
    const newEmail = token.newEmail!;
    const before = await this.accounts.findById(ctx.manager, token.accountId, { lock: true });
    const owner = await this.accounts.findByEmail(ctx.manager, newEmail);
    if (owner && owner.id !== token.accountId) throw new ObjectExistsError('An account with this e-mail address already exists', { reason: 'email-taken', value: newEmail });
    await this.accounts.setVerifiedEmail(ctx.manager, token.accountId, newEmail, ctx.now);
    await this.accounts.invalidateTokens(ctx.manager, token.accountId, 'change-email', ctx.now);
    // The registrant contact's e-mail is the account's (SetRegistrantDetailsHandler): it follows,
    // through the same contact update as EPP and REST (history row, WHOIS/RDAP per disclose flags).
    const contact = before?.contactId ? await this.contacts.findById(ctx.manager, before.contactId) : null;
    if (contact && contact.registrarId === DIRECT_CHANNEL_REGISTRAR.id && (await this.contacts.findLiveByHandle(ctx.manager, contact.handle))?.id === contact.id) {
      await this.updateContact.handle(ctx, { handle: contact.handle, registrarId: DIRECT_CHANNEL_REGISTRAR.id, change: { email: newEmail } });
    }
    const after = await this.accounts.findById(ctx.manager, token.accountId);
    await this.history.record(ctx, {
      objectType: 'account',
      objectId: token.accountId,
      objectName: newEmail,
      action: this.command,
      before: before ? accountSnapshot(before) : undefined,
      after: after ? accountSnapshot(after) : undefined,
    });
    return { accountId: token.accountId, email: newEmail };
  }
}
