/**
 * Working days for dispute deadlines — pure functions, no clock, no database.
 *
 * Deadlines are counted in Baku dates and end at the end of the day in Baku: "15 working days"
 * from an event on Monday 5 January ends at 23:59:59.999 (Asia/Baku) of the 15th working day after
 * the 5th. Azerbaijan keeps UTC+4 all year (daylight saving was abolished in 2016), so Baku time is
 * a fixed offset and no time-zone database is needed. End of day rather than the event's hour: a
 * party always gets whole days, and a deadline reads as a date ("until 26.01.2026").
 */

export const BAKU_UTC_OFFSET_MS = 4 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar deadlines are counted in: non-working weekdays, and weekend days declared working. */
export interface WorkingCalendar {
  /** `YYYY-MM-DD` days off that would otherwise be working days (holidays and moved days off). */
  readonly daysOff: ReadonlySet<string>;
  /** `YYYY-MM-DD` Saturdays or Sundays the government declared working days. */
  readonly workingWeekendDays: ReadonlySet<string>;
}

export const EMPTY_CALENDAR: WorkingCalendar = { daysOff: new Set(), workingWeekendDays: new Set() };

/** The Baku calendar date of an instant, `YYYY-MM-DD`. */
export function bakuDate(at: Date): string {
  return new Date(at.getTime() + BAKU_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.workingWeekendDays.has(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !calendar.daysOff.has(day);
}

/** The Nth working day after the Baku date of `from` (the day of `from` itself never counts). */
export function nthWorkingDayAfter(from: Date, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new RangeError(`working days must be 1..366, got ${n}`);
  let day = bakuDate(from);
  for (let counted = 0; counted < n; ) {
    day = nextDay(day);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}

/** The last instant of a Baku date: 23:59:59.999 Asia/Baku. */
export function endOfBakuDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - BAKU_UTC_OFFSET_MS - 1);
}

/** A deadline N working days after `from`: the end (in Baku) of the Nth working day after it. */
export function addWorkingDays(from: Date, n: number, calendar: WorkingCalendar): Date {
  return endOfBakuDay(nthWorkingDayAfter(from, n, calendar));
}
