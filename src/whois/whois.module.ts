import { Module } from '@nestjs/common';
import { LookupModule } from '../lookup/lookup.module';

/** The `whois` role: the RFC 3912 TCP server on WHOIS_PORT. */
@Module({ imports: [LookupModule] })
export class WhoisModule {}
