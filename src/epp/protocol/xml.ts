/** Escapes text for XML element content and attribute values. */
export function esc(value: string | number | boolean): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** RFC 3339 / XML Schema dateTime in UTC with milliseconds: 2026-01-15T10:00:00.000Z */
export function dateTime(d: Date): string {
  return d.toISOString();
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';
export const NS = {
  epp: 'urn:ietf:params:xml:ns:epp-1.0',
  domain: 'urn:ietf:params:xml:ns:domain-1.0',
  host: 'urn:ietf:params:xml:ns:host-1.0',
  contact: 'urn:ietf:params:xml:ns:contact-1.0',
  secDNS: 'urn:ietf:params:xml:ns:secDNS-1.1',
  rgp: 'urn:ietf:params:xml:ns:rgp-1.0',
} as const;

/**
 * Text for a check <reason> (eppcom:reasonBaseType: a token of 1 to 32 characters). Longer
 * reasons are cut with an ellipsis rather than sent schema-invalid.
 */
export function reasonText(reason: string | null | undefined, fallback = 'Not available'): string {
  const text = (reason ?? '').replace(/\s+/g, ' ').trim() || fallback;
  const chars = [...text];
  return chars.length <= 32 ? text : `${chars.slice(0, 31).join('').trimEnd()}…`;
}
