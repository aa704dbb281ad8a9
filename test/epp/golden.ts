/**
 * The EPP test harness: a client wrapper whose every received frame is schema-validated, and
 * golden files (`test/epp/<object>/<name>.xml` + `<name>.response.xml`) with `%NAME%`
 * placeholders. Every EPP test talks to the server through {@link Epp}, so no response escapes
 * validation: an invalid response fails the test (it is a server bug).
 *
 * Set EPP_GOLDEN_UPDATE=1 to (re)write the expected response files from what the server answers
 * (the variables' values are turned back into placeholders); review the diff before keeping it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EppClient, loginXml, resultCode } from '../../src/epp/client/epp-client';
import { EPP_SCHEMA_DIR, EppListener } from '../../src/epp/epp.module';
import { encodeFrame } from '../../src/epp/transport/frame-decoder';
import { EppXml } from '../../src/epp/xml/epp-xml';
import type { TestApp } from '../support/test-app';

export { eppDoc, loginXml, resultCode } from '../../src/epp/client/epp-client';

/** The repository root: the nearest ancestor of this file holding package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export const GOLDEN_DIR = join(repoRoot(), 'test', 'epp');
/** How long any one response may take before the test fails (keeps every test bounded). */
export const RESPONSE_TIMEOUT_MS = 5_000;

let schemas: Promise<EppXml> | undefined;
/** The EPP schema set, compiled once per test process. */
export function eppXml(): Promise<EppXml> {
  schemas ??= EppXml.load(EPP_SCHEMA_DIR);
  return schemas;
}

/** Fails the test unless `xml` is a schema-valid EPP document. */
export async function assertSchemaValid(xml: string, what = 'response'): Promise<void> {
  const problems = (await eppXml()).validate(xml);
  assert.deepEqual(problems, [], `the server sent a schema-invalid ${what}:\n${xml}\nproblems: ${problems.join('; ')}`);
}

export type Vars = Record<string, string | number>;

/** Replaces every `%NAME%` in `text` from `vars`; an unknown placeholder is an error. */
export function substitute(text: string, vars: Vars): string {
  return text.replace(/%([A-Z0-9_]+)%/g, (all, name: string) => {
    if (name === 'SVTRID') return all;
    assert.ok(name in vars, `golden placeholder ${all} has no value`);
    return String(vars[name]);
  });
}

/** Whitespace between tags removed; the server's svTRID replaced by `%SVTRID%`. */
export function normalize(xml: string): string {
  return xml
    .replace(/<svTRID>[^<]*<\/svTRID>/g, '<svTRID>%SVTRID%</svTRID>')
    .replace(/>\s+</g, '><')
    .trim();
}

/** A connection to the test app's EPP listener. Every frame received is schema-validated. */
export class Epp {
  private constructor(private readonly client: EppClient) {}

  /** Connects to `t`'s listener; the greeting is validated and returned. */
  static async connect(t: TestApp): Promise<{ epp: Epp; greeting: string }> {
    const port = t.app.get(EppListener).port;
    assert.ok(port, 'the EPP listener has no port');
    const { client, greeting } = await EppClient.connect({ host: '127.0.0.1', port });
    await assertSchemaValid(greeting, 'greeting');
    return { epp: new Epp(client), greeting };
  }

  /** Connects and logs in (asserting 1000). */
  static async login(t: TestApp, clID: string, pw = 'secret-pw1'): Promise<Epp> {
    const { epp } = await Epp.connect(t);
    const r = await epp.send(loginXml(clID, pw));
    assert.equal(resultCode(r), 1000, `login of ${clID} failed:\n${r}`);
    return epp;
  }

  /** Sends one framed command and returns its (validated) response. */
  async send(xml: string): Promise<string> {
    this.client.sendRaw(encodeFrame(xml));
    const response = await this.next();
    assert.notEqual(response, '', `the server closed the connection instead of answering:\n${xml}`);
    return response;
  }

  /** Sends one command and asserts its result code; returns the response. */
  async expect(xml: string, code: number): Promise<string> {
    const response = await this.send(xml);
    assert.equal(resultCode(response), code, `expected ${code}, got:\n${response}`);
    return response;
  }

  /** Writes raw bytes (no framing added). */
  sendRaw(bytes: Buffer): void {
    this.client.sendRaw(bytes);
  }

  /** The next frame, validated; '' once the server has closed the connection. */
  async next(timeoutMs = RESPONSE_TIMEOUT_MS): Promise<string> {
    const frame = await this.client.next(timeoutMs);
    if (frame !== '') await assertSchemaValid(frame);
    return frame;
  }

  /** Asserts that the server closes the connection (with no further frame) within the timeout. */
  async expectClosed(timeoutMs = RESPONSE_TIMEOUT_MS): Promise<void> {
    const frame = await this.next(timeoutMs);
    assert.equal(frame, '', `expected the connection to be closed, got a frame:\n${frame}`);
    assert.ok(this.client.isClosed);
  }

  get isClosed(): boolean {
    return this.client.isClosed;
  }

  close(): void {
    this.client.close();
  }
}

function goldenPath(name: string, kind: 'request' | 'response'): string {
  return join(GOLDEN_DIR, `${name}${kind === 'request' ? '.xml' : '.response.xml'}`);
}

/** The request of golden `name` (e.g. `domain/create-ok`) with its placeholders filled in. */
export function goldenRequest(name: string, vars: Vars = {}): string {
  return substitute(readFileSync(goldenPath(name, 'request'), 'utf8'), vars);
}

/** Indents a normalized document, one element per line, leaves with their text on one line. */
function pretty(xml: string): string {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const tok = tokens[i];
    const pad = '  '.repeat(depth);
    if (tok.startsWith('<?') || tok.endsWith('/>')) lines.push(pad + tok);
    else if (tok.startsWith('</')) lines.push('  '.repeat((depth -= 1)) + tok);
    else if (tok.startsWith('<') && tokens[i + 1]?.startsWith('</')) lines.push(pad + tok + tokens[(i += 1)]);
    else if (tok.startsWith('<') && !tokens[i + 1]?.startsWith('<') && tokens[i + 2]?.startsWith('</')) lines.push(pad + tok + tokens[i + 1] + tokens[(i += 2)]);
    else if (tok.startsWith('<')) {
      lines.push(pad + tok);
      depth += 1;
    } else lines.push(pad + tok);
  }
  return lines.join('\n');
}

/** Turns variable values back into placeholders (longest first); only for EPP_GOLDEN_UPDATE. */
function unsubstitute(text: string, vars: Vars): string {
  const entries = Object.entries(vars)
    .map(([k, v]) => [k, String(v)] as const)
    .sort((a, b) => b[1].length - a[1].length);
  let out = text;
  for (const [k, v] of entries) {
    // Short values only where they are a whole attribute value or element text.
    if (v.length >= 4) out = out.split(v).join(`%${k}%`);
    else out = out.split(`"${v}"`).join(`"%${k}%"`).split(`>${v}<`).join(`>%${k}%<`);
  }
  return out;
}

/**
 * Sends golden request `name` on `epp` and compares the response with `name.response.xml`
 * (both with `vars` substituted, whitespace between tags ignored, svTRID ignored).
 * Returns the actual response.
 */
export async function golden(epp: Epp, name: string, vars: Vars = {}): Promise<string> {
  const actual = await epp.send(goldenRequest(name, vars));
  const file = goldenPath(name, 'response');
  if (process.env.EPP_GOLDEN_UPDATE === '1') {
    writeFileSync(file, `${unsubstitute(pretty(normalize(actual)), vars)}\n`);
  }
  assert.ok(existsSync(file), `missing golden response ${file}`);
  const expected = substitute(readFileSync(file, 'utf8'), vars);
  assert.equal(normalize(actual), normalize(expected), `golden ${name}`);
  return actual;
}
