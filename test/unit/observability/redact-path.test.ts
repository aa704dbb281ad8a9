import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactPath } from '../../../src/observability/redact-path';

describe('request logs never carry looked-up names', () => {
  const cases: Array<[string, string]> = [
    ['/rdap/domain/%C5%9F%C9%99ki.az', '/rdap/domain/:name'],
    ['/rdap/nameserver/ns1.example.az', '/rdap/nameserver/:name'],
    ['/rdap/entity/C-AYNUR', '/rdap/entity/:name'],
    ['/rdap/domains?name=exa*', '/rdap/domains'],
    ['/whois?q=secret-plan.az&lang=en', '/whois'],
    ['/api/v1/domains/secret.az/renew', '/api/v1/domains/:name/renew'],
    ['/api/v1/domains/check', '/api/v1/domains/check'],
    ['/api/v1/contacts/C-1', '/api/v1/contacts/:name'],
    ['/healthz', '/healthz'],
    ['/RDAP/DOMAIN/aynur.az', '/rdap/domain/:name'],
    ['/rdap//domain/x.az', '/rdap/:other'],
    ['/rdap%2Fdomain%2Fx.az', '/rdap/domain/:name'],
    ['/rdap/whatever/secret.az', '/rdap/:other'],
    ['//rdap/domain/x.az', '/rdap/:other'],
    ['/api/v1/domains/secret.az/transfer/approve', '/api/v1/domains/:name/transfer/approve'],
    ['/api/v1/domains/secret.az/nonsense', '/api/:other'],
    ['/secret.az', '/:other'],
    ['/%E0%A4%A', '/:undecodable'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => assert.equal(redactPath(input), expected));
  }
});
