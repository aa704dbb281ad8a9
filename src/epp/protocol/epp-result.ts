import { RegistryError } from '../../common/registry-errors';

/** RFC 5730 §3 result codes azreg uses, with their standard messages. */
export const RESULT_MESSAGES: Readonly<Record<number, string>> = {
  1000: 'Command completed successfully',
  1001: 'Command completed successfully; action pending',
  1300: 'Command completed successfully; no messages',
  1301: 'Command completed successfully; ack to dequeue',
  1500: 'Command completed successfully; ending session',
  2000: 'Unknown command',
  2001: 'Command syntax error',
  2002: 'Command use error',
  2003: 'Required parameter missing',
  2004: 'Parameter value range error',
  2005: 'Parameter value syntax error',
  2100: 'Unimplemented protocol version',
  2101: 'Unimplemented command',
  2102: 'Unimplemented option',
  2103: 'Unimplemented extension',
  2104: 'Billing failure',
  2105: 'Object is not eligible for renewal',
  2106: 'Object is not eligible for transfer',
  2200: 'Authentication error',
  2201: 'Authorization error',
  2202: 'Invalid authorization information',
  2300: 'Object pending transfer',
  2301: 'Object not pending transfer',
  2302: 'Object exists',
  2303: 'Object does not exist',
  2304: 'Object status prohibits operation',
  2305: 'Object association prohibits operation',
  2306: 'Parameter value policy error',
  2307: 'Unimplemented object service',
  2308: 'Data management policy violation',
  2400: 'Command failed',
  2500: 'Command failed; server closing connection',
  2501: 'Authentication error; server closing connection',
  2502: 'Session limit exceeded; server closing connection',
};

/** An EPP-level failure that is not a registry error (session rules, protocol use). */
export class EppError extends Error {
  constructor(
    readonly code: number,
    message?: string,
    readonly reason?: string,
    readonly closeSession = false,
  ) {
    super(message ?? RESULT_MESSAGES[code] ?? 'Command failed');
  }
}

export interface EppFailure {
  code: number;
  msg: string;
  /** Offending value and reason, rendered as <extValue> (RFC 5730 §2.6). */
  value?: string;
  reason?: string;
  close: boolean;
}

export function toEppFailure(error: unknown): EppFailure {
  if (error instanceof RegistryError) {
    // error.code comes from EPP_CODE_BY_KIND, a Record over every kind: the compiler refuses an
    // unmapped kind, so this is the exhaustive mapping.
    const code = error.code;
    return { code, msg: RESULT_MESSAGES[code], value: error.value, reason: error.message, close: code === 2502 };
  }
  if (error instanceof EppError) {
    return { code: error.code, msg: RESULT_MESSAGES[error.code] ?? error.message, reason: error.message !== RESULT_MESSAGES[error.code] ? error.message : error.reason, close: error.closeSession };
  }
  return { code: 2400, msg: RESULT_MESSAGES[2400], close: false };
}
