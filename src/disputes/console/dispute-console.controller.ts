import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AdminForbidden } from '../../admin/admin-exception.filter';
import { AdminRenderer, viewsDirOf } from '../../admin/admin-renderer.service';
import { currentAdmin, hasRole } from '../../admin/admin-request';
import { AdminCommands } from '../../admin/audit/admin-commands';
import { AdminController, AdminRoles } from '../../admin/auth/admin-auth.guard';
import type { CommandHandler } from '../../registry/command/command-context';
import { field, seeOther } from '../../panel/panel-request';
import { AppointExpertHandler, DeclareConflictHandler } from '../commands/appointment.handlers';
import { AppealDecisionHandler, RecordDecisionHandler } from '../commands/decision.handlers';
import { AddMediationNoteHandler, CourtProceedingsHandler, ExtendDeadlineHandler, SettleDisputeHandler } from '../commands/officer.handlers';
import { RejectComplaintHandler, ValidateComplaintHandler } from '../commands/review-complaint.handlers';
import { DisputeQueries } from '../dispute-queries';
import { DisputeRepository } from '../dispute.repository';
import { DISPUTE_STATES, OUTCOMES, type DisputeState, type Viewer } from '../dispute.types';
import { sendDocument } from '../panel/dispute-uploads';
import { AddExpertHandler } from './add-expert.handler';
import './dispute-console.texts';

type Form = Record<string, unknown>;
const VIEWS = viewsDirOf(__dirname);

/** Officers and administrators see every case; an expert only its appointments (DisputeQueries). */
function viewerOf(req: Request): Viewer {
  const admin = currentAdmin(req);
  return hasRole(admin, 'admin', 'officer') ? { kind: 'officer', adminId: admin.id } : { kind: 'expert', adminId: admin.id };
}

/**
 * The dispute pages of the administration console (`/admin/disputes`): the queue by state and
 * deadline, the case with its confidential mediation notes (officers only), and one form per step.
 * Officers: validate/reject, notes, extensions, settlement, appointments, court proceedings, the
 * roster. Experts: their conflict declaration and decision, only on cases they are appointed to.
 * Every action runs its dispute command through AdminCommands: the change, its history row and
 * the admin audit entry commit in one transaction.
 */
@AdminController('disputes')
@AdminRoles('admin', 'officer', 'expert')
export class DisputeConsoleController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly commands: AdminCommands,
    private readonly dataSource: DataSource,
    private readonly disputes: DisputeRepository,
    private readonly queries: DisputeQueries,
    private readonly validate: ValidateComplaintHandler,
    private readonly reject: RejectComplaintHandler,
    private readonly note: AddMediationNoteHandler,
    private readonly extend: ExtendDeadlineHandler,
    private readonly settle: SettleDisputeHandler,
    private readonly appoint: AppointExpertHandler,
    private readonly court: CourtProceedingsHandler,
    private readonly declare: DeclareConflictHandler,
    private readonly decide: RecordDecisionHandler,
    private readonly appealDecide: AppealDecisionHandler,
    private readonly addExpert: AddExpertHandler,
  ) {}

  @Get()
  async queue(@Query('state') state: string | undefined, @Query('closed') closed: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const viewer = viewerOf(req);
    const filter = (DISPUTE_STATES as readonly string[]).includes(state ?? '') ? (state as DisputeState) : undefined;
    const cases = await this.disputes.queue(this.dataSource.manager, { state: filter, closed: closed === '1', expertAdminId: viewer.kind === 'expert' ? viewer.adminId : undefined });
    this.renderer.page(req, res, { dir: VIEWS, name: 'queue' }, 'disputes.queue', { cases, states: DISPUTE_STATES, state: filter ?? '', now: new Date() });
  }

  @Get('roster')
  @AdminRoles('admin', 'officer')
  async roster(@Req() req: Request, @Res() res: Response): Promise<void> {
    const experts = await this.dataSource.query(`SELECT e.display_name, a.email, e.active, e.last_appointed_at FROM dispute_experts e JOIN admin_users a ON a.id = e.admin_user_id ORDER BY e.last_appointed_at NULLS FIRST, e.created_at`);
    this.renderer.page(req, res, { dir: VIEWS, name: 'roster' }, 'disputes.roster', { experts });
  }

  @Post('roster')
  @AdminRoles('admin', 'officer')
  async addToRoster(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const input = { email: field(body, 'email'), displayName: field(body, 'name') };
    await this.commands.run(req, res, this.addExpert, input, (r) => ({ action: 'dispute.expert-add', objectType: 'admin', objectId: r.expertId, details: { email: input.email } }));
    this.renderer.flash(req, 'common.done');
    seeOther(res, '/admin/disputes/roster');
  }

  @Get(':case')
  async casePage(@Param('case') caseNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const view = await this.queries.caseView(this.dataSource.manager, viewerOf(req), caseNumber);
    this.renderer.page(req, res, { dir: VIEWS, name: 'case' }, { text: `${view.dispute.caseNumber} · ${view.dispute.unicodeName}` }, { c: view, outcomes: OUTCOMES, me: currentAdmin(req).id });
  }

  @Get(':case/documents/:id')
  async document(@Param('case') caseNumber: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendDocument(res, await this.queries.document(this.dataSource.manager, viewerOf(req), caseNumber, id));
  }

  @Post(':case/:action')
  async act(@Param('case') caseNumber: string, @Param('action') action: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const admin = currentAdmin(req);
    const officer = hasRole(admin, 'admin', 'officer');
    const expert = hasRole(admin, 'expert');
    // An expert acts only on a case it can see; the handlers check the appointment itself too.
    if (!officer) await this.queries.visibleCase(this.dataSource.manager, viewerOf(req), caseNumber);
    const run = <I>(handler: CommandHandler<I, unknown>, input: I, details: Record<string, unknown> = {}) =>
      this.commands.run(req, res, handler, input, () => ({ action: handler.command, objectType: 'dispute', objectId: caseNumber, details }));
    const officerOnly = () => { if (!officer) throw new AdminForbidden(); };
    const expertOnly = () => { if (!expert) throw new AdminForbidden(); };
    switch (action) {
      case 'validate': officerOnly(); await run(this.validate, { caseNumber }); break;
      case 'reject': officerOnly(); await run(this.reject, { caseNumber, reason: field(body, 'reason') }); break;
      case 'note': officerOnly(); await run(this.note, { caseNumber, body: field(body, 'body') }); break;
      case 'extend': officerOnly(); await run(this.extend, { caseNumber, workingDays: Number(field(body, 'days')), reason: field(body, 'reason') }, { days: field(body, 'days') }); break;
      case 'settle': officerOnly(); await run(this.settle, { caseNumber, outcome: field(body, 'outcome'), terms: field(body, 'terms') }, { outcome: field(body, 'outcome') }); break;
      case 'appoint': officerOnly(); await run(this.appoint, { caseNumber }); break;
      case 'court': officerOnly(); await run(this.court, { caseNumber, action: field(body, 'courtAction') as 'stay' | 'implement' | 'close', note: field(body, 'note') }, { courtAction: field(body, 'courtAction') }); break;
      case 'declare': expertOnly(); await run(this.declare, { caseNumber, adminId: admin.id, conflict: field(body, 'conflict') === 'yes', declaration: field(body, 'declaration') }, { conflict: field(body, 'conflict') === 'yes' }); break;
      case 'decide': expertOnly(); await run(this.decide, { caseNumber, outcome: field(body, 'outcome'), reasons: field(body, 'reasons') }, { outcome: field(body, 'outcome') }); break;
      case 'appeal-decide': expertOnly(); await run(this.appealDecide, { caseNumber, result: field(body, 'result') as 'upheld' | 'overturned', outcome: field(body, 'outcome') || undefined, reasons: field(body, 'reasons') }, { result: field(body, 'result') }); break;
      default: throw new AdminForbidden();
    }
    this.renderer.flash(req, 'common.done');
    seeOther(res, `/admin/disputes/${encodeURIComponent(caseNumber)}`);
  }
}
