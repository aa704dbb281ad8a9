import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { DispatchingProcessor, JobRegistry } from './job-dispatch';

export const LIFECYCLE_SCAN_EVERY_MS = 30_000;

/** Runs the lifecycle scan every 30 seconds (one at a time: the queue's concurrency is 1). */
@Processor(QueueName.Lifecycle, { concurrency: 1 })
@Injectable()
export class LifecycleProcessor extends DispatchingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly lifecycle: LifecycleService,
    @InjectQueue(QueueName.Lifecycle) private readonly queue: Queue,
    registry: JobRegistry,
  ) {
    super();
    this.serve(registry, { [JobName.LifecycleScan]: () => this.lifecycle.scan() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('lifecycle-scan', { every: LIFECYCLE_SCAN_EVERY_MS }, { name: JobName.LifecycleScan, data: {} });
  }

}
