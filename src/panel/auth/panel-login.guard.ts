import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { PanelLoginRateLimiter } from '../panel-rate-limiter';
import type { PanelLoginUser } from './panel-local.strategy';

/** How a login attempt went, for the controller to answer (the guard never answers itself). */
export type PanelLoginOutcome =
  | { kind: 'ok'; user: PanelLoginUser }
  | { kind: 'rate-limited'; waitSeconds: number }
  | { kind: 'missing' }
  | { kind: 'refused'; error: RegistryError };

declare module 'express' {
  interface Request {
    panelLogin?: PanelLoginOutcome;
  }
}

/**
 * Runs the per-IP login budget and then passport-local. It always lets the request through to
 * the controller with `req.panelLogin` set, so that a refused login is the login page again with
 * the reason (422/429) rather than a bare 401; errors that are not registry errors still throw.
 */
@Injectable()
export class PanelLoginGuard extends AuthGuard('panel-local') {
  constructor(private readonly limiter: PanelLoginRateLimiter) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const waitSeconds = await this.limiter.consume(req.ip);
    if (waitSeconds > 0) {
      req.panelLogin = { kind: 'rate-limited', waitSeconds };
      return true;
    }
    await super.canActivate(context);
    return true;
  }

  override handleRequest<T>(err: unknown, user: unknown, _info: unknown, context: ExecutionContext): T {
    const req = context.switchToHttp().getRequest<Request>();
    if (err && !(err instanceof RegistryError)) throw err;
    if (err instanceof RegistryError) req.panelLogin = { kind: 'refused', error: err };
    else if (user) req.panelLogin = { kind: 'ok', user: user as PanelLoginUser };
    else req.panelLogin = { kind: 'missing' };
    return (user || undefined) as T;
  }
}
