import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CommandRunner } from '../registry/command/command-runner';
import { systemActor } from '../registry/command/actor';
import { ExpireHoldsHandler } from '../registry/holds/commands/expire-holds.handler';
import { ExpirePaymentsHandler } from '../registry/checkout/expire-payments.handler';
import { RefundFailedTransfersHandler } from '../registry/checkout/refund-failed-transfers.handler';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { DispatchingProcessor, JobRegistry } from './job-dispatch';

export const HOLD_SWEEP_EVERY_MS = 60_000;

/** Thin processor for the holds queue (holds and the payments that pay for them): each job calls a registry handler. */
@Processor(QueueName.Holds, { concurrency: 4 })
@Injectable()
export class HoldsProcessor extends DispatchingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly runner: CommandRunner,
    private readonly expireHolds: ExpireHoldsHandler,
    private readonly expirePayments: ExpirePaymentsHandler,
    private readonly refundTransfers: RefundFailedTransfersHandler,
    @InjectQueue(QueueName.Holds) private readonly queue: Queue,
    registry: JobRegistry,
  ) {
    super();
    this.serve(registry, {
      [JobName.HoldExpire]: (job) => this.runner.run(this.expireHolds, systemActor(JobName.HoldExpire), { holdId: String(job.data.holdId) }),
      [JobName.HoldSweep]: () => this.runner.run(this.expireHolds, systemActor(JobName.HoldSweep), {}),
      [JobName.PaymentExpire]: async () => {
        await this.runner.run(this.expirePayments, systemActor(JobName.PaymentExpire), {});
        await this.runner.run(this.refundTransfers, systemActor(JobName.PaymentExpire), {});
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The safety net: however late or lost a delayed job is, the sweep tidies within a minute.
    await this.queue.upsertJobScheduler('hold-sweep', { every: HOLD_SWEEP_EVERY_MS }, { name: JobName.HoldSweep, data: {} });
    await this.queue.upsertJobScheduler('payment-expire', { every: HOLD_SWEEP_EVERY_MS }, { name: JobName.PaymentExpire, data: {} });
  }
}
