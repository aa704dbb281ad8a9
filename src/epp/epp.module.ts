import { join } from 'node:path';
import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RegistryModule } from '../registry/registry.module';
import { EPP_COMMANDS, EppCommandPicker } from './epp-command-picker';
import { EppService } from './epp.service';
import { LoginGuard } from './session/login-guard';
import { RegistrarStanding } from './session/registrar-standing';
import { ensureDevCertificate } from './transport/dev-certificate';
import { EppServer } from './transport/epp-server';
import { EppXml } from './xml/epp-xml';

/** Where the schemas live relative to the compiled code (dist/src/epp → repo root). */
export const EPP_SCHEMA_DIR = join(__dirname, '..', '..', '..', 'epp-schemas');

/** Starts and stops the EPP TLS listener with the process (the `epp` role). */
@Injectable()
export class EppListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Epp');
  private server: EppServer | null = null;
  private xml: EppXml | null = null;
  port: number | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly service: EppService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.xml = await EppXml.load(EPP_SCHEMA_DIR);
    this.service.useXml(this.xml);
    let certPath = this.config.EPP_TLS_CERT;
    let keyPath = this.config.EPP_TLS_KEY;
    if (!certPath || !keyPath) {
      const dev = await ensureDevCertificate(join(this.config.DATA_DIR, 'tls'));
      certPath = dev.certPath;
      keyPath = dev.keyPath;
      if (dev.generated) this.logger.warn(`generated a development TLS certificate at ${certPath}; set EPP_TLS_CERT/EPP_TLS_KEY in production`);
    }
    this.server = new EppServer(this.service, {
      host: this.config.HOST,
      port: this.config.EPP_PORT,
      certPath,
      keyPath,
      clientCaPath: this.config.EPP_CLIENT_CA,
      maxFrameBytes: this.config.EPP_MAX_FRAME_BYTES,
      idleTimeoutMs: this.config.EPP_IDLE_TIMEOUT_SECONDS * 1000,
      log: (level, msg, meta) => (level === 'error' ? this.logger.error({ ...meta }, msg) : this.logger.log({ ...meta }, msg)),
    });
    this.port = (await this.server.listen()).port;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close(5_000);
    this.xml?.dispose();
  }
}

@Module({
  imports: [RegistryModule],
  providers: [...EPP_COMMANDS, EppCommandPicker, EppService, LoginGuard, RegistrarStanding, EppListener],
  exports: [EppListener],
})
export class EppModule {}
