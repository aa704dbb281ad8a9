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
 * Address ranges that can never be a public name server: loopback, unspecified, multicast,
 * link-local ("this network" and 240/4 as well for IPv4). Matched as addresses, not as text, so
 * `0:0:0:0:0:0:0:1` and `::ffff:127.0.0.1` are refused like `::1` and `127.0.0.1`.
 */
const REFUSED_RANGES = (() => {
  const list = new net.BlockList();
  list.addSubnet('0.0.0.0', 8, 'ipv4');
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addSubnet('169.254.0.0', 16, 'ipv4');
  list.addSubnet('224.0.0.0', 3, 'ipv4'); // 224–255: multicast and reserved
  list.addAddress('::', 'ipv6');
  list.addAddress('::1', 'ipv6');
  list.addSubnet('fe80::', 10, 'ipv6');
  list.addSubnet('ff00::', 8, 'ipv6');
  return list;
})();

/**
 * Normalises glue addresses to the canonical text PostgreSQL's inet prints (`2001:0DB8:0::53` →
 * `2001:db8::53`), so the same address written two ways is one address on add and on remove.
 * Refuses what can never be a public name server: unparsable text (a `%zone` suffix included),
 * loopback, unspecified, multicast, link-local (policy choice, documented in the README).
 */
export function normaliseAddresses(addresses: string[]): string[] {
  const out = new Set<string>();
  for (const raw of addresses) {
    const a = raw.trim().toLowerCase();
    const family = a.includes('%') ? 0 : net.isIP(a);
    if (family === 0) throw new ParameterSyntaxError(`${raw} is not an IP address`, { reason: 'invalid-address', value: raw });
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (REFUSED_RANGES.check(a, type)) {
      throw new ParameterPolicyError(`${raw} cannot be used as a name server address`, { reason: 'address-not-allowed', value: raw });
    }
    out.add(new net.SocketAddress({ address: a, family: type }).address);
  }
  return [...out];
}
