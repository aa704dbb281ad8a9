import { Module } from '@nestjs/common';
import { QueueModule } from '../infrastructure/queue/queue.module';
import { RegistryModule } from '../registry/registry.module';
import { HoldsProcessor } from './holds.processor';

/** The `worker` role: BullMQ processors for every time-based rule (issue 5 adds the lifecycle). */
@Module({ imports: [RegistryModule, QueueModule], providers: [HoldsProcessor] })
export class WorkerModule {}
