import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EppReader, EppXml } from '../../../src/epp/xml/epp-xml';
import { domainCreate, loadEppXml, sample } from './support';

type Diag = { configure(o: { enabled: boolean }): void; report(): Record<string, { instances: unknown[] }> | undefined };

let xml: EppXml;
let diag: Diag;
before(async () => {
  const lib = await import('libxml2-wasm');
  diag = lib.diag as Diag;
  diag.configure({ enabled: true });
  xml = await loadEppXml();
});
after(() => xml.dispose());

/** How many XmlDocument wrappers are alive and not disposed. */
function liveDocuments(): number {
  return diag.report()?.XmlDocument?.instances.length ?? 0;
}

describe('document lifecycle', () => {
  it('disposes the document after use, and when use throws', async () => {
    const before = liveDocuments();
    await xml.withCommand(Buffer.from(domainCreate()), () => 1);
    await assert.rejects(
      xml.withCommand(Buffer.from(domainCreate()), () => {
        throw new Error('handler failed');
      }),
      /handler failed/,
    );
    await assert.rejects(
      xml.withCommand(Buffer.from(domainCreate()), async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('async handler failed');
      }),
      /async handler failed/,
    );
    await xml.withCommand(Buffer.from(domainCreate('<domain:name>x</domain:name>')), () => 1); // schema-invalid
    await xml.withCommand(Buffer.from('<epp'), () => 1); // not well-formed
    xml.validate(sample('responses', 'greeting.xml').toString('utf8'));
    assert.equal(liveDocuments(), before);
  });

  it('makes the reader and its nodes unusable once use returns', async () => {
    let kept: EppReader | undefined;
    let node: unknown;
    await xml.withCommand(Buffer.from(domainCreate()), (r) => {
      kept = r;
      [node] = r.nodes('//domain:name');
    });
    assert.ok(kept);
    assert.throws(() => kept?.text('//domain:name'), /after its document was disposed/);
    assert.throws(() => kept?.localName(node), /after its document was disposed/);
  });

  it('rejects node handles from another document', async () => {
    let foreign: unknown;
    await xml.withCommand(Buffer.from(domainCreate()), async (first) => {
      [foreign] = first.nodes('//domain:name');
      await xml.withCommand(Buffer.from(domainCreate()), (second) => {
        assert.throws(() => second.text('.', foreign), /not a node returned by this reader/);
      });
      assert.equal(first.text('.', foreign), 'example.az');
    });
  });

  it('handles many concurrent commands', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        xml.withCommand(Buffer.from(domainCreate().replace('example.az', `n${i}.az`)), async (r) => {
          await new Promise((resolve) => setTimeout(resolve, i % 5));
          return r.text('//domain:name');
        }),
      ),
    );
    assert.deepEqual(results.map((r) => (r.ok ? r.value : r.reason)), Array.from({ length: 50 }, (_, i) => `n${i}.az`));
  });
});

describe('EppXml.load / dispose', () => {
  it('can load the schema set more than once', async () => {
    const second = await loadEppXml();
    try {
      assert.equal((await second.withCommand(sample('commands', 'hello.xml'), () => true)).ok, true);
    } finally {
      second.dispose();
    }
    assert.equal((await xml.withCommand(sample('commands', 'hello.xml'), () => true)).ok, true);
  });

  it('refuses to work after dispose', async () => {
    const other = await loadEppXml();
    other.dispose();
    other.dispose(); // idempotent
    await assert.rejects(other.withCommand(sample('commands', 'hello.xml'), () => 1), /disposed/);
    assert.throws(() => other.validate('<epp/>'), /disposed/);
  });

  it('fails clearly without the driver schema or with a broken schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epp-xsd-'));
    try {
      await assert.rejects(EppXml.load(dir), /azreg-all\.xsd not found/);
      writeFileSync(
        join(dir, 'azreg-all.xsd'),
        '<schema xmlns="http://www.w3.org/2001/XMLSchema"><import namespace="urn:x" schemaLocation="missing.xsd"/><element name="a" type="nope"/></schema>',
      );
      await assert.rejects(EppXml.load(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
