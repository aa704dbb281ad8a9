import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { JobName, QueueName } from '../infrastructure/queue/queue.names';
import { rowsOf } from '../infrastructure/database/rows';
import { sqlParams, type WriteBatch } from '../infrastructure/database/write-batch';
import type { CommandContext } from '../registry/command/command-context';
import { registrantRecipient } from './mail-recipients';
import type { MailLocale, MailPayloads, MailTemplate } from './templates';

/** After this many failed attempts a mail is left unsent for good (its row keeps the last error). */
export const MAIL_MAX_ATTEMPTS = 8;

/**
 * Retry schedule, counted from the mail's creation: attempt n+1 is due `base × (2^n − 1)` after
 * `created_at` (0, 5, 15, 35, 75, 155, 315, 635 minutes), so an SMTP outage of several hours
 * delays mail without burning through its attempts.
 */
export const MAIL_RETRY_BASE_MS = 5 * 60_000;

/** Delay of the flush job requested after a commit; see `mailFlushJobId`. */
export const MAIL_FLUSH_DELAY_MS = 1_000;

/**
 * One flush job per wall-clock second: every commit in second S adds the same job id, and the job
 * runs at least a second after the first of them, so it sees all of their rows. (Wall-clock, not the
 * command's `now`: this schedules work, it records no fact.)
 */
export function mailFlushJobId(epochMs: number): string {
  return `mail-flush-${Math.floor(epochMs / 1000)}`;
}

/** A mail to write to the outbox, typed per template. */
export interface NewMail<T extends MailTemplate> {
  template: T;
  recipient: string;
  locale: MailLocale;
  payload: MailPayloads[T];
  /** Writes the mail at most once per key (e.g. `renewal-reminder:<domain id>:<expiry>:30`). */
  dedupeKey?: string;
}

/** An outbox row as the sender sees it. `template`/`locale` are re-checked when rendering. */
export interface OutboxMail {
  id: string;
  template: string;
  recipient: string;
  locale: string;
  payload: Record<string, unknown>;
  dedupeKey: string | null;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

interface OutboxRow {
  id: string;
  template: string;
  recipient: string;
  locale: string;
  payload: Record<string, unknown>;
  dedupe_key: string | null;
  created_at: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
}

function toMail(r: OutboxRow): OutboxMail {
  return {
    id: String(r.id),
    template: r.template,
    recipient: r.recipient,
    locale: r.locale,
    payload: r.payload,
    dedupeKey: r.dedupe_key,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    attempts: Number(r.attempts),
    lastError: r.last_error,
  };
}

/** A single address, nothing that could end a header line or smuggle a second recipient. */
const RECIPIENT = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const MAX_ERROR_LENGTH = 1_000;

/** The outbox row of `mail`, without RETURNING (deduplicated on its key). */
function mailInsert(ctx: CommandContext, mail: NewMail<MailTemplate>, param: (value: unknown) => string): string {
  const values = [mail.template, mail.recipient, mail.locale, JSON.stringify(mail.payload), mail.dedupeKey ?? null, ctx.now].map(param);
  return `INSERT INTO outbox (template, recipient, locale, payload, dedupe_key, created_at)
       VALUES (${values[0]}, ${values[1]}, ${values[2]}, ${values[3]}::jsonb, ${values[4]}, ${values[5]})
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;
}

/**
 * The mail outbox: mails are written in the transaction of the event that causes them (so a
 * rolled-back command sends nothing and a committed one never loses its mail) and sent later by
 * `MailService.flush`, from the worker.
 */
@Injectable()
export class OutboxRepository {
  private readonly logger = new Logger(OutboxRepository.name);

  /** The flush job this process last asked for (see requestFlush). */
  private lastFlushJobId: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue,
  ) {}

  /**
   * Writes a mail in the caller's transaction and, once that commits, asks the worker to flush.
   * Returns the new row's id, or null when a mail with the same dedupe key already exists or the
   * recipient is not one plain address (skipped with a warning rather than failing the command).
   */
  async enqueue<T extends MailTemplate>(ctx: CommandContext, mail: NewMail<T>): Promise<string | null> {
    if (!this.sendable(ctx, mail)) return null;
    const { values, param } = sqlParams();
    const rows = rowsOf<{ id: string }>(await ctx.manager.query(`${mailInsert(ctx, mail, param)} RETURNING id`, values));
    if (rows.length === 0) return null;
    ctx.afterCommit(() => this.requestFlush());
    return String(rows[0].id);
  }

  /** The same mail, written by `batch` with the command's other writes (one round trip). */
  enqueueIn<T extends MailTemplate>(batch: WriteBatch, ctx: CommandContext, mail: NewMail<T>): void {
    if (!this.sendable(ctx, mail)) return;
    const part = batch.add('mail', `${mailInsert(ctx, mail, (v) => batch.param(v))} RETURNING id`);
    const column = batch.output('mail', `(SELECT id FROM ${part})`);
    batch.onResult((row) => {
      if (row[column] !== null) ctx.afterCommit(() => this.requestFlush());
    });
  }

  /** A mail must never fail the registry event that causes it: one to an unusable address is skipped, loudly. */
  private sendable(ctx: CommandContext, mail: NewMail<MailTemplate>): boolean {
    if (RECIPIENT.test(mail.recipient)) return true;
    this.logger.warn({ template: mail.template, actor: ctx.actor.id }, 'outbox: recipient is not a single mail address; mail skipped');
    return false;
  }

  /**
   * The usual case for registry events: mails the domain's registrant (see `registrantRecipient`
   * for address and language). Returns null when the registrant has no address or the dedupe key
   * already exists.
   */
  async enqueueToRegistrant<T extends MailTemplate>(ctx: CommandContext, domainId: string, mail: { template: T; payload: MailPayloads[T]; dedupeKey?: string }): Promise<string | null> {
    const to = await registrantRecipient(ctx.manager, domainId);
    if (!to) return null;
    return this.enqueue<T>(ctx, { template: mail.template, payload: mail.payload, dedupeKey: mail.dedupeKey, recipient: to.recipient, locale: to.locale });
  }

  /**
   * Adds a (deduplicated, slightly delayed) flush job. The repeatable flush covers a lost one. A
   * process asks once per job id (one per second): BullMQ would deduplicate the rest anyway, but
   * each ask is a Redis script call, and a landrush commits hundreds of mails a second.
   */
  async requestFlush(): Promise<void> {
    const jobId = mailFlushJobId(Date.now());
    if (jobId === this.lastFlushJobId) return;
    this.lastFlushJobId = jobId;
    try {
      await this.queue.add(JobName.MailFlush, {}, { jobId, delay: MAIL_FLUSH_DELAY_MS });
    } catch (error) {
      if (this.lastFlushJobId === jobId) this.lastFlushJobId = null;
      throw error;
    }
  }

  /**
   * Claims up to `limit` mails that are due at `now` and hands them to `work` inside one
   * transaction that keeps them row-locked (`FOR UPDATE SKIP LOCKED`) until `work` returns: a
   * concurrent flush, in this process or another worker, skips them, so no mail is sent twice.
   * `work` marks each mail through `markSent`/`markFailed` with the manager it is given; those
   * marks commit together at the end (a crash before that resends the batch: at-least-once).
   */
  async claimBatch<R>(limit: number, now: Date, work: (mails: OutboxMail[], manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(async (manager) => {
      const rows = rowsOf<OutboxRow>(await manager.query(
        `SELECT * FROM outbox
          WHERE sent_at IS NULL AND attempts < $2
            AND created_at + ($3::bigint * ((1::bigint << attempts) - 1)) * interval '1 millisecond' <= $1
          ORDER BY id
          LIMIT $4
          FOR UPDATE SKIP LOCKED`,
        [now, MAIL_MAX_ATTEMPTS, MAIL_RETRY_BASE_MS, limit],
      ));
      return work(rows.map(toMail), manager);
    });
  }

  async markSent(manager: EntityManager, id: string, sentAt: Date): Promise<void> {
    await manager.query(`UPDATE outbox SET sent_at = $2 WHERE id = $1`, [id, sentAt]);
  }

  /**
   * Counts a failed attempt and keeps the error. `permanent` (a 5xx rejection, a payload that
   * cannot render) gives up at once instead of retrying. Returns whether the mail is given up.
   */
  async markFailed(manager: EntityManager, id: string, error: string, permanent = false): Promise<{ attempts: number; gaveUp: boolean }> {
    const rows = rowsOf<{ attempts: number }>(await manager.query(
      `UPDATE outbox SET attempts = CASE WHEN $3 THEN GREATEST(attempts + 1, $4) ELSE attempts + 1 END, last_error = $2
        WHERE id = $1 RETURNING attempts`,
      [id, error.slice(0, MAX_ERROR_LENGTH), permanent, MAIL_MAX_ATTEMPTS],
    ));
    const attempts = Number(rows[0]?.attempts ?? MAIL_MAX_ATTEMPTS);
    return { attempts, gaveUp: attempts >= MAIL_MAX_ATTEMPTS };
  }

  async findById(manager: EntityManager, id: string): Promise<OutboxMail | null> {
    const rows = rowsOf<OutboxRow>(await manager.query(`SELECT * FROM outbox WHERE id = $1`, [id]));
    return rows.length ? toMail(rows[0]) : null;
  }
}
