import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import type { Response } from 'express';
import { RdapExceptionFilter } from '../../src/rdap/rdap-exception.filter';
import { checkStructure, type JsonObject } from './rdap-helpers';

/** A response that records what the filter writes. */
function recorder(): { res: Response; sent: { status: number; headers: Record<string, string>; body: string } } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    status(code: number) { sent.status = code; return res; },
    setHeader(name: string, value: string) { sent.headers[name.toLowerCase()] = value; return res; },
    send(body: Buffer) { sent.body = body.toString('utf8'); return res; },
  };
  return { res: res as unknown as Response, sent };
}

function host(res: Response): ArgumentsHost {
  return { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({}), getNext: () => undefined }) } as unknown as ArgumentsHost;
}

/** Failures nobody planned for still leave as RDAP JSON, and say nothing about internals. */
describe('RDAP exception filter', () => {
  it('an unexpected error is an RDAP 500 that does not echo its message', () => {
    Logger.overrideLogger(false);
    const { res, sent } = recorder();
    const error = Object.assign(new Error('duplicate key value violates unique constraint, name=secret-query.az'), { code: '23505' });
    new RdapExceptionFilter().catch(error, host(res));
    assert.equal(sent.status, 500);
    assert.equal(sent.headers['content-type'], 'application/rdap+json');
    assert.equal(sent.headers['access-control-allow-origin'], '*');
    assert.equal(sent.headers['cache-control'], 'no-store');
    assert.doesNotMatch(sent.body, /secret-query/);
    const body = JSON.parse(sent.body) as JsonObject;
    checkStructure('500', 500, body);
    assert.equal(body.title, 'Internal Server Error');
  });
});
