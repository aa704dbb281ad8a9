import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EPP_NS, EppXml } from '../../../src/epp/xml/epp-xml';
import { domainCreate, loadEppXml, sample, sampleNames } from './support';

let xml: EppXml;
before(async () => {
  xml = await loadEppXml();
});
after(() => xml.dispose());

/** Runs withCommand and asserts the document was accepted; returns `use`'s value. */
async function accept<T>(bytes: Buffer, use: Parameters<EppXml['withCommand']>[1] = () => undefined): Promise<T> {
  const result = await xml.withCommand(bytes, use);
  assert.ok(result.ok, `expected acceptance, got ${JSON.stringify(result)}`);
  return result.value as T;
}

describe('RFC command examples are accepted', () => {
  const names = sampleNames('commands');
  it('covers every command the brief lists', () => {
    for (const expected of [
      'hello.xml', 'login.xml', 'logout.xml', 'domain-check.xml', 'domain-info.xml',
      'domain-create-secdns.xml', 'domain-update.xml', 'domain-delete.xml', 'domain-renew.xml',
      'domain-transfer.xml', 'contact-create.xml', 'contact-info.xml', 'contact-update.xml',
      'contact-delete.xml', 'contact-transfer.xml', 'host-create.xml', 'host-update.xml',
      'poll-req.xml', 'poll-ack.xml', 'rgp-restore-request.xml', 'rgp-restore-report.xml',
    ]) {
      assert.ok(names.includes(expected), expected);
    }
  });
  for (const name of names) {
    it(name, async () => {
      await accept(sample('commands', name));
      assert.deepEqual(xml.validate(sample('commands', name).toString('utf8')), []);
    });
  }
});

describe('representative responses validate', () => {
  for (const name of sampleNames('responses')) {
    it(name, () => {
      assert.deepEqual(xml.validate(sample('responses', name).toString('utf8')), []);
    });
  }

  it('reports problems in an invalid response', () => {
    const good = sample('responses', 'domain-info-response.xml').toString('utf8');
    const badRoid = good.replace('EXAMPLE1-AZ', 'no roid here');
    assert.match(xml.validate(badRoid).join('\n'), /domain:roid/);
    const badStatus = good.replace('s="clientTransferProhibited"', 's="sleeping"');
    assert.match(xml.validate(badStatus).join('\n'), /domain:status/);
    const badCode = good.replace('code="1000"', 'code="1999"');
    assert.notDeepEqual(xml.validate(badCode), []);
    const noTrid = good.replace(/<trID>[\s\S]*<\/trID>/, '');
    assert.notDeepEqual(xml.validate(noTrid), []);
    const badMsgQ = sample('responses', 'poll-response.xml').toString('utf8').replace(' id="12345"', '');
    assert.match(xml.validate(badMsgQ).join('\n'), /id/);
  });

  it('validate() applies the same refusals as withCommand()', () => {
    const [problem] = xml.validate('<!DOCTYPE epp><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello/></epp>');
    assert.match(problem, /^forbidden-construct: /);
    assert.match(xml.validate('<epp')[0], /^not-well-formed: /);
  });
});

describe('EppReader', () => {
  it('reads a domain:create with secDNS via XPath', async () => {
    const read = await accept<Record<string, unknown>>(sample('commands', 'domain-create-secdns.xml'), (r) => {
      const [verb] = r.nodes('epp:command/*[1]');
      const [object] = r.nodes('*', verb);
      const create = 'epp:command/epp:create/domain:create';
      const ds = r.nodes('epp:command/epp:extension/secDNS:create/secDNS:dsData');
      return {
        verb: r.localName(verb),
        verbNs: r.namespaceUri(verb),
        object: r.localName(object),
        objectNs: r.namespaceUri(object),
        name: r.text(`${create}/domain:name`),
        period: r.text(`${create}/domain:period`),
        unit: r.attr(`${create}/domain:period`, 'unit'),
        hosts: r.texts(`${create}/domain:ns/domain:hostObj`),
        contacts: r.nodes(`${create}/domain:contact`).map((c) => [r.attr('.', 'type', c), r.text('.', c)]),
        pw: r.text(`${create}/domain:authInfo/domain:pw`),
        keyTags: ds.map((d) => r.text('secDNS:keyTag', d)),
        digestOfSecond: r.text('secDNS:digest', ds[1]),
        maxSigLife: r.text('/epp:epp/epp:command/epp:extension/secDNS:create/secDNS:maxSigLife'),
        unitViaAttrAxis: r.text(`${create}/domain:period/@unit`),
        missing: r.text(`${create}/domain:nothing`),
        missingAttr: r.attr(`${create}/domain:name`, 'hosts'),
        hasExtension: r.exists('epp:command/epp:extension'),
        hasRgp: r.exists('epp:command/epp:extension/rgp:update'),
        clTRID: r.text('epp:command/epp:clTRID'),
      };
    });
    assert.deepEqual(read, {
      verb: 'create',
      verbNs: EPP_NS.epp,
      object: 'create',
      objectNs: EPP_NS.domain,
      name: 'example.az',
      period: '2',
      unit: 'y',
      hosts: ['ns1.example.az', 'ns2.example.net'],
      contacts: [['admin', 'sh8013'], ['tech', 'sh8014']],
      pw: '2fooBAR',
      keyTags: ['12345', '54321'],
      digestOfSecond: 'E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766',
      maxSigLife: '604800',
      unitViaAttrAxis: 'y',
      missing: null,
      missingAttr: null,
      hasExtension: true,
      hasRgp: false,
      clTRID: 'ABC-12345',
    });
  });

  it('reads non-ASCII text and attribute-only elements', async () => {
    const read = await accept<string[]>(sample('commands', 'contact-create.xml'), (r) => [
      r.text('//contact:postalInfo[@type="loc"]/contact:name') ?? '',
      r.attr('//contact:disclose', 'flag') ?? '',
      String(r.nodes('//contact:disclose/*').map((n) => r.localName(n))),
      r.text('//contact:voice/@x') ?? '',
    ]);
    assert.deepEqual(read, ['Cəlil Məmmədquluzadə', '0', 'voice,email', '1234']);
  });

  it('supports async use and returns its value', async () => {
    const value = await accept<string | null>(sample('commands', 'poll-ack.xml'), async (r) => {
      await new Promise((resolve) => setImmediate(resolve));
      return r.attr('epp:command/epp:poll', 'msgID');
    });
    assert.equal(value, '12345');
  });

  it('throws on XPath that does not select nodes, and on foreign node handles', async () => {
    await accept(Buffer.from(domainCreate()), (r) => {
      assert.throws(() => r.nodes('count(//domain:name)'));
      assert.throws(() => r.text('//bogus:name'));
      assert.throws(() => r.text('.', {}), /not a node returned by this reader/);
    });
  });
});
