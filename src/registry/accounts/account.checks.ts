import { domainToASCII } from 'node:url';
import { AuthorizationError, MissingParameterError, ParameterPolicyError, ParameterSyntaxError } from '../../common/registry-errors';
import type { Actor } from '../command/actor';
import { ACCOUNT_LOCALES, type AccountLocale } from './account.types';
import { COMMON_PASSWORDS } from './common-passwords';

/** RFC 5321 limits. */
const MAX_EMAIL = 254;
const MAX_LOCAL_PART = 64;
/** Dot-atom local part (RFC 5322 §3.4.1), ASCII only: SMTPUTF8 mailboxes are not supported. */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A host name with at least two labels, after IDNA (so `xn--` labels are plain LDH here). */
const MAIL_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough that nobody makes us hash a megabyte. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Normalises and validates a sign-up or login address: trimmed, NFC, lower case (the unique index
 * is on `lower(email)` and practically every mailbox ignores case), an IDN domain as its A-label
 * (`aynur@şəki.az` → `aynur@xn--ki-...`) so every SMTP server can take it. Throws
 * ParameterSyntaxError (2005, reason `email`).
 */
export function normaliseEmail(raw: string): string {
  const fail = () => new ParameterSyntaxError('Not a valid e-mail address', { reason: 'email', value: raw });
  const email = raw.trim().normalize('NFC').toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.length > MAX_EMAIL) throw fail();
  const local = email.slice(0, at);
  const domain = domainToASCII(email.slice(at + 1));
  if (local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local) || !MAIL_DOMAIN.test(domain)) throw fail();
  const normalised = `${local}@${domain}`;
  if (normalised.length > MAX_EMAIL) throw fail();
  return normalised;
}

/**
 * NFC, so that `ə` typed on one keyboard matches `ə` typed on another (NIST SP 800-63B §5.1.1.2).
 * Every handler that hashes or verifies a password goes through this.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * The password rules: at least 10 characters (code points), at most 256, not the e-mail address
 * (nor its local part), not on the built-in list of the most common passwords, and not made of one
 * or two repeated characters. Throws ParameterPolicyError (2306) with reason `password-too-short`,
 * `password-too-long`, `password-is-email` or `password-too-common`.
 */
export function verifyPasswordPolicy(password: string, email: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new ParameterPolicyError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters`, { reason: 'password-too-short' });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new ParameterPolicyError(`The password may have at most ${MAX_PASSWORD_LENGTH} characters`, { reason: 'password-too-long' });
  }
  const lower = password.toLowerCase();
  if (lower === email.toLowerCase() || lower === email.slice(0, email.lastIndexOf('@')).toLowerCase()) {
    throw new ParameterPolicyError('The password must not be the e-mail address', { reason: 'password-is-email' });
  }
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size <= 2) {
    throw new ParameterPolicyError('This password is too common; choose another', { reason: 'password-too-common' });
  }
}

/** `az` unless told otherwise; anything else is ParameterSyntaxError (2005, reason `locale`). */
export function verifyLocale(locale: string | undefined): AccountLocale {
  if (locale === undefined) return 'az';
  if (!(ACCOUNT_LOCALES as readonly string[]).includes(locale)) {
    throw new ParameterSyntaxError('The language must be az or en', { reason: 'locale', value: locale });
  }
  return locale as AccountLocale;
}

/** A required string field is present and not empty; else MissingParameterError (2003, reason = the field). */
export function verifyPresent(value: string | undefined | null, field: string): string {
  if (value === undefined || value === null || value === '') throw new MissingParameterError(`${field} is required`, { reason: field });
  return value;
}

/**
 * A registrant may act only on their own account; administrators and the system on any.
 * Throws AuthorizationError (2201, reason `not-account-owner`).
 */
export function verifyAccountActor(actor: Actor, accountId: string): void {
  if (actor.type === 'registrant' && actor.id !== accountId) {
    throw new AuthorizationError('This is not your account', { reason: 'not-account-owner' });
  }
  if (actor.type === 'registrar') {
    throw new AuthorizationError('Registrars do not manage panel accounts', { reason: 'not-account-owner' });
  }
}
