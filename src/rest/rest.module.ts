import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { HealthController } from '../observability/health.controller';
import { HttpMetricsMiddleware } from '../observability/http-metrics.middleware';
import { RegistryModule } from '../registry/registry.module';
import { RegistrarApiKeyStrategy } from './auth/registrar-api-key.strategy';
import { AccountController } from './controllers/account.controller';
import { ContactsController } from './controllers/contacts.controller';
import { DomainsController } from './controllers/domains.controller';
import { DropsController } from './controllers/drops.controller';
import { DropList } from '../lifecycle/drop-list';
import { HoldsController } from './controllers/holds.controller';
import { HostsController } from './controllers/hosts.controller';

/** The `api` role's HTTP surface: the registrar REST API, health and metrics. */
@Module({
  imports: [RegistryModule, PassportModule],
  controllers: [HealthController, DomainsController, HoldsController, ContactsController, HostsController, AccountController, DropsController],
  providers: [RegistrarApiKeyStrategy, HttpMetricsMiddleware, DropList],
})
export class RestModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
