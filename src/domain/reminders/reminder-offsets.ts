/** Default reminder offsets: days before a term end (negative: after it). */
export const DEFAULT_REMINDER_OFFSETS = [30, 14, 7, 1, 0, -1, -7] as const;

/** A reminder whose day passed more than this many days ago is not sent late any more. */
export const CATCH_UP_DAYS = 7;

/** A reseller with more reminders than this on one day gets one digest instead. */
export const DIGEST_THRESHOLD = 5;

/** "Remind me later" waits this many days. */
export const SNOOZE_DAYS = 3;

/**
 * The offset due for a term end on `daysLeft` days from today: the latest whose day has come
 * (the smallest offset not below daysLeft), so that missed sweeps send only the latest one.
 * Undefined when none has come yet, or the latest came more than CATCH_UP_DAYS ago.
 */
export function dueOffset(daysLeft: number, offsets: readonly number[]): number | undefined {
  const due = offsets.filter((o) => o >= daysLeft);
  if (due.length === 0) return undefined;
  const latest = Math.min(...due);
  return latest - daysLeft <= CATCH_UP_DAYS ? latest : undefined;
}
