import { QueryFailedError } from 'typeorm';

/** Socket-level failures of the connection to PostgreSQL. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs that mean "no usable connection": class 08, server shutting down or starting, no slots. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg and pg-pool say when a connection dies or cannot be had (they carry no code). */
const MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Connection ended unexpectedly|Client was closed/i;

/**
 * True when `error` says PostgreSQL could not be reached (refused, reset, timed out, shutting down),
 * as opposed to a query the database refused. Such a command did nothing and may be retried: the
 * transports answer it as EPP 2400 / HTTP 503, never as a crash or a dropped connection.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08')) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}
