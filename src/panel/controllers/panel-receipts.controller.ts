import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { PaymentRepository } from '../../payments/payment.repository';
import type { Payment } from '../../payments/payment.types';
import { translator, type MessageKey, type Translate } from '../i18n';
import { PanelExceptionFilter } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { requestLang, seeOther, sessionAccount } from '../panel-request';

/** qəpik → "12.50" (AZN). */
export function azn(qepik: number): string {
  return (qepik / 100).toFixed(2);
}

/** What a payment paid for, in the page's language. */
function itemText(t: Translate, p: Payment): string {
  const key: MessageKey = p.purpose === 'domain-renew' ? 'receipts.purpose.domain-renew' : p.purpose === 'dispute-fee' ? 'receipts.purpose.dispute-fee' : 'receipts.purpose.domain-create';
  return t(key, { name: p.order?.unicodeName ?? p.order?.name ?? '', years: p.order?.years ?? 1 });
}

/**
 * Receipts: the account's succeeded payments (date, what for, amount in AZN), newest first, as a
 * plain printable page (the layout hides its navigation when printed).
 */
@ApiExcludeController()
@Controller('panel/receipts')
@UseFilters(PanelExceptionFilter)
export class PanelReceiptsController {
  constructor(
    private readonly renderer: PanelRenderer,
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
  ) {}

  @Get()
  async receipts(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login?next=/panel/receipts');
    const t = translator(requestLang(req));
    const paid = (await this.payments.listByAccount(this.dataSource.manager, accountId, 1000)).filter((p) => p.status === 'succeeded');
    const rows = paid.map((p) => {
      const at = p.completedAt ?? p.updatedAt;
      return { date: at.toISOString().slice(0, 10), iso: at.toISOString(), item: itemText(t, p), amount: azn(p.amount), ref: p.id };
    });
    const total = azn(paid.reduce((sum, p) => sum + p.amount, 0));
    this.renderer.page(req, res, 'receipts', 'receipts.title', { rows, total });
  }
}
