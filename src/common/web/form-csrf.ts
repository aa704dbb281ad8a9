import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { derivedKey } from '../../payments/app-secret';

/** The form field every server-rendered form carries its token in. */
export const CSRF_FIELD = '_csrf';

declare module 'express-session' {
  interface SessionData {
    /** Set once a form was rendered, so an anonymous visitor keeps one session id (the CSRF binding). */
    started?: number;
  }
}

/**
 * Double-submit CSRF for server-rendered forms (csrf-csrf): an HttpOnly cookie plus the `_csrf`
 * field, both bound to the session id and signed with a key derived from APP_SECRET for
 * `purpose`, so the panel's tokens never pass in the console and the other way round.
 */
export class FormCsrf {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(config: AppConfig, opts: { purpose: string; cookieName: string; path: string; sameSite: 'lax' | 'strict' }) {
    const secret = derivedKey(config, opts.purpose).toString('base64url');
    this.csrf = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => req.session?.id ?? '',
      cookieName: opts.cookieName,
      cookieOptions: { sameSite: opts.sameSite, path: opts.path, secure: config.PUBLIC_URL.startsWith('https:'), httpOnly: true },
      getCsrfTokenFromRequest: (req) => {
        const v: unknown = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
        return typeof v === 'string' ? v : undefined;
      },
      errorConfig: { statusCode: 403, message: 'invalid csrf token', code: 'EBADCSRFTOKEN' },
    });
  }

  /** True for a safe method, or for a POST whose `_csrf` field matches the cookie and the session. */
  valid(req: Request): boolean {
    return ['GET', 'HEAD', 'OPTIONS'].includes(req.method) || this.csrf.validateRequest(req);
  }

  /** The token for this page's forms; marks the session so that its id (the token's binding) persists. */
  token(req: Request, res: Response): string {
    if (req.session && !req.session.started) req.session.started = Date.now();
    return this.csrf.generateCsrfToken(req, res);
  }
}
