import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { EscrowService, depositTypeFor } from '../escrow/escrow.service';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { Clock } from '../registry/command/clock';
import { DispatchingProcessor, JobRegistry } from './job-dispatch';

/** Every day at 00:30 UTC; the job itself decides FULL (Sunday) or INCR from the clock. */
export const ESCROW_SCHEDULE = { pattern: '30 0 * * *', tz: 'UTC' } as const;

/**
 * Thin processor for the escrow queue. One deposit at a time; the deposit id is derived from the
 * UTC date and type, so a retried or duplicated job returns the deposit already made.
 */
@Processor(QueueName.Escrow, { concurrency: 1 })
@Injectable()
export class EscrowProcessor extends DispatchingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly escrow: EscrowService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Escrow) private readonly queue: Queue,
    registry: JobRegistry,
  ) {
    super();
    this.serve(registry, {
      [JobName.EscrowDeposit]: async () => {
        const now = this.clock.now();
        const d = await this.escrow.deposit(depositTypeFor(now), now);
        return { id: d.id, type: d.type, file: d.file, counts: d.counts };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('escrow-daily', ESCROW_SCHEDULE, { name: JobName.EscrowDeposit, data: {} });
  }

}
