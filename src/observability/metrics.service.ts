import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueName } from '../infrastructure/queue/queue.names';

/**
 * Prometheus metrics: requests and latency per surface (rest, panel, rdap, whois, epp), EPP
 * commands by result code, queue depths and database pool usage (the last two read at scrape time).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly requests: Counter<'surface' | 'method' | 'status'>;
  readonly latency: Histogram<'surface'>;
  readonly eppCommands: Counter<'command' | 'code'>;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Holds) private readonly holdsQueue: Queue,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'azreg_' });
    this.requests = new Counter({ name: 'azreg_requests_total', help: 'Requests by surface, method and status', labelNames: ['surface', 'method', 'status'], registers: [this.registry] });
    this.latency = new Histogram({
      name: 'azreg_request_duration_seconds',
      help: 'Request latency by surface',
      labelNames: ['surface'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eppCommands = new Counter({ name: 'azreg_epp_commands_total', help: 'EPP commands by command and result code', labelNames: ['command', 'code'], registers: [this.registry] });
    const queues: Array<[string, Queue]> = [[QueueName.Holds, this.holdsQueue]];
    new Gauge({
      name: 'azreg_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: async function (this: Gauge<'queue' | 'state'>) {
        for (const [name, queue] of queues) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }
      },
    });
    const ds = this.dataSource;
    new Gauge({
      name: 'azreg_db_pool_connections',
      help: 'PostgreSQL pool connections by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect(this: Gauge<'state'>) {
        const pool = (ds.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
