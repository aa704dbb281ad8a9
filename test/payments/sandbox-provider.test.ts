import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { DEVELOPMENT_APP_SECRET, derivedKey } from '../../src/payments/app-secret';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment.provider';
import { paramsOf } from './payments-support';

/** The sandbox gateway on its own: its page, its signed redirects, and what it refuses. */
describe('sandbox payment provider', () => {
  const PAYMENT = '3f0c1d52-7a5e-4d8b-9c1e-2b6f0a9d4e11';
  const provider = (env: Record<string, string> = {}) =>
    new SandboxPaymentProvider(loadConfig({ PUBLIC_URL: 'https://reg.example.az/', APP_SECRET: 'sandbox-unit-secret', NODE_ENV: 'test', ...env }));
  const request = { paymentId: PAYMENT, amount: 3050, currency: 'AZN', description: 'şəki.az — registration, 1 year', returnUrl: 'https://reg.example.az/panel/payments/callback', locale: 'az' as const };

  it('opens a hosted page under PUBLIC_URL whose data it can read back', async () => {
    const sandbox = provider();
    const started = await sandbox.startPayment(request);
    assert.equal(started.redirectUrl, `https://reg.example.az/pay/sandbox/${started.providerRef}`);
    assert.match(started.providerRef, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(sandbox.sandboxPage(started.providerRef), {
      providerRef: started.providerRef, paymentId: PAYMENT, amount: 3050, amountText: '30.50', currency: 'AZN',
      description: 'şəki.az — registration, 1 year', locale: 'az', outcomes: ['succeeded', 'failed', 'cancelled'],
    });
  });

  it('each decision is a signed redirect to the return URL that verifies, with exactly its outcome', async () => {
    const sandbox = provider();
    const { providerRef } = await sandbox.startPayment(request);
    for (const outcome of ['succeeded', 'failed', 'cancelled'] as const) {
      const url = sandbox.sandboxDecision(providerRef, outcome)!;
      assert.ok(url.startsWith('https://reg.example.az/panel/payments/callback?payment='), url);
      const params = paramsOf(url);
      const key = derivedKey(loadConfig({ APP_SECRET: 'sandbox-unit-secret' }), 'payments/sandbox');
      assert.equal(params.sig, createHmac('sha256', key).update(['callback', PAYMENT, providerRef, outcome].join('\n')).digest('base64url'));
      assert.deepEqual(sandbox.verifyCallback(params), { paymentId: PAYMENT, providerRef, outcome });
    }
  });

  it('knows nothing of references it did not issue, and refuses callbacks signed with another secret', async () => {
    const sandbox = provider();
    const { providerRef } = await sandbox.startPayment(request);
    const [body, sig] = providerRef.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), a: 1 })).toString('base64url');
    for (const ref of [`${forgedBody}.${sig}`, `${body}.${sig}x`, body, `${providerRef}.x`, '', 'x'.repeat(5000)]) {
      assert.equal(sandbox.sandboxPage(ref), null, ref.slice(0, 40));
      assert.equal(sandbox.sandboxDecision(ref, 'succeeded'), null);
    }
    const elsewhere = provider({ APP_SECRET: 'another-installation' });
    const params = paramsOf(sandbox.sandboxDecision(providerRef, 'succeeded')!);
    assert.equal(elsewhere.verifyCallback(params), null);
    assert.equal(elsewhere.sandboxPage(providerRef), null);
    assert.equal(sandbox.verifyCallback({ ...params, outcome: 'refunded' }), null);
    assert.equal(sandbox.verifyCallback({}), null);
  });

  it('without APP_SECRET it signs with the development secret', async () => {
    const dev = provider({ APP_SECRET: '' });
    const { providerRef } = await dev.startPayment(request);
    const params = paramsOf(dev.sandboxDecision(providerRef, 'cancelled')!);
    const key = createHmac('sha256', DEVELOPMENT_APP_SECRET).update('azreg/payments/sandbox').digest();
    assert.equal(params.sig, createHmac('sha256', key).update(['callback', PAYMENT, providerRef, 'cancelled'].join('\n')).digest('base64url'));
    assert.equal(provider().verifyCallback(params), null);
  });

  it('refuses to start payments in production, and refunds trivially', async () => {
    await assert.rejects(provider({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32) }).startPayment(request), /disabled in production/);
    assert.deepEqual(await provider().refund({ paymentId: PAYMENT, providerRef: 'r', amount: 1, currency: 'AZN' }), { refundRef: `sandbox-refund-${PAYMENT}` });
  });
});
