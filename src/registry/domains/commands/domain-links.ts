import { ObjectNotFoundError, ParameterPolicyError } from '../../../common/registry-errors';
import type { EntityManager } from 'typeorm';
import { ContactRepository } from '../../contacts/contact.repository';
import type { ContactRecord } from '../../contacts/contact.types';
import { HostRepository, type HostRecord } from '../../hosts/host.repository';
import { parseHostName } from '../../names/domain-name';

export const MAX_NAMESERVERS = 13;

/**
 * Resolves contact handles for a domain. A registrar may only attach contacts it sponsors
 * (policy: registrant data stays with the registrar who collected it). Pass `registrarId: null`
 * to resolve contacts being detached, which needs no sponsorship (after a transfer the new sponsor
 * replaces the old registrar's contacts). Errors: 2303, 2306.
 */
export async function resolveContacts(
  contacts: ContactRepository,
  manager: EntityManager,
  handles: string[],
  registrarId: string | null,
): Promise<Map<string, ContactRecord>> {
  const out = new Map<string, ContactRecord>();
  const unique = [...new Set(handles.map((h) => h.toLowerCase()))];
  const found = new Map((await contacts.findLiveByHandles(manager, unique)).map((c) => [c.handle.toLowerCase(), c]));
  for (const handle of new Set(handles)) {
    const contact = found.get(handle.toLowerCase());
    if (!contact) throw new ObjectNotFoundError(`Contact ${handle} does not exist`, { reason: 'contact-not-found', value: handle });
    if (registrarId !== null && contact.registrarId !== registrarId) {
      throw new ParameterPolicyError(`Contact ${handle} is sponsored by another registrar`, { reason: 'contact-not-sponsored', value: handle });
    }
    out.set(handle.toLowerCase(), contact);
  }
  return out;
}

/** Resolves name server host names to live host objects. Errors: 2005 (bad name), 2303 (no such host). */
export async function resolveHosts(hosts: HostRepository, manager: EntityManager, names: string[]): Promise<HostRecord[]> {
  const normalised = [...new Set(names.map(parseHostName))];
  const found = await hosts.findLiveByNames(manager, normalised);
  const byName = new Map(found.map((h) => [h.name, h]));
  return normalised.map((n) => {
    const h = byName.get(n);
    if (!h) throw new ObjectNotFoundError(`Host ${n} does not exist; create it first`, { reason: 'host-not-found', value: n });
    return h;
  });
}
