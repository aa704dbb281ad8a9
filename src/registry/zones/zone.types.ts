/** A zone's policy. Prices in qəpik (1 AZN = 100 qəpik), per year except restore. */
export interface Zone {
  name: string;
  restricted: boolean;
  idnEnabled: boolean;
  minLabelLength: number;
  maxLabelLength: number;
  minTermYears: number;
  maxTermYears: number;
  prices: { create: number; renew: number; transfer: number; restore: number };
  periods: {
    addGraceDays: number;
    renewGraceDays: number;
    transferGraceDays: number;
    autoRenewGraceDays: number;
    redemptionDays: number;
    pendingDeleteDays: number;
    transferPendingDays: number;
    pendingCreateDays: number;
  };
  holdMinutes: number;
}

export const DAY_MS = 86_400_000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Calendar-year arithmetic in UTC (29 February + 1 year = 28 February... rolled to 1 March by Date; we clamp). */
export function addYears(at: Date, years: number): Date {
  const d = new Date(at.getTime());
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0); // 29 Feb in a non-leap year → 28 Feb
  return d;
}

/** Money shown to people and APIs: qəpik → "12.50". */
export function formatAzn(qepik: number): string {
  const sign = qepik < 0 ? '-' : '';
  const abs = Math.abs(qepik);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.5" or "12.50" or "12" → 1250 qəpik; null when not a valid non-negative amount. */
export function parseAzn(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
