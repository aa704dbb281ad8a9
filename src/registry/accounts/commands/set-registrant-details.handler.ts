import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError, ParameterPolicyError } from '../../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../../demo/demo-data';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { CreateContactHandler } from '../../contacts/commands/create-contact.handler';
import { DeleteContactHandler } from '../../contacts/commands/delete-contact.handler';
import { UpdateContactHandler } from '../../contacts/commands/update-contact.handler';
import { ContactRepository } from '../../contacts/contact.repository';
import type { ContactRecord } from '../../contacts/contact.types';
import { HistoryRepository } from '../../history/history.repository';
import { verifyAccountActor } from '../account.checks';
import { AccountRepository } from '../account.repository';
import { registrantContactData, type RegistrantDetails } from '../registrant-details.checks';

export interface SetRegistrantDetailsInput extends RegistrantDetails {
  accountId: string;
}

export interface SetRegistrantDetailsResult {
  contactHandle: string;
  /** True when this call created the contact (first call, or a person ⇄ organisation switch). */
  created: boolean;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HANDLE_ATTEMPTS = 5;

/** `P` (person) or `O` (organisation) and 8 random RFC 4648 base32 characters (40 bits). */
export function newRegistrantHandle(kind: 'person' | 'org'): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 7; i >= 0; i--) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${kind === 'person' ? 'P' : 'O'}${out}`;
}

/**
 * account.set-registrant — the account's registrant details (see `RegistrantDetails` for the
 * rules, FIN and VÖEN included). The first call creates the account's registrant contact
 * (handle `P…`/`O…`, sponsored by the direct channel `azreg-direct`, `account_id` set, the
 * account's e-mail address) through CreateContactHandler and stores it as
 * `registrant_accounts.contact_id`; later calls change it through UpdateContactHandler. Both run
 * in this command's transaction, so the contact's own history rows (contact.create/update) are
 * written next to this command's `account.set-registrant` row.
 *
 * Switching between person and organisation changes who the registrant is, not a detail of it:
 * while no domain uses the contact, the old contact is deleted and a new one (with the right
 * handle letter) created; once a domain uses it, the switch is refused (a change of registrant is
 * its own procedure).
 *
 * Errors: AuthorizationError (2201: another registrant's account; or, from the contact handlers,
 * the contact was transferred away from the direct channel), ObjectNotFoundError (2303: no such
 * account), MissingParameterError (2003), ParameterSyntaxError (2005: kind, cc, voice, pc, fin,
 * voen, nationalId, text fields), ParameterPolicyError (2306, `registrant-kind-change`),
 * StatusProhibitsOperationError (2304: the contact is update- or delete-prohibited).
 */
@Injectable()
export class SetRegistrantDetailsHandler implements CommandHandler<SetRegistrantDetailsInput, SetRegistrantDetailsResult> {
  readonly command = 'account.set-registrant';

  constructor(
    private readonly accounts: AccountRepository,
    private readonly contacts: ContactRepository,
    private readonly createContact: CreateContactHandler,
    private readonly updateContact: UpdateContactHandler,
    private readonly deleteContact: DeleteContactHandler,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: SetRegistrantDetailsInput): Promise<SetRegistrantDetailsResult> {
    verifyAccountActor(ctx.actor, input.accountId);
    const account = await this.accounts.findById(ctx.manager, input.accountId, { lock: true });
    if (!account) throw new ObjectNotFoundError('No such account', { reason: 'account-not-found', value: input.accountId });
    const details = { ...registrantContactData(input), email: account.email };
    const registrarId = DIRECT_CHANNEL_REGISTRAR.id;

    const previous = await this.liveContact(ctx, account.contactId);
    let current = previous;
    if (current && current.kind !== details.kind) {
      if (await this.contacts.isLinked(ctx.manager, current.id)) {
        throw new ParameterPolicyError('A registrant that holds domains cannot switch between person and organisation', {
          reason: 'registrant-kind-change',
          value: current.handle,
        });
      }
      await this.deleteContact.handle(ctx, { handle: current.handle, registrarId });
      current = null;
    }

    let contact: ContactRecord;
    if (current) {
      contact = await this.updateContact.handle(ctx, { handle: current.handle, registrarId, change: details });
    } else {
      const handle = await this.freeHandle(ctx, details.kind);
      ({ contact } = await this.createContact.handle(ctx, { ...details, handle, registrarId, accountId: account.id }));
      await this.accounts.setContact(ctx.manager, account.id, contact.id, ctx.now);
    }
    await this.history.record(ctx, {
      objectType: 'account',
      objectId: account.id,
      objectName: account.email,
      action: this.command,
      before: { contactHandle: previous?.handle ?? null },
      after: { contactHandle: contact.handle, kind: contact.kind },
    });
    return { contactHandle: contact.handle, created: current === null };
  }

  /** The account's contact if it is still live (a deleted one is replaced by a new contact). */
  private async liveContact(ctx: CommandContext, contactId: string | null): Promise<ContactRecord | null> {
    if (!contactId) return null;
    const byId = await this.contacts.findById(ctx.manager, contactId);
    const live = byId ? await this.contacts.findLiveByHandle(ctx.manager, byId.handle) : null;
    return live && live.id === contactId ? live : null;
  }

  /** A handle nobody uses (40 random bits: a retry is already unlikely, five failures are impossible in practice). */
  private async freeHandle(ctx: CommandContext, kind: 'person' | 'org'): Promise<string> {
    for (let i = 0; i < HANDLE_ATTEMPTS; i++) {
      const handle = newRegistrantHandle(kind);
      if ((await this.contacts.existingHandles(ctx.manager, [handle])).size === 0) return handle;
    }
    throw new Error('no free registrant handle after several attempts');
  }
}
