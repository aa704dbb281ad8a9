import { Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { AdminRenderer } from '../admin-renderer.service';
import { HISTORY_TYPES, ObjectHistory, type HistoryType } from '../history/object-history';

/** Any object's full history (administrators and dispute officers; it holds personal data, so not experts). */
@AdminController('history')
@AdminRoles('admin', 'officer')
export class AdminHistoryController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly history: ObjectHistory,
  ) {}

  @Get()
  async page(@Query('type') typeParam: unknown, @Query('id') idParam: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const type: HistoryType = (HISTORY_TYPES as readonly unknown[]).includes(typeParam) ? (typeParam as HistoryType) : 'domain';
    const id = typeof idParam === 'string' ? idParam.slice(0, 300) : '';
    const rows = id ? await this.history.find(type, id) : [];
    this.renderer.page(req, res, 'history', 'nav.history', { types: HISTORY_TYPES, type, id, rows, searched: !!id });
  }
}
