import type { Request, Response } from 'express';
import type { Actor } from '../registry/command/actor';
import type { HoldOwner } from '../registry/holds/hold.repository';
import { registrantActor } from '../registry/accounts/account.types';
import { DEFAULT_LANG, isPanelLang, type PanelLang } from './i18n';

declare module 'express-session' {
  interface SessionData {
    /** The logged-in registrant account. */
    accountId?: string;
    email?: string;
    /** A visitor's random id: whose holds the cart shows before login (HoldOwner `visitor`). */
    visitorId?: string;
    /** A one-shot notice shown on the next page (after a redirect). */
    flash?: string;
  }
}

/** The cookie that keeps the chosen language. */
export const LANG_COOKIE = 'azreg.lang';

/** The language of this request: `?lang=` (also remembered by the middleware), then the cookie, then Azerbaijani. */
export function requestLang(req: Request): PanelLang {
  const q = req.query?.lang;
  if (isPanelLang(q)) return q;
  const c: unknown = (req.cookies as Record<string, unknown> | undefined)?.[LANG_COOKIE];
  return isPanelLang(c) ? c : DEFAULT_LANG;
}

/** The logged-in account id, or null. */
export function sessionAccount(req: Request): string | null {
  return req.session?.accountId ?? null;
}

/** The request id (set by the logging middleware), which ties history rows to log lines. */
export function requestIdOf(res: Response): string | undefined {
  const rid = res.getHeader('x-request-id');
  return typeof rid === 'string' ? rid : undefined;
}

/** The actor of a logged-in registrant in the panel. */
export function panelActor(_req: Request, res: Response, accountId: string): Actor {
  return registrantActor(accountId, requestIdOf(res));
}

/** Whose holds the cart is: the logged-in account, else the visitor of this session, else nobody yet. */
export function cartOwner(req: Request): HoldOwner | null {
  const accountId = sessionAccount(req);
  if (accountId) return { type: 'account', id: accountId };
  const visitorId = req.session?.visitorId;
  return visitorId ? { type: 'visitor', id: visitorId } : null;
}

/** A local path to go back to after login; anything else (other hosts, `//x`) becomes `fallback`. */
export function safeNext(value: unknown, fallback = '/panel/domains'): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : fallback;
}

/** A string field of a form body ('' when absent or not a string). */
export function field(body: Record<string, unknown> | undefined, name: string): string {
  const v = body?.[name];
  return typeof v === 'string' ? v : '';
}

/** All values of a repeated form field (checkboxes, several inputs of one name). */
export function fields(body: Record<string, unknown> | undefined, name: string): string[] {
  const v = body?.[name];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** 303 See Other: the answer to a successful POST (Post/Redirect/Get). */
export function seeOther(res: Response, location: string): void {
  res.redirect(303, location);
}
