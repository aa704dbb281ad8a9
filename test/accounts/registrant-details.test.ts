import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationError, MissingParameterError, ParameterPolicyError, ParameterSyntaxError } from '../../src/common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../src/demo/demo-data';
import { SetRegistrantDetailsHandler, type SetRegistrantDetailsInput } from '../../src/registry/accounts/commands/set-registrant-details.handler';
import { InfoContactHandler } from '../../src/registry/contacts/commands/info-contact.handler';
import { CreditRegistrarHandler } from '../../src/registry/registrars/commands/credit-registrar.handler';
import { createDomain, registryError } from '../handlers/handler-helpers';
import { ADMIN_ACTOR, queryOne, registrarActor } from '../support/test-app';
import { countRows, newVerifiedAccount, registrantActor, startAccountsApp, type AccountsApp } from './account-helpers';

const DIRECT = DIRECT_CHANNEL_REGISTRAR.id;

/** The account's registrant contact: created on the first call, updated afterwards, as the direct channel's contact. */
describe('account registrant details', () => {
  let a: AccountsApp;
  let accountId: string;
  let email: string;

  const person: Omit<SetRegistrantDetailsInput, 'accountId'> = {
    kind: 'person',
    name: 'Aynur Məmmədova',
    street: ['Nizami küç. 10, mənzil 5'],
    city: 'Bakı',
    postalCode: 'az 1000',
    cc: 'az',
    voice: '+994 50 123 45 67',
    nationalId: '5zx9k2l',
    disclose: { email: true },
  };
  const setDetails = (id: string, details: Omit<SetRegistrantDetailsInput, 'accountId'>, actorId = id) =>
    a.run(SetRegistrantDetailsHandler, registrantActor(actorId), { accountId: id, ...details });
  const info = (handle: string) => a.run(InfoContactHandler, registrarActor(DIRECT), { handle, registrarId: DIRECT });

  before(async () => {
    a = await startAccountsApp();
    ({ accountId, email } = await newVerifiedAccount(a, 'holder@example.az'));
  });
  after(() => a.close());

  it('the first call creates the registrant contact of the direct channel and links it to the account', async () => {
    const r = await setDetails(accountId, person);
    assert.equal(r.created, true);
    assert.match(r.contactHandle, /^P[A-Z2-7]{8}$/);
    const c = await info(r.contactHandle);
    assert.equal(c.registrarId, DIRECT);
    assert.equal(c.accountId, accountId);
    assert.equal(c.kind, 'person');
    assert.equal(c.name, 'Aynur Məmmədova');
    assert.equal(c.org, null);
    assert.equal(c.email, email, "the account's address");
    assert.equal(c.cc, 'AZ');
    assert.equal(c.pc, 'AZ1000');
    assert.equal(c.voice, '+994.501234567');
    assert.equal(c.nationalId, '5ZX9K2L');
    assert.deepEqual(c.disclose, { name: false, org: false, addr: false, voice: false, email: true });
    const account = await queryOne<{ contact_id: string }>(a.t, `SELECT contact_id::text FROM registrant_accounts WHERE id = $1`, [accountId]);
    assert.equal(account.contact_id, c.id);
    await assert.rejects(
      a.run(InfoContactHandler, registrarActor('other-reg'), { handle: r.contactHandle, registrarId: 'other-reg' }),
      registryError(AuthorizationError, 2201),
      'another registrar sees it only with the auth info',
    );
  });

  it('later calls update the same contact through the contact handler', async () => {
    const { contactHandle } = await setDetails(accountId, person);
    const r = await setDetails(accountId, { ...person, city: 'Gəncə', street: ['Atatürk pr. 1'], postalCode: null, disclose: { name: true } });
    assert.deepEqual(r, { contactHandle, created: false });
    const c = await info(contactHandle);
    assert.equal(c.city, 'Gəncə');
    assert.deepEqual(c.street, ['Atatürk pr. 1']);
    assert.equal(c.pc, null);
    assert.deepEqual(c.disclose, { name: true, org: false, addr: false, voice: false, email: false }, 'flags not given are withdrawn');
    assert.equal(await countRows(a, `SELECT 1 FROM contacts WHERE account_id = $1`, [accountId]), 1);
    const history = await a.t.dataSource.query(
      `SELECT object_type, action, actor_type, actor_id, channel FROM history WHERE (object_type = 'account' AND object_id = $1) OR (object_type = 'contact' AND object_name = $2) ORDER BY id`,
      [accountId, contactHandle],
    );
    assert.deepEqual(history.map((h: { action: string }) => h.action), [
      'account.sign-up', 'account.verify-email',
      'contact.create', 'account.set-registrant',
      'contact.update', 'account.set-registrant',
      'contact.update', 'account.set-registrant',
    ]);
    for (const h of history.slice(2)) assert.deepEqual([h.actor_type, h.actor_id, h.channel], ['registrant', accountId, 'panel']);
  });

  it('an organisation needs a VÖEN (10 digits) and gets an O… handle', async () => {
    const org = await newVerifiedAccount(a, 'company@example.az');
    const details = { ...person, kind: 'org' as const, org: 'Nümunə MMC', nationalId: '1234567891' };
    await assert.rejects(setDetails(org.accountId, { ...details, nationalId: '5ZX9K2L' }), registryError(ParameterSyntaxError, 2005, 'voen'));
    await assert.rejects(setDetails(org.accountId, { ...details, nationalId: null }), registryError(MissingParameterError, 2003, 'nationalId'));
    await assert.rejects(setDetails(org.accountId, { ...details, org: ' ' }), registryError(MissingParameterError, 2003, 'org'));
    const r = await setDetails(org.accountId, details);
    assert.match(r.contactHandle, /^O[A-Z2-7]{8}$/);
    const c = await info(r.contactHandle);
    assert.equal(c.org, 'Nümunə MMC');
    assert.equal(c.nationalId, '1234567891');
  });

  it('FIN, phone, country and post code are validated; nothing is written on a refusal', async () => {
    const other = await newVerifiedAccount(a, 'validation@example.az');
    const refused = (change: Partial<typeof person>, cls: typeof ParameterSyntaxError | typeof MissingParameterError, code: number, reason: string) =>
      assert.rejects(setDetails(other.accountId, { ...person, ...change }), registryError(cls, code, reason));
    await refused({ nationalId: '123456' }, ParameterSyntaxError, 2005, 'fin');
    await refused({ nationalId: '12345678' }, ParameterSyntaxError, 2005, 'fin');
    await refused({ nationalId: 'ABC-123' }, ParameterSyntaxError, 2005, 'fin');
    await refused({ nationalId: '' }, MissingParameterError, 2003, 'nationalId');
    await refused({ voice: '+994.12345678' }, ParameterSyntaxError, 2005, 'voice');
    await refused({ voice: '0501234567' }, ParameterSyntaxError, 2005, 'voice');
    await refused({ cc: 'QQ' }, ParameterSyntaxError, 2005, 'cc');
    await refused({ postalCode: 'AZ10000' }, ParameterSyntaxError, 2005, 'pc');
    await refused({ name: '' }, MissingParameterError, 2003, 'name');
    await refused({ street: [] }, MissingParameterError, 2003, 'street');
    assert.equal(await countRows(a, `SELECT 1 FROM contacts WHERE account_id = $1`, [other.accountId]), 0);
    assert.equal(await countRows(a, `SELECT 1 FROM history WHERE object_id = $1 AND action = 'account.set-registrant'`, [other.accountId]), 0);

    const abroad = await setDetails(other.accountId, { ...person, cc: 'de', postalCode: '10115', voice: '+49.301234567', nationalId: null });
    const c = await info(abroad.contactHandle);
    assert.deepEqual([c.cc, c.pc, c.voice, c.nationalId], ['DE', '10115', '+49.301234567', null], 'outside Azerbaijan the ID is optional');
  });

  it('a registrant acts only on their own account', async () => {
    const stranger = await newVerifiedAccount(a, 'stranger@example.az');
    await assert.rejects(setDetails(accountId, person, stranger.accountId), registryError(AuthorizationError, 2201, 'not-account-owner'));
  });

  it('person ⇄ organisation: a new contact while no domain uses it; refused once one does', async () => {
    const switcher = await newVerifiedAccount(a, 'switcher@example.az');
    const first = await setDetails(switcher.accountId, person);
    const switched = await setDetails(switcher.accountId, { ...person, kind: 'org', org: 'Switch MMC', nationalId: '9876543211' });
    assert.equal(switched.created, true);
    assert.match(switched.contactHandle, /^O/);
    assert.equal(await countRows(a, `SELECT 1 FROM contacts WHERE handle = $1 AND deleted_at IS NOT NULL`, [first.contactHandle]), 1, 'the old contact is deleted');
    const account = await queryOne<{ handle: string }>(a.t, `SELECT c.handle FROM registrant_accounts a JOIN contacts c ON c.id = a.contact_id WHERE a.id = $1`, [switcher.accountId]);
    assert.equal(account.handle, switched.contactHandle);

    await a.run(CreditRegistrarHandler, ADMIN_ACTOR, { registrarId: DIRECT, amount: 100_000 });
    await createDomain(a.t, DIRECT, 'switcher.az', switched.contactHandle, { accountId: switcher.accountId });
    await assert.rejects(setDetails(switcher.accountId, person), registryError(ParameterPolicyError, 2306, 'registrant-kind-change'));
    const same = await setDetails(switcher.accountId, { ...person, kind: 'org', org: 'Switch MMC', nationalId: '9876543211', city: 'Sumqayıt' });
    assert.deepEqual(same, { contactHandle: switched.contactHandle, created: false }, 'details of the same kind still change');
  });
});
