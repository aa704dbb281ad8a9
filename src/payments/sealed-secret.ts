import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { derivedKey } from './app-secret';

/**
 * A short secret kept for a while in the database (a transfer's auth code between checkout and
 * the payment's arrival): AES-256-GCM under a key derived from APP_SECRET for `purpose`, as
 * base64url(iv ‖ tag ‖ ciphertext). Opening checks the tag, so a changed value is refused.
 */
export function sealSecret(config: AppConfig, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(config, `sealed/${purpose}`), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plaintext of `sealSecret`'s output; throws when it was not sealed for `purpose` with this secret. */
export function openSecret(config: AppConfig, purpose: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 28) throw new Error('sealed secret too short');
  const decipher = createDecipheriv('aes-256-gcm', derivedKey(config, `sealed/${purpose}`), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
