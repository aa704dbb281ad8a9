import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { PanelExceptionFilter } from '../../panel/panel-exception.filter';
import { DisputeQueries } from '../dispute-queries';
import { DisputePages } from './dispute-pages';

/** The public, searchable decisions page (az/en): persons redacted, organisations named. No login. */
@ApiExcludeController()
@Controller('decisions')
@UseFilters(PanelExceptionFilter)
export class DecisionsController {
  constructor(
    private readonly pages: DisputePages,
    private readonly queries: DisputeQueries,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async list(@Query('q') q: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const term = typeof q === 'string' ? q.slice(0, 100) : '';
    const decisions = await this.queries.publicDecisions(this.dataSource.manager, term);
    this.pages.page(req, res, 'decisions', this.pages.d(req)('decisions.title'), { decisions, q: term });
  }

  @Get(':case')
  async one(@Param('case') caseNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const decision = await this.queries.publicDecision(this.dataSource.manager, caseNumber);
    this.pages.page(req, res, 'decision', `${decision.caseNumber}: ${decision.unicodeName}`, { decision });
  }
}
