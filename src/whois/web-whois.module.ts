import { Module } from '@nestjs/common';
import { LookupModule } from '../lookup/lookup.module';
import { WebWhoisController } from './web-whois.controller';
import { WebWhoisPage } from './web-whois.page';
import { WhoisService } from './whois.service';

/** Web WHOIS (HTML, Azerbaijani and English) on the HTTP server (`api` role). */
@Module({ imports: [LookupModule], controllers: [WebWhoisController], providers: [WhoisService, WebWhoisPage] })
export class WebWhoisModule {}
