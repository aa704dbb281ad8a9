import { AuthorizationError, ObjectNotFoundError, StatusProhibitsOperationError } from '../../common/registry-errors';
import type { ContactRecord } from './contact.types';

export function verifyContactExists(contact: ContactRecord | null, handle: string): ContactRecord {
  if (!contact) throw new ObjectNotFoundError(`Contact ${handle} does not exist`, { reason: 'not-found', value: handle });
  return contact;
}

export function verifyContactSponsor(contact: ContactRecord, registrarId: string): void {
  if (contact.registrarId !== registrarId) {
    throw new AuthorizationError(`Contact ${contact.handle} is sponsored by another registrar`, { reason: 'not-sponsor', value: contact.handle });
  }
}

export function verifyContactNoStatus(contact: ContactRecord, statuses: readonly string[], operation: string): void {
  const present = statuses.filter((s) => contact.statuses.includes(s));
  if (present.length) {
    throw new StatusProhibitsOperationError(`${operation} is prohibited by status ${present.join(', ')}`, { reason: present[0], value: contact.handle });
  }
}
