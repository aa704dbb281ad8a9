import { Module } from '@nestjs/common';
import { QueueModule } from '../infrastructure/queue/queue.module';
import { MailSender } from './mail-sender';
import { MailService } from './mail.service';
import { OutboxRepository } from './outbox.repository';

/**
 * Outgoing mail: the outbox (written by registry handlers in their own transaction), the
 * templates, and the sender the worker's MailProcessor drives. DataSource, Clock and AppConfig
 * come from the global database and config modules.
 */
@Module({
  imports: [QueueModule],
  providers: [OutboxRepository, MailSender, MailService],
  exports: [OutboxRepository, MailService],
})
export class MailModule {}
