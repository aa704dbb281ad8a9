/**
 * Cost of EppXml.withCommand on a typical domain:create (with a secDNS extension and a few
 * reads), the work the EPP server does for every command. Not part of `npm test`:
 *   npx tsc -p tsconfig.json && node dist/test/unit/epp-xml/withcommand.bench.js [calls]
 */

import { EppXml } from '../../../src/epp/xml/epp-xml';
import { loadEppXml, sample } from './support';

async function time(label: string, calls: number, xml: EppXml, bytes: Buffer, read: boolean): Promise<void> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) {
    const result = await xml.withCommand(bytes, (r) =>
      read ? [r.text('epp:command/epp:create/domain:create/domain:name'), r.texts('//secDNS:keyTag')] : null,
    );
    if (!result.ok) throw new Error(result.reason);
  }
  const micros = Number(process.hrtime.bigint() - start) / 1000 / calls;
  console.log(`${label}: ${micros.toFixed(1)} µs per call over ${calls} calls`);
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 2000);
  const loadStart = process.hrtime.bigint();
  const xml = await loadEppXml();
  console.log(`EppXml.load: ${(Number(process.hrtime.bigint() - loadStart) / 1e6).toFixed(1)} ms`);
  try {
    const create = sample('commands', 'domain-create-secdns.xml');
    const plain = Buffer.from(
      create.toString('utf8').replace(/<extension>[\s\S]*<\/extension>\s*/, ''),
    );
    console.log(`documents: ${create.length} bytes (with secDNS), ${plain.length} bytes (without)`);
    await time('warm-up', calls, xml, create, true);
    for (let round = 1; round <= 3; round += 1) {
      await time(`round ${round}: domain:create + secDNS, 3 reads`, calls, xml, create, true);
      await time(`round ${round}: domain:create + secDNS, no reads`, calls, xml, create, false);
      await time(`round ${round}: domain:create, no extension, 3 reads`, calls, xml, plain, true);
    }
    const refused = Buffer.from(`<!DOCTYPE x [<!ENTITY e "x">]>${create.toString('utf8').slice(create.indexOf('<epp'))}`);
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) await xml.withCommand(refused, () => null);
    console.log(`refused DOCTYPE: ${(Number(process.hrtime.bigint() - start) / 1000 / calls).toFixed(1)} µs per call`);
  } finally {
    xml.dispose();
  }
}

void main();
