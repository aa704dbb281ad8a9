import { DynamicModule, Module, type Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AppConfig, type Role } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { EppModule } from './epp/epp.module';
import { DatabaseModule } from './infrastructure/database/database.module';
import { QueueModule } from './infrastructure/queue/queue.module';
import { RedisModule } from './infrastructure/redis/redis.module';
import { ObservabilityModule } from './observability/observability.module';
import { redactPath } from './observability/redact-path';
import type { Clock } from './registry/command/clock';
import { RegistryModule } from './registry/registry.module';
import { PaymentsModule } from './payments/payments.module';
import { AccountsModule } from './registry/accounts/accounts.module';
import { DisputesModule } from './disputes/disputes.module';
import { DisputesPanelModule } from './disputes/panel/disputes-panel.module';
import { DisputesConsoleModule } from './disputes/console/disputes-console.module';
import { RestModule } from './rest/rest.module';
import { WorkerModule } from './worker/worker.module';
import { RdapModule } from './rdap/rdap.module';
import { PanelModule } from './panel/panel.module';
import { AdminModule } from './admin/admin.module';
import { WebWhoisModule } from './whois/web-whois.module';
import { WhoisModule } from './whois/whois.module';

export interface AppOptions {
  config: AppConfig;
  dataSource?: DataSource;
  clock?: Clock;
  roles?: ReadonlySet<Role>;
}

/** Composes the process from its roles: api (HTTP: REST, RDAP, web WHOIS), epp (EPP over TLS), whois (port 43), worker (BullMQ). */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const roles = options.roles ?? options.config.roles;
    const roleModules: Type[] = [];
    if (roles.has('api')) roleModules.push(RestModule, RdapModule, WebWhoisModule, PanelModule, AdminModule, DisputesPanelModule, DisputesConsoleModule);
    if (roles.has('epp')) roleModules.push(EppModule);
    if (roles.has('whois')) roleModules.push(WhoisModule);
    if (roles.has('worker')) roleModules.push(WorkerModule);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.config.LOG_LEVEL,
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // Request bodies and query strings are never logged: availability checks must not leave
            // the names people look up anywhere (invariant 4).
            serializers: { req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: redactPath(String(req.url)) }) },
          },
        }),
        DatabaseModule.forRoot({ dataSource: options.dataSource, clock: options.clock }),
        RedisModule,
        QueueModule,
        ObservabilityModule,
        RegistryModule,
        PaymentsModule,
        AccountsModule,
        DisputesModule,
        ...roleModules,
      ],
    };
  }
}
