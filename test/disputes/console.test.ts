import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FileComplaintHandler } from '../../src/disputes/commands/file-complaint.handler';
import { DisputeDeadlines } from '../../src/disputes/dispute-deadlines.service';
import { auditCount, signedInAgent, submit } from '../admin/admin-helpers';
import { startTestApp, type TestApp } from '../support/test-app';
import { COMPLAINT, newAccount, passDeadline, payFee, registrantActor, registrarDomain, reload } from './dispute-helpers';

describe('dispute console: officers run cases, experts see only their own (HTTP, real PostgreSQL)', { timeout: 120_000 }, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ roles: ['api'], clockStart: '2026-09-01T08:00:00Z' });
  });
  after(() => t.close());

  it('validate, mediation notes, roster, conflict declaration and decision — each audited; role separation holds', async () => {
    const complainant = await newAccount(t, 'brand-c@example.com');
    await registrarDomain(t, 'con-reg', 'mingecevir-su.az');
    await registrarDomain(t, 'con-reg', 'seki-halva.az');
    const mine = await t.run(FileComplaintHandler, registrantActor(complainant), { accountId: complainant, domain: 'mingecevir-su.az', ...COMPLAINT });
    const other = await t.run(FileComplaintHandler, registrantActor(complainant), { accountId: complainant, domain: 'seki-halva.az', ...COMPLAINT });
    const officer = await signedInAgent(t, 'officer@nic.az', ['officer']);
    const expert = await signedInAgent(t, 'expert@nic.az', ['expert']);

    const queue = await officer.agent.get('/admin/disputes').expect(200);
    assert.match(queue.text, new RegExp(mine.caseNumber));
    assert.match(queue.text, new RegExp(other.caseNumber));
    const page = `/admin/disputes/${mine.caseNumber}`;
    assert.equal((await submit(officer.agent, page, `${page}/validate`, {})).status, 303);
    assert.equal((await reload(t, mine.caseNumber)).state, 'response');
    assert.equal(await auditCount(t, 'dispute.validate', mine.caseNumber), 1);
    assert.equal((await submit(officer.agent, page, `${page}/note`, { body: 'Respondent hinted at selling for 900 AZN.' })).status, 303);
    assert.match((await officer.agent.get(page).expect(200)).text, /selling for 900 AZN/);
    assert.equal((await submit(officer.agent, '/admin/disputes/roster', '/admin/disputes/roster', { email: 'expert@nic.az', name: 'Dr. Expert' })).status, 303);
    assert.equal(await auditCount(t, 'dispute.expert-add'), 1);

    // The expert is not appointed yet: no case in its queue, and the case itself is a 404.
    assert.doesNotMatch((await expert.agent.get('/admin/disputes').expect(200)).text, /DRS-/);
    await expert.agent.get(page).expect(404);
    // Officer-only actions are refused to an expert.
    const forbidden = await submit(expert.agent, '/admin/disputes', `${page}/validate`, {});
    assert.ok([403, 404].includes(forbidden.status), String(forbidden.status));

    await passDeadline(t, mine.caseNumber);
    await t.get(DisputeDeadlines).scan();
    await payFee(t, complainant, mine.caseNumber);
    // Proposed in rotation: now the expert sees this case (not the other), without the mediation notes.
    const seen = await expert.agent.get(page).expect(200);
    assert.doesNotMatch(seen.text, /900 AZN/);
    assert.doesNotMatch(seen.text, /mediation-notes/);
    assert.doesNotMatch((await expert.agent.get('/admin/disputes').expect(200)).text, new RegExp(other.caseNumber));
    await expert.agent.get(`/admin/disputes/${other.caseNumber}`).expect(404);
    assert.equal((await submit(expert.agent, page, `${page}/declare`, { conflict: 'no', declaration: 'No links to either party.' })).status, 303);
    assert.equal((await reload(t, mine.caseNumber)).state, 'decision');
    assert.equal((await submit(expert.agent, page, `${page}/decide`, { outcome: 'suspend', reasons: 'Used to mislead customers.' })).status, 303);
    const decided = await reload(t, mine.caseNumber);
    assert.deepEqual([decided.state, decided.outcome], ['appeal-window', 'suspend']);
    assert.equal(await auditCount(t, 'dispute.declare', mine.caseNumber), 1);
    assert.equal(await auditCount(t, 'dispute.decide', mine.caseNumber), 1);
  });
});
