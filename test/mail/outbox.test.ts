import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { CommandFailedError } from '../../src/common/registry-errors';
import { systemActor } from '../../src/registry/command/actor';
import { CommandRunner } from '../../src/registry/command/command-runner';
import { JobName, QueueName } from '../../src/infrastructure/queue/queue.names';
import type { MailService } from '../../src/mail/mail.service';
import type { OutboxRepository } from '../../src/mail/outbox.repository';
import { MailProcessor } from '../../src/worker/mail.processor';
import { JobRegistry } from '../../src/worker/job-dispatch';
import { createDomain } from '../handlers/handler-helpers';
import { newContact, newRegistrar, queryOne, startTestApp, type TestApp } from '../support/test-app';
import { emlFiles, enqueue, mailServices, readEml, receipt } from './mail-helpers';

/** The outbox: written in the command's transaction, sent by flush exactly once, as files in development. */
describe('mail outbox', () => {
  let t: TestApp;
  let outbox: OutboxRepository;
  let mail: MailService;
  let dataDir: string;
  const count = async (sql: string, params: unknown[] = []) => Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM (${sql}) q`, params)).n);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'azreg-mail-'));
    t = await startTestApp({ env: { DATA_DIR: dataDir } });
    ({ outbox, mail } = await mailServices(t));
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a command that fails after enqueueing leaves no outbox row and requests no flush', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Mail), { strict: false });
    const jobsBefore = await queue.getJobCountByTypes('delayed', 'waiting');
    await assert.rejects(enqueue(t, outbox, [receipt('rollback@example.az', 'az')], true), CommandFailedError);
    assert.equal(await count(`SELECT 1 FROM outbox`), 0);
    assert.equal(await queue.getJobCountByTypes('delayed', 'waiting'), jobsBefore);
  });

  it('enqueue writes the row with the command time and, after commit, requests a flush job', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Mail), { strict: false });
    const [id] = await enqueue(t, outbox, [receipt('commit@example.az', 'en')]);
    assert.ok(id);
    const row = await queryOne<{ template: string; locale: string; created_at: Date; sent_at: Date | null; attempts: number; payload: { domain: string } }>(t, `SELECT * FROM outbox WHERE id = $1`, [id]);
    assert.equal(row.template, 'registration-receipt');
    assert.equal(row.locale, 'en');
    assert.equal(row.payload.domain, 'şəki.az');
    assert.deepEqual(row.created_at, t.clock.now());
    assert.equal(row.sent_at, null);
    assert.equal(row.attempts, 0);
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    assert.ok(jobs.some((j) => j.name === JobName.MailFlush && String(j.id).startsWith('mail-flush-')), 'a mail.flush job is queued');
  });

  it('flush writes one .eml per mail with the right recipient, subject and language; az and en', async () => {
    const [azId, enId] = await enqueue(t, outbox, [receipt('aynur@example.az', 'az'), receipt('john@example.com', 'en', 'example.az')]);
    const r = await mail.flush();
    assert.equal(r.sent, 3, 'the two new mails and the one from the previous test');
    assert.equal(r.failed, 0);

    const az = readEml(dataDir, `${azId}-registration-receipt.eml`);
    assert.equal(az.headers.get('to'), 'aynur@example.az');
    assert.equal(az.headers.get('subject'), 'şəki.az domeni qeydiyyata alındı');
    assert.equal(az.headers.get('content-language'), 'az');
    assert.equal(az.headers.get('auto-submitted'), 'auto-generated');
    assert.match(az.headers.get('message-id') ?? '', new RegExp(`^<outbox-${azId}@nic\\.az>$`));
    assert.match(az.headers.get('from') ?? '', /no-reply@nic\.az/);
    assert.match(az.text, /şəki\.az domeni 2 il müddətinə sizin adınıza qeydiyyata alındı/);
    assert.match(az.text, /Bitmə tarixi: 15\.01\.2028/);
    assert.match(az.text, /Ödənilən məbləğ: 40,00 AZN/);
    assert.match(az.text, /Dəstək xidməti: support@nic\.az/);
    assert.match(az.html, /<html lang="az">/);
    assert.doesNotMatch(az.html, /<img/i, 'no images, no tracking pixels');

    const en = readEml(dataDir, `${enId}-registration-receipt.eml`);
    assert.equal(en.headers.get('to'), 'john@example.com');
    assert.equal(en.headers.get('subject'), 'example.az is registered');
    assert.equal(en.headers.get('content-language'), 'en');
    assert.match(en.text, /registered in your name for 2 years/);
    assert.match(en.text, /Amount paid: 40\.00 AZN/);

    const sent = await queryOne<{ sent_at: Date }>(t, `SELECT sent_at FROM outbox WHERE id = $1`, [azId]);
    assert.deepEqual(sent.sent_at, t.clock.now());
    const again = await mail.flush();
    assert.deepEqual(again, { claimed: 0, sent: 0, failed: 0, gaveUp: 0, deferred: 0 }, 'a sent mail is never claimed again');
  });

  it('a dedupe key writes the mail once, even from a second command or a repeated scan', async () => {
    const reminder = {
      template: 'renewal-reminder' as const,
      recipient: 'owner@example.az',
      locale: 'az' as const,
      payload: { domain: 'şəki.az', expiry: '2026-02-14T10:00:00Z', daysLeft: 30 },
      dedupeKey: 'renewal-reminder:şəki.az:2026-02-14:30',
    };
    const [first] = await enqueue(t, outbox, [reminder]);
    const [second, third] = await enqueue(t, outbox, [reminder, reminder]);
    assert.ok(first);
    assert.equal(second, null);
    assert.equal(third, null);
    assert.equal(await count(`SELECT 1 FROM outbox WHERE dedupe_key = $1`, [reminder.dedupeKey]), 1);
    // Without a key nothing is deduplicated.
    await enqueue(t, outbox, [{ ...reminder, dedupeKey: undefined }, { ...reminder, dedupeKey: undefined }]);
    assert.equal(await count(`SELECT 1 FROM outbox WHERE template = 'renewal-reminder'`), 3);
    const r = await mail.flush();
    assert.equal(r.sent, 3);
    const eml = readEml(dataDir, `${first}-renewal-reminder.eml`);
    assert.equal(eml.headers.get('subject'), 'şəki.az domeninin müddəti 30 gün sonra bitir');
  });

  it('a bad recipient is skipped, without failing the command that caused the mail', async () => {
    const ids = await enqueue(t, outbox, [receipt('a@example.az\r\nBcc: x@evil.example', 'az'), receipt('a@example.az, b@example.az', 'az'), receipt('', 'az')]);
    assert.deepEqual(ids, [null, null, null]);
    assert.equal(await count(`SELECT 1 FROM outbox WHERE sent_at IS NULL`), 0);
  });

  it('two concurrent flushes send each of 20 mails exactly once', async () => {
    const filesBefore = new Set(emlFiles(dataDir));
    const ids = (await enqueue(t, outbox, Array.from({ length: 20 }, (_, i) => receipt(`race${i}@example.az`, i % 2 ? 'en' : 'az', `race${i}.az`)))) as string[];
    const [a, b] = await Promise.all([mail.flush(), mail.flush()]);
    assert.equal(a.sent + b.sent, 20);
    assert.equal(a.claimed + b.claimed, 20);
    const files = emlFiles(dataDir).filter((f) => !filesBefore.has(f));
    assert.deepEqual(files.sort(), ids.map((id) => `${id}-registration-receipt.eml`).sort());
    assert.equal(await count(`SELECT 1 FROM outbox WHERE id = ANY($1::bigint[]) AND sent_at IS NOT NULL`, [ids]), 20);
  });

  it('small interleaved batches from two flushers still send each mail once', async () => {
    const filesBefore = new Set(emlFiles(dataDir));
    const ids = (await enqueue(t, outbox, Array.from({ length: 20 }, (_, i) => receipt(`batch${i}@example.az`, 'az', `batch${i}.az`)))) as string[];
    let sent = 0;
    let rounds = 0;
    for (;;) {
      const [a, b] = await Promise.all([mail.flush(3), mail.flush(3)]);
      sent += a.sent + b.sent;
      rounds++;
      assert.ok(a.claimed <= 3 && b.claimed <= 3);
      if (a.claimed + b.claimed === 0) break;
    }
    assert.equal(sent, 20);
    assert.ok(rounds >= 5, 'several rounds were needed');
    const files = emlFiles(dataDir).filter((f) => !filesBefore.has(f));
    assert.deepEqual(files.sort(), ids.map((id) => `${id}-registration-receipt.eml`).sort());
  });

  it('a row whose payload cannot render is given up at once, with the reason', async () => {
    const [id] = await t.dataSource.query(
      `INSERT INTO outbox (template, recipient, locale, payload, created_at) VALUES ('transfer-approved', 'x@example.az', 'en', '{"domain":"x.az"}', $1) RETURNING id`,
      [t.clock.now()],
    );
    const r = await mail.flush();
    assert.equal(r.gaveUp, 1);
    const row = await queryOne<{ attempts: number; last_error: string; sent_at: Date | null }>(t, `SELECT * FROM outbox WHERE id = $1`, [id.id]);
    assert.equal(row.sent_at, null);
    assert.equal(row.attempts, 8);
    assert.match(row.last_error, /missing payload field\(s\) gainingRegistrar/);
  });

  it('the MailProcessor handles mail.flush by flushing batch after batch until the outbox is drained', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Mail), { strict: false });
    const registry = new JobRegistry();
    const processor = new MailProcessor(mail, queue, registry);
    const filesBefore = emlFiles(dataDir).length;
    await enqueue(t, outbox, Array.from({ length: 130 }, (_, i) => receipt(`bulk${i}@example.az`, 'en', `bulk${i}.az`)));
    const result = await processor.process({ name: JobName.MailFlush, data: {} } as unknown as Job);
    assert.deepEqual(result, { sent: 130, failed: 0, gaveUp: 0 });
    assert.equal(emlFiles(dataDir).length, filesBefore + 130);
    assert.equal(await count(`SELECT 1 FROM outbox WHERE sent_at IS NULL AND attempts < 8`), 0);
    // Registered in the JobRegistry: the boot check complains about other jobs' processors, never about mail.flush.
    assert.throws(() => registry.onApplicationBootstrap(), (e: unknown) => e instanceof Error && !e.message.includes(JobName.MailFlush));
  });

  it('enqueueToRegistrant mails the registrant contact, in the account language or by country', async () => {
    await newRegistrar(t, 'mail-r1');
    await newContact(t, 'mail-r1', 'MAIL-C1');
    await createDomain(t, 'mail-r1', 'poçt.az', 'MAIL-C1');
    const domain = await queryOne<{ id: string }>(t, `SELECT id FROM domains WHERE unicode_name = 'poçt.az'`);
    const toRegistrant = (dedupeKey: string) =>
      t.app.get(CommandRunner).run(
        { command: 'test.mail-registrant', handle: (ctx) => outbox.enqueueToRegistrant(ctx, domain.id, { template: 'transfer-approved', payload: { domain: 'poçt.az', gainingRegistrar: 'R2' }, dedupeKey }) },
        systemActor('test'),
        undefined,
      );
    const rowOf = (id: string | null) => queryOne<{ recipient: string; locale: string }>(t, `SELECT recipient, locale FROM outbox WHERE id = $1`, [id]);

    assert.deepEqual(await rowOf(await toRegistrant('k1')), { recipient: 'mail-c1@example.az', locale: 'az' }, 'a contact in AZ: Azerbaijani');
    await t.dataSource.query(`UPDATE contacts SET cc = 'GB' WHERE handle = 'MAIL-C1'`);
    assert.deepEqual(await rowOf(await toRegistrant('k2')), { recipient: 'mail-c1@example.az', locale: 'en' }, 'elsewhere: English');
    await t.dataSource.query(
      `INSERT INTO registrant_accounts (id, email, password_hash, locale, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'acc@example.az', 'x', 'az', now(), now())`,
    );
    await t.dataSource.query(`UPDATE domains SET account_id = '00000000-0000-4000-8000-000000000001' WHERE id = $1`, [domain.id]);
    assert.deepEqual(await rowOf(await toRegistrant('k3')), { recipient: 'mail-c1@example.az', locale: 'az' }, 'the account language wins');
    assert.equal(await toRegistrant('k3'), null, 'deduplicated');
    await mail.flush();
  });
});
