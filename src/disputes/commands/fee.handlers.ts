import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthorizationError, ObjectNotFoundError } from '../../common/registry-errors';
import { AppConfig } from '../../config/app-config';
import { PaymentProvider, type VerifiedCallback } from '../../payments/payment-provider';
import { PaymentRepository } from '../../payments/payment.repository';
import type { Payment, PaymentOrder, PaymentStatus } from '../../payments/payment.types';
import { verifyBuyer } from '../../registry/checkout/checkout.checks';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { HistoryRepository } from '../../registry/history/history.repository';
import { formatAzn } from '../../registry/zones/zone.types';
import { DisputeCalendar } from '../calendar/dispute-calendar.service';
import { verifyCase, verifyParty, verifyState } from '../dispute.checks';
import { DisputeRepository } from '../dispute.repository';
import { WORKING_DAYS, type DisputeRecord, type FeeKind } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';
import { ExpertRotation } from './appointment.handlers';

/** Where the payment provider sends the browser back after a dispute fee. */
export const DISPUTE_PAYMENT_CALLBACK_PATH = '/disputes/payments/callback';

/** What a `dispute-fee` payment pays for (stored in `payments.order_data`). */
export interface DisputeFeeOrder {
  /** The domain (A-label and U-label), as every payment's order names one. */
  name: string;
  unicodeName: string;
  disputeId: string;
  caseNumber: string;
  feeKind: FeeKind;
}

export function feeOrderOf(payment: Payment): DisputeFeeOrder {
  return payment.order as unknown as DisputeFeeOrder;
}

export interface StartFeeResult {
  paymentId: string;
  amount: number;
  redirectUrl: string | null;
}

/**
 * dispute.fee-start — the party a fee is due from starts paying it: a pending `dispute-fee` payment
 * of the amount fixed on the case, then (after commit) the provider's hosted page. Paying twice is
 * harmless: only the first success counts, later ones are refunded (CompleteFeePaymentHandler).
 * Errors: 2303 (not a party), 2201 (`not-payer`), 2304 (no fee due), 2308 (`email-not-verified`).
 */
@Injectable()
export class StartFeePaymentHandler implements CommandHandler<{ caseNumber: string; accountId: string }, StartFeeResult> {
  readonly command = 'dispute.fee-start';
  private readonly logger = new Logger(StartFeePaymentHandler.name);

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly payments: PaymentRepository,
    private readonly provider: PaymentProvider,
    private readonly history: HistoryRepository,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async handle(ctx: CommandContext, input: { caseNumber: string; accountId: string }): Promise<StartFeeResult> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    const party = verifyParty(ctx, d);
    verifyState(d, ['awaiting-fee'], 'Paying a fee');
    if (d.feePayer !== party) throw new AuthorizationError('This fee is due from the other party', { reason: 'not-payer', value: d.caseNumber });
    const buyer = await verifyBuyer(ctx, this.payments, input.accountId);
    const order: DisputeFeeOrder = { name: d.domainName, unicodeName: d.unicodeName, disputeId: d.id, caseNumber: d.caseNumber, feeKind: d.feeKind! };
    const payment = await this.payments.insert(ctx.manager, {
      id: randomUUID(), accountId: input.accountId, provider: this.provider.name, purpose: 'dispute-fee', amount: d.feeAmount!, currency: 'AZN', order: order as unknown as PaymentOrder,
    }, ctx.now);
    await this.history.record(ctx, { objectType: 'account', objectId: input.accountId, objectName: d.domainName, action: this.command, after: { paymentId: payment.id, amount: payment.amount, order } });
    const result: StartFeeResult = { paymentId: payment.id, amount: payment.amount, redirectUrl: null };
    ctx.afterCommit(async () => {
      try {
        const started = await this.provider.startPayment({
          paymentId: payment.id, amount: payment.amount, currency: 'AZN', locale: buyer.locale,
          description: buyer.locale === 'az' ? `${d.caseNumber} (${d.unicodeName}) — mübahisə rüsumu, ${formatAzn(payment.amount)} AZN` : `${d.caseNumber} (${d.unicodeName}) — dispute fee, ${formatAzn(payment.amount)} AZN`,
          returnUrl: `${this.config.PUBLIC_URL.replace(/\/+$/, '')}${DISPUTE_PAYMENT_CALLBACK_PATH}`,
        });
        await this.payments.setProviderRef(this.dataSource.manager, payment.id, started.providerRef, ctx.now);
        result.redirectUrl = started.redirectUrl;
      } catch (error) {
        this.logger.error({ err: error, paymentId: payment.id }, 'the payment provider could not start a dispute fee payment');
        await this.payments.closeIfPending(this.dataSource.manager, payment.id, 'failed', { reason: 'provider-unavailable' }, ctx.now);
      }
    });
    return result;
  }
}

export interface FeeCompletion {
  paymentId: string;
  status: PaymentStatus;
  caseNumber: string;
  /** True when money arrived for a fee no longer due (paid twice, or too late): it is refunded. */
  refundDue: boolean;
  replayed: boolean;
}

/**
 * dispute.fee-complete — the provider's verified word on a dispute fee (idempotent: the payment row
 * is locked; a replayed callback returns the stored result). Success while the case still waits
 * for that fee moves it on: a summary or expert fee → `appointment` (the rotation proposes an expert
 * at once; ~5 working days to appoint); the appeal fee or balance → `appeal` (a panel of three is
 * proposed); the deposit → `appeal-intent` (full notice within 15 working days). Money for a fee no
 * longer due is refunded after commit. Failure or cancellation only closes the payment (the party
 * may try again until the deadline).
 * Errors: 2303 (no such payment), 2201 (the reference is not the payment's).
 */
@Injectable()
export class CompleteFeePaymentHandler implements CommandHandler<VerifiedCallback, FeeCompletion> {
  readonly command = 'dispute.fee-complete';

  constructor(
    private readonly payments: PaymentRepository,
    private readonly disputes: DisputeRepository,
    private readonly provider: PaymentProvider,
    private readonly calendar: DisputeCalendar,
    private readonly rotation: ExpertRotation,
    private readonly workflow: DisputeWorkflow,
    private readonly history: HistoryRepository,
    private readonly dataSource: DataSource,
  ) {}

  async handle(ctx: CommandContext, input: VerifiedCallback): Promise<FeeCompletion> {
    const payment = /^[0-9a-f-]{36}$/i.test(input.paymentId) ? await this.payments.lockById(ctx.manager, input.paymentId) : null;
    if (!payment || payment.purpose !== 'dispute-fee') throw new ObjectNotFoundError('No such payment', { reason: 'payment-not-found', value: input.paymentId });
    if (payment.provider !== this.provider.name || (payment.providerRef !== null && payment.providerRef !== input.providerRef)) {
      throw new AuthorizationError('The callback does not belong to this payment', { reason: 'provider-ref-mismatch', value: input.paymentId });
    }
    const order = feeOrderOf(payment);
    const view = (status: PaymentStatus, refundDue: boolean, replayed: boolean): FeeCompletion => ({ paymentId: payment.id, status, caseNumber: order.caseNumber, refundDue, replayed });
    if (payment.status !== 'pending') return view(payment.status, payment.result?.refundDue === true, true);
    if (payment.providerRef === null) await this.payments.setProviderRef(ctx.manager, payment.id, input.providerRef, ctx.now);
    if (input.outcome !== 'succeeded') {
      await this.payments.close(ctx.manager, payment.id, input.outcome, { reason: input.outcome === 'failed' ? 'declined' : 'cancelled' }, ctx.now);
      return view(input.outcome, false, false);
    }
    const d = await this.disputes.find(ctx.manager, order.disputeId, { lock: true });
    if (!d || d.state !== 'awaiting-fee' || d.feeKind !== order.feeKind || d.feeAmount !== payment.amount) {
      await this.payments.close(ctx.manager, payment.id, 'failed', { reason: 'fee-not-due', message: 'The fee was no longer due', refundDue: true }, ctx.now);
      ctx.afterCommit(async () => {
        const { refundRef } = await this.provider.refund({ paymentId: payment.id, providerRef: input.providerRef, amount: payment.amount, currency: payment.currency });
        await this.payments.recordRefund(this.dataSource.manager, payment.id, refundRef, ctx.now);
      });
      await this.history.record(ctx, { objectType: 'account', objectId: payment.accountId, objectName: order.name, action: this.command, after: { paymentId: payment.id, status: 'failed', refundDue: true } });
      return view('failed', true, false);
    }
    await this.payments.close(ctx.manager, payment.id, 'succeeded', {}, ctx.now);
    await this.history.record(ctx, { objectType: 'account', objectId: payment.accountId, objectName: order.name, action: this.command, after: { paymentId: payment.id, status: 'succeeded', amount: payment.amount, caseNumber: d.caseNumber } });
    await this.advance(ctx, { ...d, feePaymentId: payment.id }, d.feeKind);
    return view('succeeded', false, false);
  }

  private async advance(ctx: CommandContext, d: DisputeRecord, kind: FeeKind): Promise<void> {
    const paid = { ...d, feeKind: null, feeAmount: null, feePayer: null };
    const data = { feeKind: kind, paymentId: d.feePaymentId };
    if (kind === 'summary' || kind === 'expert') {
      const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.appointment);
      const next = await this.workflow.step(ctx, d, { ...paid, state: 'appointment', dueAt, decisionKind: kind },
        { kind: 'fee-paid', data, mail: { step: kind === 'summary' ? 'summary-decision-requested' : 'expert-decision-requested', to: 'both' } });
      const proposed = await this.rotation.proposeNext(ctx, next, 'expert');
      await this.workflow.step(ctx, next, next, { kind: 'experts-proposed', visibility: 'staff', data: { proposed } });
      return;
    }
    if (kind === 'appeal-deposit') {
      const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.appealNotice);
      await this.workflow.step(ctx, d, { ...paid, state: 'appeal-intent', dueAt }, { kind: 'fee-paid', data, mail: { step: 'appeal', to: 'both' } });
      return;
    }
    const dueAt = await this.calendar.deadline(ctx.manager, ctx.now, WORKING_DAYS.decision);
    const next = await this.workflow.step(ctx, d, { ...paid, state: 'appeal', dueAt }, { kind: 'fee-paid', data, mail: { step: 'appeal', to: 'both' } });
    const proposed = await this.rotation.proposeNext(ctx, next, 'appeal');
    await this.workflow.step(ctx, next, next, { kind: 'experts-proposed', visibility: 'staff', data: { proposed } });
  }
}
