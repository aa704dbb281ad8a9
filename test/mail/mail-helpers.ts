import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LazyModuleLoader } from '@nestjs/core';
import { MailModule } from '../../src/mail/mail.module';
import { MailService } from '../../src/mail/mail.service';
import { OutboxRepository, type NewMail } from '../../src/mail/outbox.repository';
import type { MailTemplate } from '../../src/mail/templates';
import { systemActor } from '../../src/registry/command/actor';
import type { CommandHandler } from '../../src/registry/command/command-context';
import { CommandRunner } from '../../src/registry/command/command-runner';
import type { TestApp } from '../support/test-app';

/**
 * The mail services of a test app. MailModule is loaded lazily into the running app, so the tests
 * work whether or not the app's own module graph imports it (once it does, this returns that one).
 */
export async function mailServices(t: TestApp): Promise<{ outbox: OutboxRepository; mail: MailService }> {
  const ref = await t.app.get(LazyModuleLoader).load(() => MailModule);
  return { outbox: ref.get(OutboxRepository), mail: ref.get(MailService) };
}

/** A throwaway command: enqueues the given mails in its transaction, then optionally fails. */
export function enqueueCommand(outbox: OutboxRepository, mails: NewMail<MailTemplate>[], failAfter = false): CommandHandler<void, Array<string | null>> {
  return {
    command: 'test.mail-enqueue',
    async handle(ctx) {
      const ids: Array<string | null> = [];
      for (const mail of mails) ids.push(await outbox.enqueue(ctx, mail));
      if (failAfter) throw new Error('the command fails after writing its mail');
      return ids;
    },
  };
}

/** Enqueues mails through the real CommandRunner (one transaction, after-commit effects). */
export function enqueue(t: TestApp, outbox: OutboxRepository, mails: NewMail<MailTemplate>[], failAfter = false): Promise<Array<string | null>> {
  return t.app.get(CommandRunner).run(enqueueCommand(outbox, mails, failAfter), systemActor('test'), undefined);
}

export function receipt(recipient: string, locale: 'az' | 'en', domain = 'şəki.az'): NewMail<'registration-receipt'> {
  return { template: 'registration-receipt', recipient, locale, payload: { domain, years: 2, expiry: '2028-01-15T10:00:00Z', price: 4000 } };
}

/** The .eml files of the development transport, by name. */
export function emlFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'mail')).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

export interface ParsedEml {
  headers: Map<string, string>;
  /** Decoded text/plain and text/html parts. */
  text: string;
  html: string;
}

/** RFC 2047 encoded words (B and Q), adjacent words joined before UTF-8 decoding. */
export function decodeWords(value: string): string {
  return value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)(\s+=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    const bytes: Buffer[] = [];
    for (const m of run.matchAll(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g)) {
      if (m[1].toUpperCase() === 'B') bytes.push(Buffer.from(m[2], 'base64'));
      else bytes.push(qpBytes(m[2].replace(/_/g, ' ')));
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

function qpBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(s[i], 'utf8'));
  }
  return Buffer.from(out);
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return qpBytes(body.replace(/=\r?\n/g, '')).toString('utf8');
    default:
      return body;
  }
}

/** Just enough MIME to read what MailSender writes: headers, and the text and HTML alternatives. */
export function parseEml(raw: string): ParsedEml {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const out: ParsedEml = { headers, text: '', html: '' };
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [`${raw.slice(0, split)}\r\n\r\n${body}`];
  for (const part of parts) {
    const p = part.replace(/^\r?\n/, '');
    const at = p.search(/\r?\n\r?\n/);
    const h = parseHeaders(p.slice(0, at));
    const content = decodeBody(p.slice(at).replace(/^\r?\n\r?\n/, ''), h.get('content-transfer-encoding'));
    const type = h.get('content-type') ?? '';
    if (type.startsWith('text/plain')) out.text = content;
    if (type.startsWith('text/html')) out.html = content;
  }
  return out;
}

export function readEml(dataDir: string, file: string): ParsedEml {
  return parseEml(readFileSync(join(dataDir, 'mail', file), 'utf8'));
}

/** A message a FakeSmtpServer accepted. */
export interface ReceivedSmtp {
  from: string;
  to: string[];
  data: string;
}

/**
 * A minimal SMTP server on a free local port (no TLS, no auth): accepts every message except for
 * recipients in `reject`, which get a permanent 550. Enough to see what MailSender puts on the wire.
 */
export async function startFakeSmtp(reject: ReadonlySet<string> = new Set()): Promise<{ url: string; received: ReceivedSmtp[]; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const received: ReceivedSmtp[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let current: ReceivedSmtp = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake-smtp ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 fake-smtp');
        else if (verb === 'MAIL') { current.from = /<([^>]*)>/.exec(line)?.[1] ?? ''; reply('250 2.1.0 ok'); }
        else if (verb === 'RCPT') {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (reject.has(to)) reply('550 5.1.1 no such user');
          else { current.to.push(to); reply('250 2.1.5 ok'); }
        } else if (verb === 'DATA') { inData = true; reply('354 go ahead'); }
        else if (verb === 'RSET') { current = { from: '', to: [], data: '' }; reply('250 ok'); }
        else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else reply('502 not implemented');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
