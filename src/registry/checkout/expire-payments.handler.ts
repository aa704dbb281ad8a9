import { Injectable } from '@nestjs/common';
import { PaymentRepository } from '../../payments/payment.repository';
import type { PaymentResult } from '../../payments/payment.types';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { CheckoutHolds } from './checkout-holds';

/** A payment still pending this long after checkout started is abandoned. */
export const PAYMENT_ABANDONED_AFTER_MS = 30 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ExpirePaymentsInput {
  /** One payment (a delayed job), or every abandoned one when absent (the sweep). */
  paymentId?: string;
}

/**
 * payment.expire — closes payments left pending for PAYMENT_ABANDONED_AFTER_MS (30 minutes): the
 * buyer never came back from the payment page. Each becomes `expired` (result `abandoned`) and its
 * hold, if still live, is released (hold.release) so the name is free again. Idempotent; payments
 * a callback is completing at that moment are skipped (their row is locked) and left to it. Should
 * the provider report a success afterwards, CompletePaymentHandler still honours it.
 * Errors: none of its own.
 */
@Injectable()
export class ExpirePaymentsHandler implements CommandHandler<ExpirePaymentsInput, number> {
  readonly command = 'payment.expire';

  constructor(
    private readonly payments: PaymentRepository,
    private readonly checkoutHolds: CheckoutHolds,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: ExpirePaymentsInput): Promise<number> {
    if (input.paymentId !== undefined && !UUID.test(input.paymentId)) return 0;
    const cutoff = new Date(ctx.now.getTime() - PAYMENT_ABANDONED_AFTER_MS);
    const abandoned = await this.payments.lockAbandoned(ctx.manager, cutoff, input.paymentId);
    const result: PaymentResult = { reason: 'abandoned', message: 'The payment was not completed within 30 minutes' };
    for (const payment of abandoned) {
      await this.payments.close(ctx.manager, payment.id, 'expired', result, ctx.now);
      const released = await this.checkoutHolds.releaseFor(ctx, { ...payment, status: 'expired' });
      await this.history.record(ctx, {
        objectType: 'account',
        objectId: payment.accountId,
        objectName: payment.order.name,
        action: this.command,
        before: { paymentId: payment.id, status: payment.status },
        after: { paymentId: payment.id, status: 'expired', result, holdReleased: released },
      });
    }
    return abandoned.length;
  }
}
