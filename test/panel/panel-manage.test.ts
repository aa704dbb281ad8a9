import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { verifyAuthInfoHash } from '../../src/common/secrets';
import { DIRECT_CHANNEL_REGISTRAR } from '../../src/demo/demo-data';
import { InfoContactHandler } from '../../src/registry/contacts/commands/info-contact.handler';
import { InfoDomainHandler } from '../../src/registry/domains/commands/info-domain.handler';
import type { DomainView } from '../../src/registry/domains/domain.types';
import { CreditRegistrarHandler } from '../../src/registry/registrars/commands/credit-registrar.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { TransferDomainHandler } from '../../src/registry/domains/commands/transfer-domain.handler';
import { RefundFailedTransfersHandler } from '../../src/registry/checkout/refund-failed-transfers.handler';
import { createDomain } from '../handlers/handler-helpers';
import { ADMIN_ACTOR, newContact, newRegistrar, queryOne, registrarActor, type TestApp } from '../support/test-app';
import { addToCart, checkoutToSandbox, csrfOf, sandboxOutcome, signUpAndLogin, startPanelApp, submit, type Agent } from './panel-helpers';

const NAME = 'bulaq.az';
const PAGE = `/panel/domains/${NAME}`;
const DIRECT = DIRECT_CHANNEL_REGISTRAR.id;
const DIGEST = '2BB183AF5F22588179A53B0A98631FAD1A292118E2C6A2AC2D9B8EC2B7AF7D5E';

/** Signs up, buys `name` through the sandbox, and returns the logged-in agent. */
export async function buyDomain(t: TestApp, email: string, name: string): Promise<Agent> {
  const agent = request.agent(t.http);
  await signUpAndLogin(t, agent, email);
  const holdId = await addToCart(agent, name);
  const sandbox = await checkoutToSandbox(agent, holdId);
  const result = await sandboxOutcome(agent, sandbox, 'succeeded');
  assert.equal(result.status, 200, result.text);
  return agent;
}

describe('control panel: managing a domain', () => {
  let t: TestApp;
  let owner: Agent;
  const info = (): Promise<DomainView> => t.run(InfoDomainHandler, registrarActor(DIRECT), { name: NAME, registrarId: DIRECT });

  before(async () => {
    t = await startPanelApp();
    owner = await buyDomain(t, 'leyla@example.az', NAME);
  });
  after(async () => {
    await t.close();
  });

  it('DNSSEC: refuses malformed DS fields with a clear message, adds a record, removes it', async () => {
    const page = (await owner.get(PAGE).expect(200)).text;
    assert.match(page, /DS qeydi yoxdur/);
    assert.match(page, /<label for="ds-keyTag">/);

    const badTag = await submit(owner, PAGE, `${PAGE}/dnssec`, { keyTag: '70000', alg: '13', digestType: '2', digest: DIGEST });
    assert.equal(badTag.status, 422);
    assert.match(badTag.text, /role="alert">Açar nişanı 0 ilə 65535 arasında/);
    const badDigest = await submit(owner, PAGE, `${PAGE}/dnssec`, { keyTag: '12345', alg: '13', digestType: '2', digest: 'XYZ' });
    assert.equal(badDigest.status, 422);
    assert.match(badDigest.text, /64 simvol/);
    const badType = await submit(owner, `${PAGE}?lang=en`, `${PAGE}/dnssec`, { keyTag: '12345', alg: '13', digestType: '3', digest: DIGEST });
    assert.equal(badType.status, 422);
    assert.match(badType.text, /The digest type must be 1 \(SHA-1\), 2 \(SHA-256\) or 4 \(SHA-384\)/);
    await owner.get('/?lang=az').expect(200); // the language is remembered: back to Azerbaijani
    assert.deepEqual((await info()).dsRecords, []);

    const added = await submit(owner, PAGE, `${PAGE}/dnssec`, { keyTag: '12345', alg: '13', digestType: '2', digest: DIGEST.toLowerCase().replace(/(.{16})/g, '$1 ') });
    assert.equal(added.status, 303, added.text);
    assert.deepEqual((await info()).dsRecords, [{ keyTag: 12345, alg: 13, digestType: 2, digest: DIGEST }]);
    const shown = (await owner.get(PAGE).expect(200)).text;
    assert.match(shown, new RegExp(DIGEST));

    const removed = await submit(owner, PAGE, `${PAGE}/dnssec/remove`, { keyTag: '12345', alg: '13', digestType: '2', digest: DIGEST });
    assert.equal(removed.status, 303, removed.text);
    assert.deepEqual((await info()).dsRecords, []);
  });

  it('privacy: the ticked fields become the registrant contact disclose flags', async () => {
    const page = (await owner.get(PAGE).expect(200)).text;
    assert.match(page, /name="disclose" value="email">/);
    assert.match(page, /E-poçt \(hazırda gizlidir\)/);
    const saved = await submit(owner, PAGE, `${PAGE}/privacy`, { disclose: ['name', 'email'] });
    assert.equal(saved.status, 303, saved.text);
    const handle = (await info()).registrant;
    assert.ok(handle);
    const contact = await t.run(InfoContactHandler, registrarActor(DIRECT), { handle, registrarId: DIRECT });
    assert.equal(contact.disclose.name, true);
    assert.equal(contact.disclose.email, true);
    assert.equal(contact.disclose.voice, false);
    assert.equal(contact.disclose.addr, false);
    const after = (await owner.get(PAGE).expect(200)).text;
    assert.match(after, /value="email" checked> E-poçt \(hazırda açıqdır\)/);
  });

  it('auto-renew: off and on again', async () => {
    const before = (await info()).autoRenew;
    const page = (await owner.get(PAGE).expect(200)).text;
    assert.match(page, before ? /Avtomatik yenilənməni söndür/ : /Avtomatik yenilənməni aktiv et/);
    assert.equal((await submit(owner, PAGE, `${PAGE}/auto-renew`, { autoRenew: 'off' })).status, 303);
    assert.equal((await info()).autoRenew, false);
    assert.equal((await submit(owner, PAGE, `${PAGE}/auto-renew`, { autoRenew: 'on' })).status, 303);
    assert.equal((await info()).autoRenew, true);
  });

  it('registrant lock: sets the three client statuses, blocks changes with an explanation, and unlocks', async () => {
    const en = (await owner.get(`${PAGE}?lang=en`).expect(200)).text;
    assert.match(en, /Registrant lock/);
    assert.match(en, /cannot be transferred to another registrar, deleted or changed/);
    await owner.get('/?lang=az').expect(200);
    const locked = await submit(owner, PAGE, `${PAGE}/lock`, { lock: 'on' });
    assert.equal(locked.status, 303, locked.text);
    const statuses: readonly string[] = (await info()).statuses;
    for (const s of ['clientTransferProhibited', 'clientUpdateProhibited', 'clientDeleteProhibited']) assert.ok(statuses.includes(s), s);
    const az = (await owner.get(PAGE).expect(200)).text;
    assert.match(az, /Kilid aktivdir\./);
    assert.match(az, /Kilidi aç/);

    const refused = await submit(owner, PAGE, `${PAGE}/auto-renew`, { autoRenew: 'off' });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Domen kilidlidir: əvvəlcə registrant kilidini açın/);
    assert.equal((await info()).autoRenew, true);

    const unlocked = await submit(owner, PAGE, `${PAGE}/lock`, { lock: 'off' });
    assert.equal(unlocked.status, 303, unlocked.text);
    const after: readonly string[] = (await info()).statuses;
    assert.ok(!after.some((s) => s.startsWith('client')), after.join());
  });

  it('transfer code: a new code is shown once and stored only as a hash', async () => {
    const page = (await owner.get(PAGE).expect(200)).text;
    assert.match(page, /yalnız heş şəklində saxlayır/);
    const issued = await submit(owner, PAGE, `${PAGE}/auth-code`, {});
    assert.equal(issued.status, 200, issued.text);
    const m = /<code class="code"[^>]*>([^<]+)<\/code>/.exec(issued.text);
    assert.ok(m, 'the code on the page');
    const code = m[1];
    assert.match(issued.text, /bir daha göstərilməyəcək/);
    const row = await queryOne<{ h: string }>(t, `SELECT auth_info_hash AS h FROM domains WHERE name = $1`, [NAME]);
    assert.notEqual(row.h, code);
    assert.ok(await verifyAuthInfoHash(row.h, code));
    const leaked = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE before::text LIKE $1 OR after::text LIKE $1`, [`%${code}%`]);
    assert.equal(Number(leaked.n), 0);
    // The domain page itself never shows it again.
    assert.doesNotMatch((await owner.get(PAGE).expect(200)).text, new RegExp(code));
    const en = await submit(owner, `${PAGE}?lang=en`, `${PAGE}/auth-code`, {});
    assert.match(en.text, /it will not be shown again, because the registry keeps only a hash of it/);
    await owner.get('/?lang=az').expect(200);
  });

  it('history: newest first, a short sentence per change, the channel, no JSON', async () => {
    const page = await owner.get(`${PAGE}/history`).expect(200);
    const text = page.text;
    assert.match(text, /<th scope="col">Nə dəyişdi<\/th>/);
    assert.match(text, /Domen qeydiyyata alındı/);
    assert.match(text, /Domen dəyişdirildi: əlavə edilən DS qeydləri: 1/);
    assert.match(text, /kilid qoyuldu/);
    assert.match(text, /avtomatik yenilənmə söndürüldü/);
    assert.match(text, /yeni köçürmə kodu yaradıldı/);
    assert.match(text, /İdarə paneli/);
    assert.doesNotMatch(text, /\{&quot;|\{"/);
    assert.ok(text.indexOf('kilid açıldı') < text.indexOf('kilid qoyuldu'), 'newest first');
    assert.ok(text.indexOf('yeni köçürmə kodu') < text.indexOf('Domen qeydiyyata alındı'), 'the registration is last');
  });

  it('another account gets 404 on every form of a domain it does not own, and nothing changes', async () => {
    const other = request.agent(t.http);
    await signUpAndLogin(t, other, 'other@example.az');
    await other.get(PAGE).expect(404);
    await other.get(`${PAGE}/history`).expect(404);
    const csrf = csrfOf((await other.get('/panel/domains').expect(200)).text);
    const before = await queryOne<{ r: string }>(t, `SELECT d::text AS r FROM domains d WHERE name = $1`, [NAME]);
    const posts: Array<[string, Record<string, string | string[]>]> = [
      ['dnssec', { keyTag: '1', alg: '13', digestType: '2', digest: DIGEST }],
      ['dnssec/remove', { keyTag: '1', alg: '13', digestType: '2', digest: DIGEST }],
      ['privacy', { disclose: ['name', 'email', 'voice', 'addr'] }],
      ['auto-renew', { autoRenew: 'off' }],
      ['lock', { lock: 'on' }],
      ['auth-code', {}],
      ['nameservers', { add: 'ns1.example.com' }],
    ];
    for (const [action, form] of posts) {
      const res = await other.post(`${PAGE}/${action}`).type('form').send({ ...form, _csrf: csrf });
      assert.equal(res.status, 404, `${action}: ${res.status}`);
      assert.doesNotMatch(res.text, /[A-Za-z0-9]{8}-[A-Za-z0-9]{8}7/);
    }
    const afterRow = await queryOne<{ r: string }>(t, `SELECT d::text AS r FROM domains d WHERE name = $1`, [NAME]);
    assert.equal(afterRow.r, before.r);
    const handle = (await info()).registrant;
    const contact = await t.run(InfoContactHandler, registrarActor(DIRECT), { handle: handle ?? '', registrarId: DIRECT });
    assert.equal(contact.disclose.voice, false);
  });

  it('receipts: the account\'s succeeded payments with date, name and amount in AZN', async () => {
    const paid = await queryOne<{ amount: string }>(t, `SELECT amount FROM payments WHERE status = 'succeeded' AND order_data->>'name' = $1`, [NAME]);
    const amount = (Number(paid.amount) / 100).toFixed(2);
    const page = (await owner.get('/panel/receipts').expect(200)).text;
    assert.match(page, /<h1>Qəbzlər<\/h1>/);
    assert.match(page, new RegExp(`bulaq\\.az — qeydiyyat, 1 il`));
    assert.match(page, new RegExp(`<td>${amount} AZN</td>`));
    assert.match(page, /2026-01-15/);
    assert.match(page, /@media print/);
    const en = (await owner.get('/panel/receipts?lang=en').expect(200)).text;
    assert.match(en, /bulaq\.az — registration, 1 year\(s\)/);
    await owner.get('/?lang=az').expect(200);

    const stranger = request.agent(t.http);
    await signUpAndLogin(t, stranger, 'stranger@example.az');
    const none = (await stranger.get('/panel/receipts').expect(200)).text;
    assert.match(none, /Hələ uğurlu ödəniş yoxdur/);
    assert.doesNotMatch(none, /bulaq/);
    await request(t.http).get('/panel/receipts').expect(303);
  });

  it('transfer in: wrong code (2202), unknown (2303), locked (2304) cost nothing; paid → pending → approved → the buyer\'s domain', async () => {
    const reg = await newRegistrar(t, 'reg-kocur');
    await newContact(t, reg.id, 'KOC-1');
    await createDomain(t, reg.id, 'kocur.az', 'KOC-1', { authInfo: 'Right-code-42' });
    const FORM = '/panel/transfer-in';
    const page = (await owner.get(FORM).expect(200)).text;
    assert.match(page, /<label for="transfer-code">Köçürmə kodu \(auth code\)<\/label>/);

    const empty = await submit(owner, FORM, FORM, { name: 'kocur.az', authInfo: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Köçürmə kodu \(auth code\) tələb olunur/);
    const wrong = await submit(owner, FORM, FORM, { name: 'kocur.az', authInfo: 'wrong-code' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /role="alert" id="transfer-error">Köçürmə kodu yanlışdır \(2202\)/);
    const unknown = await submit(owner, FORM, FORM, { name: 'yoxdur-bele.az', authInfo: 'x' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /2303/);

    await t.run(UpdateDomainHandler, registrarActor(reg.id), { name: 'kocur.az', registrarId: reg.id, add: { statuses: ['clientTransferProhibited'] } });
    const locked = await submit(owner, FORM, FORM, { name: 'kocur.az', authInfo: 'Right-code-42' });
    assert.equal(locked.status, 409);
    assert.match(locked.text, /Domen hazırda köçürülə bilməz \(2304\): o kilidlidir/);
    await t.run(UpdateDomainHandler, registrarActor(reg.id), { name: 'kocur.az', registrarId: reg.id, remove: { statuses: ['clientTransferProhibited'] } });
    const refusedPayments = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM payments WHERE purpose = 'domain-transfer'`);
    assert.equal(refusedPayments.n, '0', 'a refused request never reaches the payment page');

    const balanceBefore = (await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = $1`, [DIRECT])).balance;
    const started = await submit(owner, FORM, FORM, { name: 'kocur.az', authInfo: 'Right-code-42' });
    assert.equal(started.status, 303, started.text);
    const stored = await queryOne<{ order_data: Record<string, string>; amount: string }>(t, `SELECT order_data, amount FROM payments WHERE purpose = 'domain-transfer'`);
    assert.ok(!JSON.stringify(stored.order_data).includes('Right-code-42'), 'the auth code is sealed at rest');
    const paid = await sandboxOutcome(owner, started.headers.location.replace(/^https?:\/\/[^/]+/, ''), 'succeeded');
    assert.equal(paid.status, 200, paid.text);
    assert.match(paid.text, /kocur\.az üçün köçürmə sorğusu göndərildi və gözləmədədir/);

    const accountId = (await queryOne<{ id: string }>(t, `SELECT id FROM registrant_accounts WHERE email = 'leyla@example.az'`)).id;
    const pending = await queryOne<{ gaining_registrar: string; status: string; account_id: string }>(t, `SELECT t.gaining_registrar, t.status, t.account_id FROM domain_transfers t JOIN domains d ON d.id = t.domain_id WHERE d.name = 'kocur.az'`);
    assert.deepEqual({ ...pending }, { gaining_registrar: DIRECT, status: 'pending', account_id: accountId });
    const balanceAfter = (await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = $1`, [DIRECT])).balance;
    assert.equal(balanceAfter, balanceBefore, 'the direct channel passes the buyer\'s money on to the transfer fee');
    const again = await submit(owner, FORM, FORM, { name: 'kocur.az', authInfo: 'Right-code-42' });
    assert.equal(again.status, 409);
    assert.match(again.text, /artıq gözləmədədir \(2300\)/);

    await t.run(TransferDomainHandler, registrarActor(reg.id), { op: 'approve', name: 'kocur.az', registrarId: reg.id });
    const moved = await queryOne<{ registrar_id: string; account_id: string; registrant_is_buyer: boolean }>(t,
      `SELECT d.registrar_id, d.account_id, d.registrant_id = a.contact_id AS registrant_is_buyer FROM domains d, registrant_accounts a WHERE d.name = 'kocur.az' AND d.deleted_at IS NULL AND a.id = $1`, [accountId]);
    assert.deepEqual({ ...moved }, { registrar_id: DIRECT, account_id: accountId, registrant_is_buyer: true });
    assert.match((await owner.get('/panel/domains').expect(200)).text, /href="\/panel\/domains\/kocur\.az"/);
  });

  it('transfer in: a rejected transfer is refunded to the buyer (ledger out of the direct channel, provider refund)', async () => {
    const reg = await newRegistrar(t, 'reg-redd');
    await newContact(t, reg.id, 'RED-1');
    await createDomain(t, reg.id, 'redd.az', 'RED-1', { authInfo: 'Right-code-43' });
    const started = await submit(owner, '/panel/transfer-in', '/panel/transfer-in', { name: 'redd.az', authInfo: 'Right-code-43' });
    assert.equal(started.status, 303, started.text);
    assert.equal((await sandboxOutcome(owner, started.headers.location.replace(/^https?:\/\/[^/]+/, ''), 'succeeded')).status, 200);
    const balanceBefore = Number((await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = $1`, [DIRECT])).balance);
    await t.run(TransferDomainHandler, registrarActor(reg.id), { op: 'reject', name: 'redd.az', registrarId: reg.id });

    assert.equal(await t.run(RefundFailedTransfersHandler, ADMIN_ACTOR, {}), 1);
    assert.equal(await t.run(RefundFailedTransfersHandler, ADMIN_ACTOR, {}), 0, 'once only');
    const payment = await queryOne<{ amount: string; refund_due: string; reason: string }>(t,
      `SELECT amount, result->>'refundDue' AS refund_due, result->>'reason' AS reason FROM payments WHERE purpose = 'domain-transfer' AND order_data->>'name' = 'redd.az'`);
    assert.equal(payment.refund_due, 'true');
    assert.equal(payment.reason, 'transfer-clientRejected');
    const balanceAfter = Number((await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = $1`, [DIRECT])).balance);
    assert.equal(balanceAfter, balanceBefore, 'the fee came back to the channel (reject) and left it again (refund)');
    const sum = await queryOne<{ ok: boolean }>(t, `SELECT r.balance = (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE registrar_id = r.id) AS ok FROM registrars r WHERE id = $1`, [DIRECT]);
    assert.equal(sum.ok, true, 'balance equals the ledger sum');
    const domain = await queryOne<{ registrar_id: string; account_id: string | null }>(t, `SELECT registrar_id, account_id FROM domains WHERE name = 'redd.az' AND deleted_at IS NULL`);
    assert.deepEqual({ ...domain }, { registrar_id: reg.id, account_id: null });
  });
});
