import { Injectable } from '@nestjs/common';
import { WEB_WHOIS_TEXT, parseLang, type WebWhoisLang } from './web-whois.i18n';
import { WhoisService } from './whois.service';

/** A rendered web WHOIS response: status, headers and body, ready to send. */
export interface WebWhoisResponse {
  status: 200 | 429;
  headers: Record<string, string>;
  html: string;
}

/** What the page shows below the form. */
export type WebWhoisResult = { kind: 'none' } | { kind: 'answer'; text: string } | { kind: 'rate-limited'; retryAfterSeconds: number };

const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The queried name is in the URL: never send it on as a referrer.
  'Referrer-Policy': 'no-referrer',
};

/**
 * The web WHOIS page (`GET /whois?q=&lang=`): the same answer text as port 43, charged against
 * the same per-IP budget. An empty or absent `q` shows the form only and costs nothing.
 */
@Injectable()
export class WebWhoisPage {
  constructor(private readonly whois: WhoisService) {}

  /** `params` is the raw query string object; only `q` and `lang` are read, leniently. */
  async respond(params: Record<string, unknown>, clientAddress: string): Promise<WebWhoisResponse> {
    const lang = parseLang(params.lang);
    const query = typeof params.q === 'string' ? params.q : Array.isArray(params.q) && typeof params.q[0] === 'string' ? params.q[0] : '';
    if (query.trim() === '') return { status: 200, headers: { ...BASE_HEADERS }, html: renderWebWhois(lang, query, { kind: 'none' }) };
    const answer = await this.whois.answer(query, clientAddress);
    if (answer.outcome === 'rate-limited') {
      const seconds = answer.retryAfterSeconds;
      return { status: 429, headers: { ...BASE_HEADERS, 'Retry-After': String(seconds) }, html: renderWebWhois(lang, query, { kind: 'rate-limited', retryAfterSeconds: seconds }) };
    }
    return { status: 200, headers: { ...BASE_HEADERS }, html: renderWebWhois(lang, query, { kind: 'answer', text: answer.text }) };
  }
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff}',
  'label{display:block;font-weight:600}',
  'input{font:inherit;padding:.5rem;width:100%;max-width:32rem;box-sizing:border-box}',
  'button{font:inherit;padding:.5rem 1rem;margin-top:.5rem}',
  ':focus-visible{outline:3px solid #0b5fff;outline-offset:2px}',
  'pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.75rem;font-size:.875rem}',
  '.hint{color:#555;margin:.25rem 0}',
  '[role=alert]{border-left:4px solid #b00020;padding:.5rem .75rem;background:#fdecee}',
].join('');

/** The whole page. Every dynamic string is escaped. */
export function renderWebWhois(lang: WebWhoisLang, query: string, result: WebWhoisResult): string {
  const t = WEB_WHOIS_TEXT[lang];
  const other: WebWhoisLang = lang === 'az' ? 'en' : 'az';
  const otherHref = `?${new URLSearchParams(query ? { q: query, lang: other } : { lang: other }).toString()}`;
  const title = result.kind === 'rate-limited' ? `${t.rateLimitedTitle} — ${t.title}` : t.title;
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<p><a href="${escapeHtml(otherHref)}" lang="${other}" hreflang="${other}">${escapeHtml(t.otherLanguage)}</a></p>`,
    `<h1>${escapeHtml(t.title)}</h1>`,
    `<p>${escapeHtml(t.intro)}</p>`,
    '</header>',
    '<main>',
    '<form method="get" role="search">',
    `<label for="q">${escapeHtml(t.label)}</label>`,
    `<p class="hint" id="q-hint">${escapeHtml(t.hint)}</p>`,
    `<input id="q" name="q" type="text" value="${escapeHtml(query)}" maxlength="256" required autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="q-hint">`,
    `<input type="hidden" name="lang" value="${lang}">`,
    `<button type="submit">${escapeHtml(t.submit)}</button>`,
    '</form>',
    ...resultHtml(lang, result),
    `<p>${escapeHtml(t.privacy)}</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function resultHtml(lang: WebWhoisLang, result: WebWhoisResult): string[] {
  const t = WEB_WHOIS_TEXT[lang];
  switch (result.kind) {
    case 'none':
      return [];
    case 'answer':
      return [
        '<section aria-labelledby="answer-h">',
        `<h2 id="answer-h">${escapeHtml(t.answer)}</h2>`,
        `<pre lang="en" tabindex="0">${escapeHtml(result.text.replace(/\r\n/g, '\n'))}</pre>`,
        '</section>',
      ];
    case 'rate-limited': {
      // Both languages, whichever the page is in: the refusal must be understood.
      const other: WebWhoisLang = lang === 'az' ? 'en' : 'az';
      return [
        '<div role="alert">',
        `<p>${escapeHtml(t.rateLimited(result.retryAfterSeconds))}</p>`,
        `<p lang="${other}">${escapeHtml(WEB_WHOIS_TEXT[other].rateLimited(result.retryAfterSeconds))}</p>`,
        '</div>',
      ];
    }
  }
}
