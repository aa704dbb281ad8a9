import { Module } from '@nestjs/common';
import { LookupModule } from '../lookup/lookup.module';

/** Web WHOIS (HTML, Azerbaijani and English) on the HTTP server (`api` role). */
@Module({ imports: [LookupModule] })
export class WebWhoisModule {}
