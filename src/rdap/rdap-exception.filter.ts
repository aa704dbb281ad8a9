import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../infrastructure/database/database-unavailable';
import { RdapAnswerException, sendRdap } from './rdap-http';
import { rdapError } from './rdap.service';
import type { RdapAnswer } from './rdap.types';

/**
 * RDAP answers its own errors as RDAP JSON (RFC 9083 §6), never as problem+json. Unexpected
 * failures become a bare 500 (503 with Retry-After when PostgreSQL cannot be reached) and are logged by type only: their messages and parameters (a SQL
 * error carries the query's values) could hold the name that was looked up.
 */
@Catch()
export class RdapExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Rdap');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof RdapAnswerException) return sendRdap(res, exception.answer);
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return sendRdap(res, rdapError(exception.getStatus() === 404 ? 404 : 400, ['The request could not be understood.']));
    }
    sendRdap(res, rdapFailure(exception, this.logger));
  }
}

/**
 * The answer to an unexpected failure: 503 with Retry-After when PostgreSQL cannot be reached,
 * else a bare 500, logged by type only (also used by the domain fast path).
 */
export function rdapFailure(exception: unknown, logger: Logger): RdapAnswer {
  if (isDatabaseUnavailable(exception)) return rdapError(503, ['The registry database is unavailable; try again shortly.'], 5);
  const type = exception instanceof Error ? exception.constructor.name : typeof exception;
  const code = exception instanceof Error && 'code' in exception ? String(exception.code) : undefined;
  logger.error({ errType: type, errCode: code }, 'RDAP request failed');
  return rdapError(500, ['The registry could not answer; try again later.']);
}
