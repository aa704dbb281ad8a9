import type { DomainRecord } from '../domain.types';

/** What history keeps of a domain row: everything except the auth info hash. */
export function domainSnapshot(d: DomainRecord): Record<string, unknown> {
  const { authInfoHash: _hidden, ...rest } = d;
  return rest;
}
