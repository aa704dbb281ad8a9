import { Body, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { field, safeNext, seeOther } from '../../panel/panel-request';
import { AdminAudit } from '../audit/admin-audit.service';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { AdminLoginRateLimiter } from '../auth/admin-login-rate-limiter';
import { AdminLoginRefused, AdminLoginService } from '../auth/admin-login.service';
import { AdminPasswordGuard, type PasswordStepResult } from '../auth/admin-local.strategy';
import { enrolment } from '../auth/totp';
import { AdminUsersRepository } from '../auth/admin-users.repository';
import { adminLang, clientIp, requestId } from '../admin-request';
import { adminTranslator } from '../admin-i18n';
import { AdminRenderer } from '../admin-renderer.service';
import { DataSource } from 'typeorm';

type Form = Record<string, unknown>;

/** The password step is valid for this long before the code must follow. */
const PENDING_MS = 5 * 60_000;

function regenerate(req: Request): Promise<void> {
  return new Promise<void>((ok, fail) => req.session.regenerate((err) => (err ? fail(err) : ok())));
}

/**
 * Console sign-in: e-mail + password (passport-local) → TOTP code, or TOTP enrolment for an
 * account without a secret; sign-out. Each step gets a fresh session id.
 */
@AdminController()
export class AdminLoginController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly login: AdminLoginService,
    private readonly limiter: AdminLoginRateLimiter,
    private readonly users: AdminUsersRepository,
    private readonly audit: AdminAudit,
    private readonly dataSource: DataSource,
  ) {}

  @Get('login')
  loginPage(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'login', 'login.title', { next: safeNext(next, '/admin') });
  }

  @Post('login')
  @UseGuards(AdminPasswordGuard)
  async loginSubmit(@Body() body: Form, @Req() req: Request & { user?: PasswordStepResult | null; adminLoginRefusal?: AdminLoginRefused }, @Res() res: Response): Promise<void> {
    const next = safeNext(field(body, 'next'), '/admin');
    if (!req.user) return this.refuse(req, res, 'login', 'login.title', req.adminLoginRefusal, { next, email: field(body, 'email') });
    const { id, needsEnrolment } = req.user;
    await regenerate(req);
    req.session.adminPending = { id, at: Date.now(), next };
    seeOther(res, needsEnrolment ? '/admin/login/enrol' : '/admin/login/code');
  }

  @Get('login/code')
  codePage(@Req() req: Request, @Res() res: Response): void {
    if (!this.pending(req)) return seeOther(res, '/admin/login');
    this.renderer.page(req, res, 'totp', 'totp.title');
  }

  @Post('login/code')
  async codeSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = this.pending(req);
    if (!pending) return this.expired(req, res);
    const wait = await this.limiter.consume(clientIp(req));
    if (wait > 0) return this.refuse(req, res, 'totp', 'totp.title', new AdminLoginRefused('rate-limited', wait));
    try {
      await this.login.checkCode(pending.id, field(body, 'code'), { ip: clientIp(req), requestId: requestId(res) });
    } catch (error) {
      if (error instanceof AdminLoginRefused) return error.why === 'expired' ? this.expired(req, res) : this.refuse(req, res, 'totp', 'totp.title', error);
      throw error;
    }
    await this.signIn(req, res, pending.id, pending.next);
  }

  @Get('login/enrol')
  async enrolPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = this.pending(req);
    if (!pending) return seeOther(res, '/admin/login');
    await this.renderEnrol(req, res, pending.id);
  }

  @Post('login/enrol')
  async enrolSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = this.pending(req);
    const sealed = req.session?.adminEnrolSecret;
    if (!pending || !sealed) return this.expired(req, res);
    const wait = await this.limiter.consume(clientIp(req));
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return this.renderEnrol(req, res, pending.id, adminTranslator(adminLang(req))('login.rateLimited', { seconds: wait }), 429);
    }
    try {
      await this.login.confirmEnrolment(pending.id, sealed, field(body, 'code'), { ip: clientIp(req), requestId: requestId(res) });
    } catch (error) {
      if (error instanceof AdminLoginRefused && error.why !== 'expired') return this.renderEnrol(req, res, pending.id, adminTranslator(adminLang(req))('login.failed'), 422);
      if (error instanceof AdminLoginRefused) return this.expired(req, res);
      throw error;
    }
    await this.signIn(req, res, pending.id, pending.next);
  }

  @Post('logout')
  @AdminRoles()
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.audit.record(null, { ...AdminAudit.from(req, res), action: 'admin.logout' });
    await new Promise<void>((ok) => req.session.destroy(() => ok()));
    seeOther(res, '/admin/login');
  }

  private pending(req: Request): { id: string; next: string } | null {
    const p = req.session?.adminPending;
    return p && Date.now() - p.at < PENDING_MS ? p : null;
  }

  private async signIn(req: Request, res: Response, adminId: string, next: string): Promise<void> {
    await regenerate(req);
    req.session.adminId = adminId;
    req.session.adminLoginAt = Date.now();
    seeOther(res, next);
  }

  private async renderEnrol(req: Request, res: Response, adminId: string, error: string | null = null, status = 200): Promise<void> {
    const admin = await this.users.findById(this.dataSource.manager, adminId);
    if (!admin || admin.totpSecret !== null) return seeOther(res, '/admin/login');
    if (!req.session.adminEnrolSecret) req.session.adminEnrolSecret = this.login.newEnrolmentSecret().sealed;
    const secret = this.login.openSealed(req.session.adminEnrolSecret);
    const { uri, svg } = await enrolment(secret, admin.email);
    const t = adminTranslator(adminLang(req));
    const qr = svg.replace('<svg ', `<svg role="img" aria-label="${t('enrol.qr')}" width="232" height="232" `);
    this.renderer.page(req, res, 'enrol', 'enrol.title', { secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri, qr, error }, status);
  }

  private refuse(req: Request, res: Response, view: string, title: string, refusal: AdminLoginRefused | undefined, data: object = {}): void {
    const t = adminTranslator(adminLang(req));
    if (refusal?.why === 'rate-limited') {
      res.setHeader('Retry-After', String(refusal.waitSeconds));
      return this.renderer.page(req, res, view, title, { ...data, error: t('login.rateLimited', { seconds: refusal.waitSeconds }) }, 429);
    }
    this.renderer.page(req, res, view, title, { ...data, error: t('login.failed') }, 422);
  }

  private expired(req: Request, res: Response): void {
    this.renderer.flash(req, 'login.expired');
    seeOther(res, '/admin/login');
  }
}
