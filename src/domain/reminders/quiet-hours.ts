/** Reminders are delivered on weekdays between these hours, in the reseller's time zone. */
export const WORKDAY_START_HOUR = 9;
export const WORKDAY_END_HOUR = 18;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1 };
}

/** The instant at which the wall clock of `timeZone` shows the given local date and hour. */
function instantAt(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  // Start from the same wall time read as UTC, then correct by the zone's offset (twice, for DST edges).
  let guess = Date.UTC(year, month - 1, day, hour);
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += Date.UTC(year, month - 1, day, hour) - shown;
  }
  return new Date(guess);
}

/**
 * When a reminder may be delivered: `now` if it is a weekday between 09:00 and 18:00 in
 * `timeZone`, otherwise 09:00 of the next weekday there. Outside the window a reminder
 * waits; it is never dropped.
 */
export function nextDeliveryTime(now: Date, timeZone: string): Date {
  const local = localParts(now, timeZone);
  const isWeekday = local.weekday <= 5;
  if (isWeekday && local.hour >= WORKDAY_START_HOUR && local.hour < WORKDAY_END_HOUR) return now;
  // Walk forward day by day (at most a weekend and a bit) to the next weekday morning.
  for (let add = isWeekday && local.hour < WORKDAY_START_HOUR ? 0 : 1; add < 8; add++) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day + add));
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    if (weekday <= 5) return instantAt(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), WORKDAY_START_HOUR, timeZone);
  }
  return now;
}
