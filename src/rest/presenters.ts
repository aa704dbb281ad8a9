import { formatAzn } from '../registry/zones/zone.types';

/** Money leaves the API as a decimal string in AZN, never as a float. */
export function money(qepik: number | null): { amount: string; currency: 'AZN' } | null {
  return qepik === null ? null : { amount: formatAzn(qepik), currency: 'AZN' };
}
