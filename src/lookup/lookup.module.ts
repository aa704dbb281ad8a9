import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { LookupRateLimiter } from './lookup-rate-limiter';
import { LookupRepository } from './lookup.repository';
import { LookupCache } from './lookup-cache';
import { LookupService } from './lookup.service';

/** The public read model shared by WHOIS, web WHOIS and RDAP. */
@Module({ imports: [RegistryModule], providers: [LookupService, LookupRateLimiter, LookupRepository, LookupCache], exports: [LookupService, LookupRateLimiter] })
export class LookupModule {}
