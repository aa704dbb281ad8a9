import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { AppConfig } from '../../src/config/app-config';
import { RecordDecisionHandler } from '../../src/disputes/commands/decision.handlers';
import { DeclareConflictHandler } from '../../src/disputes/commands/appointment.handlers';
import { ValidateComplaintHandler } from '../../src/disputes/commands/review-complaint.handlers';
import { DisputeDeadlines } from '../../src/disputes/dispute-deadlines.service';
import { WithdrawComplaintHandler } from '../../src/disputes/commands/withdraw-complaint.handler';
import { Epp, eppDoc } from '../epp/golden';
import { csrfOf, submit, type Agent } from '../panel/panel-helpers';
import { queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { newAccount, newExperts, OFFICER, panelDomain, passDeadline, PASSWORD, payFee, registrantActor, registrarDomain, reload, statusesOf } from './dispute-helpers';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { FileComplaintHandler } from '../../src/disputes/commands/file-complaint.handler';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const D = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';

async function login(t: TestApp, email: string): Promise<Agent> {
  const agent = request.agent(t.http);
  const r = await submit(agent, '/panel/login', '/panel/login', { email, password: PASSWORD, next: '/disputes' });
  assert.equal(r.status, 303, r.text);
  return agent;
}

/** Posts a multipart form with the CSRF token of `page`. */
async function multipart(agent: Agent, page: string, action: string, fieldsIn: Record<string, string | string[]>, files: Array<{ name: string; bytes: Buffer }>): Promise<request.Response> {
  const token = csrfOf((await agent.get(page).expect(200)).text);
  let req = agent.post(action).field('_csrf', token);
  for (const [k, v] of Object.entries(fieldsIn)) for (const one of Array.isArray(v) ? v : [v]) req = req.field(k, one);
  for (const f of files) req = req.attach('evidence', f.bytes, { filename: f.name, contentType: 'application/octet-stream' });
  return req;
}

describe('dispute pages, uploads and the domain lock (HTTP, EPP, real PostgreSQL)', { timeout: 120_000 }, () => {
  let t: TestApp;
  let complainant: Agent;
  let respondent: Agent;
  let stranger: Agent;
  let respondentId: string;
  let caseNumber = '';
  before(async () => {
    t = await startTestApp({ roles: ['api', 'epp'], clockStart: '2026-06-01T08:00:00Z', env: { DISPUTE_MAX_UPLOAD_BYTES: '4096' } });
    await newAccount(t, 'owner-of-brand@example.com', 'org');
    respondentId = await newAccount(t, 'holder@example.com');
    await newAccount(t, 'stranger@example.com');
    await panelDomain(t, respondentId, 'xezer-balig.az');
    complainant = await login(t, 'owner-of-brand@example.com');
    respondent = await login(t, 'holder@example.com');
    stranger = await login(t, 'stranger@example.com');
  });
  after(async () => t.close());

  it('the complainant files through the panel with evidence; the case page shows it', async () => {
    const r = await multipart(complainant, '/disputes/new?domain=xezer-balig.az', '/disputes', {
      domain: 'xezer-balig.az', rights: 'Trade mark XƏZƏR BALIQ since 2015.', grounds: ['blocking', 'confusion'], complaint: 'The holder of holder@example.com copies us.',
    }, [{ name: 'trade-mark.pdf', bytes: PDF }]);
    assert.equal(r.status, 303, r.text);
    caseNumber = r.headers.location.split('/').pop()!;
    assert.match(caseNumber, /^DRS-2026-\d{5}$/);
    const page = await complainant.get(`/disputes/${caseNumber}`).expect(200);
    assert.match(page.text, /trade-mark\.pdf/);
    assert.match(page.text, /Trade mark XƏZƏR BALIQ/);
    assert.equal((await complainant.get('/disputes').expect(200)).text.includes(caseNumber), true);
  });

  it('uploads: wrong type and oversize are refused, a path-traversal name never reaches the file system', async () => {
    const page = `/disputes/${caseNumber}`;
    const wrong = await multipart(complainant, page, `${page}/documents`, {}, [{ name: 'evidence.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') }]);
    assert.equal(wrong.status, 422);
    const big = await multipart(complainant, page, `${page}/documents`, {}, [{ name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(5000)]) }]);
    assert.equal(big.status, 413);
    const evil = await multipart(complainant, page, `${page}/documents`, {}, [{ name: '../../../../etc/passwd.png', bytes: PNG }]);
    assert.equal(evil.status, 303, evil.text);
    const docs = await t.dataSource.query(`SELECT id, display_name, storage_name, content_type FROM dispute_documents ORDER BY created_at`);
    assert.equal(docs.length, 2);
    assert.equal(docs[1].display_name, 'passwd.png');
    for (const d of docs) assert.match(d.storage_name, /^[0-9a-f]{32}\.(pdf|png)$/);
    const dir = join(t.get(AppConfig).DATA_DIR, 'disputes');
    assert.deepEqual(readdirSync(dir).sort(), docs.map((d: { storage_name: string }) => d.storage_name).sort());
    assert.equal(existsSync(join(t.get(AppConfig).DATA_DIR, 'etc')), false);
    const dl = await complainant.get(`${page}/documents/${docs[1].id}`).expect(200);
    assert.equal(dl.headers['content-type'], 'image/png');
    assert.match(dl.headers['content-disposition'], /^attachment; filename="passwd\.png"/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    // Another account: the case and its documents do not exist.
    await stranger.get(page).expect(404);
    await stranger.get(`${page}/documents/${docs[1].id}`).expect(404);
    // No CSRF token: refused.
    const noCsrf = await complainant.post(`${page}/withdraw`).type('form').send({});
    assert.equal(noCsrf.status, 403);
  });

  it('while the case is open, EPP, REST and the panel cannot change the domain; afterwards they can', async () => {
    await t.run(ValidateComplaintHandler, OFFICER, { caseNumber });
    // Registrar-sponsored domain in its own case, to exercise EPP and REST.
    const other = await newAccount(t, 'brand-two@example.com');
    await registrarDomain(t, 'lock-reg', 'lenkeran-cay.az');
    const filed = await t.run(FileComplaintHandler, registrantActor(other), { accountId: other, domain: 'lenkeran-cay.az', rights: 'Brand.', grounds: ['blocking'], complaint: 'Blocking.' });
    await t.run(ValidateComplaintHandler, OFFICER, { caseNumber: filed.caseNumber });
    const epp = await Epp.login(t, 'lock-reg');
    try {
      const cmd = (body: string) => eppDoc(`<command>${body}<clTRID>LOCK-1</clTRID></command>`);
      await epp.expect(cmd(`<update><domain:update ${D}><domain:name>lenkeran-cay.az</domain:name><domain:chg><domain:authInfo><domain:pw>New-secret-9</domain:pw></domain:authInfo></domain:chg></domain:update></update>`), 2304);
      await epp.expect(cmd(`<delete><domain:delete ${D}><domain:name>lenkeran-cay.az</domain:name></domain:delete></delete>`), 2304);
      const info = await epp.expect(cmd(`<info><domain:info ${D}><domain:name>lenkeran-cay.az</domain:name></domain:info></info>`), 1000);
      for (const s of ['serverTransferProhibited', 'serverUpdateProhibited', 'serverDeleteProhibited']) assert.match(info, new RegExp(`<domain:status s="${s}"`));
    } finally {
      epp.close();
    }
    // REST: the same handlers refuse with problem+json code 2304.
    await assert.rejects(t.run(UpdateDomainHandler, registrarActor('lock-reg'), { name: 'lenkeran-cay.az', registrarId: 'lock-reg', change: { autoRenew: false } }), { code: 2304 });
    // Panel: the respondent cannot change name servers of the disputed domain.
    const page = (await respondent.get('/panel/domains/xezer-balig.az').expect(200)).text;
    const ns = await respondent.post('/panel/domains/xezer-balig.az/nameservers').type('form').send({ _csrf: csrfOf(page), add: 'ns1.example.net' });
    assert.notEqual(ns.status, 303);
    assert.deepEqual(await statusesOf(t, 'xezer-balig.az'), ['serverDeleteProhibited', 'serverTransferProhibited', 'serverUpdateProhibited']);
    // Closing lifts the lock.
    await t.run(WithdrawComplaintHandler, registrantActor(other), { caseNumber: filed.caseNumber });
    await t.run(UpdateDomainHandler, registrarActor('lock-reg'), { name: 'lenkeran-cay.az', registrarId: 'lock-reg', change: { autoRenew: false } });
    assert.deepEqual(await statusesOf(t, 'lenkeran-cay.az'), []);
  });

  it('the respondent answers from the panel; a party cannot act for the other side', async () => {
    const page = await respondent.get(`/disputes/${caseNumber}`).expect(200);
    assert.match(page.text, /name="text"/);
    const r = await respondent.post(`/disputes/${caseNumber}/response`).type('form').send({ _csrf: csrfOf(page.text), text: 'I sell fish under this name since 2010.' });
    assert.equal(r.status, 303, r.text);
    assert.equal((await reload(t, caseNumber)).state, 'reply');
    const w = await respondent.post(`/disputes/${caseNumber}/withdraw`).type('form').send({ _csrf: csrfOf(page.text) });
    assert.equal(w.status, 403);
  });

  it('a decision is published with persons redacted and organisations named', async () => {
    const [expert] = await newExperts(t, 1);
    await passDeadline(t, caseNumber);
    await t.get(DisputeDeadlines).scan();
    await passDeadline(t, caseNumber);
    await t.get(DisputeDeadlines).scan();
    const complainantId = (await reload(t, caseNumber)).complainantAccountId;
    await payFee(t, complainantId, caseNumber);
    await t.run(DeclareConflictHandler, expert, { caseNumber, adminId: expert.id, conflict: false, declaration: 'None.' });
    await t.run(RecordDecisionHandler, expert, { caseNumber, outcome: 'transfer', reasons: 'Aynur Məmmədova (holder@example.com) registered the name to block Şəki Su MMC.' });
    const list = await request(t.http).get('/decisions?q=xezer&lang=en').expect(200);
    assert.match(list.text, new RegExp(caseNumber));
    assert.match(list.text, /Şəki Su MMC/);
    assert.match(list.text, /a private individual/);
    const one = await request(t.http).get(`/decisions/${caseNumber}?lang=en`).expect(200);
    assert.doesNotMatch(one.text, /Aynur|holder@example\.com/);
    assert.match(one.text, /registered the name to block Şəki Su MMC/);
    const az = await request(t.http).get('/decisions').expect(200);
    assert.match(az.text, /fiziki şəxs/);
  });
});
