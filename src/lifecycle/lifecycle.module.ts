import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { ExpireDomainHandler, LapseApplicationHandler, PurgeDomainHandler, RenewalReminderHandler } from './lifecycle-handlers';
import { MailModule } from '../mail/mail.module';
import { LifecycleService } from './lifecycle.service';

/** Domain lifecycle transitions driven by time (the worker runs `LifecycleService.scan`). */
@Module({
  imports: [RegistryModule, MailModule],
  providers: [ExpireDomainHandler, PurgeDomainHandler, LapseApplicationHandler, RenewalReminderHandler, LifecycleService],
  exports: [LifecycleService],
})
export class LifecycleModule {}
