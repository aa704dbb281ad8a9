import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const main = join(__dirname, '..', '..', 'src', 'main.js');
const cli = join(__dirname, '..', '..', 'src', 'cli', 'cli.js');

function run(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('start-up failures are one clear line', () => {
  it('exits 1 with how to start Redis when Redis is unreachable', () => {
    const r = run(main, [], { REDIS_URL: 'redis://127.0.0.1:1', DATABASE_URL: 'postgres://root@127.0.0.1:5432/postgres' });
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*redis-server/);
  });

  it('exits 1 listing every invalid setting', () => {
    const r = run(main, [], { PORT: 'abc', ROLES: 'api,bogus', DEMO_DATA: 'maybe' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
    assert.match(r.stderr, /unknown role "bogus"/);
    assert.match(r.stderr, /DEMO_DATA/);
  });

  it('production refuses to start without a real APP_SECRET', () => {
    const r = run(main, [], { NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:1' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /APP_SECRET: required in production/);
  });

  it('the CLI refuses bad input with a non-zero exit and a message', () => {
    const usage = run(cli, ['frobnicate'], {});
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /usage: npm run cli/);
    const badAmount = run(cli, ['registrar', 'credit', 'x', 'ten'], {});
    assert.equal(badAmount.status, 1);
    assert.match(badAmount.stderr, /amount in AZN/);
  });
});
