import { randomBytes } from 'node:crypto';
import { InvalidAuthInfoError } from '../../common/registry-errors';
import { sha256 } from '../../common/secrets';
import type { CommandContext } from '../command/command-context';
import type { AccountRepository } from './account.repository';
import type { AccountTokenPurpose, AccountTokenRecord } from './account.types';

/** 32 random bytes in base64url, without padding: always 43 characters of [A-Za-z0-9_-]. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A fresh one-time token (256 random bits) and the SHA-256 that is all the database keeps of it.
 * A plain hash is enough: the token has no dictionary to attack, unlike a password.
 */
export function newAccountToken(): { token: string; tokenHash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: sha256(token) };
}

/**
 * Issues a token of `purpose` for an account, valid for `ttlMs` from the command's `now`, and
 * stores its hash. Returns the token (for the mail link only) and when it expires.
 */
export async function issueAccountToken(
  accounts: AccountRepository,
  ctx: CommandContext,
  accountId: string,
  purpose: AccountTokenPurpose,
  ttlMs: number,
  newEmail?: string,
): Promise<{ token: string; expiresAt: Date }> {
  const { token, tokenHash } = newAccountToken();
  const expiresAt = new Date(ctx.now.getTime() + ttlMs);
  await accounts.insertToken(ctx.manager, { tokenHash, accountId, purpose, createdAt: ctx.now, expiresAt, newEmail });
  return { token, expiresAt };
}

/** `${PUBLIC_URL}/panel/<page>?token=…` (a trailing slash on PUBLIC_URL is tolerated). */
export function panelTokenLink(publicUrl: string, page: 'verify' | 'reset-password' | 'confirm-email', token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/panel/${page}?token=${encodeURIComponent(token)}`;
}

/**
 * Finds a token of the given purpose, checks that it can still be used, and uses it up, in the
 * command's transaction (row-locked, so two concurrent uses cannot both succeed). Throws
 * InvalidAuthInfoError (2202) with reason `token-unknown` (malformed, never issued, or issued for
 * the other purpose), `token-used` or `token-expired` (at or after `expires_at`).
 */
export async function consumeAccountToken(
  accounts: AccountRepository,
  ctx: CommandContext,
  token: string,
  purpose: AccountTokenPurpose,
): Promise<AccountTokenRecord> {
  if (!TOKEN_SHAPE.test(token)) throw new InvalidAuthInfoError('This link is not valid', { reason: 'token-unknown' });
  const found = await accounts.findTokenForUpdate(ctx.manager, sha256(token), purpose);
  if (!found) throw new InvalidAuthInfoError('This link is not valid', { reason: 'token-unknown' });
  if (found.usedAt) throw new InvalidAuthInfoError('This link has already been used', { reason: 'token-used' });
  if (found.expiresAt.getTime() <= ctx.now.getTime()) throw new InvalidAuthInfoError('This link has expired', { reason: 'token-expired' });
  await accounts.markTokenUsed(ctx.manager, found.tokenHash, ctx.now);
  return found;
}
