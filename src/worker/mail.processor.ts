import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { MailService } from '../mail/mail.service';
import { DispatchingProcessor, JobRegistry } from './job-dispatch';

export const MAIL_FLUSH_EVERY_MS = 15_000;

/** Largest batch one flush job claims; a job keeps flushing while batches come back full. */
export const MAIL_FLUSH_BATCH = 100;

/** Upper bound on batches per job, so one job never monopolises a worker slot. */
const MAIL_FLUSH_MAX_BATCHES = 20;

/**
 * Thin processor for the mail queue: each flush job sends what is due in the outbox. Jobs are
 * requested after every commit that writes mail, and a repeatable flush every 15 s is the safety
 * net for a lost job and for retries. Concurrent flushes (here or in other workers) never send one
 * mail twice: the outbox claims rows with FOR UPDATE SKIP LOCKED.
 */
@Processor(QueueName.Mail, { concurrency: 2 })
@Injectable()
export class MailProcessor extends DispatchingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly mail: MailService,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue,
    registry: JobRegistry,
  ) {
    super();
    this.serve(registry, {
      [JobName.MailFlush]: () => this.flushAll(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('mail-flush', { every: MAIL_FLUSH_EVERY_MS }, { name: JobName.MailFlush, data: {} });
  }


  /** Flushes batch after batch until one comes back short (or the SMTP server is down). */
  private async flushAll(): Promise<{ sent: number; failed: number; gaveUp: number }> {
    const total = { sent: 0, failed: 0, gaveUp: 0 };
    for (let i = 0; i < MAIL_FLUSH_MAX_BATCHES; i++) {
      const r = await this.mail.flush(MAIL_FLUSH_BATCH);
      total.sent += r.sent;
      total.failed += r.failed;
      total.gaveUp += r.gaveUp;
      if (r.claimed < MAIL_FLUSH_BATCH || r.deferred > 0) break;
    }
    return total;
  }
}
