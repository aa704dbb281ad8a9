import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { anonymousPanelActor } from '../../registry/accounts/account.types';
import { ConfirmEmailChangeHandler } from '../../registry/accounts/commands/confirm-email-change.handler';
import { RequestEmailChangeHandler } from '../../registry/accounts/commands/request-email-change.handler';
import { CommandRunner } from '../../registry/command/command-runner';
import { errorSentence, translator } from '../i18n';
import { PanelExceptionFilter, panelStatus } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { field, panelActor, requestLang, seeOther, sessionAccount } from '../panel-request';

type Form = Record<string, unknown>;

/**
 * Changing the account's e-mail address: the form (new address + current password) runs
 * account.request-email-change, which mails a link to the new address and a notice to the old
 * one; the link's page confirms with a POST (so link scanners cannot use the token up), running
 * account.confirm-email-change. The account keeps its old address until then.
 */
@ApiExcludeController()
@Controller('panel')
@UseFilters(PanelExceptionFilter)
export class PanelEmailController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly requestChange: RequestEmailChangeHandler,
    private readonly confirmChange: ConfirmEmailChangeHandler,
  ) {}

  @Get('account/email')
  form(@Req() req: Request, @Res() res: Response): void {
    if (!sessionAccount(req)) return seeOther(res, '/panel/login?next=/panel/account/email');
    this.renderer.page(req, res, 'email-change', 'email.title', { current: req.session.email ?? '', newEmail: '' });
  }

  @Post('account/email')
  async request(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login?next=/panel/account/email');
    const t = translator(requestLang(req));
    const newEmail = field(body, 'newEmail');
    try {
      await this.runner.run(this.requestChange, panelActor(req, res, accountId), { accountId, newEmail, password: field(body, 'password') });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.renderer.page(req, res, 'email-change', 'email.title', { current: req.session.email ?? '', newEmail, error: errorSentence(t, error) }, panelStatus(error.kind));
    }
    this.renderer.page(req, res, 'message', 'email.title', { message: t('email.sent', { email: newEmail.trim() }) });
  }

  @Get('confirm-email')
  confirmPage(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'confirm-email', 'email.confirmTitle', { token: typeof token === 'string' ? token : '' });
  }

  @Post('confirm-email')
  async confirm(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const token = field(body, 'token');
    const t = translator(requestLang(req));
    try {
      const r = await this.runner.run(this.confirmChange, anonymousPanelActor(), { token });
      if (req.session.accountId === r.accountId) req.session.email = r.email;
      this.renderer.page(req, res, 'message', 'email.confirmTitle', { message: t('email.changed', { email: r.email }) });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      this.renderer.page(req, res, 'confirm-email', 'email.confirmTitle', { token, error: errorSentence(t, error) }, panelStatus(error.kind));
    }
  }
}
