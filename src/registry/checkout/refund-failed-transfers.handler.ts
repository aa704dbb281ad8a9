import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { PaymentProvider } from '../../payments/payment-provider';
import { PaymentRepository } from '../../payments/payment.repository';
import type { PaymentResult } from '../../payments/payment.types';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { RegistrarRepository } from '../registrars/registrar.repository';

/**
 * payment.refund-transfer — pays back transfer-in payments whose transfer ended without the
 * domain moving (the losing registrar rejected it, or it was cancelled). The transfer handler
 * already refunded the fee to the direct channel's balance (ledger `refund`); here that money
 * leaves the channel again (ledger `refund`, note `payment <id> refunded to the buyer`), the
 * payment's result gets `refundDue` and the reason, and after commit the provider is asked to pay
 * the buyer back (`refundRef`, `refundedAt` once confirmed). Runs with the payment sweep; idempotent
 * (a payment with `refundDue` is never picked again). Errors: none of its own.
 */
@Injectable()
export class RefundFailedTransfersHandler implements CommandHandler<Record<string, never>, number> {
  readonly command = 'payment.refund-transfer';
  private readonly logger = new Logger(RefundFailedTransfersHandler.name);

  constructor(
    private readonly payments: PaymentRepository,
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
    private readonly provider: PaymentProvider,
    private readonly dataSource: DataSource,
  ) {}

  async handle(ctx: CommandContext): Promise<number> {
    const due = await this.payments.lockUnrefundedFailedTransfers(ctx.manager);
    for (const { payment, transferStatus } of due) {
      const debited = await this.registrars.debit(
        ctx.manager,
        { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: payment.amount, kind: 'refund', domainName: payment.order.name, note: `payment ${payment.id} refunded to the buyer` },
        ctx.now,
      );
      if (debited === null) {
        this.logger.error({ paymentId: payment.id }, 'direct channel balance below a transfer refund; left for an operator');
        continue;
      }
      const result: PaymentResult = { ...(payment.result ?? {}), reason: `transfer-${transferStatus}`, message: 'The transfer did not go through', refundDue: true };
      await this.payments.close(ctx.manager, payment.id, 'succeeded', result, payment.completedAt ?? ctx.now);
      await this.history.record(ctx, {
        objectType: 'account',
        objectId: payment.accountId,
        objectName: payment.order.name,
        action: this.command,
        before: { paymentId: payment.id, result: payment.result },
        after: { paymentId: payment.id, result },
      });
      ctx.afterCommit(async () => {
        const providerRef = payment.providerRef ?? payment.id;
        const { refundRef } = await this.provider.refund({ paymentId: payment.id, providerRef, amount: payment.amount, currency: payment.currency });
        await this.payments.recordRefund(this.dataSource.manager, payment.id, refundRef, ctx.now);
      });
    }
    return due.length;
  }
}
