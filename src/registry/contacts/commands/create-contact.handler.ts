import { Injectable } from '@nestjs/common';
import { ObjectExistsError } from '../../../common/registry-errors';
import { generateAuthInfo, hashAuthInfo } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { ContactRepository } from '../contact.repository';
import type { ContactData, ContactRecord } from '../contact.types';
import { contactSnapshot } from './contact-snapshot';

export interface CreateContactInput extends ContactData {
  handle: string;
  registrarId: string;
  authInfo?: string;
  accountId?: string | null;
}

/**
 * contact.create. Errors: ObjectExistsError (2302) when the handle is taken (also under a race,
 * through the unique index).
 */
@Injectable()
export class CreateContactHandler implements CommandHandler<CreateContactInput, { contact: ContactRecord; authInfo: string }> {
  readonly command = 'contact.create';

  constructor(
    private readonly contacts: ContactRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: CreateContactInput): Promise<{ contact: ContactRecord; authInfo: string }> {
    const authInfo = input.authInfo ?? generateAuthInfo();
    const authInfoHash = await hashAuthInfo(authInfo);
    if (await this.contacts.findLiveByHandle(ctx.manager, input.handle)) {
      throw new ObjectExistsError(`Contact ${input.handle} already exists`, { reason: 'exists', value: input.handle });
    }
    const contact = await this.contacts.insert(ctx.manager, { ...input, authInfoHash }, ctx.now, ctx.actor.id);
    await this.history.record(ctx, { objectType: 'contact', objectId: contact.id, objectName: contact.handle, action: this.command, after: contactSnapshot(contact) });
    return { contact, authInfo };
  }
}
