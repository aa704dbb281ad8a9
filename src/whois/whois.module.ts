import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LookupModule } from '../lookup/lookup.module';
import { WhoisServer } from './whois.server';
import { WhoisService } from './whois.service';

/** Starts and stops the port-43 listener with the process; `port` is the bound port (useful with WHOIS_PORT=0). */
@Injectable()
export class WhoisListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Whois');
  private server: WhoisServer | null = null;
  port: number | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly whois: WhoisService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = new WhoisServer(async (line, address) => (await this.whois.answer(line, address)).text, {
      host: this.config.HOST,
      port: this.config.WHOIS_PORT,
      maxConnections: this.config.WHOIS_MAX_CONNECTIONS,
      readTimeoutMs: this.config.WHOIS_READ_TIMEOUT_MS,
      log: (level, msg, meta) => {
        if (level === 'error') this.logger.error({ ...meta }, msg);
        else if (level === 'warn') this.logger.warn({ ...meta }, msg);
        else this.logger.debug({ ...meta }, msg);
      },
    });
    this.port = (await this.server.listen()).port;
    this.logger.log(`WHOIS listening on ${this.config.HOST}:${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close(5_000);
    this.server = null;
  }
}

/** The `whois` role: the RFC 3912 TCP server on WHOIS_PORT. */
@Module({ imports: [LookupModule], providers: [WhoisService, WhoisListener], exports: [WhoisListener] })
export class WhoisModule {}
