import { Module } from '@nestjs/common';
import { LookupModule } from '../lookup/lookup.module';

/** RDAP (RFC 7480, 9082, 9083) on the HTTP server (`api` role). */
@Module({ imports: [LookupModule] })
export class RdapModule {}
