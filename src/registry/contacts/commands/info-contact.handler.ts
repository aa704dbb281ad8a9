import { Injectable } from '@nestjs/common';
import { AuthorizationError } from '../../../common/registry-errors';
import { verifyAuthInfoHash } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { verifyContactExists } from '../contact.checks';
import { ContactRepository } from '../contact.repository';
import type { ContactRecord } from '../contact.types';

export interface InfoContactInput {
  handle: string;
  registrarId: string;
  authInfo?: string;
}

/**
 * contact.info — full data to the sponsor, or to another registrar that presents the contact's auth
 * info (RFC 5733 §3.1.2). Errors: ObjectNotFoundError (2303), AuthorizationError (2201).
 */
@Injectable()
export class InfoContactHandler implements CommandHandler<InfoContactInput, Omit<ContactRecord, 'authInfoHash'>> {
  readonly command = 'contact.info';
  readonly readOnly = true;

  constructor(private readonly contacts: ContactRepository) {}

  async handle(ctx: CommandContext, input: InfoContactInput): Promise<Omit<ContactRecord, 'authInfoHash'>> {
    const contact = verifyContactExists(await this.contacts.findLiveByHandle(ctx.manager, input.handle), input.handle);
    if (contact.registrarId !== input.registrarId) {
      const ok = input.authInfo !== undefined && (await verifyAuthInfoHash(contact.authInfoHash, input.authInfo));
      if (!ok) throw new AuthorizationError(`Contact ${contact.handle} is sponsored by another registrar`, { reason: 'not-sponsor', value: contact.handle });
    }
    const { authInfoHash: _hidden, ...visible } = contact;
    return visible;
  }
}
