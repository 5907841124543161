import { describe, it, expect } from 'vitest';
import { addDays, addYears, compareDates, daysBetween, isLocalDate, maxDate } from '../../../../src/domain/pricing/dates';

const DAY_MS = 86_400_000;
const utcDays = (d: string): number => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const fromUtcDays = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

describe('isLocalDate', () => {
  it('accepts real calendar dates only', () => {
    for (const good of ['2026-11-26', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) expect(isLocalDate(good)).toBe(true);
    for (const bad of ['2027-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', ' 2026-01-01', '2026-01-01T00:00', '0000-01-01', '', 20261126, null]) {
      expect(isLocalDate(bad)).toBe(false);
    }
  });
});

describe('addYears', () => {
  it('keeps month and day', () => {
    expect(addYears('2026-11-26', 2)).toBe('2028-11-26');
    expect(addYears('2027-06-14', 5)).toBe('2032-06-14');
    expect(addYears('2027-02-28', 1)).toBe('2028-02-28');
  });

  it('turns 29 February into 28 February in a non-leap year', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2000-02-29', 100)).toBe('2100-02-28');
    expect(addYears('2028-02-29', -1)).toBe('2027-02-28');
  });

  it('throws on a bad date or a fractional number of years', () => {
    expect(() => addYears('2027-02-29', 1)).toThrow(RangeError);
    expect(() => addYears('2026-11-26', 1.5)).toThrow(RangeError);
    expect(() => addYears('9999-01-01', 1)).toThrow(RangeError);
  });
});

describe('addDays and daysBetween', () => {
  it('agrees with UTC calendar arithmetic for every day from 1999 to 2100', () => {
    const start = utcDays('1999-12-25');
    const end = utcDays('2100-03-05');
    let date = '1999-12-25';
    for (let n = start; n <= end; n++) {
      expect(date).toBe(fromUtcDays(n));
      const next = addDays(date, 1);
      expect(daysBetween(date, next)).toBe(1);
      date = next;
    }
  });

  it('agrees with UTC for far jumps both ways', () => {
    let seed = 12345;
    const random = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 2000; i++) {
      const from = fromUtcDays(Math.floor(random() * 80_000) - 10_000);
      const n = Math.floor(random() * 40_000) - 20_000;
      expect(addDays(from, n)).toBe(fromUtcDays(utcDays(from) + n));
      expect(daysBetween(from, addDays(from, n))).toBe(n);
    }
  });

  it('counts the worked example and crosses leap days', () => {
    expect(daysBetween('2026-11-26', '2027-06-14')).toBe(200);
    expect(daysBetween('2027-06-14', '2026-11-26')).toBe(-200);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('throws on a bad date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-11-26', 'tomorrow')).toThrow(RangeError);
  });
});

describe('compareDates and maxDate', () => {
  it('orders dates', () => {
    expect(compareDates('2026-11-25', '2026-11-26')).toBe(-1);
    expect(compareDates('2026-11-26', '2026-11-26')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(['2027-01-01', '2026-12-31', '2026-02-01'].sort(compareDates)).toEqual(['2026-02-01', '2026-12-31', '2027-01-01']);
    expect(maxDate('2026-11-26', '2027-06-14')).toBe('2027-06-14');
    expect(maxDate('2027-06-14', '2026-11-26')).toBe('2027-06-14');
  });
});
