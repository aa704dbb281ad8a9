import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { DnsModule } from '../../src/dns/dns.module';
import { serialOf } from '../../src/dns/zone-file';
import { ZonePublisher } from '../../src/dns/zone-publisher';
import { Clock } from '../../src/registry/command/clock';
import type { TestApp } from '../support/test-app';

/** The repository root: the nearest ancestor of this file holding package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export const GOLDEN_DIR = join(repoRoot(), 'test', 'dns', 'golden');

/** Stands in for the app's global providers, so the test builds DnsModule exactly as the worker does. */
class DnsTestGlobals {}

/**
 * A `ZonePublisher` from `DnsModule`, wired by Nest (the worker's wiring: DataSource, Clock and
 * AppConfig as globals), on the test app's database and fake clock, with its own settings.
 */
export async function dnsPublisher(t: TestApp, env: Record<string, string>): Promise<{ publisher: ZonePublisher; module: TestingModule }> {
  const config = loadConfig({ DATABASE_URL: t.db.url, ...env });
  const module = await Test.createTestingModule({
    imports: [
      {
        module: DnsTestGlobals,
        global: true,
        providers: [
          { provide: DataSource, useValue: t.dataSource },
          { provide: Clock, useValue: t.clock },
          { provide: AppConfig, useValue: config },
        ],
        exports: [DataSource, Clock, AppConfig],
      },
      DnsModule,
    ],
  }).compile();
  return { publisher: module.get(ZonePublisher), module };
}

/** A zone file with its SOA serial replaced by `%SERIAL%`, for golden comparison. */
export function withSerialPlaceholder(text: string): string {
  const serial = serialOf(text);
  assert.ok(serial !== null, 'the zone file has no SOA');
  return text.replace(/^(\S+\tIN\tSOA\t\S+ \S+ )\d+ /m, '$1%SERIAL% ');
}

export interface CheckZoneOutcome {
  code: number;
  output: string;
}

/**
 * Runs `named-checkzone [options] <zone> <file>`. Fails the test (never skips it) when the tool is
 * missing: the zone files must be checked by BIND's own parser. By default (`-i full`) it also
 * looks up out-of-zone name servers through the system resolver; pass `['-i', 'local']` for large
 * zones, where thousands of such lookups would dominate the test's time.
 */
export function namedCheckzone(zone: string, file: string, options: string[] = []): Promise<CheckZoneOutcome> {
  return new Promise((resolve, reject) => {
    execFile('named-checkzone', [...options, zone, file], { timeout: 120_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('named-checkzone is not installed: install Debian bind9-utils (apt-get install -y bind9-utils; .ci/run installs it)'));
        return;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output });
    });
  });
}

/** Samples this process's RSS every few milliseconds until stopped; returns the peak. */
export function sampleRss(everyMs = 5): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}
