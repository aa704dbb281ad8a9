import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addWorkingDays, type WorkingCalendar } from './working-days';

/**
 * The working-day calendar as stored in `public_holidays` (seeded by the disputes migration with
 * Azerbaijan's non-working days for 2026–2027; operators add the next year's days with SQL, see
 * README "Disputes"). Read in the command's transaction, so a deadline and the calendar it was
 * counted in are one consistent view; the table is a few dozen rows.
 */
@Injectable()
export class DisputeCalendar {
  async load(manager: EntityManager): Promise<WorkingCalendar> {
    const rows: Array<{ day: string; kind: string }> = await manager.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM public_holidays`);
    return {
      daysOff: new Set(rows.filter((r) => r.kind !== 'working').map((r) => r.day)),
      workingWeekendDays: new Set(rows.filter((r) => r.kind === 'working').map((r) => r.day)),
    };
  }

  async deadline(manager: EntityManager, from: Date, workingDays: number): Promise<Date> {
    return addWorkingDays(from, workingDays, await this.load(manager));
  }
}
