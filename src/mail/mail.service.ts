import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../registry/command/clock';
import { isPermanentRejection, isTransportDown, MailSender } from './mail-sender';
import { OutboxRepository, type OutboxMail } from './outbox.repository';
import { DEFAULT_BRAND, isMailLocale, isMailTemplate, MailRenderError, renderMail, type MailBrand, type RenderedMail } from './templates';

/** What one flush did. */
export interface FlushResult {
  /** Rows claimed (due, unsent, not given up, not locked by another flush). */
  claimed: number;
  sent: number;
  /** Attempts that failed (including those given up). */
  failed: number;
  /** Mails that reached the attempt limit (or failed permanently) in this flush. */
  gaveUp: number;
  /** Claimed but not tried, because the SMTP server was down; they stay due. */
  deferred: number;
}

/**
 * Sends the outbox: claims a batch, renders each mail in its language, sends it, and marks it
 * sent or failed, all in the batch's transaction. Safe to run concurrently, in any number of
 * workers; idempotent (a mail already sent is never claimed again).
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly brand: MailBrand = DEFAULT_BRAND;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly sender: MailSender,
    private readonly clock: Clock,
  ) {}

  async flush(limit = 100): Promise<FlushResult> {
    const now = this.clock.now();
    return this.outbox.claimBatch(limit, now, async (mails, manager) => {
      const result: FlushResult = { claimed: mails.length, sent: 0, failed: 0, gaveUp: 0, deferred: 0 };
      for (let i = 0; i < mails.length; i++) {
        const mail = mails[i];
        let rendered: RenderedMail;
        try {
          rendered = this.render(mail);
        } catch (error) {
          // A payload that does not render will not render next time either: give up now, loudly.
          const message = error instanceof Error ? error.message : String(error);
          await this.outbox.markFailed(manager, mail.id, `render: ${message}`, true);
          result.failed++;
          result.gaveUp++;
          this.logger.error({ mailId: mail.id, template: mail.template, err: message }, 'mail cannot be rendered; given up');
          continue;
        }
        try {
          await this.sender.send({ id: mail.id, template: mail.template, locale: mail.locale === 'en' ? 'en' : 'az', to: mail.recipient, ...rendered, date: now });
          await this.outbox.markSent(manager, mail.id, this.clock.now());
          result.sent++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const { attempts, gaveUp } = await this.outbox.markFailed(manager, mail.id, message, isPermanentRejection(error));
          result.failed++;
          if (gaveUp) {
            result.gaveUp++;
            this.logger.error({ mailId: mail.id, template: mail.template, attempts, err: message }, 'mail not sent; given up');
          } else {
            this.logger.warn({ mailId: mail.id, template: mail.template, attempts, err: message }, 'mail not sent; will retry');
          }
          if (isTransportDown(error)) {
            result.deferred = mails.length - i - 1;
            break;
          }
        }
      }
      return result;
    });
  }

  /** Renders a stored row, re-checking what the database cannot: template name and locale. */
  private render(mail: OutboxMail): RenderedMail {
    if (!isMailTemplate(mail.template)) throw new MailRenderError(`unknown template ${mail.template}`);
    if (!isMailLocale(mail.locale)) throw new MailRenderError(`unknown locale ${mail.locale}`);
    return renderMail(mail.template, mail.locale, mail.payload, this.brand);
  }
}
