import { Body, Controller, Get, Logger, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { anonymousPanelActor } from '../../registry/accounts/account.types';
import { RequestPasswordResetHandler } from '../../registry/accounts/commands/request-password-reset.handler';
import { ResetPasswordHandler } from '../../registry/accounts/commands/reset-password.handler';
import { SignUpHandler } from '../../registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../registry/accounts/commands/verify-email.handler';
import { CommandRunner } from '../../registry/command/command-runner';
import { errorSentence, translator } from '../i18n';
import { PanelExceptionFilter } from '../panel-exception.filter';
import { PanelLoginGuard } from '../auth/panel-login.guard';
import { ClaimHoldsHandler } from '../../registry/holds/commands/claim-holds.handler';
import { PanelRenderer } from '../panel-renderer.service';
import { field, panelActor, requestLang, safeNext, seeOther } from '../panel-request';

type Form = Record<string, unknown>;

/**
 * Sign-up, e-mail verification, login, logout and password reset. Each POST runs one accounts
 * handler; a refused form is shown again with the reason (422), anything else goes to the filter.
 */
@ApiExcludeController()
@Controller('panel')
@UseFilters(PanelExceptionFilter)
export class PanelAccountController {
  private readonly logger = new Logger(PanelAccountController.name);

  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly signUp: SignUpHandler,
    private readonly verifyEmail: VerifyEmailHandler,
    private readonly claimHolds: ClaimHoldsHandler,
    private readonly requestReset: RequestPasswordResetHandler,
    private readonly resetPassword: ResetPasswordHandler,
  ) {}

  @Get('signup')
  signUpPage(@Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'signup', 'signup.title');
  }

  @Post('signup')
  async signUpSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = field(body, 'email');
    const error = await this.attempt(req, () => this.runner.run(this.signUp, anonymousPanelActor(), { email, password: field(body, 'password'), locale: requestLang(req) }));
    if (error) return this.renderer.page(req, res, 'signup', 'signup.title', { error, email }, 422);
    this.renderer.page(req, res, 'message', 'signup.title', { message: translator(requestLang(req))('signup.done') });
  }

  /** The mailed link lands here; confirming is a POST so that link scanners cannot use the token up. */
  @Get('verify')
  verifyPage(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'verify', 'verify.title', { token: typeof token === 'string' ? token : '' });
  }

  @Post('verify')
  async verifySubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const token = field(body, 'token');
    const error = await this.attempt(req, () => this.runner.run(this.verifyEmail, anonymousPanelActor(), { token }));
    if (error) return this.renderer.page(req, res, 'verify', 'verify.title', { error, token }, 422);
    req.session.flash = translator(requestLang(req))('verify.done');
    seeOther(res, '/panel/login');
  }

  @Get('login')
  loginPage(@Query('next') next: unknown, @Query('why') why: unknown, @Req() req: Request, @Res() res: Response): void {
    const notice = why === 'cart' ? translator(requestLang(req))('cart.loginFirst') : null;
    this.renderer.page(req, res, 'login', 'login.title', { next: safeNext(next), notice });
  }

  /** passport-local (PanelLoginGuard → PanelLocalStrategy → account.login) has run; answer its outcome. */
  @Post('login')
  @UseGuards(PanelLoginGuard)
  async loginSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNext(field(body, 'next'));
    const email = field(body, 'email');
    const t = translator(requestLang(req));
    const outcome = req.panelLogin ?? { kind: 'missing' };
    if (outcome.kind === 'rate-limited') {
      res.setHeader('Retry-After', String(outcome.waitSeconds));
      return this.renderer.page(req, res, 'login', 'login.title', { next, email, error: t('error.rateLimited', { seconds: outcome.waitSeconds }) }, 429);
    }
    if (outcome.kind === 'missing') return this.renderer.page(req, res, 'login', 'login.title', { next, email, error: t('error.required', { field: t('login.credentials') }) }, 422);
    if (outcome.kind === 'refused') return this.renderer.page(req, res, 'login', 'login.title', { next, email, error: errorSentence(t, outcome.error) }, 422);
    // A fresh session id at login (no session fixation); the CSRF token follows the new id. Holds
    // placed before logging in (the visitor's cart) move to the account.
    const visitorId = req.session.visitorId;
    await new Promise<void>((ok, fail) => req.session.regenerate((err) => (err ? fail(err) : ok())));
    req.session.accountId = outcome.user.accountId;
    req.session.email = outcome.user.email;
    if (visitorId) await this.claimVisitorHolds(req, res, visitorId, outcome.user.accountId);
    seeOther(res, next);
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await new Promise<void>((ok) => req.session.destroy(() => ok()));
    seeOther(res, '/');
  }

  @Get('forgot')
  forgotPage(@Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'forgot', 'forgot.title');
  }

  /** Always the same answer, whether or not the address has an account (no enumeration). */
  @Post('forgot')
  async forgotSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const error = await this.attempt(req, () => this.runner.run(this.requestReset, anonymousPanelActor(), { email: field(body, 'email') }));
    if (error) return this.renderer.page(req, res, 'forgot', 'forgot.title', { error }, 422);
    this.renderer.page(req, res, 'message', 'forgot.title', { message: translator(requestLang(req))('forgot.done') });
  }

  @Get('reset-password')
  resetPage(@Query('token') token: unknown, @Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'reset', 'reset.title', { token: typeof token === 'string' ? token : '' });
  }

  @Post('reset-password')
  async resetSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const token = field(body, 'token');
    const error = await this.attempt(req, () => this.runner.run(this.resetPassword, anonymousPanelActor(), { token, password: field(body, 'password') }));
    if (error) return this.renderer.page(req, res, 'reset', 'reset.title', { error, token }, 422);
    req.session.flash = translator(requestLang(req))('reset.done');
    seeOther(res, '/panel/login');
  }

  /** The visitor's cart becomes the account's; a failure here must not fail the login itself. */
  private async claimVisitorHolds(req: Request, res: Response, visitorId: string, accountId: string): Promise<void> {
    try {
      await this.runner.run(this.claimHolds, panelActor(req, res, accountId), { visitorId, accountId });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not move the visitor holds to the account');
    }
  }

  /** Runs a command; a registry error becomes the sentence to show on the form, anything else is thrown. */
  private async attempt(req: Request, fn: () => Promise<unknown>): Promise<string | null> {
    try {
      await fn();
      return null;
    } catch (error) {
      if (error instanceof RegistryError) return errorSentence(translator(requestLang(req)), error);
      throw error;
    }
  }
}
