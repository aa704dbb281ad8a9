import {
  compareCodePoints,
  decodeALabel,
  encodeALabel,
  describeRepertoireViolation,
  foldCase,
  foldToVariantKey,
  hyphenProblem,
  isNonAscii,
  labelVariants,
  tryDecodeALabel,
} from './azerbaijani-idn';
import { nameSyntaxError, namePolicyError } from './name-errors';

export { AZERBAIJANI_LETTERS, foldToVariantKey } from './azerbaijani-idn';

/** Name-related settings of one zone (`az`, `com.az`, …). */
export interface ZoneNameRules {
  /** 'az', 'com.az', ... (lowercase, no dots at the ends). */
  name: string;
  /** Minimum registrable-label length, counted in U-label code points (3 for 'az'). */
  minLabelLength: number;
  /** Maximum registrable-label length, counted in A-label characters; capped at 63 anyway. */
  maxLabelLength: number;
  idnEnabled: boolean;
}

/** A validated, normalised registrable domain name. */
export interface DomainName {
  /** Full name in A-labels, lowercase, no trailing dot: 'xn--ki-eta41h.az', 'example.com.az'. */
  name: string;
  /** Full name in U-labels, NFC: 'şəki.az' (same as `name` when ASCII). */
  unicodeName: string;
  /** Registrable label, A-label form. */
  label: string;
  /** Registrable label, U-label form. */
  unicodeLabel: string;
  /** Zone name: 'az' or 'com.az'. */
  zone: string;
  isIdn: boolean;
  /** Variant-bundle key: `unicodeName` folded to ASCII ('seki.az'); equal across a bundle. */
  variantKey: string;
}

const MAX_NAME_LENGTH = 253;
const DNS_MAX_LABEL_LENGTH = 63;
/** Longer raw input cannot become a valid name even after NFC; refuse it before any work. */
const MAX_INPUT_LENGTH = 4 * MAX_NAME_LENGTH;
/** At most this many names are listed by `variantsOf` (n ≤ 10 foldable letters: all of them). */
export const VARIANT_LIST_LIMIT = 1024;

/**
 * Parses and validates a registrable name in one of `zones`, given as U-labels, A-labels or a
 * mix, in any case, with surrounding whitespace and one trailing dot tolerated.
 *
 * - Case folding is locale-independent (see `foldCase`): `İ` → `i`, `I` → `i` (never `ı`), other
 *   letters by the default Unicode lower-casing; then NFC.
 * - The zone is the longest proper suffix that is a key of `zones`; exactly one label must
 *   precede it (`com.az` alone is label `com` in zone `az`; `az` alone is not registrable).
 * - Length: the A-label (what DNS carries) must be ≤ `maxLabelLength` (and ≤ 63); the U-label
 *   (what people see and count) must have ≥ `minLabelLength` code points. So `şə.com.az` (2 code
 *   points) meets a minimum of 2 although its A-label is longer.
 * - A-label input must be canonical: it must decode, contain non-ASCII, be NFC, lie in the
 *   repertoire and re-encode to itself.
 * - `variantKey` includes the zone, so bundles are per zone (`şəki.az` ≠ `şəki.com.az`).
 *
 * @throws ParameterSyntaxError reasons: empty, too-long, empty-label, invalid-character,
 *   hyphen-position, reserved-hyphens, invalid-a-label, label-too-long, label-too-short.
 * @throws ParameterPolicyError reasons: unknown-zone, not-registrable-level, idn-not-allowed.
 */
export function parseDomainName(
  input: string,
  zones: ReadonlyMap<string, ZoneNameRules>,
): DomainName {
  const value = String(input);
  const labels = splitName(input, value);

  const match = findZone(labels, zones);
  if (match === undefined) {
    const whole = labels.join('.');
    if (zones.has(whole)) {
      throw namePolicyError('not-registrable-level', `"${whole}" is a zone, not a domain`, value);
    }
    throw namePolicyError('unknown-zone', `"${whole}" is not under a zone of this registry`, value);
  }
  const { start, zone, rules } = match;
  if (start !== 1) {
    throw namePolicyError(
      'not-registrable-level',
      `Only names of the form <label>.${zone} can be registered in zone "${zone}"`,
      value,
    );
  }

  const { aLabel, uLabel, isIdn } = registrableLabelForms(labels[0], value);
  const maxLength = Math.min(rules.maxLabelLength, DNS_MAX_LABEL_LENGTH);
  if (aLabel.length > maxLength) {
    throw nameSyntaxError(
      'label-too-long',
      `A-label "${aLabel}" has ${aLabel.length} characters; at most ${maxLength} allowed`,
      value,
    );
  }
  const codePoints = [...uLabel].length;
  if (codePoints < rules.minLabelLength) {
    throw nameSyntaxError(
      'label-too-short',
      `Label "${uLabel}" is too short for "${zone}" ` +
        `(${codePoints} of ${rules.minLabelLength} characters)`,
      value,
    );
  }
  if (isIdn && !rules.idnEnabled) {
    throw namePolicyError('idn-not-allowed', `Zone "${zone}" does not accept IDN labels`, value);
  }

  const name = `${aLabel}.${zone}`;
  if (name.length > MAX_NAME_LENGTH) {
    throw nameSyntaxError('too-long', `Name is longer than ${MAX_NAME_LENGTH} characters`, value);
  }
  const unicodeName = `${uLabel}.${zone}`;
  return {
    name,
    unicodeName,
    label: aLabel,
    unicodeLabel: uLabel,
    zone,
    isIdn,
    variantKey: foldToVariantKey(unicodeName),
  };
}

/**
 * The other members of `name`'s variant bundle as U-label full names, sorted by code point,
 * never including `name` itself. Complete when the label has at most 10 foldable letters (≤ 1023
 * names); beyond that only the first `VARIANT_LIST_LIMIT` (1024) in a fixed order: fewest
 * swapped letters first, then swapped positions in lexicographic order (see `labelVariants`).
 * The list is for display; blocking is done by comparing `variantKey`, which covers the whole
 * bundle. Members are not re-checked against zone rules (an IDN variant of a name in a zone
 * without IDN, or one whose A-label would exceed 63 characters, is still listed).
 */
export function variantsOf(name: DomainName): string[] {
  return labelVariants(name.unicodeLabel, VARIANT_LIST_LIMIT)
    .map((label) => `${label}.${name.zone}`)
    .sort(compareCodePoints);
}

/**
 * For display: converts each `xn--` label of a stored A-label name to its U-label. Never throws:
 * a label that does not decode, or does not re-encode to itself, is shown as it is.
 */
export function toUnicodeName(aLabelName: string): string {
  const lower = String(aLabelName).trim().toLowerCase();
  const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  return name
    .split('.')
    .map((label) => {
      if (!label.startsWith('xn--')) return label;
      const decoded = tryDecodeALabel(label);
      return decoded !== undefined && encodeALabel(decoded) === label ? decoded : label;
    })
    .join('.');
}

/**
 * Parses a name-server host name under any TLD into lowercase A-label form without trailing dot.
 * Checks: at least two labels, each LDH in A-label form (no leading/trailing hyphen, `--` in
 * positions 3–4 only for a canonical `xn--` label), 1–63 characters; whole name ≤ 253; the last
 * label not all digits (so an IPv4 address is refused). U-labels in any script are accepted if
 * they are letters, marks, digits and hyphens, and are converted; this is a practical filter,
 * not a full IDNA2008 derived-property check.
 *
 * @throws ParameterSyntaxError reasons: empty, too-long, empty-label, invalid-character,
 *   hyphen-position, reserved-hyphens, invalid-a-label, label-too-long, too-few-labels,
 *   numeric-tld.
 */
export function parseHostName(input: string): string {
  const value = String(input);
  const labels = splitName(input, value);
  if (labels.length < 2) {
    throw nameSyntaxError('too-few-labels', 'A host name needs at least two labels', value);
  }
  const aLabels = labels.map((label) => hostLabelToALabel(label, value));
  if (/^[0-9]+$/.test(aLabels[aLabels.length - 1])) {
    const message = 'The last label of a host name cannot be all digits';
    throw nameSyntaxError('numeric-tld', message, value);
  }
  const name = aLabels.join('.');
  if (name.length > MAX_NAME_LENGTH) {
    const message = `Host name is longer than ${MAX_NAME_LENGTH} characters`;
    throw nameSyntaxError('too-long', message, value);
  }
  return name;
}

/** Trims, rejects blanks/controls, folds case and NFC, drops one trailing dot, splits. */
function splitName(input: unknown, value: string): string[] {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  if (trimmed === '') throw nameSyntaxError('empty', 'Name is empty', value);
  if (trimmed.length > MAX_INPUT_LENGTH) {
    throw nameSyntaxError('too-long', `Name is longer than ${MAX_NAME_LENGTH} characters`, value);
  }
  const bad = /[\p{Cc}\p{Cf}\p{Z}\s]/u.exec(trimmed);
  if (bad !== null) {
    const codePoint = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw nameSyntaxError(
      'invalid-character',
      `Name contains a space, control or invisible character (U+${codePoint})`,
      value,
    );
  }
  const folded = foldCase(trimmed);
  const name = folded.endsWith('.') ? folded.slice(0, -1) : folded;
  if (name === '') throw nameSyntaxError('empty', 'Name is empty', value);
  if ([...name].length > MAX_NAME_LENGTH) {
    throw nameSyntaxError('too-long', `Name is longer than ${MAX_NAME_LENGTH} characters`, value);
  }
  const labels = name.split('.');
  if (labels.includes('')) {
    const message = 'Name contains an empty label (".." or a leading dot)';
    throw nameSyntaxError('empty-label', message, value);
  }
  return labels;
}

/** The longest proper suffix of `labels` that is a zone, and the index where it starts. */
function findZone(
  labels: string[],
  zones: ReadonlyMap<string, ZoneNameRules>,
): { start: number; zone: string; rules: ZoneNameRules } | undefined {
  for (let start = 1; start < labels.length; start++) {
    const zone = labels.slice(start).join('.');
    const rules = zones.get(zone);
    if (rules !== undefined) return { start, zone, rules };
  }
  return undefined;
}

interface LabelForms {
  aLabel: string;
  uLabel: string;
  isIdn: boolean;
}

/** Validates a registrable label against the Azerbaijani table and returns both forms. */
function registrableLabelForms(label: string, value: string): LabelForms {
  if (label.startsWith('xn--')) {
    const uLabel = decodeALabel(label, value);
    const problem = describeRepertoireViolation(uLabel) ?? hyphenProblem(uLabel)?.message;
    if (problem !== undefined) throw decodedLabelError(label, problem, value);
    return { aLabel: label, uLabel, isIdn: true };
  }
  const violation = describeRepertoireViolation(label);
  if (violation !== undefined) throw nameSyntaxError('invalid-character', violation, value);
  checkHyphens(label, value);
  if (!isNonAscii(label)) return { aLabel: label, uLabel: label, isIdn: false };
  return { aLabel: encodeALabel(label), uLabel: label, isIdn: true };
}

/** Validates one host label (any script) and returns its A-label. */
function hostLabelToALabel(label: string, value: string): string {
  const ldh = /^[a-z0-9-]+$/.test(label);
  let aLabel = label;
  if (label.startsWith('xn--')) {
    if (!ldh) throw nameSyntaxError('invalid-character', `"${label}" is not an LDH label`, value);
    const uLabel = decodeALabel(label, value);
    const problem = isHostULabel(uLabel)
      ? hyphenProblem(uLabel)?.message
      : 'only letters, marks, digits and hyphen are allowed';
    if (problem !== undefined) throw decodedLabelError(label, problem, value);
  } else if (isNonAscii(label)) {
    if (!isHostULabel(label)) {
      const message = `Host label "${label}" may contain only letters, marks, digits and hyphen`;
      throw nameSyntaxError('invalid-character', message, value);
    }
    checkHyphens(label, value);
    aLabel = encodeALabel(label);
  } else {
    if (!ldh) {
      const message = `Host label "${label}" may contain only a-z, 0-9 and hyphen`;
      throw nameSyntaxError('invalid-character', message, value);
    }
    checkHyphens(label, value);
  }
  if (aLabel.length > DNS_MAX_LABEL_LENGTH) {
    const message = `Label "${aLabel}" is longer than ${DNS_MAX_LABEL_LENGTH} characters`;
    throw nameSyntaxError('label-too-long', message, value);
  }
  return aLabel;
}

/** Letters, marks, decimal digits and hyphen, not starting with a combining mark. */
function isHostULabel(label: string): boolean {
  return /^[\p{L}\p{Nd}-][\p{L}\p{M}\p{Nd}-]*$/u.test(label);
}

function decodedLabelError(aLabel: string, problem: string, value: string): Error {
  const message = `"${aLabel}" decodes to an invalid label: ${problem}`;
  return nameSyntaxError('invalid-a-label', message, value);
}

function checkHyphens(label: string, value: string): void {
  const problem = hyphenProblem(label);
  if (problem !== undefined) throw nameSyntaxError(problem.reason, problem.message, value);
}

/** `bundle:<variant key>` of a name, or null when it is not a valid name (the command then reports why). */
export function bundleKey(input: string, zones: ReadonlyMap<string, ZoneNameRules>): string | null {
  try {
    return `bundle:${parseDomainName(input, zones).variantKey}`;
  } catch {
    return null;
  }
}
