import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemActor } from '../registry/command/actor';
import { Clock } from '../registry/command/clock';
import { CommandRunner } from '../registry/command/command-runner';
import { JobName } from '../infrastructure/queue/queue.names';
import { DisputeDeadlineHandler, KeepDisputedDomainHandler, type DeadlineOutcome } from './commands/deadline.handlers';
import { DisputeRepository } from './dispute.repository';
import { KEEP_ALIVE_DAYS } from './dispute-lock';

export interface DisputeScanReport {
  advanced: number;
  overdue: number;
  renewed: number;
  failures: number;
}

const SCAN_BATCH = 500;

/**
 * Runs dispute deadlines. Every deadline is a delayed BullMQ job (DisputeWorkflow schedules it
 * after commit, id = case + deadline); the daily scan runs every case whose deadline has passed and
 * renews disputed domains near expiry, so a lost job only delays a step by up to a day. Each case
 * is its own command under a row lock: running twice, or late, changes nothing more.
 */
@Injectable()
export class DisputeDeadlines {
  private readonly logger = new Logger(DisputeDeadlines.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly runner: CommandRunner,
    private readonly disputes: DisputeRepository,
    private readonly deadline: DisputeDeadlineHandler,
    private readonly keepAlive: KeepDisputedDomainHandler,
  ) {}

  /** One case (the deadline job). */
  run(disputeId: string, job: string = JobName.DisputeDeadline): Promise<DeadlineOutcome> {
    return this.runner.run(this.deadline, systemActor(job), { disputeId });
  }

  async scan(): Promise<DisputeScanReport> {
    const now = this.clock.now();
    const report: DisputeScanReport = { advanced: 0, overdue: 0, renewed: 0, failures: 0 };
    for (const id of await this.disputes.overdueIds(this.dataSource.manager, now, SCAN_BATCH)) {
      try {
        const outcome = await this.run(id, JobName.DisputeScan);
        if (outcome === 'overdue') report.overdue++;
        else if (outcome !== 'not-due') report.advanced++;
      } catch (error) {
        report.failures++;
        this.logger.error({ err: error, disputeId: id }, 'dispute deadline failed; the next scan retries');
      }
    }
    const expiring: Array<{ id: string }> = await this.dataSource.query(
      `SELECT d.id FROM disputes d JOIN domains m ON m.id = d.domain_id
        WHERE d.closed_at IS NULL AND m.dispute_locked AND m.purged_at IS NULL AND m.deleted_at IS NULL
          AND m.expires_at <= $1::timestamptz + make_interval(days => $2) LIMIT $3`,
      [now, KEEP_ALIVE_DAYS, SCAN_BATCH],
    );
    for (const row of expiring) {
      try {
        if (await this.runner.run(this.keepAlive, systemActor(JobName.DisputeScan), { disputeId: row.id })) report.renewed++;
      } catch (error) {
        report.failures++;
        this.logger.error({ err: error, disputeId: row.id }, 'keeping a disputed domain alive failed; the next scan retries');
      }
    }
    return report;
  }
}
