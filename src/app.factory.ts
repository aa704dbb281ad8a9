import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module';
import { ProblemFilter } from './rest/problem.filter';
import { createValidationPipe } from './rest/validation';
import { rdapDomainFastPath } from './rdap/rdap-fast-path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Puts the RDAP domain fast path (rdap-fast-path.ts) in front of Express on the HTTP server. */
function routeRdapDomainLookupsFirst(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  const fast = rdapDomainFastPath(app);
  const routed = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!fast(req, res)) for (const listener of routed) listener(req, res);
  });
}

/** Builds the Nest application (used by main.ts and by the tests, which pass their own clock). */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(options), { bufferLogs: true, bodyParser: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  const express = app.getHttpAdapter().getInstance() as { disable(s: string): void; set(k: string, v: unknown): void };
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  const roles = options.roles ?? options.config.roles;
  if (roles.has('api')) {
    routeRdapDomainLookupsFirst(app);
    const doc = new DocumentBuilder()
      .setTitle('azreg REST API')
      .setDescription('Registrar API of the .az registry. Errors are RFC 9457 problem+json with `code` = the EPP result code.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Registrar API key: azr_<id>_<secret>' })
      .build();
    SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}
