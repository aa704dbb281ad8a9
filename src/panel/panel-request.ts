import type { Request, Response } from 'express';
import type { Actor } from '../registry/command/actor';
import { registrantActor } from '../registry/accounts/account.types';
import { DEFAULT_LANG, isPanelLang, type PanelLang } from './i18n';

declare module 'express-session' {
  interface SessionData {
    /** The logged-in registrant account. */
    accountId?: string;
    email?: string;
    /** Set once a form was rendered, so an anonymous visitor keeps one session id (the CSRF binding). */
    started?: number;
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

/** The actor of a logged-in registrant in the panel (the request id ties history rows to log lines). */
export function panelActor(req: Request, res: Response, accountId: string): Actor {
  const rid = res.getHeader('x-request-id');
  return registrantActor(accountId, typeof rid === 'string' ? rid : undefined);
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
