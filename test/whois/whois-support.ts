/** Helpers for the WHOIS tests: a raw port-43 client and golden-file comparison. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { dirname, join } from 'node:path';

/** The repository root: the nearest ancestor of this file holding package.json. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** Where the expected answers live (source tree, not dist). */
export const GOLDEN_DIR = join(repoRoot(), 'test', 'whois', 'golden');

/**
 * Connects to 127.0.0.1:`port`, writes `payload` (unless null), half-closes when `halfClose`, and
 * resolves with every byte the server sent once it closes. Rejects after `timeoutMs`.
 */
export function whoisRaw(port: number, payload: Buffer | string | null, options: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close from the WHOIS server within ${options.timeoutMs ?? 5_000} ms`));
    }, options.timeoutMs ?? 5_000);
    socket.on('connect', () => {
      if (payload !== null) socket.write(payload);
      if (options.halfClose) socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** One query line (CRLF appended) and its answer as UTF-8 text. */
export async function whois(port: number, query: string): Promise<string> {
  return (await whoisRaw(port, `${query}\r\n`)).toString('utf8');
}

/** Every line ends with CRLF: no bare LF, no bare CR, and the text ends with CRLF. */
export function assertCrlf(text: string): void {
  assert.ok(text.endsWith('\r\n'), 'the answer ends with CRLF');
  assert.doesNotMatch(text, /(^|[^\r])\n/, 'no bare LF');
  assert.doesNotMatch(text, /\r(?!\n)/, 'no bare CR');
}

/** The answer with LF line ends and the dynamic "last update" time replaced by %NOW%. */
export function normalise(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/^>>> Last update of WHOIS database: \S+ <<<$/m, '>>> Last update of WHOIS database: %NOW% <<<');
}

/**
 * Compares an answer with `golden/<name>.txt` exactly (after {@link normalise}). With
 * UPDATE_GOLDEN=1 the file is (re)written instead; review the diff before committing it.
 */
export function assertGolden(name: string, answer: string): void {
  assertCrlf(answer);
  const actual = normalise(answer);
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `missing golden file ${file} (run with UPDATE_GOLDEN=1 to create it)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `answer differs from golden/${name}.txt`);
}
