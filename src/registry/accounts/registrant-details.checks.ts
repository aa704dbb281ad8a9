import { MissingParameterError, ParameterSyntaxError } from '../../common/registry-errors';
import type { ContactData, DiscloseFlags } from '../contacts/contact.types';

/** What a registrant fills in on the panel's "registrant details" form. */
export interface RegistrantDetails {
  /** A natural person or an organisation (company, public body, NGO). */
  kind: 'person' | 'org';
  /** The person's full name; for an organisation, the person acting for it. */
  name: string;
  /** The organisation's name; required for `org`, ignored (stored as null) for `person`. */
  org?: string | null;
  /** One to three address lines. */
  street: string[];
  city: string;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2 country code. */
  cc: string;
  /** E.164 in EPP form: `+994.501234567` (`+994501234567` and spaces or dashes are accepted for +994). */
  voice: string;
  /** FIN (persons) or VÖEN (organisations); see `normaliseNationalId`. */
  nationalId?: string | null;
  /** Which fields WHOIS/RDAP may show; anything not given is withheld. */
  disclose?: Pick<DiscloseFlags, 'name' | 'org' | 'addr' | 'voice' | 'email'>;
}

const MAX_TEXT = 255;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

function syntax(field: string, value: string, message: string): ParameterSyntaxError {
  return new ParameterSyntaxError(message, { reason: field, value });
}

/** A required one-line text: trimmed, NFC, 1–255 characters, no control characters. */
export function requiredText(value: string | null | undefined, field: string): string {
  const text = (value ?? '').normalize('NFC').trim();
  if (!text) throw new MissingParameterError(`${field} is required`, { reason: field });
  if (text.length > MAX_TEXT || CONTROL.test(text)) throw syntax(field, text, `${field} must be one line of at most ${MAX_TEXT} characters`);
  return text;
}

/** ISO 3166-1 alpha-2, upper case; a code that ICU does not know as a region is refused (2005, `cc`). */
export function normaliseCountry(value: string): string {
  const cc = requiredText(value, 'cc').toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc) || cc === 'ZZ' || REGIONS.of(cc) === cc) throw syntax('cc', cc, 'Not an ISO 3166 country code');
  return cc;
}

/**
 * RFC 5733 §2.5 telephone form `+CC.NUMBER` (at most 15 digits in all, E.164). Azerbaijani
 * numbers (+994) have exactly nine digits after the country code and may be typed without the dot.
 * Spaces, dashes and brackets are dropped. Refused with ParameterSyntaxError (2005, `voice`).
 */
export function normalisePhone(value: string): string {
  const compact = requiredText(value, 'voice').replace(/[\s()-]/g, '');
  const withDot = /^\+994\d+$/.test(compact) ? `+994.${compact.slice(4)}` : compact;
  const m = /^\+(\d{1,3})\.(\d{1,14})$/.exec(withDot);
  if (!m || m[1].length + m[2].length > 15 || (m[1] === '994' && m[2].length !== 9)) {
    throw syntax('voice', value, 'The phone number must look like +994.501234567');
  }
  return withDot;
}

/** Azerbaijani post codes are `AZ` and four digits (`AZ1000`; `1000` and `AZ 1000` accepted); elsewhere up to 16 letters, digits, spaces or dashes. */
export function normalisePostalCode(value: string | null | undefined, cc: string): string | null {
  const pc = (value ?? '').trim().toUpperCase();
  if (!pc) return null;
  if (cc === 'AZ') {
    const m = /^(?:AZ[\s-]?)?(\d{4})$/.exec(pc);
    if (!m) throw syntax('pc', pc, 'An Azerbaijani post code looks like AZ1000');
    return `AZ${m[1]}`;
  }
  if (!/^[A-Z0-9][A-Z0-9 -]{0,15}$/.test(pc)) throw syntax('pc', pc, 'Not a post code');
  return pc;
}

/**
 * The identity number, by who the registrant is:
 * - a person resident in Azerbaijan (address country AZ): the FIN (fərdi identifikasiya nömrəsi)
 *   printed on the ID card or residence permit — exactly seven Latin letters and digits, required;
 * - an organisation in Azerbaijan: the VÖEN (taxpayer identification number) — exactly ten
 *   digits, required;
 * - anyone abroad: optional (a passport or registry number), 1–32 letters, digits, spaces or dashes.
 * Stored upper case without spaces. Missing → MissingParameterError (2003, `nationalId`); malformed →
 * ParameterSyntaxError (2005, reason `fin`, `voen` or `nationalId`). The number's existence is not
 * checked against any state register (the registry has no such interface).
 */
export function normaliseNationalId(value: string | null | undefined, kind: 'person' | 'org', cc: string): string | null {
  const id = (value ?? '').replace(/\s+/g, '').toUpperCase();
  if (cc !== 'AZ') {
    if (!id) return null;
    if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(id)) throw syntax('nationalId', id, 'Not an identity or registry number');
    return id;
  }
  if (!id) {
    throw new MissingParameterError(kind === 'person' ? 'The FIN is required for residents of Azerbaijan' : 'The VÖEN is required for organisations in Azerbaijan', { reason: 'nationalId' });
  }
  if (kind === 'person' && !/^[A-Z0-9]{7}$/.test(id)) throw syntax('fin', id, 'A FIN has exactly 7 letters and digits');
  if (kind === 'org' && !/^\d{10}$/.test(id)) throw syntax('voen', id, 'A VÖEN has exactly 10 digits');
  return id;
}

/**
 * Validates and normalises the form into the contact fields (everything but the e-mail address,
 * which is the account's). Disclose flags are complete: a flag not given is `false`, so the stored
 * choice is exactly what the form showed. Errors: MissingParameterError (2003),
 * ParameterSyntaxError (2005).
 */
export function registrantContactData(input: RegistrantDetails): Omit<ContactData, 'email'> {
  if (input.kind !== 'person' && input.kind !== 'org') throw syntax('kind', String(input.kind), 'The registrant is a person or an organisation');
  const cc = normaliseCountry(input.cc);
  const street = (input.street ?? []).map((line) => line.normalize('NFC').trim()).filter(Boolean);
  if (street.length === 0) throw new MissingParameterError('street is required', { reason: 'street' });
  if (street.length > 3) throw syntax('street', street.join(', '), 'At most three address lines');
  const d = input.disclose ?? {};
  return {
    kind: input.kind,
    name: requiredText(input.name, 'name'),
    org: input.kind === 'org' ? requiredText(input.org, 'org') : null,
    street: street.map((line) => requiredText(line, 'street')),
    city: requiredText(input.city, 'city'),
    sp: null,
    pc: normalisePostalCode(input.postalCode, cc),
    cc,
    voice: normalisePhone(input.voice),
    fax: null,
    nationalId: normaliseNationalId(input.nationalId, input.kind, cc),
    disclose: { name: d.name === true, org: d.org === true, addr: d.addr === true, voice: d.voice === true, email: d.email === true },
  };
}
