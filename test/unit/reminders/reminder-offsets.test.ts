// Which reminder offset is due for a term end `daysLeft` days away: the latest whose day has
// come, caught up for at most CATCH_UP_DAYS, so that missed sweeps send only the latest one.
import { describe, expect, it } from 'vitest';
import { CATCH_UP_DAYS, DEFAULT_REMINDER_OFFSETS, DIGEST_THRESHOLD, dueOffset, SNOOZE_DAYS } from '../../../src/domain/reminders/reminder-offsets';

const OFFSETS = DEFAULT_REMINDER_OFFSETS;

describe('the reminder constants', () => {
  it('are those of the issue: 30, 14, 7, 1, 0 days before, 1 and 7 after; a week of catch-up; digest above 5; snooze 3 days', () => {
    expect([...OFFSETS]).toEqual([30, 14, 7, 1, 0, -1, -7]);
    expect(CATCH_UP_DAYS).toBe(7);
    expect(DIGEST_THRESHOLD).toBe(5);
    expect(SNOOZE_DAYS).toBe(3);
  });
});

describe('dueOffset with the default offsets', () => {
  it('is due exactly on each offset day', () => {
    for (const offset of OFFSETS) expect(dueOffset(offset, OFFSETS), `daysLeft ${offset}`).toBe(offset);
  });

  it('nothing is due before the first offset (31 days and more)', () => {
    for (const daysLeft of [31, 32, 45, 100, 365]) expect(dueOffset(daysLeft, OFFSETS), `daysLeft ${daysLeft}`).toBeUndefined();
  });

  it('every day from 31 down to −16, at each boundary of the catch-up window', () => {
    const expected: Record<number, number | undefined> = {
      31: undefined,
      30: 30, 29: 30, 25: 30, 24: 30, 23: 30, // 30 − 23 = 7 days late: still caught up
      22: undefined, 20: undefined, 16: undefined, 15: undefined, // 8 or more days late: dropped
      14: 14, 13: 14, 8: 14,
      7: 7, 6: 7, 2: 7,
      1: 1,
      0: 0,
      [-1]: -1, [-2]: -1, [-6]: -1,
      [-7]: -7, [-8]: -7, [-13]: -7, [-14]: -7, // −7 − (−14) = 7: the last day it is caught up
      [-15]: undefined, [-16]: undefined, [-100]: undefined,
    };
    for (const [daysLeft, offset] of Object.entries(expected)) expect(dueOffset(Number(daysLeft), OFFSETS), `daysLeft ${daysLeft}`).toBe(offset);
  });

  it('after missed sweeps only the latest due offset is sent, never an earlier one', () => {
    // The sweeps of the 14- and the 7-day reminders were missed: 6 days left gives 7 only.
    expect(dueOffset(6, OFFSETS)).toBe(7);
    // Missed 1 and 0: one day after the term end gives −1, not 0 or 1.
    expect(dueOffset(-1, OFFSETS)).toBe(-1);
    // Missed everything from 7 days before to the day after: 3 days after gives −1.
    expect(dueOffset(-3, OFFSETS)).toBe(-1);
    // 10 days after (the demo's M8C4): −7.
    expect(dueOffset(-10, OFFSETS)).toBe(-7);
  });

  it('a day-by-day walk meets each offset once as a new value, in order', () => {
    const seen: number[] = [];
    for (let daysLeft = 40; daysLeft >= -20; daysLeft--) {
      const offset = dueOffset(daysLeft, OFFSETS);
      if (offset !== undefined && seen.at(-1) !== offset) seen.push(offset);
    }
    expect(seen).toEqual([30, 14, 7, 1, 0, -1, -7]);
  });
});

describe('dueOffset with configured offsets', () => {
  it('does not depend on the order the offsets are given in', () => {
    const shuffled = [0, -7, 14, 30, 1, -1, 7];
    for (let daysLeft = 35; daysLeft >= -20; daysLeft--) expect(dueOffset(daysLeft, shuffled), `daysLeft ${daysLeft}`).toBe(dueOffset(daysLeft, OFFSETS));
  });

  it('works with other offsets (60 and 10 days before)', () => {
    expect(dueOffset(60, [60, 10])).toBe(60);
    expect(dueOffset(53, [60, 10])).toBe(60);
    expect(dueOffset(52, [60, 10])).toBeUndefined();
    expect(dueOffset(10, [60, 10])).toBe(10);
    expect(dueOffset(3, [60, 10])).toBe(10);
    expect(dueOffset(2, [60, 10])).toBeUndefined();
  });

  it('answers undefined for no offsets at all', () => {
    expect(dueOffset(0, [])).toBeUndefined();
  });
});
