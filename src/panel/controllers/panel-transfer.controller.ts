import { domainToASCII, domainToUnicode } from 'node:url';
import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { CommandRunner } from '../../registry/command/command-runner';
import { TransferDomainHandler } from '../../registry/domains/commands/transfer-domain.handler';
import { errorSentence, isMessageKey, translator, type Translate } from '../i18n';
import { PanelExceptionFilter, panelStatus } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { field, panelActor, requestLang, seeOther, sessionAccount } from '../panel-request';

/** A transfer error as the registrant should read it: the transfer's own sentence for its kind, else the generic one. */
export function transferErrorText(t: Translate, error: RegistryError): string {
  const key = `transferIn.error.${error.kind}`;
  return isMessageKey(key) ? t(key) : errorSentence(t, error);
}

/**
 * Transfer in: a domain held at another registrar moves to the direct channel with its auth code
 * (domain.transfer op `request`, as the direct channel). The request is pending until the losing
 * registrar answers or the transfer period ends. Linking the domain to the account
 * (`domains.account_id`) after approval, and paying the transfer fee, are later steps: the direct
 * channel pays from its registrar balance, so without credit the request fails with 2104.
 */
@ApiExcludeController()
@Controller('panel/transfer-in')
@UseFilters(PanelExceptionFilter)
export class PanelTransferController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly transfer: TransferDomainHandler,
  ) {}

  @Get()
  form(@Req() req: Request, @Res() res: Response): void {
    if (!sessionAccount(req)) return seeOther(res, '/panel/login?next=/panel/transfer-in');
    this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: '' });
  }

  @Post()
  async request(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login?next=/panel/transfer-in');
    const t = translator(requestLang(req));
    const typed = field(body, 'name').trim().replace(/\.$/, '');
    const name = domainToASCII(typed) || typed.toLowerCase();
    const authInfo = field(body, 'authInfo').trim();
    if (!typed) return this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: typed, error: t('error.required', { field: t('transferIn.name') }) }, 422);
    if (!authInfo) return this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: typed, error: t('error.required', { field: t('transferIn.code') }) }, 422);
    try {
      const view = await this.runner.run(this.transfer, panelActor(req, res, accountId), { op: 'request', name, registrarId: DIRECT_CHANNEL_REGISTRAR.id, authInfo });
      const message = t('transferIn.pending', { name: domainToUnicode(view.name), date: view.actionDueAt.toISOString().slice(0, 10) });
      this.renderer.page(req, res, 'message', 'transferIn.title', { message, link: { href: '/panel/domains', text: t('nav.domains') }, status: 'pending' });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: typed, error: transferErrorText(t, error) }, panelStatus(error.kind));
    }
  }
}
