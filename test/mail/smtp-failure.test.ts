import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailService } from '../../src/mail/mail.service';
import { MAIL_MAX_ATTEMPTS, MAIL_RETRY_BASE_MS, type OutboxRepository } from '../../src/mail/outbox.repository';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';
import { emlFiles, enqueue, mailServices, receipt } from './mail-helpers';

interface Row {
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

/** SMTP unreachable (a closed local port): attempts counted with backoff, errors kept, never marked sent. */
describe('mail over an unreachable SMTP server', () => {
  let t: TestApp;
  let outbox: OutboxRepository;
  let mail: MailService;
  let dataDir: string;
  const row = (id: string | null) => queryOne<Row>(t, `SELECT attempts, last_error, sent_at FROM outbox WHERE id = $1`, [id]);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'azreg-mail-smtp-'));
    t = await startTestApp({ env: { DATA_DIR: dataDir, MAIL_SMTP_URL: 'smtp://127.0.0.1:1' } });
    ({ outbox, mail } = await mailServices(t));
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a failed send increments attempts, keeps the error, and stops the batch (the server is down)', async () => {
    const [first, second] = await enqueue(t, outbox, [receipt('a@example.az', 'az'), receipt('b@example.az', 'en')]);
    const r = await mail.flush();
    assert.deepEqual(r, { claimed: 2, sent: 0, failed: 1, gaveUp: 0, deferred: 1 });
    const failed = await row(first);
    assert.equal(failed.attempts, 1);
    assert.equal(failed.sent_at, null);
    assert.match(failed.last_error ?? '', /ECONNREFUSED|connect/i);
    assert.deepEqual(await row(second), { attempts: 0, last_error: null, sent_at: null }, 'the deferred mail lost no attempt');
    assert.deepEqual(emlFiles(dataDir), [], 'no file fallback when SMTP is configured');
  });

  it('a failed mail waits for its backoff; the other is tried on the next flush', async () => {
    const [first, second] = (await t.dataSource.query(`SELECT id FROM outbox ORDER BY id`)).map((r: { id: string }) => r.id);
    const r = await mail.flush();
    assert.equal(r.claimed, 1, 'only the mail that has not failed yet is due');
    assert.equal((await row(second)).attempts, 1);
    assert.equal((await row(first)).attempts, 1);

    t.clock.advance(MAIL_RETRY_BASE_MS - 1);
    assert.equal((await mail.flush()).claimed, 0, 'not due before the first backoff');
    t.clock.advance(1);
    const retry = await mail.flush();
    assert.equal(retry.failed, 1);
    assert.equal((await row(first)).attempts, 2);
  });

  it('gives up after 8 attempts: the row stays unsent with its last error and is never claimed again', async () => {
    const [first] = (await t.dataSource.query(`SELECT id FROM outbox ORDER BY id`)).map((r: { id: string }) => r.id);
    let gaveUp = 0;
    for (let i = 0; i < 20; i++) {
      t.clock.advance(24 * 3_600_000);
      gaveUp += (await mail.flush()).gaveUp;
    }
    const final = await row(first);
    assert.equal(final.attempts, MAIL_MAX_ATTEMPTS);
    assert.equal(final.sent_at, null);
    assert.ok(final.last_error);
    assert.equal(gaveUp, 2, 'both mails given up, each once');
    assert.deepEqual(await mail.flush(), { claimed: 0, sent: 0, failed: 0, gaveUp: 0, deferred: 0 });
  });
});
