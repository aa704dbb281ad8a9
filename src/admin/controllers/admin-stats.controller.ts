import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import { RegistryError } from '../../common/registry-errors';
import { Clock } from '../../registry/command/clock';
import { isPanelLang, type PanelLang } from '../../panel/i18n';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { adminErrorSentence, adminTranslator } from '../admin-i18n';
import { adminLang } from '../admin-request';
import { AdminRenderer, viewsDirOf } from '../admin-renderer.service';
import { RegistryStatsService } from '../stats/registry-stats.service';
import { statsView, type StatsView } from '../stats/stats-charts';

/** How long the public page reuses a computed result (also its HTTP max-age). */
const PUBLIC_CACHE_MS = 5 * 60_000;

type StatsQuery = { from?: unknown; to?: unknown; granularity?: unknown };

/** Statistics with charts in the console (administrators and dispute officers). */
@AdminController('stats')
@AdminRoles('admin', 'officer')
export class AdminStatsController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly stats: RegistryStatsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async page(@Query() q: StatsQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.stats.compute(this.stats.period(this.clock.now(), q));
    this.renderer.page(req, res, 'stats', 'nav.stats', { view: statsView(result, adminTranslator(adminLang(req))) });
  }
}

/**
 * The public summary (`/stats`, `?lang=en`): the same charts and counts for the registry's
 * transparency — aggregates only, no names, no personal data. No session, no cookies; the
 * console's strict CSP (no script, nonce-only styles). Results are cached per period for five
 * minutes in each process.
 */
@ApiExcludeController()
@Controller('stats')
export class PublicStatsController {
  private readonly cache = new Map<string, { at: number; view: StatsView }>();
  private readonly eta = new Eta({ views: viewsDirOf(__dirname.replace(/controllers$/, '')), cache: true, autoEscape: true, autoTrim: false });

  constructor(
    private readonly stats: RegistryStatsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async page(@Query() q: StatsQuery & { lang?: unknown }, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang: PanelLang = isPanelLang(q.lang) ? q.lang : 'az';
    const t = adminTranslator(lang);
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', `public, max-age=${PUBLIC_CACHE_MS / 1000}`);
    let period;
    try {
      period = this.stats.period(this.clock.now(), { ...q, granularity: q.granularity ?? 'month' });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      res.status(400).type('text/plain; charset=utf-8').send(adminErrorSentence(lang, error));
      return;
    }
    const key = `${lang}|${period.from.toISOString()}|${period.to.toISOString()}|${period.granularity}`;
    const hit = this.cache.get(key);
    const view = hit && Date.now() - hit.at < PUBLIC_CACHE_MS ? hit.view : statsView(await this.stats.compute(period), t);
    if (view !== hit?.view) this.remember(key, view);
    const otherLang: PanelLang = lang === 'az' ? 'en' : 'az';
    const url = new URL(req.originalUrl, 'http://stats.invalid');
    url.searchParams.set('lang', otherLang);
    res.type('html').send(this.eta.render('./public-stats', { t, lang, otherLang, switchHref: `${url.pathname}${url.search}`, nonce, title: t('stats.publicTitle'), view }));
  }

  /** A small per-process cache: the public page must not let anonymous traffic run the aggregation at will. */
  private remember(key: string, view: StatsView): void {
    if (this.cache.size >= 200) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at: Date.now(), view });
  }
}
