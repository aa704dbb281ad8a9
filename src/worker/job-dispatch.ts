import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName } from '../infrastructure/queue/queue.names';

export type JobDispatch = Partial<Record<JobName, (job: Job) => Promise<unknown>>>;

/**
 * Boot fails when a job name has no processor, or two: every name in the JobName enum must be
 * handled by exactly one of the registered dispatch tables.
 */
export function assertEveryJobHasProcessor(tables: JobDispatch[]): void {
  const problems: string[] = [];
  for (const name of Object.values(JobName)) {
    const count = tables.filter((t) => t[name]).length;
    if (count !== 1) problems.push(`${name}: ${count} processors`);
  }
  if (problems.length) throw new Error(`job processors misconfigured: ${problems.join('; ')}`);
}

/** Where every processor registers its dispatch table; checked once the worker has booted. */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly tables: JobDispatch[] = [];

  register(table: JobDispatch): void {
    this.tables.push(table);
  }

  onApplicationBootstrap(): void {
    assertEveryJobHasProcessor(this.tables);
  }
}

/**
 * Base class of every processor: it owns the processor's dispatch table, registers it with the
 * JobRegistry (so boot fails on a missing or duplicated job) and routes each job by name.
 */
export abstract class DispatchingProcessor extends WorkerHost {
  private table: JobDispatch = {};

  /** The job names this processor serves (read-only view, for tests and diagnostics). */
  get dispatch(): Readonly<JobDispatch> {
    return this.table;
  }

  protected serve(registry: JobRegistry, table: JobDispatch): void {
    this.table = table;
    registry.register(table);
  }

  async process(job: Job): Promise<unknown> {
    const run = this.table[job.name as JobName];
    if (!run) throw new Error(`no processor for job ${job.name}`);
    return run(job);
  }
}
