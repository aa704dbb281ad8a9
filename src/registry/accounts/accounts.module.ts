import { Module } from '@nestjs/common';
import { MailModule } from '../../mail/mail.module';
import { RegistryModule } from '../registry.module';
import { AccountRepository } from './account.repository';
import { LoginHandler } from './commands/login.handler';
import { RequestPasswordResetHandler } from './commands/request-password-reset.handler';
import { ResetPasswordHandler } from './commands/reset-password.handler';
import { SetRegistrantDetailsHandler } from './commands/set-registrant-details.handler';
import { SignUpHandler } from './commands/sign-up.handler';
import { VerifyEmailHandler } from './commands/verify-email.handler';
import { RequestEmailChangeHandler } from './commands/request-email-change.handler';
import { ConfirmEmailChangeHandler } from './commands/confirm-email-change.handler';

const handlers = [SignUpHandler, VerifyEmailHandler, LoginHandler, RequestPasswordResetHandler, ResetPasswordHandler, SetRegistrantDetailsHandler, RequestEmailChangeHandler, ConfirmEmailChangeHandler];

/**
 * Registrant accounts of the control panel: sign-up, e-mail verification, login with lockout,
 * password reset, and the account's registrant contact. Handlers only; the panel transport (HTTP,
 * sessions, CSRF, rate limits) imports this module and runs them through `CommandRunner`.
 * The contact handlers, history and the runner come from RegistryModule; the outbox from MailModule;
 * DataSource and AppConfig from the global database and config modules.
 */
@Module({
  imports: [RegistryModule, MailModule],
  providers: [AccountRepository, ...handlers],
  exports: [AccountRepository, ...handlers],
})
export class AccountsModule {}
