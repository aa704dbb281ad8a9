import net from 'node:net';
import { AuthorizationError, ObjectNotFoundError, ParameterPolicyError, ParameterSyntaxError, StatusProhibitsOperationError } from '../../common/registry-errors';
import type { HostRecord } from './host.repository';

export function verifyHostExists(host: HostRecord | null, name: string): HostRecord {
  if (!host) throw new ObjectNotFoundError(`Host ${name} does not exist`, { reason: 'not-found', value: name });
  return host;
}

export function verifyHostSponsor(host: HostRecord, registrarId: string): void {
  if (host.registrarId !== registrarId) throw new AuthorizationError(`Host ${host.name} is sponsored by another registrar`, { reason: 'not-sponsor', value: host.name });
}

export function verifyHostNoStatus(host: HostRecord, statuses: readonly string[], operation: string): void {
  const present = statuses.filter((s) => host.statuses.includes(s));
  if (present.length) throw new StatusProhibitsOperationError(`${operation} is prohibited by status ${present.join(', ')}`, { reason: present[0], value: host.name });
}

/**
 * Normalises glue addresses. Refuses what can never be a public name server: unparsable text,
 * loopback, unspecified, multicast, link-local (policy choice, documented in the README).
 */
export function normaliseAddresses(addresses: string[]): string[] {
  const out = new Set<string>();
  for (const raw of addresses) {
    const a = raw.trim().toLowerCase();
    const family = net.isIP(a);
    if (family === 0) throw new ParameterSyntaxError(`${raw} is not an IP address`, { reason: 'invalid-address', value: raw });
    const bad =
      family === 4
        ? /^(127\.|0\.|169\.254\.|22[4-9]\.|23\d\.|24\d\.|25[0-5]\.)/.test(a)
        : a === '::' || a === '::1' || a.startsWith('fe80:') || a.startsWith('ff');
    if (bad) throw new ParameterPolicyError(`${raw} cannot be used as a name server address`, { reason: 'address-not-allowed', value: raw });
    out.add(a);
  }
  return [...out];
}
