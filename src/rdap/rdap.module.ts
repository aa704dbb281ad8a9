import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { LookupModule } from '../lookup/lookup.module';
import { RdapController } from './rdap.controller';
import { RdapExceptionFilter } from './rdap-exception.filter';
import { rejectMalformedRdapPath } from './rdap-path.middleware';
import { RdapRateLimitGuard } from './rdap-rate-limit.guard';
import { RDAP_PORT43_HOST, RdapService } from './rdap.service';

/**
 * The WHOIS host named in RDAP `port43`. Not configurable yet: AppConfig has no public host name
 * for the WHOIS service (a `WHOIS_HOST` setting would replace this constant).
 */
export const DEFAULT_PORT43_HOST = 'whois.nic.az';

/** RDAP (RFC 7480, 9082, 9083) on the HTTP server (`api` role). */
@Module({
  imports: [LookupModule],
  controllers: [RdapController],
  providers: [RdapService, RdapRateLimitGuard, RdapExceptionFilter, { provide: RDAP_PORT43_HOST, useValue: DEFAULT_PORT43_HOST }],
})
export class RdapModule implements NestModule {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * Nest runs this before it registers any route. The path check goes straight onto Express with
   * a plain prefix: Nest's own middleware paths carry a wildcard parameter, which Express would
   * try (and fail) to decode first.
   */
  configure(_consumer: MiddlewareConsumer): void {
    this.adapterHost.httpAdapter.getInstance<Express>().use('/rdap', rejectMalformedRdapPath);
  }
}
