import type { DomainLookup, PublicContact, PublicDomain, PublicNameserver, PublicRegistrar } from '../lookup/lookup.types';
import { MAX_QUERY_BYTES } from './whois-query';

/**
 * WHOIS text (RFC 3912) over the public read model: pure functions, no I/O, no clock of their own
 * (`now` is passed in). Layout follows the gTLD registries' `Key: Value` convention; names are
 * printed in lower case, dates in UTC ISO-8601 without fractions, every line ends with CRLF.
 *
 * An answer is: the terms-of-use header (`%` lines), a blank line, the body, and the
 * `>>> Last update of WHOIS database: … <<<` line. Transport-level refusals (rate limit, overlong
 * or binary input, timeouts, too many connections) are single lines without header.
 */

/** Line ending of every WHOIS line. */
export const CRLF = '\r\n';

/** What a withheld field prints. */
export const REDACTED = 'REDACTED FOR PRIVACY';

/** The terms-of-use header that starts every answer (English, one line in Azerbaijani). */
export const TERMS_HEADER: readonly string[] = [
  '% The WHOIS service of the .az domain registry.',
  '% This data is provided only to inform about domain name registrations. By sending a',
  '% query you agree not to use it for unsolicited advertising, for bulk collection or to',
  '% harm anyone. Queries are rate-limited per address. Personal data of individuals is',
  '% withheld; to reach such a holder, contact the sponsoring registrar.',
  '% Bu məlumatlar yalnız domen adlarının qeydiyyatı barədə məlumat üçündür; onların kütləvi toplanması və reklam üçün istifadəsi qadağandır.',
  '% Send "help" for the query forms.',
];

/** The one-line answers of the transport and the rate limiter. */
export const WHOIS_LINES = {
  rateLimited: (retryAfterSeconds: number) => `Query rate limit exceeded; try again in ${retryAfterSeconds} seconds.`,
  tooLong: `Query too long: at most ${MAX_QUERY_BYTES} bytes are accepted.`,
  notUtf8: 'Invalid query: send one line of UTF-8 text.',
  timeout: (seconds: number) => `Timeout: no complete query line received within ${seconds} seconds.`,
  busy: 'Server busy: too many connections; try again later.',
  failure: 'Temporary failure: the query could not be answered; try again later.',
} as const;

/** `2026-01-15T10:00:00Z`: UTC, seconds precision. */
export function whoisDate(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Header, body, last-update line, joined with CRLF (and ending with one). */
export function wrapAnswer(body: readonly string[], now: Date): string {
  return [...TERMS_HEADER, '', ...body, `>>> Last update of WHOIS database: ${whoisDate(now)} <<<`].join(CRLF) + CRLF;
}

/** A single transport-level line, CRLF-terminated. */
export function oneLine(text: string): string {
  return text + CRLF;
}

/** The answer to any domain query, whatever the lookup found. */
export function formatDomainAnswer(lookup: DomainLookup, now: Date): string {
  return wrapAnswer(domainBody(lookup), now);
}

/** The answer to `nameserver <host>`; `registrar` is the host's sponsor (null if unknown). */
export function formatNameserverAnswer(query: string, host: PublicNameserver | null, registrar: PublicRegistrar | null, now: Date): string {
  if (!host) return wrapAnswer([`No match for nameserver "${query.trim().toLowerCase()}".`], now);
  const lines: string[] = [`Server Name: ${host.name}`];
  if (host.unicodeName !== host.name) lines.push(`Internationalized Server Name: ${host.unicodeName}`);
  for (const address of host.addresses) lines.push(`IP Address: ${address}`);
  for (const status of [...host.statuses].sort()) lines.push(`Server Status: ${status}`);
  lines.push(`Creation Date: ${whoisDate(host.createdAt)}`, `Updated Date: ${whoisDate(host.updatedAt)}`);
  if (registrar) lines.push(`Registrar: ${registrar.name}`);
  lines.push(`Registrar ID: ${host.registrarId}`);
  return wrapAnswer(lines, now);
}

/** The answer to `registrar <id or name>`. */
export function formatRegistrarAnswer(query: string, registrar: PublicRegistrar | null, now: Date): string {
  if (!registrar) return wrapAnswer([`No match for registrar "${query.trim()}".`], now);
  return wrapAnswer([...registrarLines(registrar), `Registrar Status: ${registrar.status}`, `Creation Date: ${whoisDate(registrar.createdAt)}`], now);
}

/** A query refused before any lookup (empty, control characters, missing argument). */
export function formatInvalidAnswer(reason: string, now: Date): string {
  return wrapAnswer([`Invalid query: ${sentence(reason)}`], now);
}

/** The answer to `help`. */
export function formatHelpAnswer(now: Date): string {
  return wrapAnswer(
    [
      'Query forms (one per connection, ending with CRLF):',
      '  example.az                 a domain: U-label or A-label, any case (şəki.az, xn--ki-eta41h.az)',
      '  domain example.az          the same, explicitly',
      '  nameserver ns1.example.az  a name server (also: ns ns1.example.az)',
      '  registrar <id or name>     an accredited registrar',
      '  help                       this text',
      'Sorğu nümunələri: şəki.az, nameserver ns1.example.az, registrar <id>.',
      'RDAP: /rdap/domain/<name>; web WHOIS: /whois?q=<name>.',
    ],
    now,
  );
}

function domainBody(lookup: DomainLookup): string[] {
  switch (lookup.kind) {
    case 'found':
      return domainLines(lookup.domain);
    case 'not-found':
      return [`No match for ${quoted(lookup.unicodeName, lookup.name)}.`];
    case 'reserved':
      return [`The name ${quoted(lookup.unicodeName, lookup.name)} is reserved and cannot be registered.`];
    case 'blocked-variant':
      return [
        `The name ${quoted(lookup.unicodeName, lookup.name)} cannot be registered: it is a variant of the registered domain ${quoted(lookup.blockedByUnicode, lookup.blockedBy)}.`,
        `Registered Variant: ${lookup.blockedBy}`,
      ];
    case 'pending-create':
      return [
        `Domain Name: ${lookup.name}`,
        ...(lookup.unicodeName !== lookup.name ? [`Internationalized Domain Name: ${lookup.unicodeName}`] : []),
        statusLine('pendingCreate'),
        '',
        `The name ${quoted(lookup.unicodeName, lookup.name)} is an application awaiting approval by the registry; its details are published once it is approved.`,
      ];
    case 'invalid':
      return [`Invalid query: ${sentence(lookup.reason)}`];
  }
}

function domainLines(d: PublicDomain): string[] {
  const lines = [`Domain Name: ${d.name}`];
  if (d.unicodeName !== d.name) lines.push(`Internationalized Domain Name: ${d.unicodeName}`);
  lines.push(`Registry Domain ID: ${d.roid}`);
  lines.push(`Updated Date: ${whoisDate(d.updatedAt)}`, `Creation Date: ${whoisDate(d.createdAt)}`, `Registry Expiry Date: ${whoisDate(d.expiresAt)}`);
  if (d.purgeAt && d.statuses.includes('pendingDelete')) lines.push(`Drop Date: ${whoisDate(d.purgeAt)}`);
  lines.push(...registrarLines(d.registrar));
  const statuses = [...new Set<string>([...d.statuses, ...d.rgpStatuses])].sort();
  lines.push(...statuses.map(statusLine));
  if (d.registrant) lines.push(...contactLines('Registrant', d.registrant));
  for (const role of ['admin', 'tech'] as const) {
    for (const link of d.contacts.filter((c) => c.type === role)) lines.push(...contactLines(role === 'admin' ? 'Admin' : 'Tech', link.contact));
  }
  for (const ns of d.nameservers) lines.push(`Name Server: ${ns.name}`);
  lines.push(`DNSSEC: ${d.dsRecords.length ? 'signedDelegation' : 'unsigned'}`);
  for (const ds of d.dsRecords) lines.push(`DNSSEC DS Data: ${ds.keyTag} ${ds.alg} ${ds.digestType} ${ds.digest.toUpperCase()}`);
  return lines;
}

function registrarLines(r: PublicRegistrar): string[] {
  const lines = [`Registrar: ${r.name}`, `Registrar ID: ${r.id}`];
  if (r.url) lines.push(`Registrar URL: ${r.url}`);
  if (r.email) lines.push(`Registrar Email: ${r.email}`);
  if (r.phone) lines.push(`Registrar Phone: ${r.phone}`);
  return lines;
}

/**
 * One contact block. A field the privacy policy withholds prints REDACTED FOR PRIVACY; a field the
 * contact never gave is left out. The registry ID of a natural person is withheld too, so that one
 * person's domains cannot be linked through it.
 */
function contactLines(role: 'Registrant' | 'Admin' | 'Tech', c: PublicContact): string[] {
  const lines = [`Registry ${role} ID: ${c.kind === 'person' ? REDACTED : c.roid}`];
  const field = (label: string, key: keyof PublicContact & PublicContact['redacted'][number], value: string | null) => {
    if (value !== null) lines.push(`${role} ${label}: ${value}`);
    else if (c.redacted.includes(key)) lines.push(`${role} ${label}: ${REDACTED}`);
  };
  field('Name', 'name', c.name);
  field('Organization', 'org', c.org);
  if (c.street) for (const line of c.street) lines.push(`${role} Street: ${line}`);
  else if (c.redacted.includes('street')) lines.push(`${role} Street: ${REDACTED}`);
  field('City', 'city', c.city);
  field('State/Province', 'sp', c.sp);
  field('Postal Code', 'pc', c.pc);
  field('Country', 'cc', c.cc);
  field('Phone', 'voice', c.voice);
  field('Fax', 'fax', c.fax);
  field('Email', 'email', c.email);
  return lines;
}

function statusLine(status: string): string {
  return `Domain Status: ${status} https://icann.org/epp#${status}`;
}

/** `"şəki.az" (xn--ki-eta41h.az)` for IDN, `"example.az"` otherwise. */
function quoted(unicodeName: string, name: string): string {
  return unicodeName === name ? `"${name}"` : `"${unicodeName}" (${name})`;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
