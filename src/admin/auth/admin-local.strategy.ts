import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { clientIp, requestId } from '../admin-request';
import { AdminLoginRateLimiter } from './admin-login-rate-limiter';
import { AdminLoginRefused, AdminLoginService } from './admin-login.service';

export interface PasswordStepResult {
  id: string;
  needsEnrolment: boolean;
}

/**
 * Passport's local strategy for the console's first sign-in step: the per-address rate limit,
 * then e-mail + password (with the account lock-out) through AdminLoginService.
 */
@Injectable()
export class AdminLocalStrategy extends PassportStrategy(Strategy, 'admin-local') {
  constructor(
    private readonly login: AdminLoginService,
    private readonly limiter: AdminLoginRateLimiter,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<PasswordStepResult> {
    const wait = await this.limiter.consume(clientIp(req));
    if (wait > 0) throw new AdminLoginRefused('rate-limited', wait);
    return this.login.checkPassword(email, password, { ip: clientIp(req), requestId: requestId(req.res!) });
  }
}

/**
 * Runs the strategy without failing the request: the outcome is left on the request for the
 * controller, which shows the form again with the reason. `req.user` is the result or null;
 * `req.adminLoginRefusal` the refusal.
 */
@Injectable()
export class AdminPasswordGuard extends AuthGuard('admin-local') {
  override handleRequest<T>(err: unknown, user: T, _info: unknown, context: ExecutionContext): T {
    const req = context.switchToHttp().getRequest<Request & { adminLoginRefusal?: AdminLoginRefused }>();
    if (err && !(err instanceof AdminLoginRefused)) throw err;
    if (err || !user) req.adminLoginRefusal = err instanceof AdminLoginRefused ? err : new AdminLoginRefused('invalid');
    return (user || null) as T;
  }
}
