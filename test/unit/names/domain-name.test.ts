import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainToASCII } from 'node:url';
import {
  ParameterPolicyError,
  ParameterSyntaxError,
  RegistryError,
} from '../../../src/common/registry-errors';
import {
  DomainName,
  parseDomainName,
  parseHostName,
  toUnicodeName,
  ZoneNameRules,
} from '../../../src/registry/names/domain-name';

function zone(name: string, minLabelLength: number, idnEnabled = true): [string, ZoneNameRules] {
  return [name, { name, minLabelLength, maxLabelLength: 63, idnEnabled }];
}

export const ZONES: ReadonlyMap<string, ZoneNameRules> = new Map([
  zone('az', 3),
  zone('com.az', 2),
  zone('org.az', 2),
  zone('gov.az', 2),
  zone('edu.az', 2, false),
]);

type ErrorClass = typeof ParameterSyntaxError | typeof ParameterPolicyError;

/** Asserts `fn` throws an error of class `type` with `reason`, echoing `value`. */
function expectError(fn: () => unknown, type: ErrorClass, reason: string, value?: string): Error {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof type, `expected ${type.name}(${reason}), got ${String(caught)}`);
  const error = caught as RegistryError;
  assert.equal(error.reason, reason, error.message);
  assert.ok(error.message.length > 0);
  if (value !== undefined) assert.equal(error.value, value);
  return error;
}

const parse = (input: string): DomainName => parseDomainName(input, ZONES);
const syntaxErrorOf = (input: string, reason: string): Error =>
  expectError(() => parse(input), ParameterSyntaxError, reason, input);
const syntaxError = (input: string, reason: string): void => {
  syntaxErrorOf(input, reason);
};
const policyError = (input: string, reason: string): void => {
  expectError(() => parse(input), ParameterPolicyError, reason, input);
};

describe('parseDomainName: ASCII names', () => {
  it('parses a plain .az name', () => {
    assert.deepEqual(parse('example.az'), {
      name: 'example.az',
      unicodeName: 'example.az',
      label: 'example',
      unicodeLabel: 'example',
      zone: 'az',
      isIdn: false,
      variantKey: 'example.az',
    });
  });
  it('lower-cases upper-case input', () => assert.equal(parse('EXAMPLE.Az').name, 'example.az'));
  it('trims surrounding whitespace', () => assert.equal(parse(' \t example.az \n').name, 'example.az'));
  it('accepts one trailing dot', () => assert.equal(parse('example.az.').name, 'example.az'));
  it('picks the longest zone suffix', () => {
    const name = parse('example.com.az');
    assert.equal(name.zone, 'com.az');
    assert.equal(name.label, 'example');
  });
  it('accepts 2 characters in a second-level zone', () => assert.equal(parse('ab.com.az').zone, 'com.az'));
  it('accepts exactly the minimum of 3 under az', () => assert.equal(parse('abc.az').label, 'abc'));
  it('treats a zone name alone as a label in the parent zone', () => {
    const name = parse('com.az');
    assert.equal(name.label, 'com');
    assert.equal(name.zone, 'az');
  });
  it('accepts digits and inner hyphens', () => assert.equal(parse('123-4.az').name, '123-4.az'));
  it('accepts hyphens at positions 3-4 only when not both', () => assert.ok(parse('ab-cd.az')));
  it('accepts a 63-character label', () => {
    const label = 'a'.repeat(63);
    assert.equal(parse(`${label}.az`).label, label);
  });
  it('accepts ASCII in a zone without IDN', () => assert.equal(parse('ab.edu.az').zone, 'edu.az'));
  it('upper-cases I to i, never to dotless ı', () => assert.equal(parse('BAKI.AZ').name, 'baki.az'));
});

describe('parseDomainName: IDN names', () => {
  it('converts a U-label to its A-label', () => {
    assert.deepEqual(parse('şəki.az'), {
      name: 'xn--ki-eta41h.az',
      unicodeName: 'şəki.az',
      label: 'xn--ki-eta41h',
      unicodeLabel: 'şəki',
      zone: 'az',
      isIdn: true,
      variantKey: 'seki.az',
    });
  });
  it('agrees with an independent IDNA implementation', () => {
    for (const input of ['şəki.az', 'bakı.az', 'gəncə.com.az', 'ağdam.az', 'üzüm.org.az', 'çay.az']) {
      assert.equal(parse(input).name, domainToASCII(input), input);
    }
  });
  it('accepts the A-label form and gives the same result', () => {
    assert.deepEqual(parse('xn--ki-eta41h.az'), parse('şəki.az'));
  });
  it('accepts an upper-case A-label', () => {
    assert.equal(parse('XN--KI-ETA41H.AZ').unicodeName, 'şəki.az');
  });
  it('folds upper-case Azerbaijani letters (Ş Ə Ğ Ç Ö Ü)', () => {
    assert.equal(parse('ŞƏKİ.AZ').unicodeName, 'şəki.az');
    assert.equal(parse('ĞÇÖÜ.AZ').unicodeName, 'ğçöü.az');
  });
  it('maps İ (U+0130) to i, not i + combining dot', () => {
    assert.equal(parse('İSTANBUL.az').name, 'istanbul.az');
    assert.equal(parse('ŞƏKİ.az').name, 'xn--ki-eta41h.az');
  });
  it('normalises decomposed input to NFC', () => {
    assert.equal(parse('s\u0327əki.az').unicodeName, 'şəki.az');
    assert.equal(parse('I\u0307STANBUL.az').name, 'istanbul.az');
  });
  it('keeps dotless ı distinct from i in the name', () => {
    const name = parse('bakı.az');
    assert.equal(name.name, 'xn--bak-lua.az');
    assert.equal(name.variantKey, 'baki.az');
  });
  it('accepts an IDN label in a second-level zone, any case', () => {
    const name = parse('Gəncə.COM.az');
    assert.equal(name.name, 'xn--gnc-dtbc.com.az');
    assert.equal(name.unicodeName, 'gəncə.com.az');
    assert.equal(name.zone, 'com.az');
  });
  it('counts the minimum length in U-label code points', () => {
    assert.equal(parse('şə.com.az').unicodeLabel, 'şə');
    assert.equal(parse('çay.az').label, 'xn--ay-3ia');
  });
  it('accepts an IDN label whose A-label is exactly 63 characters', () => {
    const label = `ş${'a'.repeat(55)}`;
    assert.equal(parse(`${label}.az`).label.length, 63);
  });
  it('accepts "--" in positions 3-4 for a valid A-label', () => {
    assert.equal(parse('xn--bak-lua.az').unicodeLabel, 'bakı');
  });
});

describe('parseDomainName: syntax errors', () => {
  it('empty string', () => syntaxError('', 'empty'));
  it('only whitespace', () => syntaxError('   ', 'empty'));
  it('only a dot', () => syntaxError('.', 'empty'));
  it('254 characters', () => syntaxError(`${'a'.repeat(251)}.az`, 'too-long'));
  it('253 characters is a too-long label, not a too-long name', () =>
    syntaxError(`${'a'.repeat(250)}.az`, 'label-too-long'));
  it('huge input', () => syntaxError('a'.repeat(100_000), 'too-long'));
  it('double dot', () => syntaxError('a..az', 'empty-label'));
  it('leading dot', () => syntaxError('.az', 'empty-label'));
  it('two trailing dots', () => syntaxError('example.az..', 'empty-label'));
  it('inner space', () => syntaxError('exa mple.az', 'invalid-character'));
  it('null byte', () => syntaxError('exa\u0000mple.az', 'invalid-character'));
  it('tab inside', () => syntaxError('exa\tmple.az', 'invalid-character'));
  it('zero-width joiner', () => syntaxError('exa\u200dmple.az', 'invalid-character'));
  it('soft hyphen', () => syntaxError('exa\u00admple.az', 'invalid-character'));
  it('no-break space', () => syntaxError('exa\u00a0mple.az', 'invalid-character'));
  it('underscore', () => syntaxError('exa_mple.az', 'invalid-character'));
  it('punctuation', () => syntaxError('exa!mple.az', 'invalid-character'));
  it('emoji', () => syntaxError('ex😀ample.az', 'invalid-character'));
  it('Latin letter outside the table (é)', () => syntaxError('café.az', 'invalid-character'));
  it('full-width letters are not mapped', () => syntaxError('ｅｘａｍｐｌｅ.az', 'invalid-character'));
  it('Cyrillic look-alike: mixed script', () => {
    const error = syntaxErrorOf('exаmple.az', 'invalid-character'); // U+0430
    assert.match(error.message, /mixes scripts/);
    assert.match(error.message, /U\+0430/);
  });
  it('all-Cyrillic label', () => syntaxError('пример.az', 'invalid-character'));
  it('turned e (U+01DD) suggests ə', () => {
    assert.match(syntaxErrorOf('ǝki.az', 'invalid-character').message, /U\+0259/);
  });
  it('leading hyphen', () => syntaxError('-ab.az', 'hyphen-position'));
  it('trailing hyphen', () => syntaxError('ab-.az', 'hyphen-position'));
  it('lone hyphen', () => syntaxError('-.com.az', 'hyphen-position'));
  it('"--" in positions 3-4', () => syntaxError('ab--cd.az', 'reserved-hyphens'));
  it('other reserved prefix', () => syntaxError('zz--abc.az', 'reserved-hyphens'));
  it('"--" in positions 3-4 of a U-label', () => syntaxError('şə--ki.az', 'reserved-hyphens'));
  it('"--" elsewhere is fine', () => assert.ok(parse('abc--d.az')));
  it('garbage A-label', () => syntaxError('xn--garbage.az', 'invalid-a-label'));
  it('A-label of a pure ASCII label', () => syntaxError('xn--abc-.az', 'invalid-a-label'));
  it('empty A-label', () => syntaxError('xn--.az', 'invalid-a-label'));
  it('A-label of a Cyrillic label', () => syntaxError('xn--e1afmkfd.az', 'invalid-a-label'));
  it('A-label of a mixed-script label', () => syntaxError('xn--exmple-4nf.az', 'invalid-a-label'));
  it('A-label of a letter outside the table', () => syntaxError('xn--caf-dma.az', 'invalid-a-label'));
  it('A-label of an upper-case U-label', () => syntaxError('xn--ki-bta81h.az', 'invalid-a-label'));
  it('A-label of a non-NFC U-label', () => syntaxError('xn--ski-dtb34h.az', 'invalid-a-label'));
  it('A-label of a U-label with a leading hyphen', () =>
    syntaxError('xn---ki-sza46j.az', 'invalid-a-label'));
  it('A-label of a U-label with "--" in 3-4', () =>
    syntaxError('xn----ki-45a41m.az', 'invalid-a-label'));
  it('A-label with invalid Punycode digits', () => syntaxError('xn--ki-eta41h!.az', 'invalid-a-label'));
  it('1 character under az', () => syntaxError('a.az', 'label-too-short'));
  it('2 characters under az', () => syntaxError('ab.az', 'label-too-short'));
  it('2 IDN characters under az', () => syntaxError('şə.az', 'label-too-short'));
  it('1 character under com.az', () => syntaxError('a.com.az', 'label-too-short'));
  it('64-character label', () => syntaxError(`${'a'.repeat(64)}.az`, 'label-too-long'));
  it('IDN label whose A-label is 64 characters', () =>
    syntaxError(`ş${'a'.repeat(56)}.az`, 'label-too-long'));
  it('echoes the untrimmed input as value', () => {
    expectError(() => parse('  -ab.AZ '), ParameterSyntaxError, 'hyphen-position', '  -ab.AZ ');
  });
});

describe('parseDomainName: policy errors', () => {
  it('unknown zone', () => policyError('example.com', 'unknown-zone'));
  it('unknown second-level zone name alone', () => policyError('example', 'unknown-zone'));
  it('a zone name alone is not registrable', () => policyError('az', 'not-registrable-level'));
  it('third level under az', () => policyError('a.b.az', 'not-registrable-level'));
  it('fourth level under com.az', () => policyError('www.example.com.az', 'not-registrable-level'));
  it('IDN U-label in a zone without IDN', () => policyError('şəki.edu.az', 'idn-not-allowed'));
  it('IDN A-label in a zone without IDN', () => policyError('xn--ki-eta41h.edu.az', 'idn-not-allowed'));
});

describe('toUnicodeName', () => {
  it('decodes A-labels', () => assert.equal(toUnicodeName('xn--ki-eta41h.az'), 'şəki.az'));
  it('leaves ASCII names alone', () => assert.equal(toUnicodeName('example.com.az'), 'example.com.az'));
  it('is tolerant of case and a trailing dot', () =>
    assert.equal(toUnicodeName('XN--GNC-DTBC.COM.AZ.'), 'gəncə.com.az'));
  it('keeps labels that do not decode', () =>
    assert.equal(toUnicodeName('xn--ki-eta41h!.az'), 'xn--ki-eta41h!.az'));
});

describe('parseHostName', () => {
  const hostError = (input: string, reason: string): void => {
    expectError(() => parseHostName(input), ParameterSyntaxError, reason, input);
  };

  it('normalises case and the trailing dot', () =>
    assert.equal(parseHostName(' NS1.Example.COM. '), 'ns1.example.com'));
  it('accepts many labels under any TLD', () =>
    assert.equal(parseHostName('a.b-c.d1.example.net'), 'a.b-c.d1.example.net'));
  it('converts Azerbaijani U-labels', () =>
    assert.equal(parseHostName('ns.Şəki.az'), 'ns.xn--ki-eta41h.az'));
  it('converts U-labels in other scripts', () =>
    assert.equal(parseHostName('ns.пример.рф'), 'ns.xn--e1afmkfd.xn--p1ai'));
  it('keeps valid A-labels', () => assert.equal(parseHostName('ns.xn--p1ai'), 'ns.xn--p1ai'));
  it('accepts exactly 253 characters', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    assert.equal(name.length, 253);
    assert.equal(parseHostName(name), name);
  });
  it('empty', () => hostError('', 'empty'));
  it('one label', () => hostError('localhost', 'too-few-labels'));
  it('254 characters', () =>
    hostError(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, 'too-long'));
  it('empty label', () => hostError('ns..example.com', 'empty-label'));
  it('underscore', () => hostError('ns_1.example.com', 'invalid-character'));
  it('space', () => hostError('ns 1.example.com', 'invalid-character'));
  it('emoji', () => hostError('ns.😀.com', 'invalid-character'));
  it('leading hyphen', () => hostError('-ns.example.com', 'hyphen-position'));
  it('"--" in positions 3-4', () => hostError('ns--1.example.com', 'reserved-hyphens'));
  it('garbage A-label', () => hostError('ns.xn--garbage.com', 'invalid-a-label'));
  it('64-character label', () => hostError(`${'a'.repeat(64)}.example.com`, 'label-too-long'));
  it('IPv4 address', () => hostError('192.168.0.1', 'numeric-tld'));
});
