import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { TestApp } from '../support/test-app';

/**
 * Shared by the RDAP tests: a request helper that checks what every RDAP answer must carry
 * (media type, CORS, conformance, object classes, self links, consistent `redacted` paths), and
 * golden-file comparison. `UPDATE_GOLDEN=1` rewrites the golden files instead of comparing.
 */

/** The Host the tests send, so that self links are stable: `http://rdap.test/rdap/…`. */
export const TEST_HOST = 'rdap.test';
export const BASE = `http://${TEST_HOST}/rdap`;

// Compiled to dist/test/rdap; the golden files stay in the source tree.
const GOLDEN_DIR = join(__dirname, '..', '..', '..', 'test', 'rdap', 'golden');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface RdapReply {
  status: number;
  body: JsonObject;
  headers: Record<string, string | undefined>;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

/** GET `path` from the RDAP server and check the invariants of every RDAP answer. */
export async function rdapGet(t: TestApp, path: string): Promise<RdapReply> {
  const res = await request(t.http).get(path).set('Host', TEST_HOST).set('Accept', 'application/rdap+json');
  const headers = res.headers as Record<string, string | undefined>;
  assert.equal(headers['content-type'], 'application/rdap+json', `${path}: media type`);
  assert.equal(headers['access-control-allow-origin'], '*', `${path}: CORS`);
  const body = JSON.parse(res.text) as JsonObject;
  checkStructure(path, res.status, body);
  if (res.status >= 400) assert.equal(headers['cache-control'], 'no-store', `${path}: errors are not cached`);
  return { status: res.status, body, headers };
}

/** RFC 9083: conformance at the top only, a class and a self link on every object, RFC 9537 paths that resolve. */
export function checkStructure(path: string, status: number, body: JsonObject): void {
  const conformance = asArray(body.rdapConformance);
  assert.ok(conformance.includes('rdap_level_0'), `${path}: rdapConformance`);
  if (status >= 400) {
    assert.equal(body.errorCode, status, `${path}: errorCode`);
    assert.equal(typeof body.title, 'string', `${path}: title`);
    assert.ok(Array.isArray(body.description) && body.description.every((d) => typeof d === 'string'), `${path}: description`);
    return;
  }
  const objects: JsonObject[] = [];
  if (typeof body.objectClassName === 'string' || body.handle !== undefined || body.ldhName !== undefined) objects.push(body);
  for (const key of ['domainSearchResults', 'nameserverSearchResults'] as const) objects.push(...asArray(body[key]).filter(isObject));
  const visit = (o: JsonObject, top: boolean): void => {
    assert.ok(['domain', 'nameserver', 'entity'].includes(String(o.objectClassName)), `${path}: objectClassName on ${JSON.stringify(o).slice(0, 80)}`);
    const self = asArray(o.links).filter(isObject).find((l) => l.rel === 'self');
    assert.ok(self && typeof self.href === 'string' && self.href.startsWith(BASE), `${path}: self link on ${String(o.objectClassName)} ${String(o.handle ?? o.ldhName)}`);
    if (!top) assert.equal(o.rdapConformance, undefined, `${path}: rdapConformance only at the top`);
    for (const child of [...asArray(o.entities), ...asArray(o.nameservers)]) if (isObject(child)) visit(child, false);
  };
  for (const o of objects) visit(o, o === body);
  if (conformance.includes('redacted')) for (const r of asArray(body.redacted).filter(isObject)) checkRedaction(path, body, r);
}

/**
 * Resolves the JSONPath shapes azreg emits — `$` or `$.entities[?(@.roles[0]=='x')]`, then
 * `.vcardArray[1][?(@[0]=='p')]` or `[?(@[1].type=='t')]`, then `[3]`, `[3][n]` or `[1].cc` — and checks
 * that a removed property is absent and an emptied one is "".
 */
function checkRedaction(path: string, body: JsonObject, r: JsonObject): void {
  const where = String(r.prePath ?? r.postPath);
  const m = /^\$(?:\.entities\[\?\(@\.roles\[0\]=='(\w+)'\)\])?\.vcardArray\[1\]\[\?\(@(?:\[0\]=='(\w+)'|\[1\]\.type=='(\w+)')\)\](\[3\](?:\[(\d)\])?|\[1\]\.cc)?$/.exec(where);
  assert.ok(m, `${path}: unexpected redaction path ${where}`);
  const [, role, prop, telType, tail, index] = m;
  assert.equal(r.method, r.prePath !== undefined ? 'removal' : 'emptyValue', `${path}: ${where}: prePath goes with removal`);
  const entities = role ? asArray(body.entities).filter(isObject).filter((e) => asArray(e.roles)[0] === role) : [body];
  assert.ok(entities.length > 0, `${path}: ${where}: no entity`);
  for (const e of entities) {
    const card = asArray(asArray(e.vcardArray)[1]).map(asArray);
    const matches = card.filter((p) => (prop ? p[0] === prop : isObject(p[1]) && p[1].type === telType));
    if (r.method === 'removal' && !tail) {
      assert.equal(matches.length, 0, `${path}: ${where} should be absent`);
      continue;
    }
    assert.equal(matches.length, 1, `${path}: ${where} should exist once`);
    if (tail === '[1].cc') assert.equal(isObject(matches[0][1]) ? matches[0][1].cc : undefined, undefined, `${path}: ${where} should be absent`);
    if (r.method === 'emptyValue') {
      const value = index !== undefined ? asArray(matches[0][3])[Number(index)] : matches[0][3];
      assert.equal(value, '', `${path}: ${where} should be empty`);
    }
  }
}

/** The body with the one dynamic value (the answer's own time) replaced. */
export function stable(body: JsonObject): JsonObject {
  const copy = JSON.parse(JSON.stringify(body)) as JsonObject;
  for (const e of asArray(copy.events).filter(isObject)) {
    if (e.eventAction === 'last update of RDAP database') e.eventDate = '%NOW%';
  }
  return copy;
}

/** Compares a body (made stable) with `test/rdap/golden/<name>.json`. */
export function assertGolden(name: string, body: JsonObject): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const actual = stable(body);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`missing golden file ${file} (run with UPDATE_GOLDEN=1 to create it)`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `golden ${name}.json`);
}
