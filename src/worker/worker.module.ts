import { Module } from '@nestjs/common';
import { QueueModule } from '../infrastructure/queue/queue.module';
import { RegistryModule } from '../registry/registry.module';
import { HoldsProcessor } from './holds.processor';
import { JobRegistry } from './job-dispatch';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { LifecycleProcessor } from './lifecycle.processor';
import { MailModule } from '../mail/mail.module';
import { MailProcessor } from './mail.processor';
import { EscrowModule } from '../escrow/escrow.module';
import { EscrowProcessor } from './escrow.processor';
import { DnsModule } from '../dns/dns.module';
import { DnsProcessor } from './dns.processor';
import { PaymentsModule } from '../payments/payments.module';
import { DisputesModule } from '../disputes/disputes.module';
import { DisputesProcessor } from './disputes.processor';

/** The `worker` role: BullMQ processors for every time-based rule and everything that leaves the registry. */
@Module({ imports: [RegistryModule, QueueModule, LifecycleModule, MailModule, EscrowModule, DnsModule, PaymentsModule, DisputesModule], providers: [JobRegistry, HoldsProcessor, LifecycleProcessor, MailProcessor, EscrowProcessor, DnsProcessor, DisputesProcessor] })
export class WorkerModule {}
