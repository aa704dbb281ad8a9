import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeclareConflictHandler } from '../../src/disputes/commands/appointment.handlers';
import { AppealDecisionHandler, LodgeAppealHandler, RecordDecisionHandler } from '../../src/disputes/commands/decision.handlers';
import { ExtendDeadlineHandler, SettleDisputeHandler, AddMediationNoteHandler } from '../../src/disputes/commands/officer.handlers';
import { SubmitStatementHandler } from '../../src/disputes/commands/party-statement.handler';
import { WithdrawComplaintHandler } from '../../src/disputes/commands/withdraw-complaint.handler';
import { DisputeDeadlines } from '../../src/disputes/dispute-deadlines.service';
import { DIRECT_CHANNEL_REGISTRAR } from '../../src/demo/demo-data';
import { CompleteFeePaymentHandler, StartFeePaymentHandler } from '../../src/disputes/commands/fee.handlers';
import { paymentProviderActor } from '../../src/payments/payment-callback.service';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment.provider';
import { queryOne, startTestApp, type TestApp } from '../support/test-app';
import { fileAndValidate, newAccount, newExperts, OFFICER, panelDomain, passDeadline, payFee, registrantActor, registrarDomain, reload, statusesOf } from './dispute-helpers';
import type { Actor } from '../../src/registry/command/actor';
import { ClaimRespondentAccessHandler } from '../../src/disputes/commands/document.handlers';

describe('dispute workflow (fake clock, real PostgreSQL)', () => {
  let t: TestApp;
  let experts: Actor[];
  let scan: () => Promise<unknown>;
  before(async () => {
    t = await startTestApp({ roles: ['api'], clockStart: '2026-01-05T08:00:00Z' });
    experts = await newExperts(t, 5);
    scan = () => t.get(DisputeDeadlines).scan();
  });
  after(() => t.close());

  /** The proposed expert of a case accepts (no conflict). Returns the expert's actor. */
  async function acceptProposed(caseNumber: string, role: 'expert' | 'appeal' = 'expert'): Promise<Actor[]> {
    const rows = await t.dataSource.query(
      `SELECT e.admin_user_id FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id JOIN disputes d ON d.id = a.dispute_id
        WHERE d.case_number = $1 AND a.role = $2 AND a.status = 'proposed' ORDER BY a.id`, [caseNumber, role]);
    const actors = rows.map((r: { admin_user_id: string }) => experts.find((e) => e.id === r.admin_user_id)!);
    for (const a of actors) await t.run(DeclareConflictHandler, a, { caseNumber, adminId: a.id, conflict: false, declaration: 'I have no connection with either party.' });
    return actors;
  }

  it('no response → summary decision → transfer implemented after the appeal window; the lock is lifted', async () => {
    const complainant = await newAccount(t, 'brand1@example.com');
    await registrarDomain(t, 'wf-reg-a', 'sekisu.az', ['clientTransferProhibited', 'serverDeleteProhibited']);
    const d = await fileAndValidate(t, complainant, 'sekisu.az');
    assert.equal(d.state, 'response');
    // 5 Jan 2026 (Mon) + 15 working days (20 Jan is a holiday) → 27 Jan, end of the day in Baku.
    assert.equal(d.dueAt?.toISOString(), '2026-01-27T19:59:59.999Z');
    assert.deepEqual(d.lockPriorStatuses, ['serverDeleteProhibited']);
    assert.deepEqual(await statusesOf(t, 'sekisu.az'), ['clientTransferProhibited', 'serverDeleteProhibited', 'serverTransferProhibited', 'serverUpdateProhibited']);
    const poll = await queryOne<{ n: number }>(t, `SELECT count(*)::int AS n FROM poll_messages WHERE registrar_id = 'wf-reg-a' AND payload->>'type' = 'dispute-lock'`);
    assert.equal(poll.n, 1);
    const notice = await queryOne<{ payload: { step: string; link: string } }>(t, `SELECT payload FROM outbox WHERE template = 'dispute-step' AND recipient = 'r-sekisuaz@example.az' ORDER BY id DESC LIMIT 1`);
    assert.equal(notice.payload.step, 'notified');
    assert.match(notice.payload.link, /\/disputes\/access\/[A-Za-z0-9_-]{43}$/);

    await passDeadline(t, d.caseNumber);
    await scan();
    let now = await reload(t, d.caseNumber);
    assert.equal(now.state, 'awaiting-fee');
    assert.equal(now.feeKind, 'summary');
    assert.equal(now.feeAmount, 20_000);
    await payFee(t, complainant, d.caseNumber);
    now = await reload(t, d.caseNumber);
    assert.equal(now.state, 'appointment');
    assert.equal(now.decisionKind, 'summary');
    const [expert] = await acceptProposed(d.caseNumber);
    assert.equal((await reload(t, d.caseNumber)).state, 'decision');
    await t.run(RecordDecisionHandler, expert, { caseNumber: d.caseNumber, outcome: 'transfer', reasons: 'The respondent registered the name to block the complainant.' });
    now = await reload(t, d.caseNumber);
    assert.equal(now.state, 'appeal-window');
    assert.equal(now.published, true);
    await passDeadline(t, d.caseNumber);
    await scan();
    now = await reload(t, d.caseNumber);
    assert.equal(now.state, 'closed');
    assert.equal(now.closedReason, 'implemented');
    const domain = await queryOne<{ registrar_id: string; account_id: string; dispute_locked: boolean }>(t, `SELECT registrar_id, account_id, dispute_locked FROM domains WHERE name = 'sekisu.az'`);
    assert.deepEqual(domain, { registrar_id: DIRECT_CHANNEL_REGISTRAR.id, account_id: complainant, dispute_locked: false });
    // The lock's statuses are gone, the one set before the case stays; client statuses go with the transfer.
    assert.deepEqual(await statusesOf(t, 'sekisu.az'), ['serverDeleteProhibited']);
    const history = await t.dataSource.query(`SELECT action FROM history WHERE object_type = 'dispute' AND object_name = $1 ORDER BY id`, [d.caseNumber]);
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['dispute.filed', 'dispute.validated', 'dispute.notified', 'dispute.no-response', 'dispute.fee-paid', 'dispute.experts-proposed', 'dispute.expert-appointed', 'dispute.decision', 'dispute.implemented']);
    // A second scan changes nothing more.
    await scan();
    assert.equal((await t.dataSource.query(`SELECT count(*)::int AS n FROM dispute_events e JOIN disputes d ON d.id = e.dispute_id WHERE d.case_number = $1`, [d.caseNumber]))[0].n, 9);
  });

  it('response → reply → mediation settles: the case closes and the domain keeps its own statuses', async () => {
    t.clock.set('2026-02-02T08:00:00Z');
    const complainant = await newAccount(t, 'brand2@example.com');
    const respondent = await newAccount(t, 'holder2@example.com');
    await panelDomain(t, respondent, 'qarabag-cay.az');
    const d = await fileAndValidate(t, complainant, 'qarabag-cay.az');
    assert.equal(d.respondentAccountId, respondent, 'a panel domain binds its account at once');
    await t.run(SubmitStatementHandler, registrantActor(respondent), { caseNumber: d.caseNumber, kind: 'response', text: 'I registered it for my tea shop in 2024.' });
    assert.equal((await reload(t, d.caseNumber)).state, 'reply');
    await assert.rejects(t.run(SubmitStatementHandler, registrantActor(respondent), { caseNumber: d.caseNumber, kind: 'reply', text: 'x' }), { reason: 'not-complainant' });
    await t.run(SubmitStatementHandler, registrantActor(complainant), { caseNumber: d.caseNumber, kind: 'reply', text: 'The tea shop opened after our complaint.' });
    assert.equal((await reload(t, d.caseNumber)).state, 'mediation');
    await t.run(AddMediationNoteHandler, OFFICER, { caseNumber: d.caseNumber, body: 'Respondent would accept 500 AZN.' });
    await t.run(SettleDisputeHandler, OFFICER, { caseNumber: d.caseNumber, outcome: 'no-action', terms: 'The complainant withdraws; the respondent keeps the name and adds a disclaimer.' });
    const now = await reload(t, d.caseNumber);
    assert.equal(now.closedReason, 'settled');
    assert.deepEqual(await statusesOf(t, 'qarabag-cay.az'), []);
    assert.equal((await queryOne<{ account_id: string }>(t, `SELECT account_id FROM domains WHERE name = 'qarabag-cay.az'`)).account_id, respondent);
  });

  it('decision transfer → appeal (notice) → panel of three upholds → implemented', async () => {
    t.clock.set('2026-04-06T08:00:00Z');
    const complainant = await newAccount(t, 'brand3@example.com', 'org');
    const respondent = await newAccount(t, 'holder3@example.com');
    await panelDomain(t, respondent, 'azersu-shop.az');
    const d = await fileAndValidate(t, complainant, 'azersu-shop.az');
    await t.run(SubmitStatementHandler, registrantActor(respondent), { caseNumber: d.caseNumber, kind: 'response', text: 'Fair use.' });
    await passDeadline(t, d.caseNumber); // reply → mediation
    await scan();
    assert.equal((await reload(t, d.caseNumber)).state, 'mediation');
    await passDeadline(t, d.caseNumber); // mediation → expert fee
    await scan();
    assert.equal((await reload(t, d.caseNumber)).feeKind, 'expert');
    await payFee(t, complainant, d.caseNumber);
    const [expert] = await acceptProposed(d.caseNumber);
    await t.run(RecordDecisionHandler, expert, { caseNumber: d.caseNumber, outcome: 'transfer', reasons: 'Abusive registration.' });
    await t.run(LodgeAppealHandler, registrantActor(respondent), { caseNumber: d.caseNumber, mode: 'notice', notice: 'The expert ignored my evidence of prior use.' });
    let now = await reload(t, d.caseNumber);
    assert.deepEqual([now.state, now.feeKind, now.feePayer], ['awaiting-fee', 'appeal', 'respondent']);
    await payFee(t, respondent, d.caseNumber);
    now = await reload(t, d.caseNumber);
    assert.equal(now.state, 'appeal');
    const panel = await acceptProposed(d.caseNumber, 'appeal');
    assert.equal(panel.length, 3);
    assert.ok(!panel.some((p) => p.id === expert.id), 'the first expert does not sit on the appeal panel');
    await assert.rejects(t.run(AppealDecisionHandler, expert, { caseNumber: d.caseNumber, result: 'overturned', outcome: 'no-action', reasons: 'x' }), { reason: 'not-appointed' });
    await t.run(AppealDecisionHandler, panel[1], { caseNumber: d.caseNumber, result: 'upheld', reasons: 'The decision stands.' });
    now = await reload(t, d.caseNumber);
    assert.deepEqual([now.state, now.closedReason, now.appealResult], ['closed', 'implemented', 'upheld']);
    assert.equal((await queryOne<{ account_id: string }>(t, `SELECT account_id FROM domains WHERE name = 'azersu-shop.az'`)).account_id, complainant);
  });

  it('withdrawal before the decision closes the case and unlocks the domain', async () => {
    const complainant = await newAccount(t, 'brand4@example.com');
    await registrarDomain(t, 'wf-reg-b', 'gence-kilim.az');
    const d = await fileAndValidate(t, complainant, 'gence-kilim.az');
    assert.equal((await queryOne<{ dispute_locked: boolean }>(t, `SELECT dispute_locked FROM domains WHERE name = 'gence-kilim.az'`)).dispute_locked, true);
    const other = await newAccount(t, 'stranger4@example.com');
    await assert.rejects(t.run(WithdrawComplaintHandler, registrantActor(other), { caseNumber: d.caseNumber }), { reason: 'dispute-not-found' });
    await t.run(WithdrawComplaintHandler, registrantActor(complainant), { caseNumber: d.caseNumber });
    assert.equal((await reload(t, d.caseNumber)).closedReason, 'withdrawn');
    assert.deepEqual(await statusesOf(t, 'gence-kilim.az'), []);
    assert.equal((await queryOne<{ dispute_locked: boolean }>(t, `SELECT dispute_locked FROM domains WHERE name = 'gence-kilim.az'`)).dispute_locked, false);
  });

  it('an unpaid expert fee lapses the case; money arriving after that is refunded', async () => {
    const complainant = await newAccount(t, 'brand5@example.com');
    const respondent = await newAccount(t, 'holder5@example.com');
    await panelDomain(t, respondent, 'lenkeran-limon.az');
    const d = await fileAndValidate(t, complainant, 'lenkeran-limon.az');
    await t.run(SubmitStatementHandler, registrantActor(respondent), { caseNumber: d.caseNumber, kind: 'response', text: 'Mine.' });
    await t.run(SubmitStatementHandler, registrantActor(complainant), { caseNumber: d.caseNumber, kind: 'reply', text: 'Ours.' });
    await passDeadline(t, d.caseNumber);
    await scan();
    assert.equal((await reload(t, d.caseNumber)).feeKind, 'expert');
    const started = await t.run(StartFeePaymentHandler, registrantActor(complainant), { caseNumber: d.caseNumber, accountId: complainant });
    await passDeadline(t, d.caseNumber);
    await scan();
    const now = await reload(t, d.caseNumber);
    assert.deepEqual([now.state, now.closedReason], ['closed', 'lapsed']);
    assert.deepEqual(await statusesOf(t, 'lenkeran-limon.az'), []);
    // The browser comes back from the payment page too late.
    const sandbox = t.get(SandboxPaymentProvider);
    const ref = new URL(started.redirectUrl!).pathname.split('/').pop()!;
    const verified = sandbox.verifyCallback(Object.fromEntries(new URL(sandbox.sandboxDecision(decodeURIComponent(ref), 'succeeded')!).searchParams.entries()))!;
    const result = await t.run(CompleteFeePaymentHandler, paymentProviderActor('sandbox'), verified);
    assert.deepEqual([result.status, result.refundDue], ['failed', true]);
  });

  it('a conflict of interest passes the case to the next expert; an officer extension is recorded with the officer', async () => {
    const complainant = await newAccount(t, 'brand6@example.com');
    await registrarDomain(t, 'wf-reg-c', 'naxcivan-duz.az');
    const d = await fileAndValidate(t, complainant, 'naxcivan-duz.az');
    const before = (await reload(t, d.caseNumber)).dueAt!;
    await t.run(ExtendDeadlineHandler, OFFICER, { caseNumber: d.caseNumber, workingDays: 5, reason: 'Respondent abroad.' });
    const ext = await queryOne<{ granted_by: string; old_due_at: Date; new_due_at: Date }>(t, `SELECT granted_by, old_due_at, new_due_at FROM dispute_extensions e JOIN disputes d ON d.id = e.dispute_id WHERE d.case_number = $1`, [d.caseNumber]);
    assert.equal(ext.granted_by, OFFICER.id);
    assert.equal(ext.old_due_at.getTime(), before.getTime());
    assert.ok(ext.new_due_at > before);
    await passDeadline(t, d.caseNumber);
    await scan();
    await payFee(t, complainant, d.caseNumber);
    const first = await queryOne<{ admin_user_id: string }>(t, `SELECT e.admin_user_id FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id JOIN disputes d ON d.id = a.dispute_id WHERE d.case_number = $1 AND a.status = 'proposed'`, [d.caseNumber]);
    const conflicted = experts.find((e) => e.id === first.admin_user_id)!;
    await t.run(DeclareConflictHandler, conflicted, { caseNumber: d.caseNumber, adminId: conflicted.id, conflict: true, declaration: 'I advised the complainant last year.' });
    const next = await queryOne<{ admin_user_id: string }>(t, `SELECT e.admin_user_id FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id JOIN disputes d ON d.id = a.dispute_id WHERE d.case_number = $1 AND a.status = 'proposed'`, [d.caseNumber]);
    assert.notEqual(next.admin_user_id, conflicted.id);
    await assert.rejects(t.run(RecordDecisionHandler, conflicted, { caseNumber: d.caseNumber, outcome: 'cancel', reasons: 'x' }), { reason: 'dispute-state' });
  });

  it('a disputed domain about to expire is renewed at the registry\'s cost, not dropped', async () => {
    const complainant = await newAccount(t, 'brand7@example.com');
    await registrarDomain(t, 'wf-reg-d', 'quba-alma.az');
    const d = await fileAndValidate(t, complainant, 'quba-alma.az');
    const now = t.clock.now();
    await t.dataSource.query(`UPDATE domains SET expires_at = $2 WHERE name = $1`, ['quba-alma.az', new Date(now.getTime() + 10 * 86_400_000)]);
    const balance = await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = 'wf-reg-d'`);
    const report = await t.get(DisputeDeadlines).scan();
    assert.ok((report as { renewed: number }).renewed >= 1);
    const after = await queryOne<{ expires_at: Date }>(t, `SELECT expires_at FROM domains WHERE name = 'quba-alma.az'`);
    assert.ok(after.expires_at.getTime() > now.getTime() + 300 * 86_400_000);
    assert.equal((await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = 'wf-reg-d'`)).balance, balance.balance);
    assert.equal((await reload(t, d.caseNumber)).state, 'response');
  });
  it('the registrant of a registrar\'s domain answers through the mailed one-time link, from an account with that address', async () => {
    const complainant = await newAccount(t, 'brand8@example.com');
    await registrarDomain(t, 'wf-reg-e', 'xirdalan-pivo.az');
    const d = await fileAndValidate(t, complainant, 'xirdalan-pivo.az');
    const mail = await queryOne<{ payload: { link: string } }>(t, `SELECT payload FROM outbox WHERE template = 'dispute-step' AND recipient = 'r-xirdalanpi@example.az' AND payload->>'step' = 'notified'`);
    const token = mail.payload.link.split('/').pop()!;
    const wrong = await newAccount(t, 'someone-else@example.com');
    await assert.rejects(t.run(ClaimRespondentAccessHandler, registrantActor(wrong), { token, accountId: wrong }), { reason: 'email-mismatch' });
    await assert.rejects(t.run(ClaimRespondentAccessHandler, registrantActor(complainant), { token, accountId: complainant }), { reason: 'email-mismatch' });
    const holder = await newAccount(t, 'R-XIRDALANPI@example.az');
    await t.run(ClaimRespondentAccessHandler, registrantActor(holder), { token, accountId: holder });
    assert.equal((await reload(t, d.caseNumber)).respondentAccountId, holder);
    await assert.rejects(t.run(ClaimRespondentAccessHandler, registrantActor(holder), { token, accountId: holder }), { reason: 'access-link' });
    await t.run(SubmitStatementHandler, registrantActor(holder), { caseNumber: d.caseNumber, kind: 'response', text: 'We brew beer in Xırdalan.' });
    assert.equal((await reload(t, d.caseNumber)).state, 'reply');
  });
});
