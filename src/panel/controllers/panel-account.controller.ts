import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegistryError } from '../../common/registry-errors';
import { anonymousPanelActor } from '../../registry/accounts/account.types';
import { LoginHandler } from '../../registry/accounts/commands/login.handler';
import { RequestPasswordResetHandler } from '../../registry/accounts/commands/request-password-reset.handler';
import { ResetPasswordHandler } from '../../registry/accounts/commands/reset-password.handler';
import { SignUpHandler } from '../../registry/accounts/commands/sign-up.handler';
import { VerifyEmailHandler } from '../../registry/accounts/commands/verify-email.handler';
import { CommandRunner } from '../../registry/command/command-runner';
import { errorSentence, translator } from '../i18n';
import { PanelExceptionFilter } from '../panel-exception.filter';
import { PanelLoginRateLimiter } from '../panel-rate-limiter';
import { PanelRenderer } from '../panel-renderer.service';
import { field, requestLang, safeNext, seeOther } from '../panel-request';

type Form = Record<string, unknown>;

/**
 * Sign-up, e-mail verification, login, logout and password reset. Each POST runs one accounts
 * handler; a refused form is shown again with the reason (422), anything else goes to the filter.
 */
@ApiExcludeController()
@Controller('panel')
@UseFilters(PanelExceptionFilter)
export class PanelAccountController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly loginLimiter: PanelLoginRateLimiter,
    private readonly signUp: SignUpHandler,
    private readonly verifyEmail: VerifyEmailHandler,
    private readonly login: LoginHandler,
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

  @Post('login')
  async loginSubmit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNext(field(body, 'next'));
    const email = field(body, 'email');
    const wait = await this.loginLimiter.consume(req.ip);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return this.renderer.page(req, res, 'login', 'login.title', { next, email, error: translator(requestLang(req))('error.rateLimited', { seconds: wait }) }, 429);
    }
    let accountId = '';
    const error = await this.attempt(req, async () => {
      accountId = (await this.runner.run(this.login, anonymousPanelActor(), { email, password: field(body, 'password') })).accountId;
    });
    if (error) return this.renderer.page(req, res, 'login', 'login.title', { next, email, error }, 422);
    // A fresh session id at login (no session fixation); the CSRF token follows the new id.
    await new Promise<void>((ok, fail) => req.session.regenerate((err) => (err ? fail(err) : ok())));
    req.session.accountId = accountId;
    req.session.email = email.trim().toLowerCase();
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
