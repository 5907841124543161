// Quiet hours: a reminder goes out between 09:00 and 18:00 on a weekday in the reseller's
// time zone, otherwise at 09:00 of the next weekday there; never dropped.
import { describe, expect, it } from 'vitest';
import { nextDeliveryTime, WORKDAY_END_HOUR, WORKDAY_START_HOUR } from '../../../src/domain/reminders/quiet-hours';

const at = (iso: string) => new Date(iso);
const next = (iso: string, zone: string) => nextDeliveryTime(at(iso), zone).toISOString();

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of `zone` at `instant`: weekday (Mon…Sun), hour and minute. */
function wall(instant: Date, zone: string) {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(zone, format);
  }
  const parts = Object.fromEntries(
    format
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { weekday: String(parts.weekday), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

describe('nextDeliveryTime, Europe/Amsterdam (CET, UTC+1 in winter)', () => {
  const AMS = 'Europe/Amsterdam';

  it('inside the window (Wednesday 11:00 local) answers now, to the millisecond', () => {
    const now = at('2026-12-02T10:00:00.123Z');
    expect(nextDeliveryTime(now, AMS).getTime()).toBe(now.getTime());
  });

  it('09:00 local is inside, 08:59 is before: 09:00 the same day', () => {
    expect(next('2026-12-02T08:00:00Z', AMS)).toBe('2026-12-02T08:00:00.000Z');
    expect(next('2026-12-02T07:59:00Z', AMS)).toBe('2026-12-02T08:00:00.000Z');
    expect(next('2026-12-02T07:30:00Z', AMS)).toBe('2026-12-02T08:00:00.000Z');
  });

  it('just after local midnight (still the previous day in UTC) waits for 09:00 of the local day', () => {
    // 2026-12-01T23:30Z is Wednesday 00:30 in Amsterdam.
    expect(next('2026-12-01T23:30:00Z', AMS)).toBe('2026-12-02T08:00:00.000Z');
  });

  it('17:59 is inside; 18:00 and later wait for 09:00 the next weekday', () => {
    expect(next('2026-12-02T16:59:00Z', AMS)).toBe('2026-12-02T16:59:00.000Z');
    expect(next('2026-12-02T17:00:00Z', AMS)).toBe('2026-12-03T08:00:00.000Z');
    expect(next('2026-12-02T22:45:00Z', AMS)).toBe('2026-12-03T08:00:00.000Z');
  });

  it('after 18:00 on Friday waits for Monday 09:00 local', () => {
    expect(next('2026-12-04T17:00:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
    expect(next('2026-12-04T22:59:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
  });

  it('Saturday and Sunday (any hour, also Sunday just before midnight) wait for Monday 09:00 local', () => {
    expect(next('2026-12-05T00:00:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
    expect(next('2026-12-05T12:00:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
    expect(next('2026-12-06T10:00:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
    expect(next('2026-12-06T22:59:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
    // Sunday 23:30Z is already Monday 00:30 in Amsterdam.
    expect(next('2026-12-06T23:30:00Z', AMS)).toBe('2026-12-07T08:00:00.000Z');
  });

  it('across the end of summer time (Sunday 2026-10-25): Friday 18:30 CEST → Monday 09:00 CET, which is 08:00Z, not 07:00Z', () => {
    expect(next('2026-10-23T16:30:00Z', AMS)).toBe('2026-10-26T08:00:00.000Z');
    expect(next('2026-10-24T10:00:00Z', AMS)).toBe('2026-10-26T08:00:00.000Z');
    // Sunday 02:30 CEST, half an hour before the clocks go back.
    expect(next('2026-10-25T00:30:00Z', AMS)).toBe('2026-10-26T08:00:00.000Z');
    // The Friday itself was still on summer time: 09:00 CEST is 07:00Z.
    expect(next('2026-10-23T06:00:00Z', AMS)).toBe('2026-10-23T07:00:00.000Z');
  });

  it('across the start of summer time (Sunday 2026-03-29): Friday 18:30 CET → Monday 09:00 CEST, which is 07:00Z', () => {
    expect(next('2026-03-27T17:30:00Z', AMS)).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-03-29T01:30:00Z', AMS)).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('nextDeliveryTime, America/New_York (EST, UTC−5 in winter)', () => {
  const NY = 'America/New_York';

  it('inside the window answers now; 09:00 local is 14:00Z', () => {
    expect(next('2026-12-02T14:00:00Z', NY)).toBe('2026-12-02T14:00:00.000Z');
    expect(next('2026-12-02T22:59:00Z', NY)).toBe('2026-12-02T22:59:00.000Z');
  });

  it('before 09:00 waits for 09:00 the same local day', () => {
    expect(next('2026-12-02T13:59:00Z', NY)).toBe('2026-12-02T14:00:00.000Z');
    // 03:00Z on Wednesday is still Tuesday 22:00 in New York: Wednesday 09:00 local.
    expect(next('2026-12-02T03:00:00Z', NY)).toBe('2026-12-02T14:00:00.000Z');
  });

  it('after 18:00 waits for the next weekday, also when it is already the next day in UTC', () => {
    expect(next('2026-12-02T23:00:00Z', NY)).toBe('2026-12-03T14:00:00.000Z');
    expect(next('2026-12-03T01:00:00Z', NY)).toBe('2026-12-03T14:00:00.000Z');
  });

  it('Friday after 18:00 (Saturday in UTC) and the weekend wait for Monday 09:00 local', () => {
    expect(next('2026-12-04T23:30:00Z', NY)).toBe('2026-12-07T14:00:00.000Z');
    expect(next('2026-12-05T02:00:00Z', NY)).toBe('2026-12-07T14:00:00.000Z');
    expect(next('2026-12-06T20:00:00Z', NY)).toBe('2026-12-07T14:00:00.000Z');
    // Monday 01:00Z is still Sunday 20:00 in New York.
    expect(next('2026-12-07T01:00:00Z', NY)).toBe('2026-12-07T14:00:00.000Z');
  });

  it('across the end of daylight saving (Sunday 2026-11-01): Friday 18:30 EDT → Monday 09:00 EST (14:00Z)', () => {
    expect(next('2026-10-30T22:30:00Z', NY)).toBe('2026-11-02T14:00:00.000Z');
    // The Friday itself: 09:00 EDT is 13:00Z.
    expect(next('2026-10-30T12:00:00Z', NY)).toBe('2026-10-30T13:00:00.000Z');
  });
});

describe('nextDeliveryTime, Asia/Tokyo (UTC+9, no DST)', () => {
  const TOKYO = 'Asia/Tokyo';

  it('Monday 09:00 JST is Monday 00:00Z; a minute before waits for it', () => {
    expect(next('2026-12-07T00:00:00Z', TOKYO)).toBe('2026-12-07T00:00:00.000Z');
    expect(next('2026-12-06T23:59:00Z', TOKYO)).toBe('2026-12-07T00:00:00.000Z');
  });

  it('Friday 18:00 JST (09:00Z) waits for Monday 09:00 JST', () => {
    expect(next('2026-12-04T09:00:00Z', TOKYO)).toBe('2026-12-07T00:00:00.000Z');
    // Friday 20:00Z is already Saturday 05:00 in Tokyo.
    expect(next('2026-12-04T20:00:00Z', TOKYO)).toBe('2026-12-07T00:00:00.000Z');
  });
});

describe('nextDeliveryTime, the same instant in two zones', () => {
  it('Wednesday 07:30Z: Amsterdam (08:30) waits until 08:00Z, London (07:30) until 09:00Z: an hour apart', () => {
    expect(next('2026-12-02T07:30:00Z', 'Europe/Amsterdam')).toBe('2026-12-02T08:00:00.000Z');
    expect(next('2026-12-02T07:30:00Z', 'Europe/London')).toBe('2026-12-02T09:00:00.000Z');
  });

  it('Friday 17:30Z: Amsterdam (18:30) waits for Monday, London (17:30) sends now', () => {
    expect(next('2026-12-04T17:30:00Z', 'Europe/Amsterdam')).toBe('2026-12-07T08:00:00.000Z');
    expect(next('2026-12-04T17:30:00Z', 'Europe/London')).toBe('2026-12-04T17:30:00.000Z');
  });
});

describe('nextDeliveryTime, every 40 minutes over five weeks (DST ends in both Europe and the US)', () => {
  const zones = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata'];
  const start = Date.parse('2026-10-15T00:07:00Z');
  const stepMinutes = 40; // not a divisor of an hour's multiple of a day: the minute within the hour varies
  const steps = (35 * 24 * 60) / stepMinutes;

  for (const zone of zones) {
    it(`${zone}: never earlier than now, always a weekday 09:00–17:59 local, and a wait always ends at exactly 09:00 local`, () => {
      for (let i = 0; i < steps; i++) {
        const now = new Date(start + i * stepMinutes * 60_000);
        const when = nextDeliveryTime(now, zone);
        const local = wall(when, zone);
        const problem = `${zone} at ${now.toISOString()} → ${when.toISOString()} (${local.weekday} ${local.hour}:${local.minute})`;
        expect(when.getTime(), problem).toBeGreaterThanOrEqual(now.getTime());
        expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], problem).toContain(local.weekday);
        expect(local.hour, problem).toBeGreaterThanOrEqual(WORKDAY_START_HOUR);
        expect(local.hour, problem).toBeLessThan(WORKDAY_END_HOUR);
        if (when.getTime() !== now.getTime()) {
          expect({ hour: local.hour, minute: local.minute, second: local.second }, problem).toEqual({ hour: WORKDAY_START_HOUR, minute: 0, second: 0 });
          // A wait is at most a weekend and a night: Friday 18:00 → Monday 09:00 is 63 hours.
          expect(when.getTime() - now.getTime(), problem).toBeLessThanOrEqual(63 * 3600_000 + 3600_000);
          // And it is the first such moment: 09:00 local a day earlier would be in the past or not a weekday.
          const inWindowNow = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].includes(wall(now, zone).weekday) && wall(now, zone).hour >= 9 && wall(now, zone).hour < 18;
          expect(inWindowNow, problem).toBe(false);
        }
      }
    });
  }
});
