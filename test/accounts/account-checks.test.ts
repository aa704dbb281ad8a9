import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MissingParameterError, ParameterSyntaxError } from '../../src/common/registry-errors';
import { normaliseEmail } from '../../src/registry/accounts/account.checks';
import { newAccountToken, panelTokenLink } from '../../src/registry/accounts/account-tokens';
import { newRegistrantHandle } from '../../src/registry/accounts/commands/set-registrant-details.handler';
import { normaliseNationalId, normalisePhone, normalisePostalCode } from '../../src/registry/accounts/registrant-details.checks';
import { sha256 } from '../../src/common/secrets';

/** The pure checks behind the account handlers: addresses, identity numbers, phones, handles, tokens. */
describe('account checks', () => {
  it('normalises addresses and refuses what is not one mailbox', () => {
    assert.equal(normaliseEmail(' Aynur@Example.AZ '), 'aynur@example.az');
    assert.equal(normaliseEmail('x+tag@mail.şəki.az'), 'x+tag@mail.xn--ki-eta41h.az');
    for (const bad of ['', 'plain', '@example.az', 'a@', 'a..b@example.az', '.a@example.az', 'a@example', 'a@-x.az', 'ə@example.az', 'a@b@example.az', `${'a'.repeat(65)}@example.az`, 'a@example.az\r\nBcc: x@y.az']) {
      assert.throws(() => normaliseEmail(bad), ParameterSyntaxError, bad);
    }
  });

  it('FIN: 7 letters and digits for persons in Azerbaijan; VÖEN: 10 digits for organisations there', () => {
    assert.equal(normaliseNationalId('5zx 9k2l', 'person', 'AZ'), '5ZX9K2L');
    assert.equal(normaliseNationalId('1700 123 451', 'org', 'AZ'), '1700123451');
    assert.throws(() => normaliseNationalId('5ZX9K2', 'person', 'AZ'), (e: unknown) => e instanceof ParameterSyntaxError && e.reason === 'fin');
    assert.throws(() => normaliseNationalId('5ZX9K2LL', 'person', 'AZ'), (e: unknown) => e instanceof ParameterSyntaxError && e.reason === 'fin');
    assert.throws(() => normaliseNationalId('5ZX_K2L', 'person', 'AZ'), (e: unknown) => e instanceof ParameterSyntaxError && e.reason === 'fin');
    assert.throws(() => normaliseNationalId('170012345', 'org', 'AZ'), (e: unknown) => e instanceof ParameterSyntaxError && e.reason === 'voen');
    assert.throws(() => normaliseNationalId('17001234AB', 'org', 'AZ'), (e: unknown) => e instanceof ParameterSyntaxError && e.reason === 'voen');
    assert.throws(() => normaliseNationalId(null, 'person', 'AZ'), MissingParameterError);
    assert.equal(normaliseNationalId(null, 'person', 'TR'), null);
    assert.equal(normaliseNationalId('u 1234567', 'person', 'TR'), 'U1234567');
  });

  it('phones in RFC 5733 form, nine digits after +994', () => {
    assert.equal(normalisePhone('+994.125551234'), '+994.125551234');
    assert.equal(normalisePhone('+994 (12) 555-12-34'), '+994.125551234');
    assert.equal(normalisePhone('+90.2121234567'), '+90.2121234567');
    for (const bad of ['+994.1255512345', '+994.12555123', '994125551234', '+1.', '+1234.5678', '+90.1234567890123456']) {
      assert.throws(() => normalisePhone(bad), ParameterSyntaxError, bad);
    }
  });

  it('post codes: AZ and four digits in Azerbaijan', () => {
    assert.equal(normalisePostalCode('az-1000', 'AZ'), 'AZ1000');
    assert.equal(normalisePostalCode('1073', 'AZ'), 'AZ1073');
    assert.equal(normalisePostalCode('', 'AZ'), null);
    assert.equal(normalisePostalCode('sw1a 1aa', 'GB'), 'SW1A 1AA');
    assert.throws(() => normalisePostalCode('AZ107', 'AZ'), ParameterSyntaxError);
  });

  it('registrant handles: P/O and 8 base32 characters, random', () => {
    const handles = new Set(Array.from({ length: 200 }, () => newRegistrantHandle('person')));
    assert.equal(handles.size, 200);
    for (const h of handles) assert.match(h, /^P[A-Z2-7]{8}$/);
    assert.match(newRegistrantHandle('org'), /^O[A-Z2-7]{8}$/);
  });

  it('tokens: 256 random bits in base64url, stored as SHA-256; links under PUBLIC_URL', () => {
    const { token, tokenHash } = newAccountToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(tokenHash, sha256(token));
    assert.equal(panelTokenLink('https://nic.az/', 'verify', token), `https://nic.az/panel/verify?token=${token}`);
  });
});
