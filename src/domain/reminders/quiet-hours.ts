import { localInstant, localParts } from '../time-zones';

/** Reminders are delivered on weekdays between these hours, in the reseller's time zone. */
export const WORKDAY_START_HOUR = 9;
export const WORKDAY_END_HOUR = 18;

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
    if (weekday <= 5) return localInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), WORKDAY_START_HOUR, timeZone);
  }
  return now;
}
