/**
 * The Azerbaijani IDN table of the .az registry: the label repertoire, case folding, and the
 * variant skeleton that bundles `şəki`, `seki`, `səki`, `şeki`, … together.
 *
 * Repertoire: a-z, 0-9, hyphen, and the seven Azerbaijani letters ç ə ğ ı ö ş ü (all Latin,
 * all precomposed in NFC, all in the BMP, so one UTF-16 unit is one code point for every allowed
 * character). Nothing else: no other Latin letters with diacritics, no Cyrillic, no digits of
 * other scripts, no joiners. Mixing scripts is therefore impossible by construction.
 * Also here: the A-label codec (RFC 3492 Punycode with the `xn--` prefix) and its strict decoder.
 */

import { nameSyntaxError } from './name-errors';

/** The two RFC 3492 operations used by the name parsers. */
interface PunycodeCodec {
  encode(input: string): string;
  decode(input: string): string;
}
// The trailing slash loads the npm `punycode` package, not Node's deprecated built-in module of
// the same name (DEP0040). The package ships no type declarations, hence the interface above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const punycode: PunycodeCodec = require('punycode/');

/** The seven letters the Azerbaijani table adds to a-z (note `ə` is U+0259 LATIN SMALL SCHWA). */
export const AZERBAIJANI_LETTERS = 'çəğıöşü';

/** Each Azerbaijani letter and the ASCII letter it folds to for the variant key. */
const FOLD_TO_ASCII: Readonly<Record<string, string>> = {
  ç: 'c',
  ə: 'e',
  ğ: 'g',
  ı: 'i',
  ö: 'o',
  ş: 's',
  ü: 'u',
};

/** The other member of each variant pair (the 14 "foldable" letters). */
const VARIANT_PARTNER: Readonly<Record<string, string>> = {
  i: 'ı',
  ı: 'i',
  e: 'ə',
  ə: 'e',
  g: 'ğ',
  ğ: 'g',
  s: 'ş',
  ş: 's',
  c: 'ç',
  ç: 'c',
  o: 'ö',
  ö: 'o',
  u: 'ü',
  ü: 'u',
};

/**
 * Characters people type by mistake for an Azerbaijani letter; used only to make the error
 * message helpful, never to rewrite input.
 */
const LOOKALIKE_HINTS: Readonly<Record<string, string>> = {
  '\u01dd': 'ə (U+0259)', // ǝ LATIN SMALL LETTER TURNED E
  '\u04d9': 'ə (U+0259)', // ә CYRILLIC SMALL LETTER SCHWA
  '\u0219': 'ş (U+015F)', // ș S WITH COMMA BELOW (Romanian)
};

const ALLOWED_CHAR = /^[a-z0-9\-çəğıöşü]$/u;
const ALLOWED_LABEL = /^[a-z0-9\-çəğıöşü]+$/u;

/**
 * Folds user input to the form labels are compared in. The rule is deliberately
 * locale-independent:
 *
 * 1. NFC (so a decomposed `I` + U+0307 becomes `İ`, `s` + U+0327 becomes `ş`);
 * 2. `İ` (U+0130, capital I with dot) → `i`: the default lower-casing would give `i` + U+0307;
 * 3. the default Unicode `toLowerCase()` — *not* the Turkish/Azerbaijani locale, so `I` → `i`,
 *    never `ı` (and `Ə` → `ə`, `Ş` → `ş`, …). Someone who meant `ı` with a capital `I` still lands
 *    in the same variant bundle, because `i` and `ı` are variants of each other;
 * 4. NFC again.
 *
 * Any character may come out of this; the repertoire is checked afterwards.
 */
export function foldCase(input: string): string {
  return input.normalize('NFC').replace(/\u0130/gu, 'i').toLowerCase().normalize('NFC');
}

/** True when every character of `label` is in the repertoire (a-z 0-9 - ç ə ğ ı ö ş ü). */
export function isInRepertoire(label: string): boolean {
  return ALLOWED_LABEL.test(label);
}

/** True when the label holds at least one non-ASCII character. */
export function isNonAscii(label: string): boolean {
  return /[^\u0000-\u007f]/u.test(label);
}

/**
 * Explains why `label` is outside the repertoire, or returns `undefined` if it is inside.
 * A letter from another script (e.g. Cyrillic `а` in `exаmple`) is called out as mixed script.
 */
export function describeRepertoireViolation(label: string): string | undefined {
  for (const ch of label) {
    if (ALLOWED_CHAR.test(ch)) continue;
    const shown = `${printable(ch)} (${codePointOf(ch)})`;
    const hint = LOOKALIKE_HINTS[ch];
    const suffix = hint !== undefined ? `; did you mean ${hint}?` : '';
    const allowed = `a-z, 0-9, hyphen and ${AZERBAIJANI_LETTERS.split('').join(' ')}`;
    if (/\p{L}/u.test(ch) && !/\p{Script=Latin}/u.test(ch)) {
      const what = `"${printable(label)}" mixes scripts: ${shown} is not Latin`;
      return `${what}; only ${allowed} are allowed${suffix}`;
    }
    return `"${printable(label)}" contains ${shown}, outside the repertoire (${allowed})${suffix}`;
  }
  return undefined;
}

/** `U+0430` style notation for the first code point of `ch`. */
export function codePointOf(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` safe to put in a message: controls, format characters and separators escaped. */
export function printable(text: string): string {
  return text.replace(/[\p{C}\p{Z}]/gu, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
}

/** The hyphen rule a (U- or A-) label breaks, if any. */
export function hyphenProblem(
  label: string,
): { reason: 'hyphen-position' | 'reserved-hyphens'; message: string } | undefined {
  if (label.startsWith('-') || label.endsWith('-')) {
    return { reason: 'hyphen-position', message: `"${label}" starts or ends with a hyphen` };
  }
  if (label.slice(2, 4) === '--') {
    return {
      reason: 'reserved-hyphens',
      message: `"${label}" has "--" in positions 3 and 4, reserved for valid "xn--" A-labels`,
    };
  }
  return undefined;
}

/**
 * The variant-bundle key of a U-label name: every Azerbaijani letter replaced by the ASCII letter
 * it pairs with (ı→i ə→e ğ→g ş→s ç→c ö→o ü→u). `şəki.az`, `seki.az`, `şekı.az` all give
 * `seki.az`. Expects the normalised U-label form produced by `parseDomainName` (lowercase, NFC);
 * other characters pass through unchanged.
 */
export function foldToVariantKey(unicodeName: string): string {
  let out = '';
  for (const ch of unicodeName) out += FOLD_TO_ASCII[ch] ?? ch;
  return out;
}

/** Positions (UTF-16 indexes; every repertoire character is one unit) holding a foldable letter. */
export function foldablePositions(uLabel: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < uLabel.length; i++) {
    if (VARIANT_PARTNER[uLabel[i]] !== undefined) positions.push(i);
  }
  return positions;
}

/**
 * Variants of a U-label: labels that differ from it by swapping one or more foldable letters for
 * their partner. The label itself is never included.
 *
 * With n foldable positions the bundle has 2^n − 1 other members. When that is at most `limit`
 * all are returned. Otherwise the first `limit` in this deterministic order are returned:
 * fewest swapped positions first (the names most easily confused with this one), and within the
 * same count, swapped position sets in lexicographic order of their indexes. The result is then
 * sorted by code point so callers get a stable display order either way.
 */
export function labelVariants(uLabel: string, limit: number): string[] {
  const positions = foldablePositions(uLabel);
  const n = positions.length;
  const out: string[] = [];
  const chosen: number[] = [];

  const emit = (): void => {
    const chars = uLabel.split('');
    for (const k of chosen) chars[positions[k]] = VARIANT_PARTNER[chars[positions[k]]];
    out.push(chars.join(''));
  };
  // Emits every k-subset of 0..n-1 starting at index `from`, in lexicographic order.
  const subsets = (size: number, from: number): void => {
    if (out.length >= limit) return;
    if (chosen.length === size) {
      emit();
      return;
    }
    for (let i = from; i <= n - (size - chosen.length); i++) {
      chosen.push(i);
      subsets(size, i + 1);
      chosen.pop();
      if (out.length >= limit) return;
    }
  };
  for (let size = 1; size <= n && out.length < limit; size++) subsets(size, 0);
  return out.sort(compareCodePoints);
}

/** Code-point order (not locale order), so the result does not depend on the server's ICU. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The A-label of a (non-ASCII, NFC, lowercase) U-label: `xn--` + Punycode. */
export function encodeALabel(uLabel: string): string {
  return `xn--${punycode.encode(uLabel)}`;
}

/** Punycode-decodes the part after `xn--`; undefined when it is not valid Punycode. */
export function tryDecodeALabel(aLabel: string): string | undefined {
  try {
    return punycode.decode(aLabel.slice(4));
  } catch {
    return undefined;
  }
}

/**
 * Decodes a lowercase `xn--` label and checks it is canonical: valid Punycode, non-empty,
 * not pure ASCII, NFC, lowercase, and re-encoding to exactly the same label.
 */
export function decodeALabel(aLabel: string, value: string): string {
  const fail = (why: string): Error =>
    nameSyntaxError('invalid-a-label', `"${aLabel}" ${why}`, value);
  const uLabel = tryDecodeALabel(aLabel);
  if (uLabel === undefined) throw fail('is not valid Punycode');
  if (!isNonAscii(uLabel)) throw fail('does not decode to an internationalised label');
  if (uLabel !== uLabel.normalize('NFC')) throw fail('decodes to a label that is not in NFC');
  if (uLabel !== foldCase(uLabel)) throw fail('decodes to a label that is not in lower case');
  if (encodeALabel(uLabel) !== aLabel) throw fail('is not the canonical encoding of its U-label');
  return uLabel;
}
