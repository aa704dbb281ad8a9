/** What azreg remembers about one EPP connection. */
export interface EppSession {
  loggedIn: boolean;
  registrarId: string | null;
  objURIs: Set<string>;
  extURIs: Set<string>;
  /** Commands other than hello/login seen before login (the first one ends the session). */
  commandsBeforeLogin: number;
  startedAt: Date;
}

export function newSession(now: Date): EppSession {
  return { loggedIn: false, registrarId: null, objURIs: new Set(), extURIs: new Set(), commandsBeforeLogin: 0, startedAt: now };
}
