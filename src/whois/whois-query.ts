/**
 * Parses one WHOIS query line (port 43 or the web form) into a typed query. Pure: no lookups, no
 * logging. The forms accepted:
 *
 *   <domain>                 U-label or A-label, any case, one trailing dot tolerated
 *   domain <domain>
 *   nameserver <host>        also `ns <host>`
 *   registrar <id or name>
 *   help
 */

/** The longest query accepted, in UTF-8 bytes, without the line ending. */
export const MAX_QUERY_BYTES = 256;

/** A parsed WHOIS query. */
export type WhoisQuery =
  | { kind: 'domain'; name: string }
  | { kind: 'nameserver'; name: string }
  | { kind: 'registrar'; idOrName: string }
  | { kind: 'help' }
  | { kind: 'invalid'; reason: string };

/** Why a query line is refused before any lookup (shared wording for port 43 and the web page). */
export const QUERY_PROBLEMS = {
  empty: 'Empty query. Send a domain name such as example.az, or "help" for the query forms',
  tooLong: `The query is longer than ${MAX_QUERY_BYTES} bytes`,
  control: 'The query contains control characters; send one line of UTF-8 text',
} as const;

const KEYWORDS: Record<string, 'domain' | 'nameserver' | 'registrar'> = {
  domain: 'domain',
  nameserver: 'nameserver',
  ns: 'nameserver',
  registrar: 'registrar',
};

// C0 and C1 controls and DEL. Tabs between words are tolerated (folded to spaces first).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** Parses a query line; a CRLF or LF at the end is ignored. */
export function parseWhoisQuery(line: string): WhoisQuery {
  const text = line.replace(/\r?\n$/, '');
  if (Buffer.byteLength(text, 'utf8') > MAX_QUERY_BYTES) return { kind: 'invalid', reason: QUERY_PROBLEMS.tooLong };
  if (CONTROL.test(text)) return { kind: 'invalid', reason: QUERY_PROBLEMS.control };
  const words = text.replace(/\t/g, ' ').trim().split(/ +/).filter(Boolean);
  if (words.length === 0) return { kind: 'invalid', reason: QUERY_PROBLEMS.empty };
  const first = words[0].toLowerCase();
  if (first === 'help' && words.length === 1) return { kind: 'help' };
  const keyword = KEYWORDS[first];
  if (keyword === undefined) return { kind: 'domain', name: words.join(' ') };
  const rest = words.slice(1).join(' ');
  if (rest === '') return { kind: 'invalid', reason: `Missing ${keyword === 'registrar' ? 'registrar id or name' : 'name'} after "${first}"` };
  if (keyword === 'registrar') return { kind: 'registrar', idOrName: rest };
  return keyword === 'domain' ? { kind: 'domain', name: rest } : { kind: 'nameserver', name: rest };
}
