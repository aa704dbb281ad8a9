import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AZERBAIJANI_LETTERS,
  DomainName,
  foldToVariantKey,
  parseDomainName,
  variantsOf,
  VARIANT_LIST_LIMIT,
  ZoneNameRules,
} from '../../../src/registry/names/domain-name';
import { foldCase, labelVariants } from '../../../src/registry/names/azerbaijani-idn';

const ZONES: ReadonlyMap<string, ZoneNameRules> = new Map(
  (
    [
      ['az', 3, true],
      ['com.az', 2, true],
      ['org.az', 2, true],
      ['gov.az', 2, true],
      ['edu.az', 2, false],
    ] as const
  ).map(([name, minLabelLength, idnEnabled]) => [
    name,
    { name, minLabelLength, maxLabelLength: 63, idnEnabled },
  ]),
);

const parse = (input: string): DomainName => parseDomainName(input, ZONES);

describe('Azerbaijani letters and folding', () => {
  it('exports the seven letters, with ə as U+0259', () => {
    assert.equal(AZERBAIJANI_LETTERS, 'çəğıöşü');
    assert.ok(AZERBAIJANI_LETTERS.includes('\u0259'));
  });
  it('folds every Azerbaijani letter to ASCII', () => {
    assert.equal(foldToVariantKey('çəğıöşü.az'), 'cegiosu.az');
  });
  it('leaves ASCII unchanged', () => assert.equal(foldToVariantKey('example.com.az'), 'example.com.az'));
  it('folds case without a Turkish locale', () => {
    assert.equal(foldCase('I'), 'i');
    assert.equal(foldCase('İ'), 'i');
    assert.equal(foldCase('Ə'), 'ə');
    assert.equal(foldCase('ŞĞÇÖÜ'), 'şğçöü');
  });
});

describe('variantKey', () => {
  const bundle = ['şəki.az', 'seki.az', 'səki.az', 'şeki.az', 'şəkı.az', 'sekı.az'];

  it('is the ASCII fold of the U-label name', () => assert.equal(parse('şəki.az').variantKey, 'seki.az'));
  it('is equal for every member of a bundle', () => {
    for (const input of bundle) assert.equal(parse(input).variantKey, 'seki.az', input);
  });
  it('is equal for the A-label forms of the members', () => {
    for (const input of bundle) {
      const aLabelName = parse(input).name;
      assert.equal(parse(aLabelName).variantKey, 'seki.az', aLabelName);
    }
  });
  it('is the name itself for an ASCII name', () => assert.equal(parse('example.az').variantKey, 'example.az'));
  it('is the same for İ, I, i and ı spellings', () => {
    for (const input of ['İSMAYILLI.az', 'ISMAYILLI.az', 'ismayıllı.az', 'ısmayıllı.az']) {
      assert.equal(parse(input).variantKey, 'ismayilli.az', input);
    }
  });
  it('differs between zones', () =>
    assert.notEqual(parse('şəki.az').variantKey, parse('şəki.com.az').variantKey));
});

describe('variantsOf', () => {
  it('lists the other members of the şəki.az bundle', () => {
    const variants = variantsOf(parse('şəki.az'));
    for (const expected of ['seki.az', 'səki.az', 'şeki.az', 'şekı.az', 'sekı.az', 'şəkı.az']) {
      assert.ok(variants.includes(expected), expected);
    }
    assert.equal(variants.length, 2 ** 3 - 1); // ş, ə and i are foldable; k is not
  });
  it('excludes the name itself', () => {
    assert.ok(!variantsOf(parse('şəki.az')).includes('şəki.az'));
    assert.ok(!variantsOf(parse('seki.az')).includes('seki.az'));
  });
  it('is sorted and without duplicates', () => {
    const variants = variantsOf(parse('gəncə.com.az'));
    assert.deepEqual(variants, [...new Set(variants)].sort());
  });
  it('keeps the zone', () => {
    for (const variant of variantsOf(parse('gəncə.com.az'))) assert.ok(variant.endsWith('.com.az'));
  });
  it('describes the same bundle from any member', () => {
    const bundleOf = (input: string): string[] => {
      const name = parse(input);
      return [name.unicodeName, ...variantsOf(name)].sort();
    };
    assert.deepEqual(bundleOf('seki.az'), bundleOf('şəki.az'));
    assert.deepEqual(bundleOf('xn--ki-eta41h.az'), bundleOf('şekı.az'));
  });
  it('gives members that parse and share the variant key', () => {
    for (const variant of variantsOf(parse('şəki.az'))) {
      assert.equal(parse(variant).variantKey, 'seki.az', variant);
    }
  });
  it('gives IDN variants of an ASCII name', () => {
    assert.deepEqual(variantsOf(parse('example.az')), ['examplə.az', 'əxample.az', 'əxamplə.az']);
  });
  it('is empty for a label without foldable letters', () => {
    assert.deepEqual(variantsOf(parse('123.az')), []);
    assert.deepEqual(variantsOf(parse('bdf-xyz.az')), []);
  });
  it('lists the whole bundle for 10 foldable letters', () => {
    const variants = variantsOf(parse(`${'s'.repeat(10)}.az`));
    assert.equal(variants.length, 1023);
    assert.ok(variants.includes(`${'ş'.repeat(10)}.az`));
  });
  it('stops at the limit for 11 foldable letters', () => {
    assert.equal(VARIANT_LIST_LIMIT, 1024);
    const variants = variantsOf(parse(`${'s'.repeat(11)}.az`));
    assert.equal(variants.length, 1024);
    assert.equal(new Set(variants).size, 1024);
  });
  it('is bounded, deterministic and closest-first for 63 foldable letters', () => {
    const name = parse(`${'i'.repeat(63)}.az`);
    const first = variantsOf(name);
    assert.equal(first.length, 1024);
    assert.deepEqual(variantsOf(name), first);
    // Every single-letter swap (63 of them) comes before any with more swaps.
    for (let i = 0; i < 63; i++) {
      const swapped = `${'i'.repeat(i)}ı${'i'.repeat(62 - i)}.az`;
      assert.ok(first.includes(swapped), swapped);
    }
  });
  it('labelVariants honours a small limit in closest-first order', () => {
    assert.deepEqual(labelVariants('sss', 3), ['ssş', 'sşs', 'şss']);
    assert.deepEqual(labelVariants('sss', 4), ['ssş', 'sşs', 'şss', 'şşs']);
  });
});
