import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import cookieParser from 'cookie-parser';
import { RedisStore } from 'connect-redis';
import { FormCsrf } from '../common/web/form-csrf';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../infrastructure/redis/redis.tokens';
import { derivedKey } from '../payments/app-secret';
import { isPanelLang } from './i18n';
import { LANG_COOKIE } from './panel-request';

/** Sessions last this long after the last request (rolling). */
export const SESSION_TTL_MS = 2 * 60 * 60_000;
export const SESSION_COOKIE = 'azreg.sid';
export const CSRF_COOKIE = 'azreg.csrf';

/**
 * connect-redis 10 speaks the node-redis v5 client API; azreg's client is ioredis. This adapter
 * offers the few calls the store makes for get/set/touch/destroy (no `all`/`clear`, which scan).
 */
export function redisStoreClient(redis: Redis): object {
  return {
    get: (key: string) => redis.get(key),
    set: (key: string, value: string, opts?: { expiration?: { type: 'EX'; value: number } }) =>
      opts?.expiration ? redis.set(key, value, 'EX', opts.expiration.value) : redis.set(key, value),
    expire: (key: string, seconds: number) => redis.expire(key, seconds),
    del: (keys: string | string[]) => redis.del(...(Array.isArray(keys) ? keys : [keys])),
    mGet: (keys: string[]) => redis.mget(...keys),
  };
}

/** A rolling Redis-backed session (panel and console each call this with their own cookie, key space and scope). */
export function redisSession(
  redis: Redis,
  o: { name: string; secret: string; prefix: string; ttlMs: number; sameSite: 'lax' | 'strict'; path: string; secure: boolean },
): RequestHandler {
  return session({
    name: o.name,
    secret: o.secret,
    store: new RedisStore({ client: redisStoreClient(redis), prefix: o.prefix, ttl: o.ttlMs / 1000 }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: { httpOnly: true, sameSite: o.sameSite, secure: o.secure, maxAge: o.ttlMs, path: o.path },
  });
}

/** `?lang=az|en` on any page switches the language and remembers it for a year in `o.cookie`. */
export function languageSwitch(o: { cookie: string; sameSite: 'lax' | 'strict'; path: string; secure: boolean }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const q = req.query?.lang;
    if (isPanelLang(q)) res.cookie(o.cookie, q, { httpOnly: true, sameSite: o.sameSite, secure: o.secure, maxAge: 365 * 86_400_000, path: o.path });
    next();
  };
}

/**
 * The HTTP protections of the control panel, built once from the config: cookie parsing, Redis
 * sessions, CSRF (double-submit cookie bound to the session id) and security headers. Applied
 * by PanelModule to the panel's routes only; REST, RDAP and web WHOIS keep their own rules.
 */
@Injectable()
export class PanelSecurity {
  private readonly csrf: FormCsrf;
  readonly secure: boolean;
  private readonly cookieSecret: string;
  private readonly publicOrigin: string;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.secure = config.PUBLIC_URL.startsWith('https:');
    this.publicOrigin = new URL(config.PUBLIC_URL).origin;
    this.cookieSecret = derivedKey(config, 'panel/cookies').toString('base64url');
    this.csrf = new FormCsrf(config, { purpose: 'panel/csrf', cookieName: CSRF_COOKIE, path: '/', sameSite: 'lax' });
  }

  /** The middleware chain before the CSRF check, in order: headers, cookies, session, language. */
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

  private session(): RequestHandler {
    return redisSession(this.redis, { name: SESSION_COOKIE, secret: this.cookieSecret, prefix: `${this.config.REDIS_PREFIX}:sess:`, ttlMs: SESSION_TTL_MS, sameSite: 'lax', path: '/', secure: this.secure });
  }

  /** `?lang=en` on any panel page switches the language and remembers it for a year. */
  private language(): RequestHandler {
    return languageSwitch({ cookie: LANG_COOKIE, sameSite: 'lax', path: '/', secure: this.secure });
  }

  /** CSP without inline scripts (the only script is the hold countdown, from our origin), no framing, no caching of personal pages. */
  private headers(): RequestHandler {
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `form-action 'self' ${this.publicOrigin}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; ');
    return (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Content-Security-Policy', csp);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'same-origin');
      res.setHeader('Cache-Control', 'no-store');
      if (this.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      next();
    };
  }
}
