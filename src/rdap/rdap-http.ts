import type { Request, Response } from 'express';
import { RDAP_MEDIA_TYPE, type RdapAnswer } from './rdap.types';

/** An answer raised from a guard or deep in a handler, rendered by `RdapExceptionFilter`. */
export class RdapAnswerException extends Error {
  constructor(readonly answer: RdapAnswer) {
    super(`RDAP ${answer.status}`);
  }
}

/** Host header shapes accepted in self links (a name or an IP literal, optional port); anything else: `localhost`. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** `https://host/rdap`: where this server is reached, for self links (RFC 9083 §4.2). */
export function rdapBaseUrl(req: Request): string {
  const host = req.get('host') ?? '';
  return `${req.protocol}://${HOST.test(host) ? host.toLowerCase() : 'localhost'}/rdap`;
}

/**
 * Writes an answer with the headers every RDAP answer carries (RFC 7480 §4.2, §5.6): the RDAP
 * media type, CORS open to all, caching only for found objects, `Retry-After` on 429.
 */
export function sendRdap(res: Response, answer: RdapAnswer): void {
  res.status(answer.status);
  res.setHeader('Content-Type', RDAP_MEDIA_TYPE);
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', answer.maxAge > 0 ? `public, max-age=${answer.maxAge}` : 'no-store');
  if (answer.retryAfter !== undefined) {
    res.setHeader('Retry-After', String(answer.retryAfter));
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  }
  // A Buffer, so that Express adds no `charset` parameter: application/rdap+json defines none (JSON is UTF-8).
  res.send(Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body), 'utf8'));
}
