import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { LookupRateLimiter } from '../../lookup/lookup-rate-limiter';
import { anonymousPanelActor } from '../../registry/accounts/account.types';
import { CommandRunner } from '../../registry/command/command-runner';
import { SuggestNamesHandler } from '../../registry/domains/commands/suggest-names.handler';
import { formatAzn } from '../../registry/zones/zone.types';
import { errorSentence, translator } from '../i18n';
import { PanelExceptionFilter } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { requestLang } from '../panel-request';

/**
 * The home page and the name search. The search only reads (SuggestNamesHandler): it places no
 * hold and records no name (invariant 4), and it shares the per-IP lookup budget with WHOIS/RDAP.
 */
@ApiExcludeController()
@Controller()
@UseFilters(PanelExceptionFilter)
export class PanelSearchController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly suggest: SuggestNamesHandler,
    private readonly limiter: LookupRateLimiter,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'home', 'home.title');
  }

  @Get('search')
  async search(@Query('q') q: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = typeof q === 'string' ? q.slice(0, 253) : '';
    if (!query.trim()) return this.renderer.page(req, res, 'home', 'home.title');
    const t = translator(requestLang(req));
    const rate = await this.limiter.consume(req.ip ?? req.socket.remoteAddress ?? '');
    if (!rate.allowed) {
      res.setHeader('Retry-After', String(rate.retryAfterSeconds));
      return this.renderer.page(req, res, 'search', 'search.title', { q: query, error: t('error.rateLimited', { seconds: rate.retryAfterSeconds }) }, 429);
    }
    try {
      const results = await this.runner.run(this.suggest, anonymousPanelActor(), { query });
      this.renderer.page(req, res, 'search', 'search.title', { q: query, results, fmt: formatAzn });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      this.renderer.page(req, res, 'search', 'search.title', { q: query, error: errorSentence(t, error) }, 422);
    }
  }
}
