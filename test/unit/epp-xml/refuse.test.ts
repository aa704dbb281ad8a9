import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EppParseFailure, EppXml } from '../../../src/epp/xml/epp-xml';
import { domainCreate, loadEppXml, sample } from './support';

let xml: EppXml;
before(async () => {
  xml = await loadEppXml();
});
after(() => xml.dispose());

const EPP_OPEN = '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">';
const HELLO = `${EPP_OPEN}<hello/></epp>`;

/** Asserts the document is refused with `kind`, `use` is never called, and the reason is short. */
async function refuse(input: string | Buffer, kind: EppParseFailure['kind'], reason?: RegExp): Promise<string> {
  let called = false;
  const result = await xml.withCommand(typeof input === 'string' ? Buffer.from(input) : input, () => {
    called = true;
  });
  assert.equal(result.ok, false, 'expected refusal');
  assert.ok(!result.ok);
  assert.equal(result.kind, kind, `kind (reason: ${result.reason})`);
  assert.equal(called, false, 'use() must not run for a refused document');
  assert.ok(result.reason.length > 0 && result.reason.length <= 160, `reason length: ${result.reason}`);
  assert.doesNotMatch(result.reason, /root:|daemon:|\/bin\//, 'reason must not carry file contents');
  if (reason) assert.match(result.reason, reason);
  return result.reason;
}

describe('forbidden constructs are refused before parsing', () => {
  it('XXE: external general entity', async () => {
    await refuse(
      `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY e SYSTEM "file:///etc/passwd">]>` +
        `${EPP_OPEN}<command><check><domain:check xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">` +
        `<domain:name>&e;</domain:name></domain:check></check></command></epp>`,
      'forbidden-construct',
      /DOCTYPE/,
    );
  });

  it('billion laughs', async () => {
    const lol = Array.from({ length: 9 }, (_, i) =>
      `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('');
    await refuse(
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><epp>&lol9;</epp>`,
      'forbidden-construct',
    );
  });

  it('external DTD', async () => {
    await refuse(`<!DOCTYPE epp SYSTEM "http://example.com/epp.dtd">${HELLO}`, 'forbidden-construct');
    await refuse(`<?xml version="1.0"?>\n<!DOCTYPE epp PUBLIC "-//X//Y" "epp.dtd">\n${HELLO}`, 'forbidden-construct');
  });

  it('parameter entity', async () => {
    await refuse(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>${HELLO}`,
      'forbidden-construct',
    );
  });

  it('markup declarations anywhere, in any case', async () => {
    await refuse(`${EPP_OPEN}<!ENTITY e "x"><hello/></epp>`, 'forbidden-construct', /entity/);
    await refuse(`<!doctype epp>${HELLO}`, 'forbidden-construct');
    await refuse(`${EPP_OPEN}<hello/></epp><!ATTLIST epp a CDATA "x">`, 'forbidden-construct');
  });

  it('processing instructions other than the XML declaration', async () => {
    await refuse(
      `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="file:///etc/passwd"?>${HELLO}`,
      'forbidden-construct',
      /processing instruction/,
    );
    await refuse(`<?xml-stylesheet href="x.xsl"?>${HELLO}`, 'forbidden-construct');
    await refuse(`${EPP_OPEN}<hello><?php echo 1; ?></hello></epp>`, 'forbidden-construct');
    await refuse(`${HELLO}<?pi trailing?>`, 'forbidden-construct');
  });

  it('XInclude', async () => {
    await refuse(
      `${EPP_OPEN}<hello><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/></hello></epp>`,
      'forbidden-construct',
      /XInclude/,
    );
  });

  it('does not mistake declarations inside comments or CDATA for real ones', async () => {
    const result = await xml.withCommand(
      Buffer.from(
        `<?xml version="1.0"?>\n<!-- <!DOCTYPE x> <?pi?> <!ENTITY e "x"> -->\n` +
          domainCreate(
            '<domain:name><![CDATA[example.az]]></domain:name><!-- <?pi?> -->' +
              '<domain:authInfo><domain:pw><![CDATA[<!DOCTYPE&<?x?>]]></domain:pw></domain:authInfo>',
          ).replace(/^<\?xml[^>]*>\n/, ''),
      ),
      (r) => [r.text('//domain:name'), r.text('//domain:pw')],
    );
    assert.deepEqual(result, { ok: true, value: ['example.az', '<!DOCTYPE&<?x?>'] });
  });
});

describe('encoding', () => {
  it('invalid UTF-8 bytes', async () => {
    const bytes = Buffer.from(domainCreate());
    const at = bytes.indexOf('example.az');
    await refuse(Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at)]), 'encoding', /UTF-8/);
    await refuse(Buffer.concat([bytes, Buffer.from([0xff])]), 'encoding');
    await refuse(Buffer.from([0x3c, 0x65, 0xed, 0xa0, 0x80, 0x3e]), 'encoding'); // encoded surrogate
  });

  it('UTF-16 and other declared encodings', async () => {
    await refuse(`<?xml version="1.0" encoding="UTF-16"?>${HELLO}`, 'encoding', /UTF-8/);
    await refuse(`<?xml version='1.0' encoding='iso-8859-1'?>${HELLO}`, 'encoding');
  });

  it('UTF-16/UTF-32 bytes, with or without a byte-order mark', async () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>${HELLO}`;
    await refuse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'encoding');
    const be = Buffer.from(text, 'utf16le').swap16();
    await refuse(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'encoding');
    // No BOM: libxml2 would auto-detect UTF-16; the NUL bytes give it away first.
    await refuse(Buffer.from(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${HELLO}`, 'utf16le'), 'encoding');
  });

  it('accepts UTF-8 with a byte-order mark and any case of the UTF-8 label', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const decl of ['', '<?xml version="1.0" encoding="utf-8"?>', "<?xml version='1.0' encoding='UTF-8' ?>"]) {
      const result = await xml.withCommand(Buffer.concat([bom, Buffer.from(decl + HELLO)]), () => 'ok');
      assert.deepEqual(result, { ok: true, value: 'ok' }, decl);
    }
  });
});

describe('not well-formed', () => {
  const cases: Record<string, string> = {
    'empty document': '',
    'only whitespace': '  \n',
    'mismatched tags': `${EPP_OPEN}<hello></helo></epp>`,
    'unclosed root': `${EPP_OPEN}<hello/>`,
    'two roots': `${HELLO}${HELLO}`,
    'bare ampersand': domainCreate('<domain:name>a&b.az</domain:name>'),
    'undefined entity': domainCreate('<domain:name>&xxe;</domain:name>'),
    'unescaped < in attribute': `${EPP_OPEN}<command><poll op="<req"/></command></epp>`,
    'undeclared prefix': `${EPP_OPEN}<command><check><d:check/></check></command></epp>`,
    'XML declaration not at start': ` <?xml version="1.0"?>${HELLO}`,
    'text before root': `junk${HELLO}`,
  };
  for (const [name, input] of Object.entries(cases)) {
    it(name, async () => {
      await refuse(input, 'not-well-formed');
    });
  }
  it('reasons carry the line number', async () => {
    await refuse(`${EPP_OPEN}\n<hello>\n</helo></epp>`, 'not-well-formed', /^line 3: /);
  });
});

describe('schema-invalid', () => {
  it('wrong root namespace', async () => {
    await refuse('<epp xmlns="urn:example"><hello/></epp>', 'schema-invalid');
    await refuse('<epp><hello/></epp>', 'schema-invalid');
  });

  it('an invalid domain:create inside the epp:create wildcard', async () => {
    await refuse(domainCreate('<domain:authInfo><domain:pw>2fooBAR</domain:pw></domain:authInfo>'), 'schema-invalid', /domain:name/);
    await refuse(
      domainCreate('<domain:name>example.az</domain:name><domain:period unit="x">1</domain:period><domain:authInfo><domain:pw>x</domain:pw></domain:authInfo>'),
      'schema-invalid',
      /domain:period.*unit/,
    );
    await refuse(
      domainCreate('<domain:name>example.az</domain:name><domain:period unit="y">100</domain:period><domain:authInfo><domain:pw>x</domain:pw></domain:authInfo>'),
      'schema-invalid',
    );
    await refuse(domainCreate('<domain:name>example.az</domain:name>'), 'schema-invalid', /authInfo/);
    await refuse(
      domainCreate('<domain:name>example.az</domain:name><domain:color>red</domain:color><domain:authInfo><domain:pw>x</domain:pw></domain:authInfo>'),
      'schema-invalid',
    );
  });

  it('object elements the schema set does not know (strict wildcards)', async () => {
    await refuse(
      `${EPP_OPEN}<command><create><x:create xmlns:x="urn:example:x"/></create></command></epp>`,
      'schema-invalid',
      /strict wildcard/,
    );
    const withUnknownExt = sample('commands', 'domain-create-secdns.xml')
      .toString('utf8')
      .replace('<secDNS:create', '<fee:create xmlns:fee="urn:ietf:params:xml:ns:epp:fee-1.0"/><secDNS:create');
    await refuse(withUnknownExt, 'schema-invalid', /fee-1\.0/);
    // A domain object where the command needs a domain:create.
    await refuse(
      domainCreate().replace('<domain:create ', '<domain:delete ').replace('</domain:create>', '</domain:delete>'),
      'schema-invalid',
    );
  });

  it('invalid secDNS extension content', async () => {
    const bad = sample('commands', 'domain-create-secdns.xml').toString('utf8').replace('<secDNS:alg>3</secDNS:alg>', '<secDNS:alg>300</secDNS:alg>');
    await refuse(bad, 'schema-invalid', /secDNS:alg/);
    const badDigest = sample('commands', 'domain-create-secdns.xml').toString('utf8').replace('49FD46E6C4B45C55D4AC', 'not-hex');
    await refuse(badDigest, 'schema-invalid', /secDNS:digest/);
  });

  it('epp-1.0 and eppcom-1.0 facets: pwType 6-16, clIDType 3-16, poll op', async () => {
    const login = sample('commands', 'login.xml').toString('utf8');
    await refuse(login.replace('<pw>foo-BAR2</pw>', '<pw>short</pw>'), 'schema-invalid', /pw/);
    await refuse(login.replace('<pw>foo-BAR2</pw>', '<pw>seventeen-chars-x</pw>'), 'schema-invalid');
    await refuse(login.replace('<clID>ClientX</clID>', '<clID>ab</clID>'), 'schema-invalid', /clID/);
    await refuse(login.replace('<clID>ClientX</clID>', '<clID>a-seventeen-chars</clID>'), 'schema-invalid');
    await refuse(login.replace('<version>1.0</version>', '<version>2.0</version>'), 'schema-invalid');
    await refuse(sample('commands', 'poll-req.xml').toString('utf8').replace('op="req"', 'op="peek"'), 'schema-invalid');
  });

  it('lax wildcards: known elements inside rgp:preData are validated, unknown ones skipped', async () => {
    const report = sample('commands', 'rgp-restore-report.xml').toString('utf8');
    const withDomainCreate = (inner: string): string =>
      report.replace(
        'Pre-delete registration data goes here.',
        `Pre-delete data: <domain:create xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">${inner}</domain:create>`,
      );
    await refuse(withDomainCreate('<domain:period unit="x">1</domain:period>'), 'schema-invalid', /domain:period/);
    const okCreate = '<domain:name>example.az</domain:name><domain:authInfo><domain:pw>2fooBAR</domain:pw></domain:authInfo>';
    assert.equal((await xml.withCommand(Buffer.from(withDomainCreate(okCreate)), () => 1)).ok, true);
    const unknown = report.replace('goes here.', 'goes here: <x:any xmlns:x="urn:example:x"><x:y/></x:any>');
    assert.equal((await xml.withCommand(Buffer.from(unknown), () => 1)).ok, true);
  });

  it('an xsi:schemaLocation hint is ignored, never fetched', async () => {
    const hinted = HELLO.replace(
      EPP_OPEN,
      '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
        'xsi:schemaLocation="urn:ietf:params:xml:ns:epp-1.0 file:///etc/passwd">',
    );
    assert.deepEqual(await xml.withCommand(Buffer.from(hinted), () => 'ok'), { ok: true, value: 'ok' });
  });
});
