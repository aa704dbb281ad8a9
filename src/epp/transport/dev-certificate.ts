/**
 * Self-signed certificate for running the EPP TLS server in development and tests, made with the
 * `openssl` command-line tool (no npm dependency). Production deployments set EPP_TLS_CERT and
 * EPP_TLS_KEY instead.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** File name of the development certificate (PEM) inside the chosen directory. */
export const DEV_CERT_FILE = 'epp-dev.crt';
/** File name of the development private key (PEM, mode 0600) inside the chosen directory. */
export const DEV_KEY_FILE = 'epp-dev.key';
/** Validity of a generated certificate, in days (the CA/Browser Forum's historical maximum). */
export const DEV_CERT_DAYS = 825;

/** Where the development certificate lives, and whether this call created it. */
export interface DevCertificate {
  readonly certPath: string;
  readonly keyPath: string;
  /** True when the files were generated now; false when existing files were reused. */
  readonly generated: boolean;
}

/** Raised when the certificate cannot be produced (most often: `openssl` is not installed). */
export class DevCertificateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevCertificateError';
  }
}

/**
 * Runs `openssl` with `args` and resolves with its stdout.
 * @throws DevCertificateError when the binary is missing or exits non-zero.
 */
export function runOpenssl(args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { cwd, timeout: 60_000, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(
          new DevCertificateError(
            'cannot generate the EPP development certificate: the `openssl` command was not found on PATH; ' +
              'install OpenSSL, or set EPP_TLS_CERT and EPP_TLS_KEY to an existing PEM certificate and key',
            { cause: error },
          ),
        );
        return;
      }
      reject(
        new DevCertificateError(`openssl ${args[0] ?? ''} failed: ${String(stderr).trim() || error.message}`, {
          cause: error,
        }),
      );
    });
  });
}

/** True when both files exist, parse, belong together, and the certificate is valid for another day. */
async function usablePair(certPath: string, keyPath: string): Promise<boolean> {
  try {
    const cert = new X509Certificate(await readFile(certPath));
    const key = createPrivateKey(await readFile(keyPath));
    return cert.checkPrivateKey(key) && Date.parse(cert.validTo) > Date.now() + 86_400_000;
  } catch {
    return false;
  }
}

async function generate(dir: string, certPath: string, keyPath: string): Promise<void> {
  const work = await mkdtemp(join(dir, '.epp-dev-'));
  try {
    const tmpKey = join(work, DEV_KEY_FILE);
    const tmpCert = join(work, DEV_CERT_FILE);
    await runOpenssl([
      'req', '-x509',
      '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
      '-nodes', '-sha256',
      '-days', String(DEV_CERT_DAYS),
      '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-addext', 'basicConstraints=critical,CA:FALSE',
      '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
      '-addext', 'extendedKeyUsage=serverAuth',
      '-keyout', tmpKey,
      '-out', tmpCert,
    ]);
    await chmod(tmpKey, 0o600);
    await rename(tmpKey, keyPath);
    await rename(tmpCert, certPath);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Returns the development certificate in `dir` (`epp-dev.crt` / `epp-dev.key`). An existing pair
 * is reused when it parses, matches and has not expired; otherwise a self-signed EC P-256
 * certificate for CN=localhost (SAN DNS:localhost, IP:127.0.0.1, valid 825 days) is generated
 * with `openssl req -x509`, the key written with mode 0600. Files are generated in a private
 * temporary directory and renamed into place; the pair is re-checked afterwards so two processes
 * racing on the same directory end with a matching pair.
 * @throws DevCertificateError when `openssl` is unavailable or fails.
 */
export async function ensureDevCertificate(dir: string): Promise<DevCertificate> {
  const certPath = join(dir, DEV_CERT_FILE);
  const keyPath = join(dir, DEV_KEY_FILE);
  if (await usablePair(certPath, keyPath)) return { certPath, keyPath, generated: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 1; ; attempt++) {
    await generate(dir, certPath, keyPath);
    if (await usablePair(certPath, keyPath)) return { certPath, keyPath, generated: true };
    if (attempt === 3) throw new DevCertificateError(`generated certificate in ${dir} does not match its key`);
  }
}
