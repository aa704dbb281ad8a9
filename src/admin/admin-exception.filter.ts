import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegistryError } from '../common/registry-errors';
import { panelStatus } from '../panel/panel-exception.filter';
import { AdminRenderer } from './admin-renderer.service';

/** Thrown by AdminAuthGuard when nobody is signed in: the filter redirects to the login page. */
export class AdminLoginRequired extends Error {}
/** Thrown by AdminAuthGuard when the administrator lacks every role the route allows: 403. */
export class AdminForbidden extends Error {}

/**
 * Console errors as HTML pages in the administrator's language: anonymous → 303 to the login
 * page (back to the page afterwards), missing role → 403, registry errors → their status and
 * sentence, anything else → 500 (logged).
 */
@Catch()
@Injectable()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AdminExceptionFilter.name);

  constructor(private readonly renderer: AdminRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof AdminLoginRequired) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/admin/login${next}`);
      return;
    }
    if (exception instanceof AdminForbidden) return this.renderer.error(req, res, 403, 'error.forbidden');
    if (exception instanceof RegistryError) return this.renderer.error(req, res, panelStatus(exception.kind), exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return this.renderer.error(req, res, status, status === 404 ? 'error.notFound' : status === 403 ? 'error.forbidden' : 'error.internal');
    }
    this.logger.error({ err: exception }, 'admin page failed');
    this.renderer.error(req, res, 500, 'error.internal');
  }
}
