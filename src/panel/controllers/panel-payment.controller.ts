import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PaymentCallbackService } from '../../payments/payment-callback.service';
import { isTransferOrder, PAYMENT_OUTCOMES, type PaymentOutcome, type PaymentResult } from '../../payments/payment.types';
import { SandboxPaymentProvider } from '../../payments/sandbox-payment.provider';
import { translator, type MessageKey } from '../i18n';
import { PanelExceptionFilter } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { field, requestLang, seeOther } from '../panel-request';

/**
 * The sandbox's hosted card page (served here because the sandbox has no web server of its own)
 * and the provider callback. The callback is a thin call to PaymentCallbackService.accept, which
 * checks the provider's signature and completes the payment (idempotently).
 */
@ApiExcludeController()
@Controller()
@UseFilters(PanelExceptionFilter)
export class PanelPaymentController {
  constructor(
    private readonly renderer: PanelRenderer,
    private readonly sandbox: SandboxPaymentProvider,
    private readonly callback: PaymentCallbackService,
  ) {}

  @Get('pay/sandbox/:ref')
  sandboxPage(@Param('ref') ref: string, @Req() req: Request, @Res() res: Response): void {
    const page = this.sandbox.sandboxPage(ref);
    if (!page) throw new NotFoundException();
    this.renderer.page(req, res, 'sandbox', 'sandbox.title', { page });
  }

  /** A button of the sandbox page: 303 to the signed callback URL, as a real gateway's redirect. */
  @Post('pay/sandbox/:ref')
  sandboxDecision(@Param('ref') ref: string, @Body() body: Record<string, unknown>, @Res() res: Response): void {
    const outcome = field(body, 'outcome');
    const url = (PAYMENT_OUTCOMES as readonly string[]).includes(outcome) ? this.sandbox.sandboxDecision(ref, outcome as PaymentOutcome) : null;
    if (!url) throw new NotFoundException();
    seeOther(res, url);
  }

  @Get('panel/payments/callback')
  async paymentCallback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params[k] = v;
    const r = await this.callback.accept(params);
    const t = translator(requestLang(req));
    const name = r.result?.domain?.unicodeName ?? r.order.unicodeName;
    if (r.order && isTransferOrder(r.order)) return this.transferResult(req, res, r.status, name, r.result);
    if (r.order && !('holdId' in r.order)) return this.renewalResult(req, res, r.status, name, r.result);
    let key: MessageKey = 'payment.pending';
    if (r.status === 'succeeded') key = 'payment.succeeded';
    else if (r.result?.refundDue) key = 'payment.refund';
    else if (r.status === 'cancelled') key = 'payment.cancelled';
    else if (r.status === 'failed' || r.status === 'expired') key = 'payment.failed';
    const link = r.status === 'succeeded' ? { href: '/panel/domains', text: t('nav.domains') } : { href: '/', text: t('nav.home') };
    this.renderer.page(req, res, 'message', 'payment.title', { message: t(key, { name }), link, status: r.status });
  }

  /** The result of a paid transfer in: requested and pending until the losing registrar's deadline, or not. */
  private transferResult(req: Request, res: Response, status: string, name: string, result: PaymentResult | null): void {
    const t = translator(requestLang(req));
    let key: MessageKey = 'payment.pending';
    if (status === 'succeeded' && !result?.refundDue) key = 'transferIn.pending';
    else if (result?.refundDue) key = 'payment.transferRefund';
    else if (status === 'cancelled' || status === 'failed' || status === 'expired') key = 'payment.transferFailed';
    const date = result?.domain?.transferDueAt?.slice(0, 10) ?? '';
    this.renderer.page(req, res, 'message', 'payment.title', { message: t(key, { name, date }), link: { href: '/panel/domains', text: t('nav.domains') }, status });
  }

  /** The result of a paid renewal: the new expiry, and the way back to the domain page. */
  private renewalResult(req: Request, res: Response, status: string, name: string, result: PaymentResult | null): void {
    const t = translator(requestLang(req));
    let key: MessageKey = 'payment.pending';
    if (status === 'succeeded') key = 'payment.renewed';
    else if (result?.refundDue) key = 'payment.renewRefund';
    else if (status === 'cancelled') key = 'payment.renewCancelled';
    else if (status === 'failed' || status === 'expired') key = 'payment.renewFailed';
    const date = result?.domain?.expiresAt.slice(0, 10) ?? '';
    const link = { href: `/panel/domains/${encodeURIComponent(name)}`, text: t('renewNow.back') };
    this.renderer.page(req, res, 'message', 'payment.title', { message: t(key, { name, date }), link, status });
  }
}
