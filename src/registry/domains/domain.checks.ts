import {
  AuthorizationError,
  ParameterRangeError,
  InvalidAuthInfoError,
  ObjectNotFoundError,
  StatusProhibitsOperationError,
} from '../../common/registry-errors';
import { verifyAuthInfoHash } from '../../common/secrets';
import type { DomainRecord, StoredStatus } from './domain.types';

/** Shared checks on domains: small functions that throw the typed error each rule needs. */

export function verifyExists(domain: DomainRecord | null, name: string): DomainRecord {
  if (!domain) throw new ObjectNotFoundError(`Domain ${name} does not exist`, { reason: 'not-found', value: name });
  return domain;
}

export function verifySponsor(domain: DomainRecord, registrarId: string): void {
  if (domain.registrarId !== registrarId) {
    throw new AuthorizationError(`Domain ${domain.name} is sponsored by another registrar`, { reason: 'not-sponsor', value: domain.name });
  }
}

export function verifyNoStatus(domain: DomainRecord, statuses: readonly StoredStatus[], operation: string): void {
  const present = statuses.filter((s) => domain.statuses.includes(s));
  if (present.length > 0) {
    throw new StatusProhibitsOperationError(`${operation} is prohibited by status ${present.join(', ')}`, {
      reason: present[0],
      value: domain.name,
    });
  }
}

export function verifyNotDisputeLocked(domain: DomainRecord, operation: string): void {
  if (domain.disputeLocked) {
    throw new StatusProhibitsOperationError(`${operation} is prohibited while a dispute over ${domain.name} is open`, {
      reason: 'dispute-lock',
      value: domain.name,
    });
  }
}

export function verifyNotPendingDelete(domain: DomainRecord, operation: string): void {
  if (domain.deletedAt || domain.statuses.includes('pendingDelete')) {
    throw new StatusProhibitsOperationError(`${operation} is prohibited: ${domain.name} is pending deletion`, {
      reason: 'pendingDelete',
      value: domain.name,
    });
  }
}

export async function verifyAuthInfo(domain: DomainRecord, authInfo: string | undefined): Promise<void> {
  if (!authInfo || !(await verifyAuthInfoHash(domain.authInfoHash, authInfo))) {
    throw new InvalidAuthInfoError('Invalid authorization information', { reason: 'auth-info', value: domain.name });
  }
}

export function verifyTerm(years: number, min: number, max: number): void {
  if (!Number.isInteger(years) || years < min || years > max) {
    throw new ParameterRangeError(`Term must be between ${min} and ${max} years`, { reason: 'term', value: String(years) });
  }
}
