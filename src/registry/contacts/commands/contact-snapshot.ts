import type { ContactRecord } from '../contact.types';

/** What history stores of a contact: everything but the auth info hash. */
export function contactSnapshot(c: ContactRecord): Record<string, unknown> {
  const { authInfoHash: _hidden, ...rest } = c;
  return rest;
}
