import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { AppConfig } from '../../config/app-config';
import { PaymentProvider } from '../../payments/payment-provider';
import { paymentProviderActor } from '../../payments/payment-callback.service';
import { CommandRunner } from '../../registry/command/command-runner';
import { PanelExceptionFilter } from '../../panel/panel-exception.filter';
import { field, fields, panelActor, seeOther, sessionAccount } from '../../panel/panel-request';
import { ClaimRespondentAccessHandler, UploadDocumentHandler } from '../commands/document.handlers';
import { LodgeAppealHandler } from '../commands/decision.handlers';
import { CompleteFeePaymentHandler, StartFeePaymentHandler } from '../commands/fee.handlers';
import { FileComplaintHandler } from '../commands/file-complaint.handler';
import { SubmitStatementHandler } from '../commands/party-statement.handler';
import { WithdrawComplaintHandler } from '../commands/withdraw-complaint.handler';
import { partyOf } from '../dispute.checks';
import { DisputeQueries } from '../dispute-queries';
import { DisputeRepository } from '../dispute.repository';
import { GROUNDS, type Viewer } from '../dispute.types';
import { DisputePages } from './dispute-pages';
import { sendDocument, uploadedFiles } from './dispute-uploads';

type Form = Record<string, unknown>;

/**
 * The parties' dispute pages in the control panel: my disputes, filing a complaint (with evidence),
 * the case page (timeline, documents, deadlines, the party's next action), the respondent's
 * one-time link, fee payment through the sandbox, document downloads. Every page needs a login;
 * another account's case is a 404 (DisputeQueries decides who sees what).
 */
@ApiExcludeController()
@Controller('disputes')
@UseFilters(PanelExceptionFilter)
export class DisputesPanelController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly pages: DisputePages,
    private readonly dataSource: DataSource,
    private readonly disputes: DisputeRepository,
    private readonly queries: DisputeQueries,
    private readonly provider: PaymentProvider,
    private readonly config: AppConfig,
    private readonly file: FileComplaintHandler,
    private readonly statement: SubmitStatementHandler,
    private readonly withdrawal: WithdrawComplaintHandler,
    private readonly upload: UploadDocumentHandler,
    private readonly startFee: StartFeePaymentHandler,
    private readonly completeFee: CompleteFeePaymentHandler,
    private readonly appeal: LodgeAppealHandler,
    private readonly claim: ClaimRespondentAccessHandler,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login?next=/disputes');
    const cases = await this.disputes.listForAccount(this.dataSource.manager, accountId);
    this.pages.page(req, res, 'list', this.pages.d(req)('list.title'), { cases });
  }

  @Get('new')
  async newForm(@Query('domain') domain: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    const q = typeof domain === 'string' ? domain.slice(0, 253) : '';
    if (!accountId) return seeOther(res, `/panel/login?next=${encodeURIComponent(`/disputes/new${q ? `?domain=${q}` : ''}`)}`);
    await this.renderForm(req, res, accountId, { domain: q, rights: '', grounds: [], complaint: '' });
  }

  @Post()
  async fileComplaint(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login?next=/disputes/new');
    const form = { domain: field(body, 'domain'), rights: field(body, 'rights'), grounds: fields(body, 'grounds'), complaint: field(body, 'complaint') };
    const actor = panelActor(req, res, accountId);
    try {
      const filed = await this.runner.run(this.file, actor, { accountId, ...form });
      for (const f of uploadedFiles(req)) await this.runner.run(this.upload, actor, { caseNumber: filed.caseNumber, fileName: f.originalname, bytes: f.buffer });
      req.session.flash = this.pages.d(req)('saved');
      seeOther(res, `/disputes/${filed.caseNumber}`);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      await this.renderForm(req, res, accountId, form, this.pages.errorMessage(req, error), error.kind === 'object-not-found' ? 404 : 422);
    }
  }

  /** The respondent's one-time link (mailed): after login, a button binds the case to the account. */
  @Get('access/:token')
  accessPage(@Param('token') token: string, @Req() req: Request, @Res() res: Response): void {
    if (!sessionAccount(req)) return seeOther(res, `/panel/login?next=${encodeURIComponent(`/disputes/access/${token}`)}`);
    const d = this.pages.d(req);
    this.pages.page(req, res, 'access', d('access.title'), { token: token.slice(0, 100), email: req.session.email ?? '' });
  }

  @Post('access')
  async claimAccess(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const dispute = await this.runner.run(this.claim, panelActor(req, res, accountId), { token: field(body, 'token'), accountId });
    req.session.flash = this.pages.d(req)('access.done');
    seeOther(res, `/disputes/${dispute.caseNumber}`);
  }

  /** The payment provider sends the browser back here with the signed outcome of a fee payment. */
  @Get('payments/callback')
  async paymentCallback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params[k] = v;
    const verified = this.provider.verifyCallback(params);
    if (!verified) return this.pages.page(req, res, 'message', this.pages.d(req)('paid.failed'), { message: this.pages.d(req)('paid.failed') }, 400);
    const r = await this.runner.run(this.completeFee, paymentProviderActor(this.provider.name), verified);
    req.session.flash = this.pages.d(req)(r.refundDue ? 'paid.refund' : r.status === 'succeeded' ? 'paid.succeeded' : 'paid.failed');
    seeOther(res, `/disputes/${r.caseNumber}`);
  }

  @Get(':case')
  async casePage(@Param('case') caseNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, `/panel/login?next=${encodeURIComponent(`/disputes/${caseNumber}`)}`);
    await this.renderCase(req, res, accountId, caseNumber);
  }

  @Get(':case/documents/:id')
  async document(@Param('case') caseNumber: string, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const viewer: Viewer = { kind: 'party', accountId };
    sendDocument(res, await this.queries.document(this.dataSource.manager, viewer, caseNumber, id));
  }

  @Post(':case/:action')
  async act(@Param('case') caseNumber: string, @Param('action') action: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const actor = panelActor(req, res, accountId);
    try {
      switch (action) {
        case 'response':
        case 'reply':
          await this.runner.run(this.statement, actor, { caseNumber, kind: action, text: field(body, 'text') });
          break;
        case 'withdraw':
          await this.runner.run(this.withdrawal, actor, { caseNumber });
          break;
        case 'documents': {
          const files = uploadedFiles(req);
          if (!files.length) await this.runner.run(this.upload, actor, { caseNumber, fileName: '', bytes: Buffer.alloc(0) });
          for (const f of files) await this.runner.run(this.upload, actor, { caseNumber, fileName: f.originalname, bytes: f.buffer });
          break;
        }
        case 'appeal':
          await this.runner.run(this.appeal, actor, { caseNumber, mode: field(body, 'mode') === 'intent' ? 'intent' : 'notice', notice: field(body, 'notice') });
          break;
        case 'pay': {
          const started = await this.runner.run(this.startFee, actor, { caseNumber, accountId });
          if (started.redirectUrl) return seeOther(res, started.redirectUrl);
          break;
        }
        default:
          return this.pages.page(req, res, 'message', '404', { message: '404' }, 404);
      }
    } catch (error) {
      if (!(error instanceof RegistryError) || error.kind === 'object-not-found') throw error;
      return this.renderCase(req, res, accountId, caseNumber, this.pages.errorMessage(req, error), error.kind === 'authorization' ? 403 : 422);
    }
    req.session.flash = this.pages.d(req)('saved');
    seeOther(res, `/disputes/${encodeURIComponent(caseNumber)}`);
  }

  private async renderForm(req: Request, res: Response, accountId: string, form: { domain: string; rights: string; grounds: string[]; complaint: string }, error: string | null = null, status = 200): Promise<void> {
    const rows = await this.dataSource.query(`SELECT contact_id FROM registrant_accounts WHERE id = $1`, [accountId]);
    const d = this.pages.d(req);
    this.pages.page(req, res, 'new', form.domain ? d('new.title', { domain: form.domain }) : d('new.titleBlank'), {
      form, grounds: GROUNDS, error, needsDetails: !rows[0]?.contact_id, maxMb: Math.floor(this.config.DISPUTE_MAX_UPLOAD_BYTES / 1_048_576),
    }, status);
  }

  private async renderCase(req: Request, res: Response, accountId: string, caseNumber: string, error: string | null = null, status = 200): Promise<void> {
    const view = await this.queries.caseView(this.dataSource.manager, { kind: 'party', accountId }, caseNumber);
    const d = this.pages.d(req);
    this.pages.page(req, res, 'case', d('case.title', { caseNumber: view.dispute.caseNumber, domain: view.dispute.unicodeName }), {
      c: view, me: partyOf(view.dispute, accountId), error, maxMb: Math.floor(this.config.DISPUTE_MAX_UPLOAD_BYTES / 1_048_576),
    }, status);
  }
}
