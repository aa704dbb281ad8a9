import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { runOpenssl } from '../../../src/epp/transport/dev-certificate';
import { FakeHandler, removeDevCertificate, startServer, tempDir, TestClient, waitFor, within } from './support';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

interface Pki {
  dir: string;
  caPath: string;
  client: { cert: Buffer; key: Buffer };
  rogue: { cert: Buffer; key: Buffer };
}

/** A throw-away CA, a client certificate it issued, and a self-signed "rogue" client certificate. */
async function makePki(dir: string): Promise<Pki> {
  await runOpenssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=Test EPP CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await runOpenssl(['req', '-new', ...EC, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=registrar-1'], dir);
  writeFileSync(join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  await runOpenssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'client.crt', '-days', '1', '-sha256', '-extfile', 'client.ext'], dir);
  await runOpenssl(['req', '-x509', ...EC, '-keyout', 'rogue.key', '-out', 'rogue.crt', '-days', '1', '-subj', '/CN=registrar-1'], dir);
  const read = (name: string): Buffer => readFileSync(join(dir, name));
  return {
    dir,
    caPath: join(dir, 'ca.crt'),
    client: { cert: read('client.crt'), key: read('client.key') },
    rogue: { cert: read('rogue.crt'), key: read('rogue.key') },
  };
}

/** Connects and reports whether a greeting frame arrived (false: handshake refused or closed first). */
async function greeted(port: number, options: Parameters<typeof TestClient.connect>[1]): Promise<boolean> {
  let client: TestClient;
  try {
    client = await TestClient.connect(port, options);
  } catch {
    return false;
  }
  try {
    await client.next(1_500);
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

let pki: Pki;
let cleanupPki: () => Promise<void>;
before(async () => {
  const dir = await tempDir('epp-transport-pki-');
  cleanupPki = dir.cleanup;
  pki = await makePki(dir.path);
});
after(async () => {
  await cleanupPki?.();
  await removeDevCertificate();
});

describe('EppServer TLS', { timeout: 30_000 }, () => {
  it('negotiates TLS 1.2 and 1.3', async () => {
    const { server, port } = await startServer(new FakeHandler());
    try {
      for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
        const client = await TestClient.connect(port, { minVersion: version, maxVersion: version });
        assert.equal(client.socket.getProtocol(), version);
        await client.next();
        client.destroy();
      }
    } finally {
      await server.close(1_000);
    }
  });

  it('refuses clients limited to TLS 1.1', async () => {
    const handler = new FakeHandler();
    const { server, port, logs } = await startServer(handler);
    try {
      await assert.rejects(
        TestClient.connect(port, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
        /protocol.version/i, // the server's protocol_version alert
      );
      assert.equal(handler.greetings, 0);
      assert.equal(server.connectionCount, 0);
      await waitFor(() => logs.some((l) => l.msg === 'EPP TLS handshake failed'), 'handshake failure logged');
      // The server keeps serving.
      assert.equal(await greeted(port, {}), true);
    } finally {
      await server.close(1_000);
    }
  });

  it('survives plaintext garbage on the TLS port', async () => {
    const { server, port } = await startServer(new FakeHandler());
    try {
      const raw = tcpConnect({ host: '127.0.0.1', port });
      raw.on('error', () => undefined);
      raw.write('<epp>not tls</epp>\r\n'.repeat(10));
      await within(new Promise<void>((resolve) => raw.once('close', () => resolve())), 2_000, 'plaintext closed');
      assert.equal(await greeted(port, {}), true);
    } finally {
      await server.close(1_000);
    }
  });

  describe('with clientCaPath', () => {
    it('accepts a client certificate issued by the CA and exposes it', async () => {
      const handler = new FakeHandler();
      const { server, port } = await startServer(handler, { clientCaPath: pki.caPath });
      try {
        assert.equal(await greeted(port, pki.client), true);
        const peer = handler.connections[0].peerCertificate;
        assert.ok(peer);
        assert.equal(peer.subject.CN, 'registrar-1');
        assert.equal(peer.issuer.CN, 'Test EPP CA');
      } finally {
        await server.close(1_000);
      }
    });

    it('refuses a client without a certificate', async () => {
      const handler = new FakeHandler();
      const { server, port } = await startServer(handler, { clientCaPath: pki.caPath });
      try {
        assert.equal(await greeted(port, {}), false);
        assert.equal(await greeted(port, { maxVersion: 'TLSv1.2' }), false);
        assert.equal(handler.greetings, 0);
      } finally {
        await server.close(1_000);
      }
    });

    it('refuses a client certificate from another issuer', async () => {
      const handler = new FakeHandler();
      const { server, port } = await startServer(handler, { clientCaPath: pki.caPath });
      try {
        assert.equal(await greeted(port, pki.rogue), false);
        assert.equal(handler.greetings, 0);
      } finally {
        await server.close(1_000);
      }
    });
  });

  it('drops connections beyond maxConnections at once', async () => {
    const handler = new FakeHandler();
    const { server, port } = await startServer(handler, { maxConnections: 2 });
    try {
      const a = await TestClient.connect(port);
      const b = await TestClient.connect(port);
      await a.next();
      await b.next();
      const t0 = Date.now();
      assert.equal(await greeted(port, {}), false);
      assert.ok(Date.now() - t0 < 1_000, 'refused at once');
      assert.equal(server.connectionCount, 2);
      a.destroy();
      await a.waitClosed();
      await waitFor(() => server.connectionCount <= 1, 'slot freed');
      assert.equal(await greeted(port, {}), true);
      b.destroy();
    } finally {
      await server.close(1_000);
    }
  });
});
