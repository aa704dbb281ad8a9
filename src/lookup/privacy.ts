import type { ContactRecord } from '../registry/contacts/contact.types';
import type { ContactField, PublicContact } from './lookup.types';

/**
 * The registry's disclosure policy, applied once for WHOIS, web WHOIS and RDAP:
 * - natural persons: nothing personal is shown — name, organisation, street, city, postal code,
 *   phone, fax and e-mail are withheld unless the contact opted in to that field through its EPP
 *   disclose flags; state/province and country are shown;
 * - organisations: the organisation's name, state/province and country are shown; the rest only
 *   with the matching disclose flag.
 */
export function publicContact(c: ContactRecord): PublicContact {
  const d = c.disclose;
  const isOrg = c.kind === 'org';
  const redacted: ContactField[] = [];
  const show = <T>(field: ContactField, value: T | null, allowed: boolean | undefined): T | null => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
    if (allowed) return value;
    redacted.push(field);
    return null;
  };
  const out: PublicContact = {
    handle: c.handle,
    roid: c.roid,
    kind: c.kind,
    name: show('name', c.name, d.name),
    org: show('org', c.org, isOrg || d.org),
    street: show('street', c.street, d.addr),
    city: show('city', c.city, d.addr),
    sp: show('sp', c.sp, true),
    pc: show('pc', c.pc, d.addr),
    cc: show('cc', c.cc, true),
    voice: show('voice', c.voice, d.voice),
    fax: show('fax', c.fax, d.fax),
    email: show('email', c.email, d.email),
    redacted,
    registrarId: c.registrarId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
  return out;
}
