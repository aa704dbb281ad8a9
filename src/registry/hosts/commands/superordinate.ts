import type { Zone } from '../../zones/zone.types';

/**
 * The registry domain a host name lives under, or null for an external host:
 * ns1.example.az → example.az; ns.x.com.az → x.com.az; ns1.example.com → null.
 */
export function superordinateOf(hostName: string, zones: ReadonlyMap<string, Zone>): string | null {
  const labels = hostName.split('.');
  for (let i = 1; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    if (zones.has(suffix)) {
      return labels.slice(i - 1).join('.');
    }
  }
  return null;
}
