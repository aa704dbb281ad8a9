import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError } from '../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { PaymentRepository } from '../../payments/payment.repository';
import type { RenewOrder } from '../../payments/payment.types';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { RenewDomainHandler } from '../domains/commands/renew-domain.handler';
import { DomainRepository } from '../domains/domain.repository';
import { parseDomainName } from '../names/domain-name';
import { NameListsRepository } from '../names/name-lists.repository';
import { RegistrarRepository } from '../registrars/registrar.repository';
import { ZoneCatalog } from '../zones/zone-catalog.service';
import { quoteRenew } from '../zones/pricing';
import { verifyBuyer } from './checkout.checks';
import { StartCheckoutHandler, type StartCheckoutResult } from './start-checkout.handler';

const PROBE = 'renewal_probe';

export interface StartRenewalCheckoutInput {
  accountId: string;
  /** A-label or U-label. */
  domainName: string;
  years: number;
}

/** As checkout.start's result: the payment, its amount, and the provider's page after commit. */
export type StartRenewalCheckoutResult = StartCheckoutResult & { expiresAt: string };

/**
 * checkout.start-renewal — the registrant pays to renew a domain of their account ("Renew now").
 * In one transaction: the account must exist with a verified e-mail, the live domain must belong
 * to it (`account_id`) and be sponsored by the direct channel; the price is the zone's renew price
 * (the premium list's when the name is premium) × years. Whether the renew would be allowed — the
 * term, at most ten years ahead, no renew-prohibited status — is asked of RenewDomainHandler
 * itself: it is run inside a savepoint (after crediting the direct channel with the price, so the
 * balance is no obstacle) and rolled back, so no rule is repeated here. Then a `pending`
 * `domain-renew` payment is written; after commit the provider is asked for its page
 * (StartCheckoutHandler.openPaymentPage). CompletePaymentHandler renews when the money arrives.
 *
 * Errors: ObjectNotFoundError 2303 (no such account; no such domain, or not the account's),
 * AuthorizationError 2201 (`not-owner`: a registrant acting for another account),
 * DataManagementPolicyError 2308 (`email-not-verified`), and RenewDomainHandler's: 2004 (term,
 * `max-registration`), 2304 (renew-prohibited statuses, pendingDelete), 2201 (not the direct
 * channel's domain).
 */
@Injectable()
export class StartRenewalCheckoutHandler implements CommandHandler<StartRenewalCheckoutInput, StartRenewalCheckoutResult> {
  readonly command = 'checkout.start-renewal';

  constructor(
    private readonly payments: PaymentRepository,
    private readonly domains: DomainRepository,
    private readonly zones: ZoneCatalog,
    private readonly lists: NameListsRepository,
    private readonly registrars: RegistrarRepository,
    private readonly renewDomain: RenewDomainHandler,
    private readonly checkout: StartCheckoutHandler,
  ) {}

  async handle(ctx: CommandContext, input: StartRenewalCheckoutInput): Promise<StartRenewalCheckoutResult> {
    const buyer = await verifyBuyer(ctx, this.payments, input.accountId);
    const zones = await this.zones.all();
    const name = parseDomainName(input.domainName, zones);
    const zone = zones.get(name.zone)!;
    const domain = await this.domains.findLiveByName(ctx.manager, name.name);
    if (!domain || domain.accountId !== input.accountId) {
      throw new ObjectNotFoundError(`The domain ${name.unicodeName} is not in this account`, { reason: 'domain-not-found', value: name.name });
    }
    const price = await quoteRenew(this.lists, ctx.manager, zone, name.name, input.years);
    await this.probeRenew(ctx, name.name, domain.expiresAt, input.years, price);

    const expiresAt = domain.expiresAt.toISOString().slice(0, 10);
    const order: RenewOrder = { name: name.name, unicodeName: name.unicodeName, years: input.years, expiresAt };
    const started = await this.checkout.beginPayment(ctx, this.command, buyer, { purpose: 'domain-renew', amount: price, order, years: input.years });
    return Object.assign(started, { expiresAt });
  }

  /**
   * Runs domain.renew as the money would (credit the direct channel with `price`, renew) inside a
   * savepoint and rolls it all back: it throws what the real renew would, and nothing stays.
   */
  private async probeRenew(ctx: CommandContext, name: string, expiresAt: Date, years: number, price: number): Promise<void> {
    await ctx.manager.query(`SAVEPOINT ${PROBE}`);
    try {
      await this.registrars.credit(ctx.manager, { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: price, kind: 'credit', domainName: name, years, note: 'renewal checkout probe' }, ctx.now);
      await this.renewDomain.handle(ctx, { name, registrarId: DIRECT_CHANNEL_REGISTRAR.id, currentExpiryDate: expiresAt.toISOString().slice(0, 10), years });
    } finally {
      await ctx.manager.query(`ROLLBACK TO SAVEPOINT ${PROBE}`);
    }
  }
}
