/** What azreg remembers about one EPP connection. */
export interface EppSession {
  loggedIn: boolean;
  registrarId: string | null;
  objURIs: Set<string>;
  extURIs: Set<string>;
  /** Commands other than hello/login seen before login (the first one ends the session). */
  commandsBeforeLogin: number;
  startedAt: Date;
  /** When this session last renewed its lease in Redis (epoch ms); see SESSION_TOUCH_INTERVAL_MS. */
  touchedAt: number;
}

/**
 * A session renews its Redis lease (idle timeout + 60 s) at most this often, not on every command:
 * a busy session sends hundreds of commands a second, and the lease only has to outlive the idle
 * timeout.
 */
export const SESSION_TOUCH_INTERVAL_MS = 10_000;

export function newSession(now: Date): EppSession {
  return { loggedIn: false, registrarId: null, objURIs: new Set(), extURIs: new Set(), commandsBeforeLogin: 0, startedAt: now, touchedAt: 0 };
}
