import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { ZonePublisher, type PublishReport } from '../dns/zone-publisher';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { DispatchingProcessor, JobRegistry } from './job-dispatch';

/** Changed zones are looked for this often: a change is in DNS within a minute. */
export const DNS_PUBLISH_CHANGED_EVERY_MS = 30_000;
/** The full regeneration, daily at 03:17 UTC (a quiet hour, off the top of the hour). */
export const DNS_PUBLISH_ALL_PATTERN = '17 3 * * *';

/** What a job stores as its result: a summary per zone, small enough for Redis. */
function summary(report: PublishReport) {
  return {
    published: report.results.filter((r) => r.status === 'published').map((r) => ({ zone: r.zone, serial: r.serial, records: r.records, ms: r.ms, reloadOk: r.reload?.ok })),
    warnings: report.results.flatMap((r) => r.warnings),
    unchanged: report.results.filter((r) => r.status === 'unchanged').map((r) => r.zone),
    skipped: report.skipped,
  };
}

/**
 * Thin processor for the DNS queue: publish-changed every 30 seconds (the debounce: any number of
 * changes within the interval make one publication), publish-all once a day. One job at a time;
 * the publisher's per-zone lock keeps several workers from publishing one zone at once.
 */
@Processor(QueueName.Dns, { concurrency: 1 })
@Injectable()
export class DnsProcessor extends DispatchingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly publisher: ZonePublisher,
    @InjectQueue(QueueName.Dns) private readonly queue: Queue,
    registry: JobRegistry,
  ) {
    super();
    this.serve(registry, {
      [JobName.DnsPublishChanged]: async () => summary(await this.publisher.publishChanged()),
      [JobName.DnsPublishAll]: async () => summary(await this.publisher.publishAll()),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('dns-publish-changed', { every: DNS_PUBLISH_CHANGED_EVERY_MS }, { name: JobName.DnsPublishChanged, data: {} });
    await this.queue.upsertJobScheduler('dns-publish-all', { pattern: DNS_PUBLISH_ALL_PATTERN, tz: 'UTC' }, { name: JobName.DnsPublishAll, data: {} });
  }
}
