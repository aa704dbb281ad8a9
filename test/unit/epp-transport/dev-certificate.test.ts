import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEV_CERT_FILE, DEV_KEY_FILE, ensureDevCertificate } from '../../../src/epp/transport/dev-certificate';
import { tempDir } from './support';

const dirs: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of dirs) await cleanup();
});

async function freshDir(): Promise<string> {
  const dir = await tempDir('epp-dev-cert-test-');
  dirs.push(dir.cleanup);
  return dir.path;
}

describe('ensureDevCertificate', { timeout: 30_000 }, () => {
  it('generates a self-signed localhost certificate with a private key file', async () => {
    const dir = join(await freshDir(), 'nested', 'tls');
    const result = await ensureDevCertificate(dir);
    assert.equal(result.generated, true);
    assert.equal(result.certPath, join(dir, DEV_CERT_FILE));
    assert.equal(result.keyPath, join(dir, DEV_KEY_FILE));
    const cert = new X509Certificate(await readFile(result.certPath));
    assert.match(cert.subject, /CN=localhost/);
    assert.equal(cert.issuer, cert.subject);
    assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
    assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    assert.ok(Math.abs(days - 825) <= 1, `valid for ${days} days`);
    if (process.platform !== 'win32') assert.equal((await stat(result.keyPath)).mode & 0o777, 0o600);
  });

  it('reuses an existing pair', async () => {
    const dir = await freshDir();
    const first = await ensureDevCertificate(dir);
    const pem = await readFile(first.certPath, 'utf8');
    const second = await ensureDevCertificate(dir);
    assert.equal(second.generated, false);
    assert.equal(await readFile(second.certPath, 'utf8'), pem);
  });

  it('regenerates when the pair is unusable (corrupt certificate)', async () => {
    const dir = await freshDir();
    await ensureDevCertificate(dir);
    await writeFile(join(dir, DEV_CERT_FILE), 'not a certificate');
    const again = await ensureDevCertificate(dir);
    assert.equal(again.generated, true);
    assert.match(new X509Certificate(await readFile(again.certPath)).subject, /CN=localhost/);
  });

  it('tells the operator to set EPP_TLS_CERT/EPP_TLS_KEY when openssl is missing', async () => {
    const dir = await freshDir();
    const savedPath = process.env.PATH;
    process.env.PATH = dir;
    try {
      await assert.rejects(ensureDevCertificate(join(dir, 'tls')), (error: Error) => {
        assert.equal(error.name, 'DevCertificateError');
        assert.match(error.message, /openssl/);
        assert.match(error.message, /EPP_TLS_CERT and EPP_TLS_KEY/);
        return true;
      });
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
