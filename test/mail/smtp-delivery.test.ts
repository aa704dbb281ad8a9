import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MailService } from '../../src/mail/mail.service';
import { MAIL_MAX_ATTEMPTS, type OutboxRepository } from '../../src/mail/outbox.repository';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';
import { enqueue, mailServices, parseEml, receipt, startFakeSmtp } from './mail-helpers';

/** With MAIL_SMTP_URL set, mails go over SMTP; a permanent 5xx for one recipient gives that mail up at once. */
describe('mail over SMTP', () => {
  let t: TestApp;
  let outbox: OutboxRepository;
  let mail: MailService;
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;

  before(async () => {
    smtp = await startFakeSmtp(new Set(['nobody@example.az']));
    t = await startTestApp({ env: { MAIL_SMTP_URL: smtp.url } });
    ({ outbox, mail } = await mailServices(t));
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends each mail with its envelope, headers and both parts; marks it sent', async () => {
    const [az, en] = await enqueue(t, outbox, [receipt('aynur@example.az', 'az'), receipt('john@example.com', 'en', 'example.az')]);
    const r = await mail.flush();
    assert.deepEqual(r, { claimed: 2, sent: 2, failed: 0, gaveUp: 0, deferred: 0 });
    assert.equal(smtp.received.length, 2);
    const [first, second] = smtp.received;
    assert.equal(first.from, 'no-reply@nic.az');
    assert.deepEqual(first.to, ['aynur@example.az']);
    assert.deepEqual(second.to, ['john@example.com']);
    const m = parseEml(first.data);
    assert.equal(m.headers.get('subject'), 'şəki.az domeni qeydiyyata alındı');
    assert.equal(m.headers.get('message-id'), `<outbox-${az}@nic.az>`);
    assert.match(m.text, /qeydiyyata alındı/);
    assert.match(m.html, /<p>Hörmətli müştəri,<\/p>/);
    assert.equal(parseEml(second.data).headers.get('subject'), 'example.az is registered');
    for (const id of [az, en]) assert.ok((await queryOne<{ sent_at: Date | null }>(t, `SELECT sent_at FROM outbox WHERE id = $1`, [id])).sent_at);
  });

  it('a 550 for one recipient gives that mail up at once and does not hold back the others', async () => {
    const [bad, good] = await enqueue(t, outbox, [receipt('nobody@example.az', 'az'), receipt('ok@example.az', 'az')]);
    const r = await mail.flush();
    assert.deepEqual(r, { claimed: 2, sent: 1, failed: 1, gaveUp: 1, deferred: 0 });
    const row = await queryOne<{ attempts: number; last_error: string; sent_at: Date | null }>(t, `SELECT * FROM outbox WHERE id = $1`, [bad]);
    assert.equal(row.sent_at, null);
    assert.equal(row.attempts, MAIL_MAX_ATTEMPTS);
    assert.match(row.last_error, /550/);
    assert.ok((await queryOne<{ sent_at: Date | null }>(t, `SELECT sent_at FROM outbox WHERE id = $1`, [good])).sent_at);
  });
});
