import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import cookieParser from 'cookie-parser';
import { FormCsrf } from '../common/web/form-csrf';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../infrastructure/redis/redis.tokens';
import { languageSwitch, redisSession } from '../panel/panel-security';
import { derivedKey } from '../payments/app-secret';
import { ADMIN_LANG_COOKIE } from './admin-request';

/** An administrator's session ends after this long without a request (rolling)... */
export const ADMIN_SESSION_IDLE_MS = 30 * 60_000;
/** ...and in any case this long after signing in. */
export const ADMIN_SESSION_MAX_MS = 12 * 60 * 60_000;
export const ADMIN_SESSION_COOKIE = 'azreg.admin.sid';
export const ADMIN_CSRF_COOKIE = 'azreg.admin.csrf';
/** Every console route lives under this path; the cookies are scoped to it. */
export const ADMIN_PATH = '/admin';

/**
 * The console's HTTP protections, separate from the registrant panel's: its own session cookie
 * (path /admin, 30 minutes idle, 12 hours at most), its own Redis key space, double-submit CSRF
 * bound to the session (the panel's mechanism, csrf-csrf, with the console's own secret and
 * cookie), and a strict CSP — no script at all, styles only with the response's nonce.
 */
@Injectable()
export class AdminSecurity {
  private readonly csrf: FormCsrf;
  readonly secure: boolean;
  private readonly cookieSecret: string;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.secure = config.PUBLIC_URL.startsWith('https:');
    this.cookieSecret = derivedKey(config, 'admin/cookies').toString('base64url');
    this.csrf = new FormCsrf(config, { purpose: 'admin/csrf', cookieName: ADMIN_CSRF_COOKIE, path: ADMIN_PATH, sameSite: 'strict' });
  }

  /** Headers, cookies, session, language — in that order, before the CSRF check. */
  middlewares(): RequestHandler[] {
    return [this.headers(), cookieParser(), this.session(), this.language()];
  }

  /** True for a safe method, or for a POST whose `_csrf` field matches the cookie and the session. */
  csrfValid(req: Request): boolean {
    return this.csrf.valid(req);
  }

  /** The token for this page's forms. */
  token(req: Request, res: Response): string {
    return this.csrf.token(req, res);
  }

  /** The nonce that lets this response's `<style>` element through the CSP. */
  static nonce(res: Response): string {
    return String(res.locals.cspNonce ?? '');
  }

  private session(): RequestHandler {
    return redisSession(this.redis, { name: ADMIN_SESSION_COOKIE, secret: this.cookieSecret, prefix: `${this.config.REDIS_PREFIX}:admin-sess:`, ttlMs: ADMIN_SESSION_IDLE_MS, sameSite: 'strict', path: ADMIN_PATH, secure: this.secure });
  }

  private language(): RequestHandler {
    return languageSwitch({ cookie: ADMIN_LANG_COOKIE, sameSite: 'strict', path: ADMIN_PATH, secure: this.secure });
  }

  private headers(): RequestHandler {
    return (_req: Request, res: Response, next: NextFunction) => {
      const nonce = randomBytes(16).toString('base64');
      res.locals.cspNonce = nonce;
      res.setHeader('Content-Security-Policy', [
        "default-src 'none'",
        "script-src 'none'",
        `style-src 'nonce-${nonce}'`,
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Robots-Tag', 'noindex, nofollow');
      if (this.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      next();
    };
  }
}
