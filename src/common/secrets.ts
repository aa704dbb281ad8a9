import * as argon2 from 'argon2';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets at rest. Passwords (registrars, registrants, admins) use argon2id with the library's
 * defaults (64 MiB, t=3, p=4). EPP auth info (transfer codes) is also argon2id, with OWASP's lighter
 * profile (19 MiB, t=2, p=1) because it sits on the create/transfer path; it is still a memory-hard
 * hash, so a leaked table does not leak transfer codes. API keys are 256-bit random secrets, so a
 * plain SHA-256 is enough (no dictionary to attack) and costs microseconds per request.
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

const AUTH_INFO_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashAuthInfo(authInfo: string): Promise<string> {
  return argon2.hash(authInfo, AUTH_INFO_OPTIONS);
}

export const verifyAuthInfoHash = verifyPassword;

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
