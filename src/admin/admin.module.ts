import { MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type { NextFunction, Request, Response } from 'express';
import { RegistryModule } from '../registry/registry.module';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminNav } from './admin-nav';
import { AdminRenderer } from './admin-renderer.service';
import { AdminSecurity } from './admin-security';
import { AdminAudit } from './audit/admin-audit.service';
import { AdminCommands } from './audit/admin-commands';
import { AdminAuthGuard } from './auth/admin-auth.guard';
import { AdminLocalStrategy, AdminPasswordGuard } from './auth/admin-local.strategy';
import { AdminLoginRateLimiter } from './auth/admin-login-rate-limiter';
import { AdminLoginService } from './auth/admin-login.service';
import { AdminUsersRepository } from './auth/admin-users.repository';
import { AdminHomeController } from './controllers/admin-home.controller';
import { AdminLoginController } from './controllers/admin-login.controller';
import { AdminRegistrarsController } from './controllers/admin-registrars.controller';
import { RegistrarStatements } from './registrars/registrar-statement';
import { CreateApiKeyHandler } from '../registry/registrars/commands/create-api-key.handler';
import { ReinstateRegistrarHandler } from '../registry/registrars/commands/reinstate-registrar.handler';
import { ResetRegistrarPasswordHandler } from '../registry/registrars/commands/reset-registrar-password.handler';
import { RevokeApiKeyHandler } from '../registry/registrars/commands/revoke-api-key.handler';
import { SetIpAllowListHandler } from '../registry/registrars/commands/set-ip-allow-list.handler';
import { SuspendRegistrarHandler } from '../registry/registrars/commands/suspend-registrar.handler';
import './admin-i18n-pages';
import { AdminPolicyController } from './controllers/admin-policy.controller';
import { AdminApplicationsController } from './controllers/admin-applications.controller';
import { ApplicationsRepository } from './applications/applications.repository';
import { AdminHistoryController } from './controllers/admin-history.controller';
import { AdminStatsController, PublicStatsController } from './controllers/admin-stats.controller';
import { ObjectHistory } from './history/object-history';
import { RegistryStatsService } from './stats/registry-stats.service';
import { ApproveApplicationHandler } from '../registry/domains/commands/approve-application.handler';
import { RejectApplicationHandler } from '../registry/domains/commands/reject-application.handler';
import { RemovePremiumHandler } from '../registry/names/remove-premium.handler';
import { RemoveReservedHandler } from '../registry/names/remove-reserved.handler';
import { SetPremiumHandler } from '../registry/names/set-premium.handler';
import { UpdateZoneHandler } from '../registry/zones/commands/update-zone.handler';

/** Registry commands only the console runs (registered here, not in RegistryModule). */
const adminHandlers = [
  SuspendRegistrarHandler, ReinstateRegistrarHandler, ResetRegistrarPasswordHandler, CreateApiKeyHandler, RevokeApiKeyHandler, SetIpAllowListHandler,
  UpdateZoneHandler, RemoveReservedHandler, SetPremiumHandler, RemovePremiumHandler, ApproveApplicationHandler, RejectApplicationHandler,
];

/**
 * # The administration console (issue 7) — framework for console pages
 *
 * Mounted at `/admin` on the api role. Every request under `/admin` (whichever module's
 * controller serves it) passes through, in order: security headers (strict CSP: no script,
 * `<style>` only with the response's nonce), cookies, the console session (cookie
 * `azreg.admin.sid`, path /admin, Redis key space `<prefix>:admin-sess:`, 30 minutes idle, 12
 * hours at most — separate from registrant sessions), the language (`?lang=az|en`, remembered),
 * and the CSRF check (double-submit, csrf-csrf bound to the session id): **every POST form must
 * carry `<input type="hidden" name="_csrf" value="<%= it.csrf %>">`**, or it gets 403.
 *
 * Sign-in: `/admin/login` (e-mail + argon2 password via passport-local, per-address rate limit,
 * 5 failures → 15-minute lock-out) → `/admin/login/code` (TOTP, RFC 6238, 30 s, 6 digits, ±1
 * step, a step is accepted once: no replay) or `/admin/login/enrol` (first sign-in: secret +
 * QR code, confirmed by a code; stored AES-GCM-encrypted under a key derived from APP_SECRET).
 *
 * ## Writing a console page (e.g. in src/disputes/)
 * Import `AdminModule` in your module, then:
 *
 * ```ts
 * @AdminController('disputes')              // → /admin/disputes…, HTML error pages, not in OpenAPI
 * @AdminRoles('admin', 'officer', 'expert') // class or method; no roles = any signed-in admin
 * export class DisputeQueueController {
 *   constructor(private readonly renderer: AdminRenderer, private readonly commands: AdminCommands, private readonly audit: AdminAudit) {}
 *
 *   @Get() list(@Req() req: Request, @Res() res: Response, @CurrentAdmin() admin: AdminPrincipal) {
 *     // hasRole(admin, 'expert') → show only cases assigned to admin.id (case-level rules are yours)
 *     this.renderer.page(req, res, { dir: viewsDirOf(__dirname), name: 'queue' }, { text: '…' } or 'text.key', { cases });
 *   }
 *
 *   @Post(':id/validate') @AdminRoles('admin', 'officer') async validate(...) {
 *     // A registry command, history as the admin actor, and the audit entry in ONE transaction:
 *     await this.commands.run(req, res, this.validateHandler, { caseId }, (result) => ({ action: 'dispute.validate', objectType: 'dispute', objectId: caseId, details: { … } }));
 *     this.renderer.flash(req, 'common.done'); seeOther(res, `/admin/disputes/${caseId}`);
 *   }
 * }
 * ```
 *
 * - Templates (Eta, auto-escaped) are page fragments: the renderer wraps them in the console layout.
 *   They receive `it.t(key, params)`, `it.lang`, `it.csrf`, `it.admin`, `it.azn(qepik)`, `it.date(d)`
 *   plus your data. Use `viewsDirOf(__dirname)` for a `views/` folder next to your code.
 * - Texts: `addAdminTexts({ az: {...}, en: {...} })` at module load (both languages required).
 * - Navigation: inject `AdminNav` and `nav.add({ href: '/admin/disputes', label: { az: 'Mübahisələr', en: 'Disputes' }, roles: ['admin', 'officer', 'expert'], order: 15 })`
 *   in `onModuleInit` (built-in entries use orders 10…90).
 * - Audit without a command: `audit.record(manager /* the change's transaction, or null *\/, { ...AdminAudit.from(req, res), action, objectType, objectId, details })`.
 *   Every console action that changes anything must be audited.
 * - Helpers: `currentAdmin(req)`, `hasRole(admin, …roles)`, `adminActor(req, res)` (history actor),
 *   `field/fields/seeOther/safeNext` from src/panel/panel-request.ts.
 * - Errors: throw RegistryErrors (rendered with the panel's error sentences and status mapping).
 *   Anonymous visitors are redirected to the login page; a missing role gives 403.
 */
@Module({
  imports: [RegistryModule, PassportModule],
  controllers: [AdminLoginController, AdminHomeController, AdminRegistrarsController, AdminPolicyController, AdminApplicationsController, AdminHistoryController, AdminStatsController, PublicStatsController],
  providers: [
    AdminSecurity, AdminRenderer, AdminExceptionFilter, AdminNav, AdminAudit, AdminCommands, AdminAuthGuard,
    AdminUsersRepository, AdminLoginRateLimiter, AdminLoginService, AdminLocalStrategy, AdminPasswordGuard,
    RegistrarStatements, ApplicationsRepository, ObjectHistory, RegistryStatsService, ...adminHandlers,
  ],
  exports: [RegistryStatsService, AdminSecurity, AdminRenderer, AdminExceptionFilter, AdminNav, AdminAudit, AdminCommands, AdminAuthGuard, AdminUsersRepository],
})
export class AdminModule implements NestModule, OnModuleInit {
  constructor(
    private readonly security: AdminSecurity,
    private readonly renderer: AdminRenderer,
    private readonly nav: AdminNav,
  ) {}

  onModuleInit(): void {
    this.nav.add({ href: '/admin', label: 'nav.home', roles: ['admin', 'officer', 'expert'], order: 10 });
    this.nav.add({ href: '/admin/registrars', label: 'nav.registrars', roles: ['admin'], order: 30 });
    this.nav.add({ href: '/admin/zones', label: 'nav.zones', roles: ['admin'], order: 40 });
    this.nav.add({ href: '/admin/lists', label: 'nav.lists', roles: ['admin'], order: 50 });
    this.nav.add({ href: '/admin/applications', label: 'nav.applications', roles: ['admin'], order: 60 });
    this.nav.add({ href: '/admin/history', label: 'nav.history', roles: ['admin', 'officer'], order: 70 });
    this.nav.add({ href: '/admin/stats', label: 'nav.stats', roles: ['admin', 'officer'], order: 80 });
    this.nav.add({ href: '/admin/audit', label: 'nav.audit', roles: ['admin'], order: 90 });
  }

  configure(consumer: MiddlewareConsumer): void {
    const csrfCheck = (req: Request, res: Response, next: NextFunction): void => {
      if (this.security.csrfValid(req)) return next();
      this.renderer.error(req, res, 403, 'error.csrf');
    };
    consumer.apply(...this.security.middlewares(), csrfCheck).forRoutes({ path: 'admin', method: RequestMethod.ALL }, { path: 'admin/*path', method: RequestMethod.ALL });
  }
}
