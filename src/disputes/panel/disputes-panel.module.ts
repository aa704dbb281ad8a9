import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { PaymentsModule } from '../../payments/payments.module';
import { PanelExceptionFilter } from '../../panel/panel-exception.filter';
import { PanelRenderer } from '../../panel/panel-renderer.service';
import { PanelSecurity } from '../../panel/panel-security';
import { RegistryModule } from '../../registry/registry.module';
import { DisputesModule } from '../disputes.module';
import { DecisionsController } from './decisions.controller';
import { DisputePages } from './dispute-pages';
import { DisputesPanelController } from './disputes-panel.controller';
import { evidenceParser } from './dispute-uploads';

const controllers = [DisputesPanelController, DecisionsController];

/**
 * The dispute pages of the control panel (`/disputes…`) and the public decisions page
 * (`/decisions…`), on the api role. They use the panel's own protections — the same PanelSecurity
 * (headers, cookie, Redis session, language, CSRF) and error pages — with the evidence parser placed
 * before the CSRF check so that multipart forms carry their token too.
 */
@Module({
  imports: [RegistryModule, PaymentsModule, DisputesModule],
  controllers,
  providers: [PanelSecurity, PanelRenderer, PanelExceptionFilter, DisputePages],
})
export class DisputesPanelModule implements NestModule {
  constructor(
    private readonly security: PanelSecurity,
    private readonly renderer: PanelRenderer,
    private readonly config: AppConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const csrfCheck = (req: Request, res: Response, next: NextFunction): void => {
      if (this.security.csrfValid(req)) return next();
      this.renderer.error(req, res, 403, 'error.csrf');
    };
    const tooLarge = (req: Request, res: Response): void => this.renderer.error(req, res, 413, 'error.kind.value-policy');
    consumer.apply(...this.security.middlewares(), evidenceParser(this.config.DISPUTE_MAX_UPLOAD_BYTES, tooLarge, (req, res) => this.renderer.error(req, res, 403, 'error.csrf')), csrfCheck).forRoutes(...controllers);
  }
}
