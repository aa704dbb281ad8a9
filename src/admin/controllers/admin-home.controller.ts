import { Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminAudit } from '../audit/admin-audit.service';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { adminLang, currentAdmin } from '../admin-request';
import { adminTranslator } from '../admin-i18n';
import { AdminRenderer } from '../admin-renderer.service';

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}

function day(v: unknown, plusOne = false): Date | undefined {
  const s = text(v);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  return plusOne ? new Date(d.getTime() + 86_400_000) : d;
}

/** The console's start page (any role) and the audit log (administrators). */
@AdminController()
export class AdminHomeController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly audit: AdminAudit,
  ) {}

  @Get()
  @AdminRoles()
  home(@Req() req: Request, @Res() res: Response): void {
    const admin = currentAdmin(req);
    this.renderer.page(req, res, 'home', 'home.title', { lead: adminTranslator(adminLang(req))('home.lead', { roles: admin.roles.join(', ') }) });
  }

  @Get('audit')
  @AdminRoles('admin')
  async auditLog(@Query() q: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const filter = { adminEmail: text(q.admin), action: text(q.action), objectType: text(q.objectType), objectId: text(q.objectId), from: text(q.from), to: text(q.to) };
    const rows = await this.audit.search({ ...filter, from: day(q.from), to: day(q.to, true), beforeId: text(q.before), limit: 100 });
    const older = rows.length === 100 ? new URLSearchParams({ ...filter, before: rows[rows.length - 1].id }).toString() : null;
    this.renderer.page(req, res, 'audit', 'audit.title', { filter, rows, older });
  }
}
