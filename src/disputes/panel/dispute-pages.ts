import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import { RegistryError } from '../../common/registry-errors';
import { DISPUTE_STEP_LABELS, formatDate, formatDateTime, formatMoney, type DisputeStep } from '../../mail/mail-format';
import { errorText, translator, type PanelLang } from '../../panel/i18n';
import { requestLang } from '../../panel/panel-request';
import { PanelSecurity } from '../../panel/panel-security';
import { disputeTranslator, type DisputeTranslate } from './dispute-i18n';

/** src/disputes/views, from src/ or from the compiled dist/src/disputes/panel. */
function viewsDir(): string {
  const here = join(__dirname, '..', 'views');
  return existsSync(here) ? here : resolve(__dirname, '../../../../src/disputes/views');
}

function panelLayout(): string {
  const here = join(__dirname, '..', '..', 'panel', 'views', 'layout.eta');
  return readFileSync(existsSync(here) ? here : resolve(__dirname, '../../../../src/panel/views/layout.eta'), 'utf8');
}

/** Formatting helpers the dispute templates get (dates in Baku time, money in manat). */
export interface DisputeFormat {
  date(at: Date | null): string;
  dateTime(at: Date | null): string;
  money(qepik: number | null): string;
  /** A timeline event's label: the mail's step label when it is one, else the page's own text. */
  event(kind: string): string;
}

/**
 * Renders the dispute pages inside the control panel's own layout (loaded as `@layout`), with the
 * panel's session, CSRF token, language switch and navigation — the same locals PanelRenderer gives
 * — plus the dispute texts (`d`) and formatters (`f`).
 */
@Injectable()
export class DisputePages {
  private readonly eta = new Eta({ views: viewsDir(), cache: true, autoEscape: true, autoTrim: false });

  constructor(private readonly security: PanelSecurity) {
    this.eta.loadTemplate('@layout', panelLayout());
  }

  page(req: Request, res: Response, view: string, title: string, data: object = {}, status = 200): void {
    const lang = requestLang(req);
    const flash = req.session?.flash ?? null;
    if (req.session?.flash) delete req.session.flash;
    const otherLang: PanelLang = lang === 'az' ? 'en' : 'az';
    const url = new URL(req.method === 'GET' ? req.originalUrl : '/', 'http://panel.invalid');
    url.searchParams.set('lang', otherLang);
    const d = disputeTranslator(lang);
    const html = this.eta.render(`./${view}`, {
      t: translator(lang), d, f: formatters(lang, d), lang, csrf: this.security.token(req, res), account: req.session?.email ?? null,
      path: req.originalUrl, switchHref: `${url.pathname}${url.search}`, otherLang, title, flash, ...data,
    });
    res.status(status).type('html').send(html);
  }

  /** The message of a registry error in the request's language (with the English detail). */
  errorMessage(req: Request, error: RegistryError): string {
    return `${errorText(translator(requestLang(req)), error)} (${error.message})`;
  }

  d(req: Request): DisputeTranslate {
    return disputeTranslator(requestLang(req));
  }
}

function formatters(lang: PanelLang, d: DisputeTranslate): DisputeFormat {
  return {
    date: (at) => (at ? formatDate(at, lang) : '—'),
    dateTime: (at) => (at ? formatDateTime(at, lang) : '—'),
    money: (q) => (q === null ? '—' : formatMoney(q, lang)),
    event: (kind) => DISPUTE_STEP_LABELS[kind as DisputeStep]?.[lang] ?? d(`event.${kind}`),
  };
}
