import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { CommandRunner } from '../../registry/command/command-runner';
import { StartTransferCheckoutHandler } from '../../registry/checkout/start-transfer-checkout.handler';
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
 * Transfer in: a domain held at another registrar moves to the direct channel with its auth code.
 * The form runs checkout.start-transfer (which asks TransferDomainHandler whether the request
 * would be accepted — a wrong code costs nothing) and sends the buyer to the payment page with the
 * transfer fee; when the money arrives CompletePaymentHandler requests the transfer for the
 * buyer's account. The domain joins "My domains" (account and registrant become the buyer's) when
 * the losing registrar approves or the transfer period ends; a rejected transfer is refunded.
 */
@ApiExcludeController()
@Controller('panel/transfer-in')
@UseFilters(PanelExceptionFilter)
export class PanelTransferController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly startTransfer: StartTransferCheckoutHandler,
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
    const authInfo = field(body, 'authInfo').trim();
    if (!typed) return this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: typed, error: t('error.required', { field: t('transferIn.name') }) }, 422);
    if (!authInfo) return this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: typed, error: t('error.required', { field: t('transferIn.code') }) }, 422);
    try {
      const r = await this.runner.run(this.startTransfer, panelActor(req, res, accountId), { accountId, domainName: typed, authInfo });
      if (!r.redirectUrl) return this.renderer.error(req, res, 502, 'error.internal');
      seeOther(res, r.redirectUrl);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      this.renderer.page(req, res, 'transfer-in', 'transferIn.title', { name: typed, error: transferErrorText(t, error) }, panelStatus(error.kind));
    }
  }
}
