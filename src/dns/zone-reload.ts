import { execFile } from 'node:child_process';

/** How long the reload command may run before it is killed (and reported as failed). */
export const RELOAD_TIMEOUT_MS = 30_000;

/** Zone names come from the `zones` table (CHECKed there too); nothing else reaches the shell. */
const SAFE_ZONE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

export interface ReloadOutcome {
  /** The command as run (`{zone}` substituted). */
  command: string;
  ok: boolean;
  /** Exit code, or null when it was killed (timeout) or could not start. */
  exitCode: number | null;
  /** The command's stderr (or the error) when it failed, shortened. */
  error?: string;
  ms: number;
}

/**
 * Runs ZONE_RELOAD_COMMAND for `zone` (`sh -c`, `{zone}` substituted, 30 s timeout). Never throws:
 * a failed reload is reported to the caller, which logs it; the zone file is already in place and
 * the next publication reloads again.
 */
export function runReloadCommand(template: string, zone: string): Promise<ReloadOutcome> {
  if (!SAFE_ZONE.test(zone)) throw new Error(`refusing to pass zone name ${JSON.stringify(zone)} to a shell`);
  const command = template.replaceAll('{zone}', zone);
  const started = performance.now();
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { timeout: RELOAD_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      const ms = Math.round(performance.now() - started);
      if (!error) return resolve({ command, ok: true, exitCode: 0, ms });
      const code = typeof error.code === 'number' ? error.code : null;
      const reason = error.killed ? `killed after ${RELOAD_TIMEOUT_MS} ms` : String(stderr || error.message).trim();
      resolve({ command, ok: false, exitCode: code, error: reason.slice(0, 2_000), ms });
    });
  });
}
