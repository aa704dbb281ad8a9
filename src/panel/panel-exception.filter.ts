import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegistryError, type RegistryErrorKind } from '../common/registry-errors';
import { PanelRenderer } from './panel-renderer.service';

/** HTTP status of a registry error on a panel page. Ownership failures are 404: never confirm what is someone else's. */
export function panelStatus(kind: RegistryErrorKind): number {
  switch (kind) {
    case 'object-not-found':
    case 'authorization':
      return 404;
    case 'authentication':
      return 401;
    case 'rate-limited':
      return 429;
    case 'command-failed':
      return 500;
    case 'service-unavailable':
      return 503;
    case 'object-exists':
    case 'object-status-prohibits':
    case 'association-prohibits':
    case 'pending-transfer':
    case 'not-pending-transfer':
      return 409;
    default:
      return 422;
  }
}

/**
 * The panel answers errors with HTML pages in the visitor's language (the app's global filter
 * answers problem+json, which suits the APIs but not a browser). Used with `@UseFilters` on every
 * panel controller.
 */
@Catch()
@Injectable()
export class PanelExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PanelExceptionFilter.name);

  constructor(private readonly renderer: PanelRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof RegistryError) {
      this.renderer.error(req, res, panelStatus(exception.kind), exception);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      this.renderer.error(req, res, status, status === 404 ? 'error.notFound' : status === 403 ? 'error.csrf' : 'error.kind.other');
      return;
    }
    this.logger.error({ err: exception }, 'panel page failed');
    this.renderer.error(req, res, 500, 'error.internal');
  }
}
