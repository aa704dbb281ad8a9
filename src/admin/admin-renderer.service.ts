import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import { RegistryError } from '../common/registry-errors';
import { formatAzn } from '../registry/zones/zone.types';
import { adminErrorSentence, adminTranslator, type AdminLang, type AdminTranslate } from './admin-i18n';
import { AdminNav, type AdminNavItem } from './admin-nav';
import { adminLang, type AdminPrincipal, type AdminRequest } from './admin-request';
import { AdminSecurity } from './admin-security';

/**
 * The `views` folder next to a compiled or source file: templates are not copied to dist/, so
 * code running from dist/src/x finds them in src/x/views.
 */
export function viewsDirOf(dirname: string): string {
  const here = join(dirname, 'views');
  return existsSync(here) ? here : here.replace(`${sep}dist${sep}src${sep}`, `${sep}src${sep}`);
}

/** What every console template receives besides its own data (`it.…`). */
export interface AdminPageLocals {
  t: AdminTranslate;
  lang: AdminLang;
  /** The CSRF token for this page's forms: `<input type="hidden" name="_csrf" value="<%= it.csrf %>">`. */
  csrf: string;
  admin: AdminPrincipal | null;
  nav: Array<AdminNavItem & { text: string; current: boolean }>;
  path: string;
  switchHref: string;
  otherLang: AdminLang;
  title: string;
  flash: string | null;
  nonce: string;
  /** Helpers: money in qəpik → "12.50"; a date → "2026-01-15 10:00 UTC". */
  azn: (qepik: number) => string;
  date: (d: Date | string | null | undefined) => string;
}

/** A template outside src/admin/views: `{ dir: viewsDirOf(__dirname), name: 'case' }`. */
export type AdminView = string | { dir: string; name: string };

function formatDate(d: Date | string | null | undefined): string {
  if (d === null || d === undefined || d === '') return '';
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Renders console pages: the page's template (auto-escaped Eta) with the locals above, placed
 * into the console layout (header, navigation, language switch, sign-out, flash message).
 * Templates do not call `layout()`; the renderer wraps them.
 */
@Injectable()
export class AdminRenderer {
  private readonly engines = new Map<string, Eta>();
  private readonly ownDir = viewsDirOf(__dirname);

  constructor(
    private readonly security: AdminSecurity,
    private readonly nav: AdminNav,
  ) {}

  /** Renders `view` with `data` inside the layout. `title` is a text key or `{ text }`. */
  page(req: Request, res: Response, view: AdminView, title: string | { text: string }, data: object = {}, status = 200): void {
    const locals = this.locals(req, res, title);
    const { dir, name } = typeof view === 'string' ? { dir: this.ownDir, name: view } : view;
    const body = this.engine(dir).render(`./${name}`, { ...locals, ...data });
    const html = this.engine(this.ownDir).render('./layout', { ...locals, body });
    res.status(status).type('html').send(html);
  }

  /** An error page: a registry error's sentence, or a text key. */
  error(req: Request, res: Response, status: number, what: RegistryError | string, params?: Record<string, string | number>): void {
    const lang = adminLang(req);
    const message = what instanceof RegistryError ? adminErrorSentence(lang, what) : adminTranslator(lang)(what, params);
    this.page(req, res, 'error', 'error.title', { message }, status);
  }

  /** A one-shot message for the next page (after a redirect). */
  flash(req: Request, key: string, params?: Record<string, string | number>): void {
    if (req.session) req.session.flash = adminTranslator(adminLang(req))(key, params);
  }

  private locals(req: Request, res: Response, title: string | { text: string }): AdminPageLocals {
    const lang = adminLang(req);
    const t = adminTranslator(lang);
    const flash = req.session?.flash ?? null;
    if (req.session?.flash) delete req.session.flash;
    const otherLang: AdminLang = lang === 'az' ? 'en' : 'az';
    const url = new URL(req.method === 'GET' ? req.originalUrl : '/admin', 'http://admin.invalid');
    url.searchParams.set('lang', otherLang);
    const admin = (req as AdminRequest).admin ?? null;
    const path = req.originalUrl.split('?')[0];
    return {
      t,
      lang,
      csrf: this.security.token(req, res),
      admin,
      nav: this.nav.for(admin).map((i) => ({
        ...i,
        text: typeof i.label === 'string' ? t(i.label) : i.label[lang],
        current: i.href === '/admin' ? path === '/admin' : path === i.href || path.startsWith(`${i.href}/`),
      })),
      path: req.originalUrl,
      switchHref: `${url.pathname}${url.search}`,
      otherLang,
      title: typeof title === 'string' ? t(title) : title.text,
      flash,
      nonce: AdminSecurity.nonce(res),
      azn: formatAzn,
      date: formatDate,
    };
  }

  private engine(dir: string): Eta {
    let eta = this.engines.get(dir);
    if (!eta) {
      eta = new Eta({ views: dir, cache: true, autoEscape: true, autoTrim: false });
      this.engines.set(dir, eta);
    }
    return eta;
  }
}
