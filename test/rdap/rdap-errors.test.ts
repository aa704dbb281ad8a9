import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { CreateDomainHandler } from '../../src/registry/domains/commands/create-domain.handler';
import { AddReservedHandler } from '../../src/registry/names/add-reserved.handler';
import { createDomain } from '../handlers/handler-helpers';
import { ADMIN_ACTOR, newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { TEST_HOST, assertGolden, rdapGet } from './rdap-helpers';

/**
 * RDAP errors are RDAP JSON (RFC 9083 §6) with the RDAP media type and CORS, never problem+json:
 * 400 for what is not a query or not a name, 404 for what is not registered (and why), 501 for
 * query types a domain registry does not offer, 429 from the lookup budget shared with WHOIS.
 */
describe('RDAP errors', () => {
  let t: TestApp;
  const A = 'rdap-err';

  before(async () => {
    t = await startTestApp({ roles: ['api'] });
    await newRegistrar(t, A);
    await newContact(t, A, 'RE-1');
    await createDomain(t, A, 'şəki.az', 'RE-1');
    await t.run(AddReservedHandler, ADMIN_ACTOR, { name: 'prezident', reason: 'state body' });
    const pending = await t.run(CreateDomainHandler, registrarActor(A), { name: 'nazirlik.gov.az', registrarId: A, years: 1, registrant: 'RE-1', holder: { type: 'registrar', id: A } });
    assert.equal(pending.pendingCreate, true);
  });
  after(() => t.close());

  it('400 for names that cannot be in this registry, with the reason', async () => {
    const r = await rdapGet(t, '/rdap/domain/-bad-.az');
    assert.equal(r.status, 400);
    assertGolden('error-400-invalid-name', r.body);
    for (const name of ['x.com.az', 'example.com', 'a..az', 'ab.az', encodeURIComponent('şəki😀.az'), 'xn--zzzz.az', 'az']) {
      const other = await rdapGet(t, `/rdap/domain/${name}`);
      assert.equal(other.status, 400, name);
      assert.equal((other.body.description as string[]).length, 2, name);
    }
    assert.equal((await rdapGet(t, '/rdap/nameserver/ns1..az')).status, 400);
    assert.equal((await rdapGet(t, '/rdap/entity/no%20such%20handle')).status, 400);
  });

  it('400 for search patterns that would list the registry, or are not patterns', async () => {
    const r = await rdapGet(t, '/rdap/domains?name=*');
    assert.equal(r.status, 400);
    assertGolden('error-400-search-pattern', r.body);
    for (const q of ['name=a*', 'name=*ki', 'name=ex*a*', 'name=ex%25*', '', 'name=ex*&name=ab*']) {
      assert.equal((await rdapGet(t, `/rdap/domains?${q}`)).status, 400, q);
      assert.equal((await rdapGet(t, `/rdap/nameservers?${q}`)).status, 400, q);
    }
  });

  it('400 for paths that are not RDAP queries', async () => {
    const r = await rdapGet(t, '/rdap/whatever/example.az');
    assert.equal(r.status, 400);
    assertGolden('error-400-unknown-path', r.body);
    for (const path of ['/rdap', '/rdap/', '/rdap/domain', '/rdap/domain/', '/rdap/domain/a.az/extra']) {
      assert.equal((await rdapGet(t, path)).status, 400, path);
    }
  });

  it('404 for a free name', async () => {
    const r = await rdapGet(t, '/rdap/domain/bos.az');
    assert.equal(r.status, 404);
    assertGolden('error-404-not-found', r.body);
    assert.equal((await rdapGet(t, '/rdap/nameserver/ns1.bos.az')).status, 404);
    assert.equal((await rdapGet(t, '/rdap/entity/NOBODY')).status, 404);
  });

  it('404 for a reserved name, saying it is reserved', async () => {
    const r = await rdapGet(t, '/rdap/domain/prezident.az');
    assert.equal(r.status, 404);
    assertGolden('error-404-reserved', r.body);
  });

  it('404 for a blocked variant, naming the registered spelling', async () => {
    const r = await rdapGet(t, '/rdap/domain/seki.az');
    assert.equal(r.status, 404);
    assertGolden('error-404-variant', r.body);
    assert.equal((await rdapGet(t, `/rdap/domain/${encodeURIComponent('şeki.az')}`)).status, 404);
  });

  it('404 for an application awaiting approval in a restricted zone, without its data', async () => {
    const r = await rdapGet(t, '/rdap/domain/nazirlik.gov.az');
    assert.equal(r.status, 404);
    assertGolden('error-404-pending-create', r.body);
    const search = await rdapGet(t, '/rdap/domains?name=nazir*');
    assert.deepEqual(search.body.domainSearchResults, []);
  });

  it('501 for query types a domain registry does not offer', async () => {
    const r = await rdapGet(t, '/rdap/nameservers?ip=192.0.2.1');
    assert.equal(r.status, 501);
    assertGolden('error-501-ip-search', r.body);
    for (const path of ['/rdap/domains?nsLdhName=ns1.example.az', '/rdap/domains?nsIp=192.0.2.1', '/rdap/ip/192.0.2.0', '/rdap/autnum/65000', '/rdap/entities?fn=Aynur*']) {
      assert.equal((await rdapGet(t, path)).status, 501, path);
    }
  });

  it('a malformed percent-encoding is an RDAP 400 too', async () => {
    const r = await rdapGet(t, '/rdap/domain/%E0%A4%A.az');
    assert.equal(r.status, 400);
  });

  it('only GET and HEAD: other methods are 400 with the RDAP media type', async () => {
    const res = await request(t.http).post('/rdap/domain/example.az').set('Host', TEST_HOST).send({});
    assert.equal(res.status, 400);
    assert.equal(res.headers['content-type'], 'application/rdap+json');
    const head = await request(t.http).head('/rdap/domain/%C5%9F%C9%99ki.az').set('Host', TEST_HOST);
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-type'], 'application/rdap+json');
  });
});

describe('RDAP rate limit', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ roles: ['api'], env: { LOOKUP_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  after(() => t.close());

  it('429 with Retry-After once the per-address budget is spent, and not cached', async () => {
    for (const path of ['/rdap/help', '/rdap/domain/bos.az', '/rdap/domain/-bad-.az']) {
      assert.notEqual((await rdapGet(t, path)).status, 429, path);
    }
    const r = await rdapGet(t, '/rdap/domain/bos.az');
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers['retry-after']) >= 1 && Number(r.headers['retry-after']) <= 60, r.headers['retry-after']);
    assert.equal(r.headers['cache-control'], 'no-store');
    assertGolden('error-429', { ...r.body, description: (r.body.description as string[]).map((d) => d.replace(/\d+ seconds/, '%N% seconds')) });
    assert.equal((await rdapGet(t, '/rdap/help')).status, 429);
  });
});
