import { ParameterPolicyError, ParameterSyntaxError } from '../../common/registry-errors';

/**
 * The `reason` values a name parser puts on a `ParameterSyntaxError` (EPP 2005). Clients may
 * branch on them; the list is closed so a typo cannot invent a new one.
 */
export type NameSyntaxReason =
  | 'empty'
  | 'too-long'
  | 'empty-label'
  | 'invalid-character'
  | 'hyphen-position'
  | 'reserved-hyphens'
  | 'invalid-a-label'
  | 'label-too-long'
  | 'label-too-short'
  | 'too-few-labels'
  | 'numeric-tld';

/** The `reason` values put on a `ParameterPolicyError` (EPP 2306). */
export type NamePolicyReason = 'unknown-zone' | 'not-registrable-level' | 'idn-not-allowed';

/** A syntax error about a name; `value` is the caller's original input, echoed back. */
export function nameSyntaxError(
  reason: NameSyntaxReason,
  message: string,
  value: string,
): ParameterSyntaxError {
  return new ParameterSyntaxError(message, { reason, value });
}

/** A policy error about a name; `value` is the caller's original input, echoed back. */
export function namePolicyError(
  reason: NamePolicyReason,
  message: string,
  value: string,
): ParameterPolicyError {
  return new ParameterPolicyError(message, { reason, value });
}
