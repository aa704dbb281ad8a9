import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderWebWhois } from '../../src/whois/web-whois.page';
import { MAX_QUERY_BYTES, parseWhoisQuery, QUERY_PROBLEMS } from '../../src/whois/whois-query';
import { formatRegistrarAnswer, whoisDate, wrapAnswer } from '../../src/whois/whois.formatter';

/** The pure parts: query forms, dates, the answer frame, HTML escaping. No database. */
describe('WHOIS query parsing and formatting (pure)', () => {
  it('recognises the query forms', () => {
    assert.deepEqual(parseWhoisQuery('şəki.az\r\n'), { kind: 'domain', name: 'şəki.az' });
    assert.deepEqual(parseWhoisQuery('DOMAIN  Example.AZ.\n'), { kind: 'domain', name: 'Example.AZ.' });
    assert.deepEqual(parseWhoisQuery('ns ns1.example.az'), { kind: 'nameserver', name: 'ns1.example.az' });
    assert.deepEqual(parseWhoisQuery('NameServer ns1.example.az'), { kind: 'nameserver', name: 'ns1.example.az' });
    assert.deepEqual(parseWhoisQuery('registrar  Demo \tRegistrar  One'), { kind: 'registrar', idOrName: 'Demo Registrar One' });
    assert.deepEqual(parseWhoisQuery(' help '), { kind: 'help' });
  });

  it('refuses empty, overlong, control characters and a keyword without argument', () => {
    assert.deepEqual(parseWhoisQuery('\r\n'), { kind: 'invalid', reason: QUERY_PROBLEMS.empty });
    assert.deepEqual(parseWhoisQuery('   '), { kind: 'invalid', reason: QUERY_PROBLEMS.empty });
    assert.deepEqual(parseWhoisQuery('ə'.repeat(MAX_QUERY_BYTES / 2 + 1)), { kind: 'invalid', reason: QUERY_PROBLEMS.tooLong }, 'counted in UTF-8 bytes');
    assert.equal(parseWhoisQuery('a'.repeat(MAX_QUERY_BYTES)).kind, 'domain');
    for (const q of ['a\u0000.az', 'a\u001b[31m.az', 'a\u0085.az', 'a\r.az']) assert.deepEqual(parseWhoisQuery(q), { kind: 'invalid', reason: QUERY_PROBLEMS.control }, JSON.stringify(q));
    assert.deepEqual(parseWhoisQuery('registrar'), { kind: 'invalid', reason: 'Missing registrar id or name after "registrar"' });
    assert.deepEqual(parseWhoisQuery('ns '), { kind: 'invalid', reason: 'Missing name after "ns"' });
  });

  it('prints UTC dates to the second and frames every answer the same way', () => {
    assert.equal(whoisDate(new Date('2026-01-15T10:00:00.789Z')), '2026-01-15T10:00:00Z');
    const text = wrapAnswer(['Body: 1'], new Date('2026-01-15T10:00:00Z'));
    assert.match(text, /^% The WHOIS service of the \.az domain registry\.\r\n/);
    assert.ok(text.endsWith('\r\nBody: 1\r\n>>> Last update of WHOIS database: 2026-01-15T10:00:00Z <<<\r\n'));
    assert.match(formatRegistrarAnswer('  nobody ', null, new Date(0)), /^No match for registrar "nobody"\.\r$/m);
  });

  it('escapes HTML and keeps the page structure for any query', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const html = renderWebWhois('en', '</pre><img src=x>', { kind: 'answer', text: 'A: <b>\r\n' });
    assert.doesNotMatch(html, /<img|<b>/);
    assert.match(html, /<pre lang="en" tabindex="0">A: &#60;b&#62;\n<\/pre>/);
  });
});
