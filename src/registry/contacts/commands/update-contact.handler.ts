import { Injectable } from '@nestjs/common';
import { ParameterPolicyError } from '../../../common/registry-errors';
import { hashAuthInfo } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { verifyContactExists, verifyContactNoStatus, verifyContactSponsor } from '../contact.checks';
import { ContactRepository } from '../contact.repository';
import { CONTACT_CLIENT_STATUSES, type ContactData, type ContactRecord } from '../contact.types';
import { contactSnapshot } from './contact-snapshot';

export interface UpdateContactInput {
  handle: string;
  registrarId: string;
  change?: Partial<ContactData> & { authInfo?: string };
  addStatuses?: string[];
  removeStatuses?: string[];
}

/**
 * contact.update. Errors: ObjectNotFoundError (2303), AuthorizationError (2201),
 * StatusProhibitsOperationError (2304: client/serverUpdateProhibited), ParameterPolicyError (2306:
 * a status a registrar may not set).
 */
@Injectable()
export class UpdateContactHandler implements CommandHandler<UpdateContactInput, ContactRecord> {
  readonly command = 'contact.update';

  constructor(
    private readonly contacts: ContactRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: UpdateContactInput): Promise<ContactRecord> {
    const contact = verifyContactExists(await this.contacts.findLiveByHandle(ctx.manager, input.handle, { lock: true }), input.handle);
    verifyContactSponsor(contact, input.registrarId);
    const removesUpdateLock = (input.removeStatuses ?? []).includes('clientUpdateProhibited');
    verifyContactNoStatus(contact, removesUpdateLock ? ['serverUpdateProhibited'] : ['clientUpdateProhibited', 'serverUpdateProhibited'], 'Update');
    for (const s of [...(input.addStatuses ?? []), ...(input.removeStatuses ?? [])]) {
      if (!(CONTACT_CLIENT_STATUSES as readonly string[]).includes(s)) {
        throw new ParameterPolicyError(`Status ${s} cannot be set by a registrar`, { reason: 'status-not-allowed', value: s });
      }
    }
    const before = contactSnapshot(contact);
    const { authInfo, ...fields } = input.change ?? {};
    const next: ContactRecord = { ...contact };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (fields.disclose) next.disclose = { ...contact.disclose, ...fields.disclose };
    if (fields.cc) next.cc = fields.cc.toUpperCase();
    if (authInfo !== undefined) next.authInfoHash = await hashAuthInfo(authInfo);
    next.statuses = [...new Set([...contact.statuses.filter((s) => !(input.removeStatuses ?? []).includes(s)), ...(input.addStatuses ?? [])])];
    next.updatedAt = ctx.now;
    next.updatedBy = ctx.actor.id;
    await this.contacts.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'contact', objectId: contact.id, objectName: contact.handle, action: this.command, before, after: contactSnapshot(next) });
    return next;
  }
}
