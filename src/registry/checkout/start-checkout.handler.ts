import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthorizationError, DataManagementPolicyError } from '../../common/registry-errors';
import { AppConfig } from '../../config/app-config';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { PaymentProvider } from '../../payments/payment-provider';
import { PaymentRepository } from '../../payments/payment.repository';
import type { Buyer, DomainOrder, Payment, PaymentOrder, PaymentPurpose } from '../../payments/payment.types';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { verifyTerm } from '../domains/domain.checks';
import { HistoryRepository } from '../history/history.repository';
import { HoldRepository, sameOwner } from '../holds/hold.repository';
import { parseDomainName } from '../names/domain-name';
import { NameListsRepository } from '../names/name-lists.repository';
import { ZoneCatalog } from '../zones/zone-catalog.service';
import { accountOwner } from './checkout-holds';
import { quoteCreate } from '../zones/pricing';
import { UUID, verifyBuyer } from './checkout.checks';

/** Checkout does not start on a hold with less time than this left (see the handler). */
export const MIN_HOLD_LEFT_MS = 2 * 60_000;
/** Where providers send the browser back (the panel serves it). */
export const PAYMENT_CALLBACK_PATH = '/panel/payments/callback';


export interface StartCheckoutInput {
  accountId: string;
  holdId: string;
  years: number;
}

export interface StartCheckoutResult {
  paymentId: string;
  name: string;
  unicodeName: string;
  years: number;
  /** qəpik */
  amount: number;
  currency: string;
  /**
   * The provider's payment page. Filled in after commit, when the provider has been asked; null
   * when it could not be reached (the payment is then closed as failed, nothing was charged, and
   * the hold is kept so the buyer can try again).
   */
  redirectUrl: string | null;
}

/**
 * checkout.start — the buyer pays for a name they hold. In one transaction: the account must have
 * a verified e-mail and a registrant contact (sponsored by the direct channel), the hold must be
 * live and the account's, the term valid for the zone; the price (premium or zone create price ×
 * years) is fixed and a `pending` payment written with its order. After commit, and outside the
 * transaction, the provider is asked for a payment page and its reference stored.
 *
 * Hold time: a hold is never extended (PlaceHoldHandler's rule). Checkout refuses to start with
 * less than MIN_HOLD_LEFT_MS (2 minutes) left, so the buyer has time to pay; should the hold
 * still run out on the card page, the payment completes anyway as long as nobody else has held or
 * registered the name meanwhile, and otherwise it is refunded (CompletePaymentHandler).
 *
 * Errors: ObjectNotFoundError 2303 (no such account), AuthorizationError 2201 (a registrant acting
 * for another account, `not-owner` of the hold), DataManagementPolicyError 2308
 * (`email-not-verified`, `registrant-contact-missing`, `hold-expired`, `hold-ending`),
 * ParameterRangeError 2004 (term).
 */
@Injectable()
export class StartCheckoutHandler implements CommandHandler<StartCheckoutInput, StartCheckoutResult> {
  readonly command = 'checkout.start';
  private readonly logger = new Logger(StartCheckoutHandler.name);

  constructor(
    private readonly payments: PaymentRepository,
    private readonly holds: HoldRepository,
    private readonly zones: ZoneCatalog,
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
    private readonly provider: PaymentProvider,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: StartCheckoutInput): Promise<StartCheckoutResult> {
    const buyer = await verifyBuyer(ctx, this.payments, input.accountId);
    if (!buyer.contact || buyer.contact.registrarId !== DIRECT_CHANNEL_REGISTRAR.id) {
      throw new DataManagementPolicyError('Enter the registrant details (person or organisation) before paying', { reason: 'registrant-contact-missing' });
    }

    const hold = UUID.test(input.holdId) ? await this.holds.findById(ctx.manager, input.holdId) : null;
    if (!hold || hold.expiresAt <= ctx.now) {
      throw new DataManagementPolicyError('Your hold on this name has expired or was released', { reason: 'hold-expired', value: input.holdId });
    }
    if (!sameOwner(hold.owner, accountOwner(input.accountId))) {
      throw new AuthorizationError('This hold belongs to someone else', { reason: 'not-owner', value: input.holdId });
    }
    if (hold.expiresAt.getTime() - ctx.now.getTime() < MIN_HOLD_LEFT_MS) {
      throw new DataManagementPolicyError('Less than 2 minutes remain on your hold: remove the name from the cart and add it again', { reason: 'hold-ending', value: input.holdId });
    }

    const zones = await this.zones.all();
    const name = parseDomainName(hold.name, zones);
    const zone = zones.get(name.zone)!;
    verifyTerm(input.years, zone.minTermYears, zone.maxTermYears);
    const { price } = await quoteCreate(this.lists, ctx.manager, zone, name.name, input.years);

    const order: DomainOrder = { name: name.name, unicodeName: name.unicodeName, holdId: hold.holdId, years: input.years, contactHandle: buyer.contact.handle };
    return this.beginPayment(ctx, this.command, buyer, { purpose: 'domain-create', amount: price, order, years: input.years });
  }

  /**
   * What every checkout (registration, renewal, transfer in) ends with: a `pending` payment of
   * `purpose` for `order`, a history row on the account under the calling command's name (with
   * `historyOrder` instead of the order when the order holds a secret), and after commit the
   * provider's page (openPaymentPage) in the result.
   */
  async beginPayment(
    ctx: CommandContext,
    command: string,
    buyer: Buyer,
    p: { purpose: PaymentPurpose; amount: number; order: PaymentOrder; years: number; historyOrder?: unknown },
  ): Promise<StartCheckoutResult> {
    const payment = await this.payments.insert(
      ctx.manager,
      { id: randomUUID(), accountId: buyer.id, provider: this.provider.name, purpose: p.purpose, amount: p.amount, currency: 'AZN', order: p.order },
      ctx.now,
    );
    await this.history.record(ctx, {
      objectType: 'account',
      objectId: buyer.id,
      objectName: p.order.name,
      action: command,
      after: { paymentId: payment.id, amount: p.amount, currency: payment.currency, order: p.historyOrder ?? p.order },
    });
    const result: StartCheckoutResult = { paymentId: payment.id, name: p.order.name, unicodeName: p.order.unicodeName, years: p.years, amount: p.amount, currency: payment.currency, redirectUrl: null };
    ctx.afterCommit(async () => {
      result.redirectUrl = await this.openPaymentPage(ctx, payment, buyer.locale);
    });
    return result;
  }

  /**
   * Asks the provider for its page (no transaction is open). On failure the payment is closed as
   * failed. Also used by StartRenewalCheckoutHandler after its commit.
   */
  async openPaymentPage(ctx: CommandContext, payment: Payment, locale: 'az' | 'en'): Promise<string | null> {
    try {
      const started = await this.provider.startPayment({
        paymentId: payment.id,
        amount: payment.amount,
        currency: payment.currency,
        description: describeOrder(payment, locale),
        returnUrl: `${this.config.PUBLIC_URL.replace(/\/+$/, '')}${PAYMENT_CALLBACK_PATH}`,
        locale,
      });
      await this.payments.setProviderRef(this.dataSource.manager, payment.id, started.providerRef, ctx.now);
      return started.redirectUrl;
    } catch (error) {
      this.logger.error({ err: error, paymentId: payment.id }, 'the payment provider could not start the payment');
      await this.dataSource.transaction(async (manager) => {
        const closed = await this.payments.closeIfPending(manager, payment.id, 'failed', { reason: 'provider-unavailable', message: 'The payment service could not be reached; nothing was charged' }, ctx.now);
        if (!closed) return;
        await this.history.record({ ...ctx, manager }, {
          objectType: 'account', objectId: payment.accountId, objectName: payment.order.name, action: 'payment.complete', after: { paymentId: payment.id, status: 'failed', reason: 'provider-unavailable' },
        });
      });
      return null;
    }
  }
}

/** The line the buyer sees on the provider's page. */
export function describeOrder(payment: Payment, locale: 'az' | 'en'): string {
  const { unicodeName, years } = payment.order;
  if (payment.purpose === 'domain-renew') {
    return locale === 'az' ? `${unicodeName} — yenilənmə, ${years} il` : `${unicodeName} — renewal, ${years} ${years === 1 ? 'year' : 'years'}`;
  }
  return locale === 'az' ? `${unicodeName} — qeydiyyat, ${years} il` : `${unicodeName} — registration, ${years} ${years === 1 ? 'year' : 'years'}`;
}
