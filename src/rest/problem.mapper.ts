import { assertUnreachable, RegistryError, type RegistryErrorKind } from '../common/registry-errors';

/** RFC 9457 problem details, with azreg's stable `code` (= the EPP result code) and `reason`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: number;
  reason: string;
  value?: string;
  instance?: string;
  errors?: Array<{ property: string; constraints: string[] }>;
}

export const PROBLEM_TYPE_BASE = 'https://azreg.az/problems/';

/** The one place where a registry error kind becomes an HTTP status. */
export function httpStatusOf(kind: RegistryErrorKind): number {
  switch (kind) {
    case 'syntax':
    case 'missing-parameter':
    case 'value-syntax':
      return 400;
    case 'billing-failure':
      return 402;
    case 'authentication':
      return 401;
    case 'authorization':
    case 'invalid-auth-info':
      return 403;
    case 'object-not-found':
      return 404;
    case 'pending-transfer':
    case 'not-pending-transfer':
    case 'object-exists':
    case 'object-status-prohibits':
    case 'association-prohibits':
      return 409;
    case 'value-range':
    case 'value-policy':
    case 'data-management-policy':
      return 422;
    case 'unimplemented':
    case 'unimplemented-option':
      return 501;
    case 'rate-limited':
      return 429;
    case 'command-failed':
      return 500;
    case 'service-unavailable':
      return 503;
    default:
      return assertUnreachable(kind);
  }
}

export function toProblem(error: RegistryError, instance?: string): ProblemDetails {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.kind}`,
    title: error.kind.replace(/-/g, ' '),
    status: httpStatusOf(error.kind),
    detail: error.message,
    code: error.code,
    reason: error.reason,
    ...(error.value !== undefined ? { value: error.value } : {}),
    ...(instance ? { instance } : {}),
  };
}
