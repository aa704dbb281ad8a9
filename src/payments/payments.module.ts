import { Module } from '@nestjs/common';
import { CheckoutHolds } from '../registry/checkout/checkout-holds';
import { CompletePaymentHandler } from '../registry/checkout/complete-payment.handler';
import { ExpirePaymentsHandler } from '../registry/checkout/expire-payments.handler';
import { StartCheckoutHandler } from '../registry/checkout/start-checkout.handler';
import { StartRenewalCheckoutHandler } from '../registry/checkout/start-renewal-checkout.handler';
import { StartTransferCheckoutHandler } from '../registry/checkout/start-transfer-checkout.handler';
import { RefundFailedTransfersHandler } from '../registry/checkout/refund-failed-transfers.handler';
import { RegistryModule } from '../registry/registry.module';
import { PaymentCallbackService } from './payment-callback.service';
import { PaymentProvider } from './payment-provider';
import { PaymentRepository } from './payment.repository';
import { SandboxPaymentProvider } from './sandbox-payment.provider';

const handlers = [StartCheckoutHandler, StartRenewalCheckoutHandler, StartTransferCheckoutHandler, CompletePaymentHandler, ExpirePaymentsHandler, RefundFailedTransfersHandler];

/**
 * Checkout and payments for the control panel: the checkout handlers (run through CommandRunner
 * like every command), the payments repository, the callback entry, and the PaymentProvider —
 * bound to the sandbox, which the panel also needs directly to serve its hosted page.
 */
@Module({
  imports: [RegistryModule],
  providers: [
    PaymentRepository,
    CheckoutHolds,
    SandboxPaymentProvider,
    { provide: PaymentProvider, useExisting: SandboxPaymentProvider },
    PaymentCallbackService,
    ...handlers,
  ],
  exports: [PaymentRepository, PaymentProvider, SandboxPaymentProvider, PaymentCallbackService, ...handlers],
})
export class PaymentsModule {}
