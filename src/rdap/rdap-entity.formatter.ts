import type { ContactField, PublicContact, PublicRegistrar } from '../lookup/lookup.types';
import type { JCard, JCardProperty, RdapContext, RdapEntity, RdapEvent, RdapLink, RdapRedaction } from './rdap.types';

/**
 * Entities (RFC 9083 §5.1) as jCards (RFC 7095), with the privacy policy's withheld fields left
 * out and described by RFC 9537 `redacted` entries. Pure functions: the lookup already decided
 * what is public; these only render it.
 */

/** RDAP roles (RFC 9083 §10.2.4) of a domain's contacts. */
export type ContactRole = 'registrant' | 'administrative' | 'technical' | 'billing';

/** Names in the IANA "redacted name" registry (RFC 9537 §6.3, as registered by ICANN). */
const REGISTERED_REDACTION_NAMES: ReadonlySet<string> = new Set([
  'Registrant Name', 'Registrant Organization', 'Registrant Street', 'Registrant City', 'Registrant Postal Code',
  'Registrant Phone', 'Registrant Fax', 'Registrant Email', 'Tech Name', 'Tech Phone', 'Tech Email',
]);

const ROLE_LABEL: Record<ContactRole, string> = { registrant: 'Registrant', administrative: 'Administrative', technical: 'Tech', billing: 'Billing' };

const FIELD_LABEL: Record<ContactField, string> = {
  name: 'Name', org: 'Organization', street: 'Street', city: 'City', sp: 'State/Province', pc: 'Postal Code', cc: 'Country',
  voice: 'Phone', fax: 'Fax', email: 'Email',
};

/** Where a withheld field was (removal: prePath) or is, emptied (emptyValue: postPath), relative to its vCard. */
const FIELD_PATH: Record<ContactField, { method: RdapRedaction['method']; path: string }> = {
  name: { method: 'emptyValue', path: "[?(@[0]=='fn')][3]" },
  org: { method: 'removal', path: "[?(@[0]=='org')]" },
  street: { method: 'emptyValue', path: "[?(@[0]=='adr')][3][2]" },
  city: { method: 'emptyValue', path: "[?(@[0]=='adr')][3][3]" },
  sp: { method: 'emptyValue', path: "[?(@[0]=='adr')][3][4]" },
  pc: { method: 'emptyValue', path: "[?(@[0]=='adr')][3][5]" },
  cc: { method: 'removal', path: "[?(@[0]=='adr')][1].cc" },
  voice: { method: 'removal', path: "[?(@[1].type=='voice')]" },
  fax: { method: 'removal', path: "[?(@[1].type=='fax')]" },
  email: { method: 'removal', path: "[?(@[0]=='email')]" },
};

/** RFC 3339 in UTC with whole seconds, as RDAP clients expect. */
export function rdapDate(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `{base}/{kind}/{name}`, the name percent-encoded. */
export function selfLink(ctx: RdapContext, kind: 'domain' | 'nameserver' | 'entity', name: string): RdapLink {
  const href = `${ctx.baseUrl}/${kind}/${encodeURIComponent(name)}`;
  return { value: href, rel: 'self', href, type: 'application/rdap+json' };
}

/** EPP `+994.125551234` → RFC 3966 `tel:+994.125551234` ("." is a visual separator there). */
function telUri(phone: string): string {
  return `tel:${phone.replace(/[\s()]/g, '')}`;
}

function contactCard(c: PublicContact): JCard {
  const street = c.street ?? [];
  const props: JCardProperty[] = [
    ['version', {}, 'text', '4.0'],
    ['kind', {}, 'text', c.kind === 'org' ? 'org' : 'individual'],
    ['fn', {}, 'text', c.name ?? ''],
  ];
  if (c.org !== null) props.push(['org', {}, 'text', c.org]);
  // RFC 7095 §3.3.1.3 adr: [post office box, extended address, street, locality, region, postal code, country name];
  // the country as an ISO 3166 code in the `cc` parameter (RFC 8605), the name component left empty.
  const adr: Array<string | string[]> = ['', '', street.length > 1 ? street : (street[0] ?? ''), c.city ?? '', c.sp ?? '', c.pc ?? '', ''];
  props.push(['adr', c.cc !== null ? { cc: c.cc } : {}, 'text', adr]);
  if (c.voice !== null) props.push(['tel', { type: 'voice' }, 'uri', telUri(c.voice)]);
  if (c.fax !== null) props.push(['tel', { type: 'fax' }, 'uri', telUri(c.fax)]);
  if (c.email !== null) props.push(['email', {}, 'text', c.email]);
  return ['vcard', props];
}

function registrarCard(r: PublicRegistrar): JCard {
  const props: JCardProperty[] = [
    ['version', {}, 'text', '4.0'],
    ['kind', {}, 'text', 'org'],
    ['fn', {}, 'text', r.name],
  ];
  if (r.phone) props.push(['tel', { type: 'voice' }, 'uri', telUri(r.phone)]);
  if (r.email) props.push(['email', {}, 'text', r.email]);
  if (r.url) props.push(['url', {}, 'uri', r.url]);
  return ['vcard', props];
}

/** A contact as an entity with the given roles; the sponsoring registrar nested when given. */
export function contactEntity(ctx: RdapContext, c: PublicContact, roles: string[], registrar?: PublicRegistrar): RdapEntity {
  const events: RdapEvent[] = [
    { eventAction: 'registration', eventDate: rdapDate(c.createdAt) },
    { eventAction: 'last changed', eventDate: rdapDate(c.updatedAt) },
  ];
  return {
    objectClassName: 'entity',
    handle: c.handle,
    ...(roles.length ? { roles } : {}),
    vcardArray: contactCard(c),
    events,
    ...(registrar ? { entities: [registrarEntity(ctx, registrar)] } : {}),
    links: [selfLink(ctx, 'entity', c.handle)],
  };
}

/** A registrar as an entity (role `registrar`). A ccTLD registrar has no IANA id, so no `publicIds`. */
export function registrarEntity(ctx: RdapContext, r: PublicRegistrar): RdapEntity {
  const self = selfLink(ctx, 'entity', r.id);
  const links = [self];
  if (r.url) links.push({ value: self.href, rel: 'about', href: r.url, type: 'text/html' });
  return {
    objectClassName: 'entity',
    handle: r.id,
    roles: ['registrar'],
    vcardArray: registrarCard(r),
    status: [r.status === 'active' ? 'active' : 'inactive'],
    events: [{ eventAction: 'registration', eventDate: rdapDate(r.createdAt) }],
    links,
  };
}

/**
 * RFC 9537 entries for a contact's withheld fields. `entityPath` is the JSONPath of the entity in
 * the answer: `$` when it is the answer, `$.entities[?(@.roles[0]=='registrant')]` inside a domain.
 * `role` names the fields ("Registrant Name"); registered names go in `type`, others in `description`.
 */
export function contactRedactions(c: PublicContact, entityPath: string, role: ContactRole | null): RdapRedaction[] {
  return c.redacted.map((field) => {
    const label = role ? `${ROLE_LABEL[role]} ${FIELD_LABEL[field]}` : `Contact ${FIELD_LABEL[field]}`;
    const { method, path } = FIELD_PATH[field];
    const where = `${entityPath}.vcardArray[1]${path}`;
    return {
      name: REGISTERED_REDACTION_NAMES.has(label) ? { type: label } : { description: label },
      ...(method === 'removal' ? { prePath: where } : { postPath: where }),
      pathLang: 'jsonpath',
      method,
      reason: { type: 'Server policy' },
    };
  });
}
