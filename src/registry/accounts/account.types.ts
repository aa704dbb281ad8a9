import type { Actor } from '../command/actor';

/** The languages of the control panel and of the mails an account receives. */
export type AccountLocale = 'az' | 'en';
export const ACCOUNT_LOCALES: readonly AccountLocale[] = ['az', 'en'];

/** What a one-time token in `account_tokens` is for; a token of one purpose never serves the other. */
export type AccountTokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

/** A registrant's control-panel account (`registrant_accounts`). Carries the password hash: never put the record itself in history or a response (see `accountSnapshot`). */
export interface AccountRecord {
  id: string;
  /** Normalised (see `normaliseEmail`): lower case, ASCII (an IDN domain is stored as its A-label). */
  email: string;
  passwordHash: string;
  emailVerifiedAt: Date | null;
  locale: AccountLocale;
  /** The account's registrant contact (`contacts.id`), once registrant details were given. */
  contactId: string | null;
  /** Consecutive failed logins since the last success or lock. */
  failedLogins: number;
  /** Logins are refused until this time (migration 1764500000000). */
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored one-time token: only the SHA-256 of the token is kept. */
export interface AccountTokenRecord {
  tokenHash: Buffer;
  accountId: string;
  purpose: AccountTokenPurpose;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  /** For `change-email`: the address the account moves to once the link is opened. */
  newEmail: string | null;
}

/** How long an e-mail verification link stays valid. */
export const VERIFY_EMAIL_TTL_MS = 24 * 60 * 60_000;
/** How long a link confirming a new e-mail address stays valid. */
export const CHANGE_EMAIL_TTL_MS = 24 * 60 * 60_000;
/** How long a password reset link stays valid. */
export const RESET_PASSWORD_TTL_MS = 60 * 60_000;
/** Consecutive failed logins that lock an account… */
export const LOGIN_FAILURES_BEFORE_LOCK = 10;
/** …for this long. */
export const LOGIN_LOCK_MS = 15 * 60_000;

/** The panel before login (sign-up, verify, password reset): nobody known yet. */
export function anonymousPanelActor(requestId?: string): Actor {
  return { type: 'registrant', id: 'anonymous', channel: 'panel', requestId };
}

/** A logged-in registrant acting in the panel. */
export function registrantActor(accountId: string, requestId?: string): Actor {
  return { type: 'registrant', id: accountId, channel: 'panel', requestId };
}

/** What history stores of an account: never the password hash, nor anything about tokens. */
export function accountSnapshot(a: AccountRecord): Record<string, unknown> {
  return {
    email: a.email,
    locale: a.locale,
    emailVerifiedAt: a.emailVerifiedAt,
    contactId: a.contactId,
  };
}
