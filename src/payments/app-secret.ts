import { Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

/** Used when APP_SECRET is unset (development, tests). Public, so anything signed with it is forgeable. */
export const DEVELOPMENT_APP_SECRET = 'azreg-development-secret-not-for-production';

let warned = false;

/**
 * The installation's secret (APP_SECRET), or the fixed development secret with a warning logged
 * once per process when it is unset.
 */
export function appSecret(config: AppConfig): string {
  if (config.APP_SECRET) return config.APP_SECRET;
  if (!warned) {
    warned = true;
    new Logger('AppSecret').warn('APP_SECRET is not set: using the fixed development secret; signed payment callbacks and cookies can be forged. Set APP_SECRET in production.');
  }
  return DEVELOPMENT_APP_SECRET;
}

/**
 * A key for one purpose derived from the app secret (HMAC-SHA256(secret, purpose)), so that a
 * signature made for one use (a payment callback) can never pass as another (a session cookie).
 */
export function derivedKey(config: AppConfig, purpose: string): Buffer {
  return createHmac('sha256', appSecret(config)).update(`azreg/${purpose}`).digest();
}
