import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Which public surface a path belongs to, for metrics labels. */
export function surfaceOf(path: string): string {
  if (path.startsWith('/api/')) return 'rest';
  if (path.startsWith('/rdap')) return 'rdap';
  if (path.startsWith('/admin')) return 'admin';
  if (path === '/metrics' || path === '/healthz' || path === '/readyz') return 'ops';
  return 'panel';
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.latency.startTimer({ surface: surfaceOf(req.path) });
    res.on('finish', () => {
      end();
      this.metrics.requests.inc({ surface: surfaceOf(req.path), method: req.method, status: String(res.statusCode) });
    });
    next();
  }
}
