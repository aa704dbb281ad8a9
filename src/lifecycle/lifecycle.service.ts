import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemActor } from '../registry/command/actor';
import { Clock } from '../registry/command/clock';
import type { CommandHandler } from '../registry/command/command-context';
import { CommandRunner } from '../registry/command/command-runner';
import { TransferDomainHandler } from '../registry/domains/commands/transfer-domain.handler';
import { ExpireDomainHandler, LapseApplicationHandler, PurgeDomainHandler, REMINDER_DAYS, RenewalReminderHandler } from './lifecycle-handlers';

export interface ScanReport {
  expired: number;
  renewed: number;
  purged: number;
  transfersApproved: number;
  applicationsLapsed: number;
  reminders: number;
  failures: number;
}

/** How many domains one scan step handles before the next scan picks up the rest. */
export const SCAN_BATCH = 500;

/**
 * The lifecycle scan: finds every domain with a transition due at `now` and runs it, one command
 * (one transaction) per domain. The scan is the mechanism, not a safety net bolted on: a lost or
 * late job only delays a transition until the next scan, never skips it, and running a scan twice
 * changes nothing (each command re-checks its domain under a lock). One failing domain is logged
 * and the scan goes on.
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly runner: CommandRunner,
    private readonly expire: ExpireDomainHandler,
    private readonly purge: PurgeDomainHandler,
    private readonly lapse: LapseApplicationHandler,
    private readonly transfers: TransferDomainHandler,
    private readonly reminders: RenewalReminderHandler,
  ) {}

  async scan(): Promise<ScanReport> {
    const now = this.clock.now();
    const report: ScanReport = { expired: 0, renewed: 0, purged: 0, transfersApproved: 0, applicationsLapsed: 0, reminders: 0, failures: 0 };
    const ids = async (sql: string) => (await this.dataSource.query(sql, [now, SCAN_BATCH])).map((r: { id: string }) => String(r.id));

    // 1. Transfers the losing registrar let lapse: approve them (before expiry, as the gaining registrar paid).
    for (const row of await this.dataSource.query(
      `SELECT d.name FROM domain_transfers t JOIN domains d ON d.id = t.domain_id WHERE t.status = 'pending' AND t.action_due_at <= $1 AND d.purged_at IS NULL ORDER BY t.action_due_at LIMIT $2`,
      [now, SCAN_BATCH],
    )) {
      if (await this.attempt(this.transfers, { op: 'auto-approve' as const, name: row.name as string, registrarId: 'registry' })) report.transfersApproved++;
      else report.failures++;
    }
    // 2. Expiry: auto-renew or expire.
    for (const id of await ids(`SELECT id FROM domains WHERE purged_at IS NULL AND deleted_at IS NULL AND expires_at <= $1 AND NOT ('pendingCreate' = ANY(statuses)) ORDER BY expires_at LIMIT $2`)) {
      const outcome = await this.attempt(this.expire, { domainId: id });
      if (outcome === 'renewed') report.renewed++;
      else if (outcome === 'expired') report.expired++;
      else if (outcome === null) report.failures++;
    }
    // 3. The drop: purge at the published time.
    for (const id of await ids(`SELECT id FROM domains WHERE purged_at IS NULL AND purge_at <= $1 ORDER BY purge_at LIMIT $2`)) {
      const done = await this.attempt(this.purge, { domainId: id });
      if (done) report.purged++;
      else if (done === null) report.failures++;
    }
    // 4. Restricted-zone applications nobody approved in time.
    for (const id of await ids(
      `SELECT d.id FROM domains d JOIN zones z ON z.name = d.zone WHERE d.purged_at IS NULL AND 'pendingCreate' = ANY(d.statuses)
         AND d.created_at + make_interval(days => z.pending_create_days) <= $1 ORDER BY d.created_at LIMIT $2`,
    )) {
      const done = await this.attempt(this.lapse, { domainId: id });
      if (done) report.applicationsLapsed++;
      else if (done === null) report.failures++;
    }
    // 5. Renewal reminders (30, 7, 1 days ahead): the smallest threshold each domain is within.
    for (const r of await this.dataSource.query(
      `SELECT id, ceil(extract(epoch FROM expires_at - $1::timestamptz) / 86400)::int AS days_left FROM domains
        WHERE purged_at IS NULL AND deleted_at IS NULL AND expires_at > $1 AND expires_at <= $1::timestamptz + interval '30 days'
          AND NOT ('pendingCreate' = ANY(statuses)) ORDER BY expires_at LIMIT $2`,
      [now, SCAN_BATCH],
    )) {
      const daysLeft = REMINDER_DAYS.filter((d) => d >= Number(r.days_left)).at(-1);
      if (daysLeft === undefined) continue;
      const sent = await this.attempt(this.reminders, { domainId: String(r.id), daysLeft });
      if (sent) report.reminders++;
      else if (sent === null) report.failures++;
    }
    return report;
  }

  private async attempt<I, O>(handler: CommandHandler<I, O>, input: I): Promise<O | null> {
    try {
      return await this.runner.run(handler, systemActor('lifecycle.scan'), input);
    } catch (error) {
      this.logger.error({ err: error, command: handler.command }, 'lifecycle transition failed; the next scan retries');
      return null;
    }
  }
}
