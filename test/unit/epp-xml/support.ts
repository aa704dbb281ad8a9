/** Shared helpers for the EPP XML tests: locating the repo, its schemas and sample documents. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EppXml } from '../../../src/epp/xml/epp-xml';

/** The repository root: the nearest ancestor of this file holding package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The schema folder shipped with the server. */
export const SCHEMA_DIR = join(repoRoot(), 'epp-schemas');

const SAMPLES = join(repoRoot(), 'test', 'unit', 'epp-xml', 'samples');

/** Names of the sample files in `samples/<kind>`. */
export function sampleNames(kind: 'commands' | 'responses'): string[] {
  return readdirSync(join(SAMPLES, kind))
    .filter((name) => name.endsWith('.xml'))
    .sort();
}

/** The bytes of `samples/<kind>/<name>`. */
export function sample(kind: 'commands' | 'responses', name: string): Buffer {
  return readFileSync(join(SAMPLES, kind, name));
}

/** Loads the schema set (tests share one instance per file). */
export function loadEppXml(): Promise<EppXml> {
  return EppXml.load(SCHEMA_DIR);
}

/** A minimal valid domain:create command; `inner` replaces the domain:create children. */
export function domainCreate(inner?: string): string {
  const body =
    inner ??
    '<domain:name>example.az</domain:name><domain:period unit="y">1</domain:period>' +
      '<domain:authInfo><domain:pw>2fooBAR</domain:pw></domain:authInfo>';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command><create>' +
    `<domain:create xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">${body}</domain:create>` +
    '</create><clTRID>ABC-12345</clTRID></command></epp>'
  );
}
