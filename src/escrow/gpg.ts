import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';

/** gpg could not sign and encrypt a deposit; the message says why and what to do. */
export class EscrowGpgError extends Error {}

const GPG_TIMEOUT_MS = 30 * 60_000;

/**
 * Signs and encrypts `file` for `recipient` into `<file>.gpg`:
 * `gpg --batch --yes --sign --encrypt -r <recipient> --output <file>.gpg <file>`.
 * The signing key is gpg's default secret key and must be usable without a passphrase prompt;
 * the recipient's public key must be in the keyring and trusted (gpg refuses untrusted keys in
 * batch mode). Arguments go to execFile, never through a shell.
 */
export async function signAndEncrypt(file: string, recipient: string, gpgBinary = 'gpg'): Promise<string> {
  const output = `${file}.gpg`;
  const args = ['--batch', '--yes', '--sign', '--encrypt', '-r', recipient, '--output', output, file];
  await new Promise<void>((resolve, reject) => {
    execFile(gpgBinary, args, { timeout: GPG_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(new EscrowGpgError(`ESCROW_GPG_RECIPIENT is set but gpg is not installed (no "${gpgBinary}" on PATH): install GnuPG, or unset ESCROW_GPG_RECIPIENT to write unencrypted deposits`));
        return;
      }
      const detail = String(stderr).trim().split('\n').slice(-5).join(' | ') || error.message;
      reject(new EscrowGpgError(`gpg could not sign and encrypt ${file} for "${recipient}": ${detail}`));
    });
  }).catch(async (error: unknown) => {
    await rm(output, { force: true });
    throw error;
  });
  return output;
}
