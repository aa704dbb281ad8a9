import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The URL of the quick start's embedded PostgreSQL if `npm start` is running it right now
 * (read from its postmaster.pid), so that the CLI can share it instead of starting a second one.
 */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = resolve(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return `postgres://azreg:azreg@127.0.0.1:${port}/azreg`;
}
