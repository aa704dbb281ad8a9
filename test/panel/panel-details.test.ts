import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LookupService } from '../../src/lookup/lookup.service';
import type { PublicContact } from '../../src/lookup/lookup.types';
import { type TestApp } from '../support/test-app';
import { addToCart, checkoutToSandbox, PERSON_DETAILS, sandboxOutcome, signUpAndLogin, startPanelApp, submit, type Agent } from './panel-helpers';

const NAME = 'unvan.az';
const PAGE = '/panel/account/details';

describe('control panel: contact details', () => {
  let t: TestApp;
  let owner: Agent;
  const registrant = async (): Promise<PublicContact> => {
    const r = await t.get(LookupService).domain(NAME);
    assert.equal(r.kind, 'found');
    assert.ok(r.kind === 'found' && r.domain.registrant);
    return r.domain.registrant;
  };

  before(async () => {
    t = await startPanelApp();
    owner = request.agent(t.http);
    await signUpAndLogin(t, owner, 'unvan@example.az');
    const holdId = await addToCart(owner, NAME);
    const sandbox = await checkoutToSandbox(owner, holdId);
    assert.equal((await sandboxOutcome(owner, sandbox, 'succeeded')).status, 200);
  });
  after(async () => {
    await t.close();
  });

  it('shows the current details with labels, linked from the domain page', async () => {
    assert.match((await owner.get(`/panel/domains/${NAME}`).expect(200)).text, /href="\/panel\/account\/details">Əlaqə məlumatlarını dəyiş/);
    const page = (await owner.get(PAGE).expect(200)).text;
    assert.match(page, /<label for="details-voice">Telefon \(\+994\.501234567\)<\/label>/);
    assert.match(page, new RegExp(`value="${PERSON_DETAILS.voice.replace(/[.+]/g, '\\$&')}"`));
    assert.match(page, /unvan@example\.az/);
    const en = (await owner.get(`${PAGE}?lang=en`).expect(200)).text;
    assert.match(en, /<h1>Contact details<\/h1>/);
    await owner.get('/?lang=az').expect(200);
    await request(t.http).get(PAGE).expect(303);
  });

  it('a disclosed phone and address change in WHOIS/RDAP; the privacy choice is kept', async () => {
    const shown = await submit(owner, `/panel/domains/${NAME}`, `/panel/domains/${NAME}/privacy`, { disclose: ['voice', 'addr'] });
    assert.equal(shown.status, 303, shown.text);
    const before = await registrant();
    assert.equal(before.voice, PERSON_DETAILS.voice);
    assert.equal(before.city, PERSON_DETAILS.city);
    assert.equal(before.name, null);

    const saved = await submit(owner, PAGE, PAGE, { street: 'Füzuli küç. 5\nmənzil 12', city: 'Gəncə', postalCode: '', cc: 'AZ', voice: '+994.557654321' });
    assert.equal(saved.status, 303, saved.text);
    assert.match((await owner.get(PAGE).expect(200)).text, /Əlaqə məlumatları yadda saxlanıldı/);

    const after = await registrant();
    assert.equal(after.voice, '+994.557654321');
    assert.equal(after.city, 'Gəncə');
    assert.deepEqual(after.street, ['Füzuli küç. 5', 'mənzil 12']);
    assert.equal(after.name, null, 'the name stays hidden');
  });

  it('shows a wrong phone number as an error on the page and changes nothing', async () => {
    const before = await registrant();
    const bad = await submit(owner, PAGE, PAGE, { street: 'X küç. 1', city: 'Bakı', postalCode: '', cc: 'AZ', voice: 'zəng edin' });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /role="alert" id="details-error">/);
    assert.match(bad.text, /value="zəng edin"/);
    assert.deepEqual(await registrant(), before);
  });
});
