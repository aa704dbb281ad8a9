import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ObjectNotFoundError } from '../../common/registry-errors';
import { field, seeOther } from '../../panel/panel-request';
import { ApproveApplicationHandler } from '../../registry/domains/commands/approve-application.handler';
import { RejectApplicationHandler } from '../../registry/domains/commands/reject-application.handler';
import { formatAzn } from '../../registry/zones/zone.types';
import { ApplicationsRepository } from '../applications/applications.repository';
import { AdminCommands } from '../audit/admin-commands';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { AdminRenderer } from '../admin-renderer.service';

type Form = Record<string, unknown>;

/** Only these document types are shown inline-safe; everything is sent as an attachment anyway. */
const SAFE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/**
 * Restricted-zone applications (administrators): the pending list with the applicant's documents,
 * approve (→ active) and reject (→ deleted, refunded), each one registry command with history,
 * a poll message to the registrar and the audit entry in its transaction.
 */
@AdminController('applications')
@AdminRoles('admin')
export class AdminApplicationsController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly commands: AdminCommands,
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly approve: ApproveApplicationHandler,
    private readonly reject: RejectApplicationHandler,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.renderer.page(req, res, 'applications', 'nav.applications', { applications: await this.applications.pending(this.dataSource.manager) });
  }

  @Get(':id/documents/:doc')
  async document(@Param('id') id: string, @Param('doc') doc: string, @Res() res: Response): Promise<void> {
    const d = await this.applications.document(this.dataSource.manager, id, doc);
    if (!d) throw new ObjectNotFoundError('No such document', { reason: 'not-found', value: doc });
    const name = d.fileName.replace(/[^\w.\-]+/g, '_').slice(0, 100) || 'document';
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.type(SAFE_TYPES.has(d.contentType) ? d.contentType : 'application/octet-stream').send(d.content);
  }

  @Post(':id/approve')
  async approveApplication(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const reason = field(body, 'reason').trim().slice(0, 500);
    await this.commands.run(req, res, this.approve, { domainId: id, reason }, (r) => ({ action: 'domain.application-approve', objectType: 'domain', objectId: id, details: { name: r.name, reason } }));
    this.renderer.flash(req, 'applications.approved');
    seeOther(res, '/admin/applications');
  }

  @Post(':id/reject')
  async rejectApplication(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const reason = field(body, 'reason').trim().slice(0, 500);
    await this.commands.run(req, res, this.reject, { domainId: id, reason }, (r) => ({ action: 'domain.application-reject', objectType: 'domain', objectId: id, details: { name: r.name, reason, refunded: formatAzn(r.refunded) } }));
    this.renderer.flash(req, 'applications.rejected');
    seeOther(res, '/admin/applications');
  }
}
