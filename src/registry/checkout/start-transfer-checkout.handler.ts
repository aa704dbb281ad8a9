import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ObjectNotFoundError } from '../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { PaymentRepository } from '../../payments/payment.repository';
import { TRANSFER_AUTH_SEAL, type TransferOrder } from '../../payments/payment.types';
import { sealSecret } from '../../payments/sealed-secret';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { TransferDomainHandler } from '../domains/commands/transfer-domain.handler';
import { DomainRepository } from '../domains/domain.repository';
import { parseDomainName } from '../names/domain-name';
import { RegistrarRepository } from '../registrars/registrar.repository';
import { ZoneCatalog } from '../zones/zone-catalog.service';
import { verifyBuyer } from './checkout.checks';
import { StartCheckoutHandler, type StartCheckoutResult } from './start-checkout.handler';

const PROBE = 'transfer_probe';

export interface StartTransferCheckoutInput {
  accountId: string;
  /** A-label or U-label. */
  domainName: string;
  authInfo: string;
  years?: number;
}

/**
 * checkout.start-transfer — the registrant pays to move a domain from its registrar to the
 * registry's direct channel (the panel's "Transfer in"). In one transaction: the buyer must exist
 * with a verified e-mail; whether the transfer request would be accepted — the auth code, the
 * statuses, a transfer already pending, a dispute lock, the term — is asked of
 * TransferDomainHandler itself, run inside a savepoint after crediting the direct channel with
 * the price, and rolled back, so no rule is repeated here and a wrong code costs nothing. Then a
 * `pending` `domain-transfer` payment is written whose order carries the auth code sealed with
 * APP_SECRET (AES-GCM), since the request must be made again when the money arrives
 * (CompletePaymentHandler). The price is the zone's transfer price × years (one year by default).
 *
 * Errors: ObjectNotFoundError 2303 (no such account or domain), AuthorizationError 2201
 * (`not-owner`), DataManagementPolicyError 2308 (`email-not-verified`), and
 * TransferDomainHandler's: 2202 (auth code), 2300 (pending), 2302 (already the direct channel's),
 * 2304 (transfer-prohibited, pendingDelete, dispute lock), 2004 (term).
 */
@Injectable()
export class StartTransferCheckoutHandler implements CommandHandler<StartTransferCheckoutInput, StartCheckoutResult> {
  readonly command = 'checkout.start-transfer';

  constructor(
    private readonly payments: PaymentRepository,
    private readonly domains: DomainRepository,
    private readonly zones: ZoneCatalog,
    private readonly registrars: RegistrarRepository,
    private readonly transfer: TransferDomainHandler,
    private readonly checkout: StartCheckoutHandler,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: StartTransferCheckoutInput): Promise<StartCheckoutResult> {
    const buyer = await verifyBuyer(ctx, this.payments, input.accountId);
    const zones = await this.zones.all();
    const name = parseDomainName(input.domainName, zones);
    const zone = zones.get(name.zone)!;
    const years = input.years ?? 1;
    const domain = await this.domains.findLiveByName(ctx.manager, name.name);
    if (!domain) throw new ObjectNotFoundError(`${name.unicodeName} is not registered`, { reason: 'domain-not-found', value: name.name });
    const price = zone.prices.transfer * years;
    await this.probeTransfer(ctx, name.name, input.authInfo, years, price);

    const order: TransferOrder = { name: name.name, unicodeName: name.unicodeName, years, sealedAuthInfo: sealSecret(this.config, TRANSFER_AUTH_SEAL, input.authInfo) };
    return this.checkout.beginPayment(ctx, this.command, buyer, { purpose: 'domain-transfer', amount: price, order, years, historyOrder: { name: order.name, years } });
  }

  /** The transfer request as the money would make it, inside a savepoint that is rolled back. */
  private async probeTransfer(ctx: CommandContext, name: string, authInfo: string, years: number, price: number): Promise<void> {
    await ctx.manager.query(`SAVEPOINT ${PROBE}`);
    try {
      await this.registrars.credit(ctx.manager, { registrarId: DIRECT_CHANNEL_REGISTRAR.id, amount: price, kind: 'credit', domainName: name, years, note: 'transfer checkout probe' }, ctx.now);
      await this.transfer.handle(ctx, { op: 'request', name, registrarId: DIRECT_CHANNEL_REGISTRAR.id, authInfo, years });
    } finally {
      await ctx.manager.query(`ROLLBACK TO SAVEPOINT ${PROBE}`);
    }
  }
}
