import { Injectable } from '@nestjs/common';
import { AssociationProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { verifyContactExists, verifyContactNoStatus, verifyContactSponsor } from '../contact.checks';
import { ContactRepository } from '../contact.repository';
import { contactSnapshot } from './contact-snapshot';

/**
 * contact.delete. Errors: ObjectNotFoundError (2303), AuthorizationError (2201),
 * StatusProhibitsOperationError (2304), AssociationProhibitsOperationError (2305) while any live
 * domain uses the contact.
 */
@Injectable()
export class DeleteContactHandler implements CommandHandler<{ handle: string; registrarId: string }, void> {
  readonly command = 'contact.delete';

  constructor(
    private readonly contacts: ContactRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { handle: string; registrarId: string }): Promise<void> {
    const contact = verifyContactExists(await this.contacts.findLiveByHandle(ctx.manager, input.handle, { lock: true }), input.handle);
    verifyContactSponsor(contact, input.registrarId);
    verifyContactNoStatus(contact, ['clientDeleteProhibited', 'serverDeleteProhibited'], 'Delete');
    if (await this.contacts.isLinked(ctx.manager, contact.id)) {
      throw new AssociationProhibitsOperationError(`Contact ${contact.handle} is used by a domain`, { reason: 'linked', value: contact.handle });
    }
    await this.contacts.markDeleted(ctx.manager, contact.id, ctx.now);
    await this.history.record(ctx, { objectType: 'contact', objectId: contact.id, objectName: contact.handle, action: this.command, before: contactSnapshot(contact) });
  }
}
