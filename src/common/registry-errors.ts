/**
 * Every failure a registry command can report is one of these types. Each carries the EPP
 * result code (RFC 5730 §3) that describes it; the REST mapper (`problem.mapper.ts`) and the
 * later EPP/RDAP mappers turn a `kind` into their protocol's form with an exhaustive switch,
 * so a new kind cannot go unmapped.
 */
export type RegistryErrorKind =
  | 'syntax'
  | 'missing-parameter'
  | 'value-range'
  | 'value-syntax'
  | 'unimplemented'
  | 'billing-failure'
  | 'authentication'
  | 'authorization'
  | 'invalid-auth-info'
  | 'pending-transfer'
  | 'not-pending-transfer'
  | 'object-exists'
  | 'object-not-found'
  | 'object-status-prohibits'
  | 'association-prohibits'
  | 'value-policy'
  | 'unimplemented-option'
  | 'data-management-policy'
  | 'command-failed'
  | 'service-unavailable'
  | 'rate-limited';

/** The EPP result code for each kind: one table, used by every transport. */
export const EPP_CODE_BY_KIND: Readonly<Record<RegistryErrorKind, number>> = {
  syntax: 2001,
  'missing-parameter': 2003,
  'value-range': 2004,
  'value-syntax': 2005,
  unimplemented: 2101,
  'billing-failure': 2104,
  authentication: 2200,
  authorization: 2201,
  'invalid-auth-info': 2202,
  'pending-transfer': 2300,
  'not-pending-transfer': 2301,
  'object-exists': 2302,
  'object-not-found': 2303,
  'object-status-prohibits': 2304,
  'association-prohibits': 2305,
  'value-policy': 2306,
  'unimplemented-option': 2102,
  'data-management-policy': 2308,
  'command-failed': 2400,
  'service-unavailable': 2400,
  'rate-limited': 2502,
};

export abstract class RegistryError extends Error {
  abstract readonly kind: RegistryErrorKind;
  /**
   * A short, stable, machine-readable reason inside the kind (e.g. `label-too-short`,
   * `held-by-another`). Clients may branch on it; the message is for people.
   */
  readonly reason: string;
  /** The offending value, echoed back (EPP `<value>`, problem+json `value`). */
  readonly value?: string;

  constructor(message: string, options: { reason: string; value?: string }) {
    super(message);
    this.name = new.target.name;
    this.reason = options.reason;
    this.value = options.value;
  }

  get code(): number {
    return EPP_CODE_BY_KIND[this.kind];
  }
}

export class CommandSyntaxError extends RegistryError {
  readonly kind = 'syntax';
}
export class MissingParameterError extends RegistryError {
  readonly kind = 'missing-parameter';
}
export class ParameterRangeError extends RegistryError {
  readonly kind = 'value-range';
}
export class ParameterSyntaxError extends RegistryError {
  readonly kind = 'value-syntax';
}
export class UnimplementedError extends RegistryError {
  readonly kind = 'unimplemented';
}
export class BillingFailureError extends RegistryError {
  readonly kind = 'billing-failure';
}
export class AuthenticationError extends RegistryError {
  readonly kind = 'authentication';
}
export class AuthorizationError extends RegistryError {
  readonly kind = 'authorization';
}
export class InvalidAuthInfoError extends RegistryError {
  readonly kind = 'invalid-auth-info';
}
export class PendingTransferError extends RegistryError {
  readonly kind = 'pending-transfer';
}
export class NotPendingTransferError extends RegistryError {
  readonly kind = 'not-pending-transfer';
}
export class ObjectExistsError extends RegistryError {
  readonly kind = 'object-exists';
}
export class ObjectNotFoundError extends RegistryError {
  readonly kind = 'object-not-found';
}
export class StatusProhibitsOperationError extends RegistryError {
  readonly kind = 'object-status-prohibits';
}
export class AssociationProhibitsOperationError extends RegistryError {
  readonly kind = 'association-prohibits';
}
export class ParameterPolicyError extends RegistryError {
  readonly kind = 'value-policy';
}
export class UnimplementedOptionError extends RegistryError {
  readonly kind = 'unimplemented-option';
}
export class DataManagementPolicyError extends RegistryError {
  readonly kind = 'data-management-policy';
}
export class CommandFailedError extends RegistryError {
  readonly kind = 'command-failed';
}
/** A dependency the command needs (PostgreSQL) cannot be reached: nothing was done; retry shortly. */
export class ServiceUnavailableError extends RegistryError {
  readonly kind = 'service-unavailable';
}
export class RateLimitedError extends RegistryError {
  readonly kind = 'rate-limited';
}

/** For exhaustive switches: the compiler proves this is never reached. */
export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
