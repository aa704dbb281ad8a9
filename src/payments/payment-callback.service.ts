import { Injectable } from '@nestjs/common';
import { AuthenticationError } from '../common/registry-errors';
import type { Actor } from '../registry/command/actor';
import { CommandRunner } from '../registry/command/command-runner';
import { CompletePaymentHandler, type CompletePaymentResult } from '../registry/checkout/complete-payment.handler';
import { PaymentProvider } from './payment-provider';

/** The actor recorded for outcomes the provider reports (the browser only carries them). */
export function paymentProviderActor(provider: string, requestId?: string): Actor {
  return { type: 'system', id: `payment-provider:${provider}`, channel: 'panel', requestId };
}

/**
 * The one entry for provider callbacks: checks the provider's signature, then runs
 * payment.complete. The panel's callback route is a thin call to `accept(query)`.
 */
@Injectable()
export class PaymentCallbackService {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly runner: CommandRunner,
    private readonly complete: CompletePaymentHandler,
  ) {}

  /**
   * Errors: AuthenticationError 2200 (`bad-signature`: missing, malformed or forged parameters;
   * nothing is read or written), then those of CompletePaymentHandler.
   */
  async accept(params: Record<string, string>, actor?: Actor): Promise<CompletePaymentResult> {
    const verified = this.provider.verifyCallback(params);
    if (!verified) throw new AuthenticationError('The payment callback is not signed by the payment provider', { reason: 'bad-signature' });
    return this.runner.run(this.complete, actor ?? paymentProviderActor(this.provider.name), verified);
  }
}
