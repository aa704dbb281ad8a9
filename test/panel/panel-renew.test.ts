import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { DIRECT_CHANNEL_REGISTRAR } from '../../src/demo/demo-data';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { queryOne, registrarActor, type TestApp } from '../support/test-app';
import { addToCart, checkoutToSandbox, localPath, sandboxOutcome, signUpAndLogin, startPanelApp, submit, type Agent } from './panel-helpers';

const NAME = 'yenile.az';
const PAGE = `/panel/domains/${NAME}`;
const DIRECT = DIRECT_CHANNEL_REGISTRAR.id;

describe('control panel: renew now (paid)', () => {
  let t: TestApp;
  let owner: Agent;
  const expiry = async (): Promise<string> => (await queryOne<{ e: string }>(t, `SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS e FROM domains WHERE name = $1`, [NAME])).e;
  const balance = async (): Promise<number> => Number((await queryOne<{ b: string }>(t, `SELECT balance AS b FROM registrars WHERE id = $1`, [DIRECT])).b);
  const ledgerCount = async (): Promise<number> => Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM ledger_entries WHERE registrar_id = $1`, [DIRECT])).n);

  before(async () => {
    t = await startPanelApp();
    owner = request.agent(t.http);
    await signUpAndLogin(t, owner, 'renew@example.az');
    const holdId = await addToCart(owner, NAME);
    const sandbox = await checkoutToSandbox(owner, holdId);
    assert.equal((await sandboxOutcome(owner, sandbox, 'succeeded')).status, 200);
  });
  after(async () => {
    await t.close();
  });

  it('pays through the sandbox: expiry +2 years, ledger credit then renew debit, balance unchanged, replay changes nothing', async () => {
    const page = (await owner.get(PAGE).expect(200)).text;
    assert.match(page, /<label for="renew-years">Müddət \(il\)<\/label>/);
    assert.match(page, /action="\/panel\/domains\/yenile\.az\/renew"/);
    const before = await expiry();
    const balanceBefore = await balance();
    const ledgerBefore = await ledgerCount();

    const started = await submit(owner, PAGE, `${PAGE}/renew`, { years: '2' });
    assert.equal(started.status, 303, started.text);
    const sandbox = localPath(started.headers.location);
    const decided = await submit(owner, sandbox, sandbox, { outcome: 'succeeded' });
    assert.equal(decided.status, 303, decided.text);
    const callback = localPath(decided.headers.location);
    const done = await owner.get(callback);
    assert.equal(done.status, 200, done.text);

    const expected = `${Number(before.slice(0, 4)) + 2}${before.slice(4)}`;
    assert.equal(await expiry(), expected);
    assert.match(done.text, new RegExp(`yenile\\.az yeniləndi: yeni bitmə tarixi ${expected}`));
    assert.match(done.text, /href="\/panel\/domains\/yenile\.az"/);
    assert.match((await owner.get(PAGE).expect(200)).text, new RegExp(expected));

    const payment = await queryOne<{ id: string; amount: string; status: string; purpose: string }>(t, `SELECT id, amount, status, purpose FROM payments WHERE purpose = 'domain-renew'`);
    assert.equal(payment.status, 'succeeded');
    const entries = await t.dataSource.query(`SELECT kind, amount FROM ledger_entries WHERE registrar_id = $1 ORDER BY id`, [DIRECT]);
    assert.equal(entries.length, ledgerBefore + 2);
    const [credit, renew] = entries.slice(-2) as Array<{ kind: string; amount: string }>;
    assert.equal(credit.kind, 'credit');
    assert.equal(renew.kind, 'renew');
    assert.equal(Math.abs(Number(credit.amount)), Number(payment.amount));
    assert.equal(Math.abs(Number(renew.amount)), Number(payment.amount));
    assert.equal(await balance(), balanceBefore);

    // The provider (or the browser) replays the callback: nothing changes.
    const replay = await owner.get(callback);
    assert.equal(replay.status, 200, replay.text);
    assert.match(replay.text, /yeniləndi/);
    assert.equal(await expiry(), expected);
    assert.equal(await ledgerCount(), ledgerBefore + 2);
    assert.equal(await balance(), balanceBefore);

    // The receipt names the renewal.
    assert.match((await owner.get('/panel/receipts').expect(200)).text, /yenile\.az — yenilənmə, 2 il/);
  });

  it('refuses a renewal that would pass ten years ahead, on the page, without a payment', async () => {
    const before = await expiry();
    const paymentsBefore = Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM payments`)).n);
    const refused = await submit(owner, PAGE, `${PAGE}/renew`, { years: '10' });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.text, /role="alert">Qeydiyyat bu gündən 10 ildən çox irəli uzana bilməz \(2004\)/);
    const bad = await submit(owner, `${PAGE}?lang=en`, `${PAGE}/renew`, { years: 'abc' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Choose a term between 1 and 10 years/);
    await owner.get('/?lang=az').expect(200);
    assert.equal(await expiry(), before);
    assert.equal(Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM payments`)).n), paymentsBefore);
  });

  it('a renew refused when the money arrives rolls back the credit and owes a refund', async () => {
    const before = await expiry();
    const balanceBefore = await balance();
    const ledgerBefore = await ledgerCount();
    const started = await submit(owner, PAGE, `${PAGE}/renew`, { years: '1' });
    assert.equal(started.status, 303, started.text);
    // Meanwhile the domain gets a renew-prohibiting status.
    await t.run(UpdateDomainHandler, registrarActor(DIRECT), { name: NAME, registrarId: DIRECT, add: { statuses: ['clientRenewProhibited'] } });
    const done = await sandboxOutcome(owner, localPath(started.headers.location), 'succeeded');
    assert.equal(done.status, 200, done.text);
    assert.match(done.text, /yenile\.az yenilənə bilmədi; məbləğ geri qaytarılacaq/);
    const rows = await t.dataSource.query(`SELECT status, result->>'refundDue' AS refund, result->>'reason' AS reason FROM payments WHERE purpose = 'domain-renew' ORDER BY status`);
    assert.deepEqual(rows.map((r: Record<string, unknown>) => ({ ...r })), [
      { status: 'failed', refund: 'true', reason: 'clientRenewProhibited' },
      { status: 'succeeded', refund: null, reason: null },
    ]);
    assert.equal(await expiry(), before);
    assert.equal(await ledgerCount(), ledgerBefore);
    assert.equal(await balance(), balanceBefore);
    await t.run(UpdateDomainHandler, registrarActor(DIRECT), { name: NAME, registrarId: DIRECT, remove: { statuses: ['clientRenewProhibited'] } });
  });

  it('another account cannot renew the domain (404)', async () => {
    const other = request.agent(t.http);
    await signUpAndLogin(t, other, 'other-renew@example.az');
    const res = await submit(other, '/panel/domains', `${PAGE}/renew`, { years: '1' });
    assert.equal(res.status, 404);
  });
});
