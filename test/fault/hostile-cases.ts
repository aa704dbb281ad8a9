/**
 * The hostile-input corpus: one row per attack, over every surface azreg exposes. Each row says
 * what is sent and which clear answer is expected; `hostile-input.test.ts` sends them all to one
 * running azreg and checks, after each, that a valid request on the same surface still works, and
 * at the end that the database is byte-for-byte unchanged and memory stayed bounded.
 * To add a case, add a row here; nothing else changes.
 */

const EPP_NS = 'urn:ietf:params:xml:ns:epp-1.0';
const D = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';
const C = 'xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"';
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><epp xmlns="${EPP_NS}">${body}</epp>`;
const check = (names: string[]) => doc(`<command><check><domain:check ${D}>${names.map((n) => `<domain:name>${n}</domain:name>`).join('')}</domain:check></check><clTRID>H-1</clTRID></command>`);
const create = (name: string) =>
  doc(`<command><create><domain:create ${D}><domain:name>${name}</domain:name><domain:period unit="y">1</domain:period><domain:registrant>HOST-C1</domain:registrant><domain:authInfo><domain:pw>Hostile-1</domain:pw></domain:authInfo></domain:create></create><clTRID>H-2</clTRID></command>`);
const info = (name: string) => doc(`<command><info><domain:info ${D}><domain:name>${name}</domain:name></domain:info></info><clTRID>H-3</clTRID></command>`);

/** RFC 5734 frame: 4-byte total length, then the bytes. */
export function frame(payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length + 4);
  return Buffer.concat([header, body]);
}
function header(totalLength: number): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32BE(totalLength);
  return h;
}
/** `before` + raw bytes + `after`: for invalid UTF-8 inside otherwise valid text. */
const withBytes = (before: string, bytes: number[], after: string) => Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);

/** A multipart/form-data body (the dispute evidence form's shape). */
function multipart(boundary: string, parts: Array<{ name: string; filename: string; type: string; data: Buffer }>): Buffer {
  const chunks = parts.flatMap((p) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`),
    p.data,
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
}

const SQL = `x'); DROP TABLE domains; --`;
const LONG_LABEL = `${'a'.repeat(64)}.az`;
const LONG_NAME = `${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}.az`;
const MIXED_SCRIPT = 'p\u0430ypal.az'; // Cyrillic а among Latin letters
const TEN_THOUSAND = Array.from({ length: 10_000 }, (_, i) => `n${i}.az`);
const BILLION_LAUGHS =
  `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY lol "lol">` +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
  `]><epp xmlns="${EPP_NS}">${check(['&lol9;']).replace(/^.*?<command>/, '<command>').replace('</epp>', '')}</epp>`;
const XXE = `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><epp xmlns="${EPP_NS}"><command><info><domain:info ${D}><domain:name>&xxe;</domain:name></domain:info></info><clTRID>H-X</clTRID></command></epp>`;

export type HostileCase =
  | {
      id: string;
      surface: 'epp';
      /** Bytes written on a connection (after login unless `beforeLogin`). */
      bytes: Buffer;
      beforeLogin?: boolean;
      /** The result code expected back, or `closed` when the server must just close (truncated input). */
      expect: { code: number; closed?: boolean } | { closed: true; code?: undefined };
      /** Half-close our side after writing (the server sees end of input mid-frame). */
      endAfterWrite?: boolean;
    }
  | { id: string; surface: 'whois'; bytes: Buffer; expect: RegExp }
  | {
      id: string;
      surface: 'rest' | 'rdap' | 'panel';
      method: 'GET' | 'POST' | 'PATCH';
      /** Sent exactly as written (no URL normalisation: `..` reaches the server). */
      path: string;
      headers?: Record<string, string>;
      body?: Buffer | string;
      expect: { status: number[]; type?: RegExp; body?: RegExp };
    }
  | { id: string; surface: 'todo'; note: string };

export const HOSTILE_CASES: HostileCase[] = [
  // --- EPP --------------------------------------------------------------------------------------
  { id: 'epp: XXE external entity', surface: 'epp', bytes: frame(XXE), expect: { code: 2001 } },
  { id: 'epp: XXE before login', surface: 'epp', bytes: frame(XXE), beforeLogin: true, expect: { code: 2001 } },
  { id: 'epp: billion laughs', surface: 'epp', bytes: frame(BILLION_LAUGHS), expect: { code: 2001 } },
  { id: 'epp: 100 MB frame header (then 1 MB of it)', surface: 'epp', bytes: Buffer.concat([header(100 * 1024 * 1024), Buffer.alloc(1024 * 1024, 0x41)]), expect: { code: 2500, closed: true } },
  { id: 'epp: frame header below the minimum', surface: 'epp', bytes: header(3), expect: { code: 2500, closed: true } },
  { id: 'epp: truncated frame, then end of input', surface: 'epp', bytes: Buffer.concat([header(1000), Buffer.from(check(['kesik.az']).slice(0, 100))]), endAfterWrite: true, expect: { closed: true } },
  { id: 'epp: truncated XML in a whole frame', surface: 'epp', bytes: frame(check(['kesik.az']).slice(0, 150)), expect: { code: 2001 } },
  { id: 'epp: invalid UTF-8 in a name', surface: 'epp', bytes: frame(withBytes(check(['PLACEHOLDER']).split('PLACEHOLDER')[0], [0xc3, 0x28, 0xff], `.az${check(['PLACEHOLDER']).split('PLACEHOLDER')[1]}`)), expect: { code: 2001 } },
  { id: 'epp: 10,000 names in one check', surface: 'epp', bytes: frame(check(TEN_THOUSAND)), expect: { code: 2500, closed: true } },
  { id: 'epp: 1,500 names in one check (fits a frame)', surface: 'epp', bytes: frame(check(TEN_THOUSAND.slice(0, 1_500))), expect: { code: 2004 } },
  { id: 'epp: SQL metacharacters in a create', surface: 'epp', bytes: frame(create(SQL.replace(/[<&]/g, ''))), expect: { code: 2005 } },
  { id: 'epp: SQL metacharacters in an info', surface: 'epp', bytes: frame(info(`' OR '1'='1.az`)), expect: { code: 2005 } },
  { id: 'epp: overlong label', surface: 'epp', bytes: frame(create(LONG_LABEL)), expect: { code: 2005 } },
  { id: 'epp: overlong name (schema: at most 255 characters)', surface: 'epp', bytes: frame(create(LONG_NAME)), expect: { code: 2001 } },
  { id: 'epp: name over 253 characters that fits the schema', surface: 'epp', bytes: frame(create(`${Array.from({ length: 4 }, () => 'c'.repeat(62)).join('.')}.az`)), expect: { code: 2005 } },
  { id: 'epp: mixed-script IDN', surface: 'epp', bytes: frame(create(MIXED_SCRIPT)), expect: { code: 2005 } },
  {
    id: 'epp: SQL metacharacters in a contact id',
    surface: 'epp',
    bytes: frame(doc(`<command><info><contact:info ${C}><contact:id>a';DELETE FROM contacts;--</contact:id></contact:info></info><clTRID>H-4</clTRID></command>`)),
    expect: { code: 2001 },
  },
  // --- WHOIS ------------------------------------------------------------------------------------
  { id: 'whois: SQL metacharacters', surface: 'whois', bytes: Buffer.from(`${SQL}.az\r\n`), expect: /not a valid|invalid/i },
  { id: 'whois: invalid UTF-8', surface: 'whois', bytes: Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('.az\r\n')]), expect: /UTF-8/i },
  { id: 'whois: 100 kB query', surface: 'whois', bytes: Buffer.from(`${'a'.repeat(100_000)}.az\r\n`), expect: /too long/i },
  { id: 'whois: path traversal', surface: 'whois', bytes: Buffer.from('../../../etc/passwd\r\n'), expect: /not a valid|invalid/i },
  { id: 'whois: overlong label', surface: 'whois', bytes: Buffer.from(`${LONG_LABEL}\r\n`), expect: /not a valid|invalid/i },
  { id: 'whois: mixed-script IDN', surface: 'whois', bytes: Buffer.from(`${MIXED_SCRIPT}\r\n`), expect: /not a valid|invalid/i },
  { id: 'whois: NUL and control characters', surface: 'whois', bytes: Buffer.from('abc\u0000\u0007.az\r\n'), expect: /control/i },
  // --- RDAP -------------------------------------------------------------------------------------
  { id: 'rdap: path traversal (raw ..)', surface: 'rdap', method: 'GET', path: '/rdap/domain/../../../etc/passwd', expect: { status: [400, 404], body: /^(?![\s\S]*root:)/ } },
  { id: 'rdap: path traversal (encoded)', surface: 'rdap', method: 'GET', path: '/rdap/domain/..%2f..%2f..%2fetc%2fpasswd', expect: { status: [400, 404], type: /application\/rdap\+json/ } },
  { id: 'rdap: invalid UTF-8', surface: 'rdap', method: 'GET', path: '/rdap/domain/%c3%28%ff.az', expect: { status: [400], type: /application\/rdap\+json/ } },
  { id: 'rdap: SQL metacharacters', surface: 'rdap', method: 'GET', path: `/rdap/domain/${encodeURIComponent(`' OR 1=1 --.az`)}`, expect: { status: [400], type: /application\/rdap\+json/ } },
  { id: 'rdap: SQL metacharacters in a search', surface: 'rdap', method: 'GET', path: `/rdap/domains?name=${encodeURIComponent(`%'; DROP TABLE domains; --*`)}`, expect: { status: [400], type: /application\/rdap\+json/ } },
  { id: 'rdap: overlong label', surface: 'rdap', method: 'GET', path: `/rdap/domain/${LONG_LABEL}`, expect: { status: [400], type: /application\/rdap\+json/ } },
  { id: 'rdap: mixed-script IDN', surface: 'rdap', method: 'GET', path: `/rdap/domain/${encodeURIComponent(MIXED_SCRIPT)}`, expect: { status: [400], type: /application\/rdap\+json/ } },
  // --- REST -------------------------------------------------------------------------------------
  { id: 'rest: 10,000 names in one check', surface: 'rest', method: 'POST', path: '/api/v1/domains/check', body: JSON.stringify({ names: TEN_THOUSAND }), expect: { status: [400, 413], type: /problem\+json/ } },
  { id: 'rest: 101 names in one check', surface: 'rest', method: 'POST', path: '/api/v1/domains/check', body: JSON.stringify({ names: TEN_THOUSAND.slice(0, 101) }), expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: SQL metacharacters in a create', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: JSON.stringify({ name: SQL, years: 1, registrant: 'HOST-C1' }), expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: SQL metacharacters in a contact handle', surface: 'rest', method: 'POST', path: '/api/v1/contacts', body: JSON.stringify({ handle: `a';--`, kind: 'person', name: 'X', city: 'Bakı', cc: 'AZ', email: 'x@example.az' }), expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: overlong label', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: JSON.stringify({ name: LONG_LABEL, years: 1, registrant: 'HOST-C1' }), expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: mixed-script IDN', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: JSON.stringify({ name: MIXED_SCRIPT, years: 1, registrant: 'HOST-C1' }), expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: invalid UTF-8 in JSON', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: withBytes('{"name":"', [0xc3, 0x28, 0xff], '.az","years":1,"registrant":"HOST-C1"}'), expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: malformed JSON', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: '{"name": "kesik.az", "years": 1,', expect: { status: [400], type: /problem\+json/ } },
  { id: 'rest: 10,000-deep JSON nesting', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, expect: { status: [400, 413], type: /problem\+json/ } },
  { id: 'rest: 10 MB body', surface: 'rest', method: 'POST', path: '/api/v1/domains', body: JSON.stringify({ name: 'a'.repeat(10 * 1024 * 1024) }), expect: { status: [413], type: /problem\+json/ } },
  { id: 'rest: XML with an external entity', surface: 'rest', method: 'POST', path: '/api/v1/domains', headers: { 'content-type': 'application/xml' }, body: XXE, expect: { status: [400, 415], type: /problem\+json/, body: /^(?![\s\S]*root:)/ } },
  { id: 'rest: path traversal (raw ..)', surface: 'rest', method: 'GET', path: '/api/v1/domains/../../../etc/passwd', expect: { status: [400, 404], type: /problem\+json/ } },
  { id: 'rest: path traversal (encoded)', surface: 'rest', method: 'GET', path: '/api/v1/domains/..%2f..%2fetc%2fpasswd', expect: { status: [400, 404], type: /problem\+json/ } },
  { id: 'rest: prototype pollution keys', surface: 'rest', method: 'PATCH', path: '/api/v1/domains/yoxdur.az', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', expect: { status: [400, 404], type: /problem\+json/ } },
  // --- Panel ------------------------------------------------------------------------------------
  { id: 'panel: script in a search', surface: 'panel', method: 'GET', path: `/search?q=${encodeURIComponent('<script>alert(1)</script>.az')}`, expect: { status: [200, 400, 422], body: /^(?![\s\S]*<script>alert)/ } },
  { id: 'panel: SQL metacharacters in a search', surface: 'panel', method: 'GET', path: `/search?q=${encodeURIComponent(SQL)}`, expect: { status: [200, 400, 422] } },
  { id: 'panel: invalid UTF-8 in a search', surface: 'panel', method: 'GET', path: '/search?q=%c3%28%ff.az', expect: { status: [200, 400, 422] } },
  { id: 'panel: overlong label in a search', surface: 'panel', method: 'GET', path: `/search?q=${LONG_LABEL}`, expect: { status: [200, 400, 422] } },
  { id: 'panel: mixed-script IDN in a search', surface: 'panel', method: 'GET', path: `/search?q=${encodeURIComponent(MIXED_SCRIPT)}`, expect: { status: [200, 400, 422] } },
  { id: 'panel: path traversal (raw ..)', surface: 'panel', method: 'GET', path: '/panel/domains/../../../etc/passwd', expect: { status: [302, 303, 400, 401, 404], body: /^(?![\s\S]*root:)/ } },
  { id: 'panel: path traversal (encoded)', surface: 'panel', method: 'GET', path: '/panel/domains/..%2f..%2f..%2fetc%2fpasswd', expect: { status: [302, 303, 400, 401, 404], body: /^(?![\s\S]*root:)/ } },
  { id: 'panel: form post without CSRF token', surface: 'panel', method: 'POST', path: '/panel/signup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40example.az&password=Long-password-1', expect: { status: [403] } },
  { id: 'panel: 10 MB form', surface: 'panel', method: 'POST', path: '/panel/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${'a'.repeat(10 * 1024 * 1024)}`, expect: { status: [403, 413] } },
  {
    id: 'panel: path traversal in an upload (dispute evidence), not logged in',
    surface: 'panel',
    method: 'POST',
    path: '/disputes',
    headers: { 'content-type': 'multipart/form-data; boundary=HOSTILE' },
    body: multipart('HOSTILE', [{ name: 'evidence', filename: '../../../etc/passwd', type: 'application/pdf', data: Buffer.from('%PDF-1.4 hostile') }]),
    expect: { status: [403], body: /^(?![\s\S]*root:)/ },
  },
  {
    id: 'panel: a 30 MB upload (dispute evidence), not logged in, refused without being kept',
    surface: 'panel',
    method: 'POST',
    path: '/disputes',
    headers: { 'content-type': 'multipart/form-data; boundary=HOSTILE' },
    body: multipart('HOSTILE', [{ name: 'evidence', filename: 'big.pdf', type: 'application/pdf', data: Buffer.alloc(30 * 1024 * 1024, 0x25) }]),
    // The server answers 403 at once and throws the 30 MB away as it arrives (refuseUnread).
    expect: { status: [403] },
  },
];
