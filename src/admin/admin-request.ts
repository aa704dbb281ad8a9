import type { Request, Response } from 'express';
import type { Actor } from '../registry/command/actor';
import { DEFAULT_LANG, isPanelLang } from '../panel/i18n';
import type { AdminLang } from './admin-i18n';
import type { AdminRole } from './admin-roles';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in administrator (after password and TOTP). */
    adminId?: string;
    /** When the administrator signed in (ms since epoch): sessions end after ADMIN_SESSION_MAX_MS regardless of activity. */
    adminLoginAt?: number;
    /** Password accepted, second factor still to come. */
    adminPending?: { id: string; at: number; next: string };
    /** A TOTP secret being enrolled (encrypted like the stored one) until its first code is confirmed. */
    adminEnrolSecret?: string;
  }
}

/** The administrator behind a request, loaded by AdminAuthGuard. */
export interface AdminPrincipal {
  id: string;
  email: string;
  roles: AdminRole[];
}

export type AdminRequest = Request & { admin?: AdminPrincipal; id?: unknown };

/** The cookie that keeps the chosen language; the panel's cookie is not sent to /admin. */
export const ADMIN_LANG_COOKIE = 'azreg.admin.lang';

export function adminLang(req: Request): AdminLang {
  const q = req.query?.lang;
  if (isPanelLang(q)) return q;
  const c: unknown = (req.cookies as Record<string, unknown> | undefined)?.[ADMIN_LANG_COOKIE];
  return isPanelLang(c) ? c : DEFAULT_LANG;
}

/** The signed-in administrator; throws when called on a route without AdminAuthGuard. */
export function currentAdmin(req: Request): AdminPrincipal {
  const admin = (req as AdminRequest).admin;
  if (!admin) throw new Error('currentAdmin() on a route without @AdminRoles()');
  return admin;
}

export function hasRole(admin: AdminPrincipal, ...roles: AdminRole[]): boolean {
  return roles.some((r) => admin.roles.includes(r));
}

export function requestId(res: Response): string | undefined {
  const rid = res.getHeader('x-request-id');
  return typeof rid === 'string' ? rid : undefined;
}

/** The history actor for a command run from the console: type admin, channel admin, the request id. */
export function adminActor(req: Request, res: Response): Actor {
  return { type: 'admin', id: currentAdmin(req).id, channel: 'admin', requestId: requestId(res) };
}

/** The client address without the IPv4-mapped prefix. */
export function clientIp(req: Request): string {
  return (req.ip ?? 'unknown').replace(/^::ffff:/, '');
}
