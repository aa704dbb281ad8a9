import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Queue } from 'bullmq';
import { depositTypeFor } from '../../src/escrow/escrow.service';
import { EscrowGpgError, signAndEncrypt } from '../../src/escrow/gpg';
import { verifyDeposit } from '../../src/escrow/deposit-verifier';
import { JobName } from '../../src/infrastructure/queue/queue.names';
import { EscrowProcessor, ESCROW_SCHEDULE } from '../../src/worker/escrow.processor';
import { JobRegistry } from '../../src/worker/job-dispatch';
import type { TestApp } from '../support/test-app';
import { escrowApp, escrowService } from './support';

/** The daily job (FULL on Sundays, INCR otherwise), the INCR→FULL fallback, and GPG output. */

const hasGpg = spawnSync('gpg', ['--version']).status === 0;

describe('escrow job and GPG', () => {
  let t: TestApp;
  let dir: string;

  before(async () => {
    ({ t, dir } = await escrowApp());
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('decides the type from the clock: FULL on Sunday (UTC), INCR on other days', () => {
    assert.equal(depositTypeFor(new Date('2026-01-18T00:30:00Z')), 'FULL'); // Sunday
    assert.equal(depositTypeFor(new Date('2026-01-19T00:30:00Z')), 'INCR');
    assert.equal(depositTypeFor(new Date('2026-01-17T23:59:59Z')), 'INCR'); // Saturday in UTC
  });

  it('schedules itself daily at 00:30 UTC and makes the day\'s deposit when the job runs; INCR with no earlier deposit becomes FULL', async () => {
    const scheduled: unknown[][] = [];
    const queue = { upsertJobScheduler: async (...args: unknown[]) => void scheduled.push(args) } as unknown as Queue;
    const registry = new JobRegistry();
    const processor = new EscrowProcessor(escrowService(t), t.clock, queue, registry);
    await processor.onApplicationBootstrap();
    assert.deepEqual(scheduled, [['escrow-daily', { pattern: '30 0 * * *', tz: 'UTC' }, { name: JobName.EscrowDeposit, data: {} }]]);
    assert.deepEqual(ESCROW_SCHEDULE, { pattern: '30 0 * * *', tz: 'UTC' });

    t.clock.set('2026-01-19T00:30:00Z'); // Monday, but nothing deposited yet
    const job = { name: JobName.EscrowDeposit, data: {} } as Job;
    const first = (await processor.process(job)) as { id: string; type: string; file: string };
    assert.deepEqual([first.id, first.type], ['20260119F', 'FULL']);
    assert.deepEqual(await processor.process(job), first, 'the same job again returns the same deposit');

    t.clock.set('2026-01-20T00:30:00Z');
    const second = (await processor.process(job)) as { id: string; type: string };
    assert.deepEqual([second.id, second.type], ['20260120I', 'INCR']);
    assert.equal((await verifyDeposit(join(dir, 'az_2026-01-20_INCR_S1_R0.xml'))).ok, true);
    await assert.rejects(processor.process({ name: 'nope', data: {} } as Job), /no processor for job nope/);
  });

  it('says clearly when ESCROW_GPG_RECIPIENT is set but gpg is missing', async () => {
    const file = join(dir, 'az_2026-01-19_FULL_S1_R0.xml');
    await assert.rejects(signAndEncrypt(file, 'escrow@example.az', 'gpg-is-not-installed-here'), (e: unknown) => {
      assert.ok(e instanceof EscrowGpgError);
      assert.match(e.message, /ESCROW_GPG_RECIPIENT is set but gpg is not installed/);
      return true;
    });
  });

  it('with ESCROW_GPG_RECIPIENT, also writes <file>.gpg, signed and encrypted for that key', { skip: !hasGpg && 'gpg not installed' }, async () => {
    const home = await mkdtemp(join(tmpdir(), 'azreg-gnupg-'));
    const saved = process.env.GNUPGHOME;
    process.env.GNUPGHOME = home;
    try {
      const gpg = (...args: string[]) => execFileSync('gpg', ['--batch', '--passphrase', '', ...args], { stdio: 'pipe' });
      gpg('--quick-gen-key', 'azreg escrow test <escrow@example.az>', 'ed25519', 'sign', 'never');
      const fpr = /^fpr:+([0-9A-F]+):/m.exec(execFileSync('gpg', ['--list-keys', '--with-colons'], { encoding: 'utf8', stdio: 'pipe' }))![1];
      gpg('--quick-add-key', fpr, 'cv25519', 'encr', 'never');

      const gpgDir = join(dir, 'gpg');
      const service = escrowService(t, { ESCROW_DIR: gpgDir, ESCROW_GPG_RECIPIENT: 'escrow@example.az' });
      t.clock.set('2026-01-25T00:30:00Z');
      const d = await service.deposit('FULL', t.clock.now());
      assert.ok((await stat(`${d.file}.gpg`)).size > 0);
      const decrypted = execFileSync('gpg', ['--batch', '--decrypt', `${d.file}.gpg`], { stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(decrypted.toString('utf8'), await readFile(d.file, 'utf8'));

      await assert.rejects(escrowService(t, { ESCROW_DIR: gpgDir, ESCROW_GPG_RECIPIENT: 'nobody@example.invalid' }).deposit('FULL', new Date('2026-02-01T00:30:00Z')), (e: unknown) => {
        assert.ok(e instanceof EscrowGpgError);
        assert.match(e.message, /gpg could not sign and encrypt .* for "nobody@example\.invalid"/);
        return true;
      });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM escrow_deposits WHERE id = '20260201F'`);
      assert.equal(n, 0, 'a deposit gpg failed on is not recorded (the job retries)');
    } finally {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
      if (saved === undefined) delete process.env.GNUPGHOME;
      else process.env.GNUPGHOME = saved;
      await rm(home, { recursive: true, force: true });
    }
  });
});
