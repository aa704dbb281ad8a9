import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import { RegistryError } from '../common/registry-errors';
import { errorText, translator, type MessageKey, type PanelLang, type Translate } from './i18n';
import { requestLang } from './panel-request';
import { PanelSecurity } from './panel-security';

/** The templates live next to this file in src/; the compiled file in dist/ finds them there too. */
function viewsDir(): string {
  const here = join(__dirname, 'views');
  return existsSync(here) ? here : resolve(__dirname, '../../../src/panel/views');
}

/** What every page template receives besides its own data. */
export interface PageLocals {
  t: Translate;
  lang: PanelLang;
  /** The CSRF token for this page's forms (`_csrf`). */
  csrf: string;
  /** The logged-in account's e-mail address, or null. */
  account: string | null;
  /** This page's path and query, for the language switch. */
  path: string;
  /** The path with `lang=` set to the other language. */
  switchHref: string;
  otherLang: PanelLang;
  title: string;
  flash: string | null;
}

/**
 * Renders the panel's Eta templates (auto-escaped) inside the layout, in the request's language,
 * with a fresh CSRF token, and sends them as HTML.
 */
@Injectable()
export class PanelRenderer {
  private readonly eta = new Eta({ views: viewsDir(), cache: true, autoEscape: true, autoTrim: false });

  constructor(private readonly security: PanelSecurity) {}

  /** Renders `view` with `data`; the title is a message key or a ready text. */
  page(req: Request, res: Response, view: string, title: MessageKey | { text: string }, data: object = {}, status = 200): void {
    const lang = requestLang(req);
    const t = translator(lang);
    const flash = req.session?.flash ?? null;
    if (req.session?.flash) delete req.session.flash;
    const otherLang: PanelLang = lang === 'az' ? 'en' : 'az';
    // After a POST the address is a form action, not a page: switch on the home page instead.
    const url = new URL(req.method === 'GET' ? req.originalUrl : '/', 'http://panel.invalid');
    url.searchParams.set('lang', otherLang);
    const locals: PageLocals = {
      t,
      lang,
      csrf: this.security.token(req, res),
      account: req.session?.email ?? null,
      path: req.originalUrl,
      switchHref: `${url.pathname}${url.search}`,
      otherLang,
      title: typeof title === 'string' ? t(title) : title.text,
      flash,
    };
    const html = this.eta.render(`./${view}`, { ...locals, ...data });
    res.status(status).type('html').send(html);
  }

  /** An error page: a registry error's text (and its English detail), or a message key. */
  error(req: Request, res: Response, status: number, what: RegistryError | MessageKey, params?: Record<string, string | number>): void {
    const t = translator(requestLang(req));
    const message = what instanceof RegistryError ? errorText(t, what) : t(what, params);
    const detail = what instanceof RegistryError ? what.message : null;
    this.page(req, res, 'error', 'error.title', { message, detail }, status);
  }
}
