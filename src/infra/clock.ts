// The one place that asks the system for the time. The domain never does: it is handed
// `today` (a 'YYYY-MM-DD' in the distributor's time zone) by the code that calls it.
import type { Config } from '../config';

export interface Clock {
  now(): Date;
  /** The calendar date 'YYYY-MM-DD' at `now()` in `timeZone` (an IANA name, default 'UTC'). */
  today(timeZone?: string): string;
}

/** A clock that stands still until it is moved; for tests, demos and APP_TODAY/APP_NOW. */
export interface FixedClock extends Clock {
  /** Moves the clock to an instant or to a date (12:00:00Z of that day). */
  set(at: string | Date): void;
  /** Moves the clock forward (or back, with a negative number) by `ms` milliseconds. */
  advance(ms: number): void;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // Throws a RangeError for an unknown zone: a bad zone is a bug in the caller's data.
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date of `instant` in `timeZone`, as 'YYYY-MM-DD'. */
export function dateIn(instant: Date, timeZone = 'UTC'): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return `${String(parts.year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}

/** The real time. */
export function systemClock(): Clock {
  return {
    now: () => new Date(),
    today: (timeZone) => dateIn(new Date(), timeZone),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant a fixed clock stands at: an ISO instant as given, or for a bare date
 * 'YYYY-MM-DD' noon UTC of that day. Noon is chosen so that `today(zone)` is that same
 * date in every zone from UTC-12 to UTC+11 (nearly every distributor), whereas midnight
 * would already be the previous day anywhere west of Greenwich.
 */
export function instantOf(at: string | Date): Date {
  const instant = at instanceof Date ? new Date(at.getTime()) : new Date(DATE_ONLY.test(at) ? `${at}T12:00:00Z` : at);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a date or an ISO instant: ${String(at)}`);
  return instant;
}

/** A clock standing at `at` (an ISO instant, or a date meaning 12:00:00Z of that day). */
export function fixedClock(at: string | Date): FixedClock {
  let current = instantOf(at);
  return {
    now: () => new Date(current.getTime()),
    today: (timeZone) => dateIn(current, timeZone),
    set: (next) => {
      current = instantOf(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * The clock the application runs on: APP_NOW stands the clock still at that instant;
 * APP_TODAY stands it still at 12:00:00Z of that date (see `instantOf` for why noon);
 * otherwise the system clock. The config refuses both in production.
 */
export function clockFromConfig(config: Pick<Config, 'clock'>): Clock {
  const { now, today } = config.clock;
  if (now !== undefined) return fixedClock(now);
  if (today !== undefined) return fixedClock(today);
  return systemClock();
}
