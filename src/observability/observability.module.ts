import { Global, Module } from '@nestjs/common';
import { QueueModule } from '../infrastructure/queue/queue.module';
import { MetricsService } from './metrics.service';

@Global()
@Module({ imports: [QueueModule], providers: [MetricsService], exports: [MetricsService] })
export class ObservabilityModule {}
