import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PassportModule } from '@nestjs/passport';
import { LookupModule } from '../lookup/lookup.module';
import { PanelLocalStrategy } from './auth/panel-local.strategy';
import { PanelLoginGuard } from './auth/panel-login.guard';
import { PaymentsModule } from '../payments/payments.module';
import { AccountsModule } from '../registry/accounts/accounts.module';
import { RegistryModule } from '../registry/registry.module';
import { PanelEmailController } from './controllers/panel-email.controller';
import { PanelAssetsController } from './controllers/panel-assets.controller';
import { PanelAccountController } from './controllers/panel-account.controller';
import { PanelCartController } from './controllers/panel-cart.controller';
import { PanelDetailsController } from './controllers/panel-details.controller';
import { PanelDomainManageController } from './controllers/panel-domain-manage.controller';
import { PanelDomainsController } from './controllers/panel-domains.controller';
import { PanelPaymentController } from './controllers/panel-payment.controller';
import { PanelReceiptsController } from './controllers/panel-receipts.controller';
import { PanelTransferController } from './controllers/panel-transfer.controller';
import { PanelSearchController } from './controllers/panel-search.controller';
import { PanelDomainPage } from './panel-domain-page';
import { PanelDomainsRepository } from './panel-domains.repository';
import { PanelExceptionFilter } from './panel-exception.filter';
import { PanelLoginRateLimiter } from './panel-rate-limiter';
import { PanelRenderer } from './panel-renderer.service';
import { PanelSecurity } from './panel-security';

const controllers = [PanelSearchController, PanelAccountController, PanelCartController, PanelPaymentController, PanelDomainsController, PanelDomainManageController, PanelReceiptsController, PanelTransferController, PanelDetailsController, PanelEmailController];

/**
 * The registrant control panel (issue 6): server-rendered pages in Azerbaijani and English on the
 * api role. Thin controllers over the registry, accounts and checkout handlers. Cookies, Redis
 * sessions, CSRF and security headers apply to the panel's routes only (`/`, `/search`,
 * `/cart…`, `/panel/…`, `/pay/sandbox/…`), never to REST, RDAP or web WHOIS.
 */
@Module({
  imports: [PassportModule, RegistryModule, AccountsModule, PaymentsModule, LookupModule],
  controllers: [...controllers, PanelAssetsController],
  providers: [PanelLocalStrategy, PanelLoginGuard, PanelSecurity, PanelRenderer, PanelExceptionFilter, PanelLoginRateLimiter, PanelDomainsRepository, PanelDomainPage],
})
export class PanelModule implements NestModule {
  constructor(
    private readonly security: PanelSecurity,
    private readonly renderer: PanelRenderer,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const csrfCheck = (req: Request, res: Response, next: NextFunction): void => {
      if (this.security.csrfValid(req)) return next();
      this.renderer.error(req, res, 403, 'error.csrf');
    };
    consumer.apply(...this.security.middlewares(), csrfCheck).forRoutes(...controllers);
  }
}
