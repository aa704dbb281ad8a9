import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DisputeDeadlines } from '../disputes/dispute-deadlines.service';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { DispatchingProcessor, JobRegistry } from './job-dispatch';

/** The daily dispute scan runs at 00:05 Baku time (20:05 UTC), just after the day's deadlines ended. */
export const DISPUTE_SCAN_PATTERN = '5 20 * * *';

/** Thin processor for dispute deadlines: one job per case deadline, and the daily scan. */
@Processor(QueueName.Disputes, { concurrency: 2 })
@Injectable()
export class DisputesProcessor extends DispatchingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly deadlines: DisputeDeadlines,
    @InjectQueue(QueueName.Disputes) private readonly queue: Queue,
    registry: JobRegistry,
  ) {
    super();
    this.serve(registry, {
      [JobName.DisputeDeadline]: (job: Job) => this.deadlines.run(String(job.data.disputeId)),
      [JobName.DisputeScan]: () => this.deadlines.scan(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('dispute-scan', { pattern: DISPUTE_SCAN_PATTERN, tz: 'UTC' }, { name: JobName.DisputeScan, data: {} });
  }
}
