import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, type INestApplication } from '@nestjs/common';
import type { Express, Request, Response } from 'express';
import { LookupRateLimiter } from '../lookup/lookup-rate-limiter';
import { MetricsService } from '../observability/metrics.service';
import { rdapBaseUrl, sendRdap } from './rdap-http';
import { RdapService } from './rdap.service';
import { rdapFailure } from './rdap-exception.filter';
import { rdapRateLimited } from './rdap-rate-limit.guard';
import type { RdapAnswer } from './rdap.types';

const PREFIX = '/rdap/domain/';

/**
 * `GET /rdap/domain/<name>` — the lookup the public sends thousands of a second — answered before
 * the request enters Express and Nest: their middleware chain (body parsers, request logging,
 * router matching, guards, filters) cost more than the lookup itself (≈ 0.3 ms of CPU a request
 * on the bench machine). The answer is the same as the routed one (`RdapController.domain`): the
 * same rate limit on the same client address (Express's own `req.ip`, honouring `trust proxy`),
 * the same `RdapService`, the same headers through `sendRdap`, and the errors of
 * `RdapExceptionFilter`; the request is counted in the metrics. It is not logged per request —
 * neither are WHOIS queries: a lookup leaves no record of the name asked (invariant 4).
 *
 * Anything else under /rdap (other paths, malformed percent-encoding, extra path segments) falls
 * through to Express unchanged.
 */
export function rdapDomainFastPath(app: INestApplication): (req: IncomingMessage, res: ServerResponse) => boolean {
  const express = app.getHttpAdapter().getInstance() as Express;
  const rdap = app.get(RdapService);
  const limiter = app.get(LookupRateLimiter);
  const metrics = app.get(MetricsService);
  const logger = new Logger('Rdap');

  async function answer(req: Request, name: string): Promise<RdapAnswer> {
    const decision = await limiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!decision.allowed) return rdapRateLimited(decision);
    try {
      return await rdap.domain(rdapBaseUrl(req), name);
    } catch (error) {
      return rdapFailure(error, logger);
    }
  }

  return (rawReq, rawRes) => {
    if ((rawReq.method !== 'GET' && rawReq.method !== 'HEAD') || !rawReq.url?.startsWith(PREFIX)) return false;
    const query = rawReq.url.indexOf('?');
    const segment = rawReq.url.slice(PREFIX.length, query < 0 ? undefined : query);
    if (segment.length === 0 || segment.includes('/')) return false;
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return false;
    }
    // What Express's own init does for every request: its request/response prototypes (req.ip,
    // req.protocol, req.get, res.status, res.send) with this application's settings.
    const req = Object.setPrototypeOf(rawReq, express.request) as Request;
    const res = Object.setPrototypeOf(rawRes, express.response) as Response;
    (req as { res?: Response }).res = res;
    (res as { req?: Request }).req = req;
    res.locals = Object.create(null) as Record<string, unknown>;
    const stop = metrics.latency.startTimer({ surface: 'rdap' });
    void answer(req, name)
      .then((a) => {
        sendRdap(res, a);
        stop();
        metrics.requests.inc({ surface: 'rdap', method: req.method, status: String(a.status) });
      })
      .catch(() => res.destroy());
    return true;
  };
}
