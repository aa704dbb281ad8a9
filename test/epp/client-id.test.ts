import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eppClientId } from '../../src/epp/protocol/client-id';
import { createDomain } from '../handlers/handler-helpers';
import { newContact, newRegistrar, startTestApp, type TestApp } from '../support/test-app';
import { Epp, goldenRequest } from './golden';

describe('EPP crID/upID of objects changed outside EPP', () => {
  it('maps actors to client ids: registrars as they are, panel accounts to the sponsor, the registry to azreg', () => {
    assert.equal(eppClientId('reg-a', 'reg-b'), 'reg-a');
    assert.equal(eppClientId('0c6f2e52-4a0e-4b5c-9a57-0d7c2f1e8b11', 'azreg-direct'), 'azreg-direct');
    assert.equal(eppClientId('system:lifecycle-scan', 'reg-a'), 'azreg');
    assert.equal(eppClientId('ab', 'reg-a'), 'azreg');
  });

  describe('over EPP (every response schema-validated)', () => {
    let t: TestApp;
    let epp: Epp;
    before(async () => {
      t = await startTestApp({ roles: ['epp'] });
      await newRegistrar(t, 'cid-a');
      await newContact(t, 'cid-a', 'CID-1');
      await createDomain(t, 'cid-a', 'paneldan.az', 'CID-1');
      epp = await Epp.login(t, 'cid-a');
    });
    after(async () => {
      epp?.close();
      await t?.close();
    });

    it('a domain last changed by a panel account shows the sponsor as upID, one changed by a job shows azreg', async () => {
      await t.dataSource.query(`UPDATE domains SET updated_by = '0c6f2e52-4a0e-4b5c-9a57-0d7c2f1e8b11' WHERE name = 'paneldan.az'`);
      const byAccount = await epp.expect(goldenRequest('domain/info-own', { NAME: 'paneldan.az' }), 1000);
      assert.match(byAccount, /<domain:upID>cid-a<\/domain:upID>/);
      await t.dataSource.query(`UPDATE domains SET updated_by = 'system:lifecycle-scan', created_by = 'system:lifecycle-scan' WHERE name = 'paneldan.az'`);
      const byJob = await epp.expect(goldenRequest('domain/info-own', { NAME: 'paneldan.az' }), 1000);
      assert.match(byJob, /<domain:crID>azreg<\/domain:crID>/);
      assert.match(byJob, /<domain:upID>azreg<\/domain:upID>/);
    });
  });
});
