import * as argon2 from 'argon2';
import { createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Secrets at rest. Passwords (registrars, registrants, admins) use argon2id with the library's
 * defaults (64 MiB, t=3, p=4). EPP auth info (transfer codes) is a keyed HMAC-SHA-256 with a
 * per-code salt (see `hashAuthInfo`). API keys are 256-bit random secrets, so a plain SHA-256 is
 * enough (no dictionary to attack) and costs microseconds per request.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

const RANDOM_POOL = Buffer.alloc(4096);
let randomPoolOffset = RANDOM_POOL.length;

/**
 * `n` bytes (at most 256) from the same CSPRNG as `randomBytes`, fetched 4 KB at a time: one
 * `randomBytes` call costs microseconds on a VM, and every EPP command (its server transaction id)
 * and every auth-info hash (its salt) needs a few bytes. Each byte is handed out once; Node's own
 * `randomUUID` pools the same way.
 */
export function pooledRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new RangeError(`pooledRandomBytes: 0..256 bytes, got ${n}`);
  if (randomPoolOffset + n > RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    randomPoolOffset = 0;
  }
  const out = Buffer.from(RANDOM_POOL.subarray(randomPoolOffset, randomPoolOffset + n));
  RANDOM_POOL.fill(0, randomPoolOffset, randomPoolOffset + n);
  randomPoolOffset += n;
  return out;
}

const AUTH_INFO_SCHEME = '$hmac-sha256$';
let authInfoKey: { key: Buffer; id: string } | null = null;

/**
 * Sets the process's auth-info key (RegistryModule derives it from APP_SECRET at boot). The key
 * id stored with each hash names the key without revealing it, so a hash made under another
 * APP_SECRET is recognised as such instead of silently failing to match.
 */
export function useAuthInfoKey(key: Buffer): void {
  authInfoKey = { key, id: createHash('sha256').update(key).digest('hex').slice(0, 12) };
}

function currentAuthInfoKey(): { key: Buffer; id: string } {
  if (!authInfoKey) throw new Error('auth-info key not configured (RegistryModule sets it from APP_SECRET)');
  return authInfoKey;
}

function authInfoMac(key: Buffer, salt: Buffer, authInfo: string): Buffer {
  return createHmac('sha256', key).update(salt).update(authInfo.normalize('NFC'), 'utf8').digest();
}

/**
 * Auth info (transfer codes) at rest: `$hmac-sha256$k=<key id>$<salt>$<mac>`, the MAC keyed with a
 * key derived from APP_SECRET, over a random 128-bit salt and the code. It replaces argon2id
 * (19 MiB, t=2), which cost tens of milliseconds of CPU on every create — most of a create's
 * time — while holding a database connection. Why this is still sound:
 * - codes azreg generates carry ~93 random bits, so no offline search applies to them at any hash cost;
 * - for codes a registrar chooses, the key is not in the database (nor in escrow deposits or
 *   backups), so a leaked table gives nothing to test guesses against; argon2 only slowed such
 *   guesses down, the key stops them;
 * - the salt keeps two domains with the same code from having the same hash.
 * Old argon2id hashes still verify (`verifyAuthInfoHash`) until the code is next changed.
 * Rotating APP_SECRET makes existing codes unverifiable: sponsors then set new codes (README).
 */
export async function hashAuthInfo(authInfo: string): Promise<string> {
  const { key, id } = currentAuthInfoKey();
  const salt = pooledRandomBytes(16);
  return `${AUTH_INFO_SCHEME}k=${id}$${salt.toString('base64url')}$${authInfoMac(key, salt, authInfo).toString('base64url')}`;
}

/** Checks a transfer code against its stored hash (HMAC scheme, or argon2id from before it). */
export async function verifyAuthInfoHash(hash: string, authInfo: string): Promise<boolean> {
  if (!hash.startsWith(AUTH_INFO_SCHEME)) return verifyPassword(hash, authInfo);
  const [keyPart, saltPart, macPart] = hash.slice(AUTH_INFO_SCHEME.length).split('$');
  const { key, id } = currentAuthInfoKey();
  if (keyPart !== `k=${id}` || !saltPart || !macPart) return false;
  return sameHash(authInfoMac(key, Buffer.from(saltPart, 'base64url'), authInfo), Buffer.from(macPart, 'base64url'));
}

const AUTH_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random transfer code: 16 characters from a 57-letter alphabet (~93 bits), with a symbol and digit. */
export function generateAuthInfo(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += AUTH_ALPHABET[b % AUTH_ALPHABET.length];
  return `${out.slice(0, 8)}-${out.slice(8)}7`;
}

export function newApiSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
