import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Mail, type SMTPPoolSentMessageInfo, type StreamSentMessageInfo } from 'nodemailer';
import { AppConfig } from '../config/app-config';

/** A rendered mail ready to leave: the outbox id names the file and the Message-ID. */
export interface OutgoingMail {
  id: string;
  template: string;
  locale: 'az' | 'en';
  to: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
}

export interface SendReceipt {
  messageId: string;
  /** Development transport: where the .eml was written. */
  file?: string;
}

/** SMTP failures that mean "the server is unreachable", not "this mail is wrong". */
const TRANSPORT_DOWN = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROXY', 'ECONFIG', 'ECONNREFUSED']);

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
}

/** The server is down or refuses us: stop the batch, the other mails would fail the same way. */
export function isTransportDown(error: unknown): boolean {
  const code = (error as SmtpError | null)?.code;
  return typeof code === 'string' && TRANSPORT_DOWN.has(code);
}

/** A 5xx reply to this very mail (bad recipient, refused content): retrying would get the same. 503 is a sequencing error. */
export function isPermanentRejection(error: unknown): boolean {
  const code = (error as SmtpError | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 && code !== 503;
}

/** Partly hides an address for the log: `a***@example.az`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** The domain of the From address, for deterministic Message-IDs. */
function fromDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match ? match[1] : 'localhost';
}

/**
 * Hands rendered mails to SMTP (`MAIL_SMTP_URL`) or, when that is unset, to the development
 * transport that writes each mail as `<DATA_DIR>/mail/<id>-<template>.eml` (full RFC 5322 message,
 * the same bytes SMTP would carry) so nothing is lost and tests can read them. Logs one line per
 * mail, never the body.
 *
 * The Message-ID is derived from the outbox id, so a mail resent after a crash is recognisably the
 * same message to the recipient's mail client.
 */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly logger = new Logger(MailSender.name);
  private readonly smtp?: Mail<SMTPPoolSentMessageInfo>;
  private readonly files?: Mail<StreamSentMessageInfo>;
  readonly mode: 'smtp' | 'file';
  readonly mailDir: string;
  private readonly domain: string;

  constructor(private readonly config: AppConfig) {
    this.mailDir = join(config.DATA_DIR, 'mail');
    this.domain = fromDomain(config.MAIL_FROM);
    if (config.MAIL_SMTP_URL) {
      this.mode = 'smtp';
      this.smtp = createTransport(
        {
          url: config.MAIL_SMTP_URL,
          // A pooled connection: a flush sends its batch over one session instead of one per mail.
          pool: true,
          maxConnections: 2,
          maxMessages: 100,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
          dnsTimeout: 10_000,
        },
        { from: config.MAIL_FROM },
      );
    } else {
      this.mode = 'file';
      this.files = createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: config.MAIL_FROM });
    }
  }

  async send(mail: OutgoingMail): Promise<SendReceipt> {
    const message = {
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      date: mail.date,
      messageId: `<outbox-${mail.id}@${this.domain}>`,
      headers: {
        'Content-Language': mail.locale,
        // RFC 3834: automatic mail; well-behaved auto-responders stay quiet.
        'Auto-Submitted': 'auto-generated',
        'X-Azreg-Template': mail.template,
      },
    };
    let receipt: SendReceipt;
    if (this.smtp) {
      const info = await this.smtp.sendMail(message);
      receipt = { messageId: info.messageId };
    } else {
      const info = await this.files!.sendMail(message);
      const file = join(this.mailDir, `${mail.id}-${mail.template}.eml`);
      await mkdir(this.mailDir, { recursive: true });
      // Write then rename, so a reader never sees half a mail.
      const partial = `${file}.partial`;
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      receipt = { messageId: info.messageId, file };
    }
    this.logger.log({ mailId: mail.id, template: mail.template, locale: mail.locale, to: maskAddress(mail.to), messageId: receipt.messageId, transport: this.mode }, 'mail sent');
    return receipt;
  }

  onModuleDestroy(): void {
    this.smtp?.close();
    this.files?.close();
  }
}
