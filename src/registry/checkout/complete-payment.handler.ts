import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuthorizationError, BillingFailureError, ObjectNotFoundError, RegistryError, UnimplementedOptionError } from '../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { PaymentProvider, type VerifiedCallback } from '../../payments/payment-provider';
import { PaymentRepository } from '../../payments/payment.repository';
import { isDomainOrder, isTransferOrder, TRANSFER_AUTH_SEAL, type TransferOrder, type ClosedPaymentStatus, type DomainOrder, type Payment, type PaymentOrder, type PaymentOutcome, type PaymentResult, type PaymentStatus, type RenewOrder } from '../../payments/payment.types';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { CreateDomainHandler } from '../domains/commands/create-domain.handler';
import { RenewDomainHandler } from '../domains/commands/renew-domain.handler';
import { TransferDomainHandler } from '../domains/commands/transfer-domain.handler';
import { AppConfig } from '../../config/app-config';
import { openSecret } from '../../payments/sealed-secret';
import { DomainRepository } from '../domains/domain.repository';
import { HistoryRepository } from '../history/history.repository';
import { RegistrarRepository } from '../registrars/registrar.repository';
import { accountOwner, CheckoutHolds } from './checkout-holds';

/** The input is a callback the provider's signature was checked on (`PaymentProvider.verifyCallback`). */
export type CompletePaymentInput = VerifiedCallback;

export interface CompletePaymentResult {
  paymentId: string;
  accountId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  order: PaymentOrder;
  result: PaymentResult | null;
  /** True when this call changed nothing: the payment had been completed by an earlier callback. */
  replayed: boolean;
}

const SAVEPOINT = 'payment_fulfilment';
const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * payment.complete — the provider's (verified) word on a payment. Idempotent: the payment row is
 * locked (`FOR UPDATE`), so concurrent callbacks queue, and one that finds the payment completed
 * returns the stored result and does nothing (`replayed: true`).
 *
 * - `succeeded`: in this one transaction the direct channel is credited with the amount (ledger
 *   `credit`, note `payment <id>`), the domain created through CreateDomainHandler in the same
 *   transaction (sponsor: the direct channel, which the create debits; holder and `account_id`:
 *   the buyer; registrant: the order's contact) — consuming the hold when it is still live, else
 *   creating only if nobody else holds or registered the name meanwhile — and the payment marked
 *   succeeded with the domain. If the create is refused (the name went to someone else, the price
 *   changed, …) everything it and the credit wrote is rolled back (to a savepoint taken just
 *   before, so the row lock is never let go), and the payment is marked `failed` with the reason
 *   and `refundDue: true`. After commit the provider is asked to refund; its confirmation is added
 *   to the result (`refundRef`, `refundedAt`). A refund the provider could not confirm keeps
 *   `refundDue` without `refundedAt` for an operator or a later sweep.
 * - `failed` / `cancelled`: the payment is closed and the hold released (hold.release), so the
 *   name is free again — unless another pending payment of the buyer pays for the same hold.
 * - Money that arrives late (`succeeded` for a payment closed as failed, cancelled or expired) is
 *   honoured the same way: the name if it can still be had, else a refund.
 *
 * - `domain-renew` payments (StartRenewalCheckoutHandler) are fulfilled the same way: the direct
 *   channel is credited, then the domain renewed through RenewDomainHandler in this transaction
 *   (sponsor: the direct channel, which the renew debits; current expiry: the domain's expiry
 *   now), so the channel's balance ends where it began. A refused renew (over ten years ahead, a
 *   renew-prohibited status, the domain no longer the buyer's, the price changed) rolls back to the
 *   savepoint and becomes `failed` with `refundDue`, as above. Nothing is held for a renewal, so
 *   `failed` / `cancelled` only close the payment.
 *
 * - `domain-transfer` payments (StartTransferCheckoutHandler): the direct channel is credited and
 *   the transfer requested in this transaction for the buyer's account (see deliverTransfer); a
 *   refused request (the code changed, a transfer already pending, …) becomes `failed` with
 *   `refundDue`, as above.
 *
 * Errors: ObjectNotFoundError 2303 (no such payment), AuthorizationError 2201 (the callback's
 * provider reference is not the payment's), UnimplementedOptionError 2102 (a payment for anything
 * but a domain registration or renewal, until fees are paid online). Refusals of the create or
 * renew are not errors of this command: they become the payment's `failed` result.
 */
@Injectable()
export class CompletePaymentHandler implements CommandHandler<CompletePaymentInput, CompletePaymentResult> {
  readonly command = 'payment.complete';

  constructor(
    private readonly payments: PaymentRepository,
    private readonly registrars: RegistrarRepository,
    private readonly createDomain: CreateDomainHandler,
    private readonly renewDomain: RenewDomainHandler,
    private readonly transferDomain: TransferDomainHandler,
    private readonly config: AppConfig,
    private readonly domains: DomainRepository,
    private readonly checkoutHolds: CheckoutHolds,
    private readonly history: HistoryRepository,
    private readonly provider: PaymentProvider,
    private readonly dataSource: DataSource,
  ) {}

  async handle(ctx: CommandContext, input: CompletePaymentInput): Promise<CompletePaymentResult> {
    const payment = UUID.test(input.paymentId) ? await this.payments.lockById(ctx.manager, input.paymentId) : null;
    if (!payment) throw new ObjectNotFoundError('No such payment', { reason: 'payment-not-found', value: input.paymentId });
    if (payment.provider !== this.provider.name || (payment.providerRef !== null && payment.providerRef !== input.providerRef)) {
      throw new AuthorizationError('The callback does not belong to this payment', { reason: 'provider-ref-mismatch', value: input.paymentId });
    }
    if (payment.purpose !== 'domain-create' && payment.purpose !== 'domain-renew' && payment.purpose !== 'domain-transfer') {
      throw new UnimplementedOptionError('Only domain registrations, renewals and transfers can be paid for so far', { reason: 'payment-purpose', value: payment.purpose });
    }
    if (!needsWork(payment, input.outcome)) return view(payment, true);
    // The reference is normally stored right after checkout; a lost write is repaired here.
    if (payment.providerRef === null) await this.payments.setProviderRef(ctx.manager, payment.id, input.providerRef, ctx.now);

    const closed = input.outcome === 'succeeded'
      ? await this.fulfil(ctx, payment, input.providerRef)
      : await this.close(ctx, payment, input.outcome);
    await this.payments.close(ctx.manager, payment.id, closed.status, closed.result, ctx.now);
    await this.history.record(ctx, {
      objectType: 'account',
      objectId: payment.accountId,
      objectName: payment.order.name,
      action: this.command,
      before: { paymentId: payment.id, status: payment.status },
      after: { paymentId: payment.id, status: closed.status, amount: payment.amount, result: closed.result },
    });
    return view({ ...payment, status: closed.status, result: closed.result, providerRef: input.providerRef }, false);
  }

  /** Money was taken: deliver the name, or roll the delivery back and owe a refund. */
  private async fulfil(ctx: CommandContext, payment: Payment, providerRef: string): Promise<{ status: ClosedPaymentStatus; result: PaymentResult }> {
    await ctx.manager.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const order = payment.order;
      const domain = isTransferOrder(order)
        ? await this.deliverTransfer(ctx, payment, order)
        : payment.purpose === 'domain-renew' && !isDomainOrder(order)
          ? await this.deliverRenewal(ctx, payment, order)
          : await this.deliver(ctx, payment);
      await ctx.manager.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return { status: 'succeeded', result: { domain } };
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error; // unexpected: the whole command fails, the payment stays pending, the callback can be retried
      await ctx.manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      ctx.afterCommit(() => this.refund(ctx, payment, providerRef));
      return { status: 'failed', result: { ...refusal, refundDue: true } };
    }
  }

  /** Credit the direct channel with what the buyer paid, then create through the same handler as EPP and REST. */
  private async deliver(ctx: CommandContext, payment: Payment): Promise<NonNullable<PaymentResult['domain']>> {
    const order: DomainOrder | null = isDomainOrder(payment.order) ? payment.order : null;
    if (!order) throw new Error(`payment ${payment.id}: a domain-create payment without a hold`);
    await this.registrars.credit(
      ctx.manager,
      { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: payment.amount, kind: 'credit', domainName: order.name, years: order.years, note: `payment ${payment.id}` },
      ctx.now,
    );
    const hold = await this.checkoutHolds.liveHold(ctx, payment.accountId, order.holdId);
    const created = await this.createDomain.handle(ctx, {
      name: order.name,
      registrarId: DIRECT_CHANNEL_REGISTRAR.id,
      years: order.years,
      registrant: order.contactHandle,
      holder: accountOwner(payment.accountId),
      holdId: hold?.holdId,
      accountId: payment.accountId,
    });
    if (created.price !== payment.amount) {
      throw new BillingFailureError('The price of the name changed after checkout', { reason: 'price-changed', value: String(created.price) });
    }
    return { name: created.name, unicodeName: created.unicodeName, roid: created.roid, expiresAt: created.expiresAt.toISOString(), pendingCreate: created.pendingCreate };
  }

  /**
   * Credit the direct channel with what the buyer paid, then renew through the same handler as EPP
   * and REST, from the domain's current expiry. Refused (a RegistryError) when the domain is no
   * longer the buyer's, or by any rule of domain.renew, or when the price changed.
   */
  private async deliverRenewal(ctx: CommandContext, payment: Payment, order: RenewOrder): Promise<NonNullable<PaymentResult['domain']>> {
    await this.registrars.credit(
      ctx.manager,
      { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: payment.amount, kind: 'credit', domainName: order.name, years: order.years, note: `payment ${payment.id}` },
      ctx.now,
    );
    const domain = await this.domains.findLiveByName(ctx.manager, order.name, { lock: true });
    if (!domain || domain.accountId !== payment.accountId) {
      throw new ObjectNotFoundError('The domain is no longer in this account', { reason: 'domain-not-owned', value: order.name });
    }
    const renewed = await this.renewDomain.handle(ctx, {
      name: order.name,
      registrarId: DIRECT_CHANNEL_REGISTRAR.id,
      currentExpiryDate: domain.expiresAt.toISOString().slice(0, 10),
      years: order.years,
    });
    if (renewed.price !== payment.amount) {
      throw new BillingFailureError('The renewal price changed after checkout', { reason: 'price-changed', value: String(renewed.price) });
    }
    return { name: domain.name, unicodeName: domain.unicodeName, roid: domain.roid, expiresAt: renewed.expiresAt.toISOString(), pendingCreate: false };
  }

  /**
   * Credit the direct channel with what the buyer paid, then request the transfer through the same
   * handler as EPP and REST (the direct channel is the gaining registrar and pays the fee from that
   * credit), naming the buyer's account, which gets the domain when the losing registrar approves
   * or the transfer period ends (TransferDomainHandler.approve). A transfer that is rejected or
   * cancelled later is refunded by ExpirePaymentsHandler's sweep.
   */
  private async deliverTransfer(ctx: CommandContext, payment: Payment, order: TransferOrder): Promise<NonNullable<PaymentResult['domain']>> {
    await this.registrars.credit(
      ctx.manager,
      { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: payment.amount, kind: 'credit', domainName: order.name, years: order.years, note: `payment ${payment.id}` },
      ctx.now,
    );
    const transfer = await this.transferDomain.handle(ctx, {
      op: 'request',
      name: order.name,
      registrarId: DIRECT_CHANNEL_REGISTRAR.id,
      authInfo: openSecret(this.config, TRANSFER_AUTH_SEAL, order.sealedAuthInfo),
      years: order.years,
      forAccount: { accountId: payment.accountId, paymentId: payment.id },
    });
    const domain = await this.domains.findLiveByName(ctx.manager, order.name);
    if (!domain) throw new ObjectNotFoundError('The domain is gone', { reason: 'domain-not-found', value: order.name });
    return { name: domain.name, unicodeName: domain.unicodeName, roid: domain.roid, expiresAt: domain.expiresAt.toISOString(), pendingCreate: false, transferDueAt: transfer.actionDueAt.toISOString() };
  }

  /** The provider says no money was taken: close the payment and free the name. */
  private async close(ctx: CommandContext, payment: Payment, outcome: Exclude<PaymentOutcome, 'succeeded'>): Promise<{ status: ClosedPaymentStatus; result: PaymentResult }> {
    await this.checkoutHolds.releaseFor(ctx, { ...payment, status: outcome });
    return { status: outcome, result: { reason: outcome === 'failed' ? 'declined' : 'cancelled' } };
  }

  /** After commit: ask the provider to pay the amount back, and note its confirmation. */
  private async refund(ctx: CommandContext, payment: Payment, providerRef: string): Promise<void> {
    const { refundRef } = await this.provider.refund({ paymentId: payment.id, providerRef, amount: payment.amount, currency: payment.currency });
    await this.payments.recordRefund(this.dataSource.manager, payment.id, refundRef, ctx.now);
  }
}

/**
 * Whether a callback still has something to do: a pending payment, or money arriving for a payment
 * closed without it (and not already owed back).
 */
function needsWork(payment: Payment, outcome: PaymentOutcome): boolean {
  if (payment.status === 'pending') return true;
  return outcome === 'succeeded' && payment.status !== 'succeeded' && payment.result?.refundDue !== true;
}

/** A create refused for a reason of the registry (not a fault): what the buyer is told. Null for anything else. */
function refusalOf(error: unknown): { reason: string; message: string } | null {
  if (error instanceof RegistryError) return { reason: error.reason, message: error.message };
  if (error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION) {
    return { reason: 'registered', message: 'The name was registered by someone else' };
  }
  return null;
}

function view(payment: Payment, replayed: boolean): CompletePaymentResult {
  return {
    paymentId: payment.id,
    accountId: payment.accountId,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    order: payment.order,
    result: payment.result,
    replayed,
  };
}
