import { applyDecorators, CanActivate, Controller, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AdminExceptionFilter, AdminForbidden, AdminLoginRequired } from '../admin-exception.filter';
import type { AdminRole } from '../admin-roles';
import type { AdminPrincipal, AdminRequest } from '../admin-request';
import { ADMIN_SESSION_MAX_MS } from '../admin-security';
import { AdminUsersRepository } from './admin-users.repository';

const ROLES_KEY = 'azreg:admin-roles';

/**
 * Lets a signed-in administrator through when they hold one of the route's roles (see
 * `@AdminRoles`). The account is re-read on every request, so disabling it or changing its
 * roles takes effect at once. Anonymous → AdminLoginRequired (redirect to /admin/login),
 * wrong role → AdminForbidden (403). Sets `req.admin`.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly users: AdminUsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const id = req.session?.adminId;
    if (!id) throw new AdminLoginRequired();
    const admin = await this.users.findById(this.dataSource.manager, id);
    const expired = !req.session.adminLoginAt || Date.now() - req.session.adminLoginAt > ADMIN_SESSION_MAX_MS;
    if (!admin || admin.disabledAt || admin.totpSecret === null || expired) {
      await new Promise<void>((ok) => req.session.destroy(() => ok()));
      throw new AdminLoginRequired();
    }
    req.admin = { id: admin.id, email: admin.email, roles: admin.roles };
    const allowed = this.reflector.getAllAndOverride<AdminRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (allowed && allowed.length > 0 && !allowed.some((r) => admin.roles.includes(r))) throw new AdminForbidden();
    return true;
  }
}

/**
 * The roles a console route admits (on a controller class or a method; the method wins). With no
 * roles, any signed-in administrator passes. `@AdminRoles('admin')`, `@AdminRoles('admin', 'officer')`.
 */
export function AdminRoles(...roles: AdminRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(AdminAuthGuard));
}

/**
 * A console controller: mounted under /admin/<path>, kept out of the OpenAPI document, errors as
 * console pages. Combine with `@AdminRoles(...)`.
 */
export function AdminController(path = ''): ClassDecorator {
  return applyDecorators(Controller(path ? `admin/${path}` : 'admin'), ApiExcludeController(), UseFilters(AdminExceptionFilter));
}

/** The signed-in administrator as a handler parameter: `@CurrentAdmin() admin: AdminPrincipal`. */
export const CurrentAdmin = createParamDecorator((_data: unknown, ctx: ExecutionContext): AdminPrincipal => {
  const admin = ctx.switchToHttp().getRequest<AdminRequest>().admin;
  if (!admin) throw new AdminLoginRequired();
  return admin;
});
