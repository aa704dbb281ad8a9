import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegistryError, ServiceUnavailableError } from '../common/registry-errors';
import { isDatabaseUnavailable } from '../infrastructure/database/database-unavailable';
import { PROBLEM_TYPE_BASE, toProblem, type ProblemDetails } from './problem.mapper';

/**
 * Every HTTP error leaves azreg as application/problem+json: registry errors through the mapper,
 * framework errors (validation, 404 routes, auth) with the matching EPP-like code, and anything
 * unexpected as a 500 that says nothing about internals.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception, req.originalUrl);
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    else if (problem.status >= 500) this.logger.error({ err: exception }, 'request failed');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof RegistryError) return toProblem(exception, instance);
    // Outside a command (API key lookup, guards): a lost database is still "retry", not "bug".
    if (isDatabaseUnavailable(exception)) {
      return toProblem(new ServiceUnavailableError('The registry database is unavailable; please retry shortly', { reason: 'database-unavailable' }), instance);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as { message?: unknown; errors?: ProblemDetails['errors'] } | string;
      const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? exception.message);
      const code = status === 401 ? 2200 : status === 403 ? 2201 : status === 404 ? 2303 : status === 429 ? 2502 : status === 413 ? 2004 : 2005;
      const kind = status === 401 ? 'authentication' : status === 403 ? 'authorization' : status === 404 ? 'not-found' : status === 429 ? 'rate-limited' : 'invalid-request';
      return {
        type: `${PROBLEM_TYPE_BASE}${kind}`,
        title: kind.replace(/-/g, ' '),
        status,
        detail: message,
        code,
        reason: kind,
        instance,
        ...(typeof body === 'object' && body.errors ? { errors: body.errors } : {}),
      };
    }
    return { type: `${PROBLEM_TYPE_BASE}command-failed`, title: 'command failed', status: 500, detail: 'Internal error', code: 2400, reason: 'internal', instance };
  }
}
