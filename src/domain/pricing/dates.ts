/**
 * Calendar dates without a time or zone. "Today" is decided outside the domain (in the
 * distributor's time zone) and passed in as a `LocalDate`. Arithmetic is done on a day
 * count (proleptic Gregorian, the same as UTC days), so there is no clock, zone or DST.
 */

/** A calendar date 'YYYY-MM-DD' (years 0001–9999). */
export type LocalDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Civil {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseCivil(s: string): Civil | undefined {
  const match = PATTERN.exec(s);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

function parse(d: LocalDate): Civil {
  const civil = parseCivil(d);
  if (civil === undefined) throw new RangeError(`not a LocalDate: ${JSON.stringify(d)}`);
  return civil;
}

function format({ year, month, day }: Civil): LocalDate {
  if (year < 1 || year > 9999) throw new RangeError(`year ${year} is out of range`);
  const pad = (n: number, width: number): string => n.toString().padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil), exact integer arithmetic.
function toDayNumber({ year, month, day }: Civil): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function fromDayNumber(dayNumber: number): Civil {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * Whether `s` is a real calendar date written 'YYYY-MM-DD' (so '2027-02-29' is not).
 */
export function isLocalDate(s: unknown): s is LocalDate {
  return typeof s === 'string' && parseCivil(s) !== undefined;
}

/**
 * `d` plus `n` years, keeping month and day; 29 February becomes 28 February when the
 * target year is not a leap year. `n` may be negative. Throws RangeError on a bad date.
 */
export function addYears(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`years must be an integer, got ${n}`);
  const { year, month, day } = parse(d);
  const target = year + n;
  if (target < 1 || target > 9999) throw new RangeError(`year ${target} is out of range`);
  return format({ year: target, month, day: Math.min(day, daysInMonth(target, month)) });
}

/**
 * `d` plus `n` days (`n` may be negative). Throws RangeError on a bad date.
 */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  return format(fromDayNumber(toDayNumber(parse(d)) + n));
}

/**
 * Whole days from `from` to `to` (`to − from`): negative when `to` is earlier.
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(parse(to)) - toDayNumber(parse(from));
}

/**
 * -1, 0 or 1 as `a` is before, the same as, or after `b`; usable with `Array#sort`.
 */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const difference = daysBetween(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/**
 * The later of two dates.
 */
export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return compareDates(a, b) >= 0 ? a : b;
}
