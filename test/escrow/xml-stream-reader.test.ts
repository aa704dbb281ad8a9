import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXml, element } from '../../src/escrow/xml-text';
import { XmlStreamReader, XmlSyntaxError, type XmlNode } from '../../src/escrow/xml-stream-reader';

/** The streaming reader behind verify/import: namespaces, entities, chunk boundaries, refusals. */

/** Parses `xml` fed in chunks of `size` characters; returns the captured depth-2 subtrees. */
function parse(xml: string, size = xml.length): XmlNode[] {
  const out: XmlNode[] = [];
  const reader = new XmlStreamReader((path) => path.length === 2, (node) => out.push(node));
  for (let i = 0; i < xml.length; i += size) reader.feed(xml.slice(i, i + size));
  reader.end();
  return out;
}

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<r:root xmlns:r="urn:x:root" xmlns:o="urn:x:obj" id="1">
  <o:item kind='a &amp; b' o:extra="&#x41;"><o:name>Əli &lt;&quot;x&quot;&gt; &#10;&apos;</o:name><![CDATA[<raw & text>]]></o:item>
  <item xmlns="urn:x:default"><child/></item>
</r:root>
`;

describe('XmlStreamReader', () => {
  it('resolves namespaces, decodes entities and character references, keeps CDATA as text', () => {
    const [first, second] = parse(DOC);
    assert.equal(first.ns, 'urn:x:obj');
    assert.equal(first.local, 'item');
    assert.equal(first.attrs.get('kind'), 'a & b');
    assert.equal(first.attrs.get('{urn:x:obj}extra'), 'A');
    assert.equal(first.children[0].text, 'Əli <"x"> \n\'');
    assert.equal(first.text, '<raw & text>');
    assert.equal(second.ns, 'urn:x:default');
    assert.equal(second.children[0].ns, 'urn:x:default');
    assert.equal(first.line, 4);
  });

  it('gives the same result whatever the chunk size (every split point)', () => {
    const whole = JSON.stringify(parse(DOC), (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    for (const size of [1, 2, 3, 5, 7, 13]) {
      assert.equal(JSON.stringify(parse(DOC, size), (_k, v: unknown) => (v instanceof Map ? [...v] : v)), whole, `chunk size ${size}`);
    }
  });

  it('reads back exactly what escapeXml wrote, including control and special characters', () => {
    const nasty = 'a&b<c>d"e\'f\tg\nh\r\ni\u0001j\uD800k';
    const xml = `<r xmlns="urn:x">${element('v', nasty, { a: nasty })}</r>`;
    const [v] = parse(xml);
    assert.equal(v.text, nasty.replace('\u0001', '\uFFFD').replace('\uD800', '\uFFFD'));
    assert.equal(v.attrs.get('a'), v.text);
    assert.equal(escapeXml('ə'), 'ə');
  });

  const refused: Array<[string, string, RegExp]> = [
    ['mismatched tags', '<r><a></b></r>', /does not close <a>/],
    ['unclosed root', '<r><a/>', /not closed/],
    ['undeclared prefix', '<r><x:a/></r>', /undeclared namespace prefix "x"/],
    ['duplicate attribute', '<r a="1" a="2"/>', /duplicate attribute a/],
    ['unknown entity', '<r>&foo;</r>', /undefined entity &foo;/],
    ['bare ampersand', '<r>a & b</r>', /bare "&"/],
    ['DOCTYPE', '<!DOCTYPE r [<!ENTITY x "y">]><r/>', /DOCTYPE is not allowed/],
    ['two roots', '<r/><s/>', /content after the root element/],
    ['text after the root', '<r/>junk', /text outside the root element/],
    ['truncated', '<r><a attr="1', /unterminated tag/],
    ['"<" in an attribute', '<r a="<"/>', /"<" inside a tag|"<" in the value/],
    ['control character', '<r>\u0001</r>', /not allowed in XML/],
    ['late XML declaration', '<!-- c --><?xml version="1.0"?><r/>', /XML declaration not at the start/],
    ['empty document', '   ', /no root element/],
  ];
  for (const [what, xml, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(() => parse(xml), (e: unknown) => e instanceof XmlSyntaxError && message.test(e.message));
    });
  }

  it('reports the line of a syntax error', () => {
    assert.throws(() => parse('<r>\n\n<a></b></r>'), (e: unknown) => e instanceof XmlSyntaxError && e.line === 3 && e.message.startsWith('line 3:'));
  });
});
