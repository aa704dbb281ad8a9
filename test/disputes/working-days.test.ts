import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addWorkingDays, bakuDate, EMPTY_CALENDAR, isWorkingDay, nthWorkingDayAfter, type WorkingCalendar } from '../../src/disputes/calendar/working-days';
import { countWords } from '../../src/disputes/dispute.types';
import { parseDisputeFees } from '../../src/disputes/dispute-fees';

const NOVRUZ_2026: WorkingCalendar = {
  daysOff: new Set(['2026-03-20', '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-30']),
  workingWeekendDays: new Set(),
};

describe('working-day calendar (pure)', () => {
  it('skips weekends', () => {
    // Friday 9 January 2026 + 1 working day = Monday 12th.
    assert.equal(nthWorkingDayAfter(new Date('2026-01-09T10:00:00Z'), 1, EMPTY_CALENDAR), '2026-01-12');
    assert.equal(nthWorkingDayAfter(new Date('2026-01-05T10:00:00Z'), 15, EMPTY_CALENDAR), '2026-01-26');
  });

  it('skips holidays and their moved days off (Novruz + Ramazan 2026: 20–30 March)', () => {
    assert.equal(nthWorkingDayAfter(new Date('2026-03-19T10:00:00Z'), 1, NOVRUZ_2026), '2026-03-31');
    assert.equal(nthWorkingDayAfter(new Date('2026-03-18T10:00:00Z'), 2, NOVRUZ_2026), '2026-03-31');
    assert.equal(isWorkingDay('2026-03-25', NOVRUZ_2026), false);
    assert.equal(isWorkingDay('2026-03-31', NOVRUZ_2026), true);
  });

  it('honours a weekend day declared working', () => {
    const cal: WorkingCalendar = { daysOff: new Set(), workingWeekendDays: new Set(['2026-01-10']) };
    assert.equal(nthWorkingDayAfter(new Date('2026-01-09T10:00:00Z'), 1, cal), '2026-01-10');
  });

  it('counts from the Baku date and ends at 23:59:59.999 Baku (UTC+4) of the last day', () => {
    // 21:00 UTC on Friday 9 January is already Saturday 10 January in Baku.
    assert.equal(bakuDate(new Date('2026-01-09T21:00:00Z')), '2026-01-10');
    assert.equal(nthWorkingDayAfter(new Date('2026-01-09T21:00:00Z'), 1, EMPTY_CALENDAR), '2026-01-12');
    assert.equal(addWorkingDays(new Date('2026-01-09T10:00:00Z'), 1, EMPTY_CALENDAR).toISOString(), '2026-01-12T19:59:59.999Z');
  });

  it('refuses nonsense counts', () => {
    assert.throws(() => nthWorkingDayAfter(new Date(), 0, EMPTY_CALENDAR), RangeError);
    assert.throws(() => nthWorkingDayAfter(new Date(), 1.5, EMPTY_CALENDAR), RangeError);
  });

  it('counts words in any script, and parses the fee schedule', () => {
    assert.equal(countWords('Şəki su — ən yaxşı su! 2019-cu il.'), 7);
    assert.equal(countWords('  '), 0);
    assert.deepEqual(parseDisputeFees('summary=200,expert=750.50,appeal=1500,appeal-deposit=300'), { summary: 20000, expert: 75050, appeal: 150000, 'appeal-deposit': 30000 });
    assert.throws(() => parseDisputeFees('summary=200,summary=1,appeal=1500,appeal-deposit=300'));
    assert.throws(() => parseDisputeFees('summary=200,expert=750,appeal=100,appeal-deposit=300'));
  });
});
