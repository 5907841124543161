// How claimed reminders become delivery jobs: per recipient chat, one job per reminder, or one
// digest job above DIGEST_THRESHOLD; each delivered at the first working hour of the reseller.
import { describe, expect, it } from 'vitest';
import { composeDigest, composeReminder, type ReminderItem } from '../../../src/conversation/notifications';
import { DIGEST_THRESHOLD } from '../../../src/domain/reminders/reminder-offsets';
import type { ClaimedReminder } from '../../../src/jobs/ports';
import { plannedDeliveries, reminderJob } from '../../../src/jobs/reminders';

const AMS = 'Europe/Amsterdam';
const LON = 'Europe/London';

function claimed(ids: number[], identityId: number, timezone = AMS, userId = `user-${identityId}`): ClaimedReminder[] {
  return ids.map((id) => ({ id, resellerId: timezone === AMS ? 'acme' : 'bright', userId, identityId, timezone }));
}

describe('plannedDeliveries', () => {
  const inHours = new Date('2026-12-02T10:00:00Z'); // Wednesday: 11:00 Amsterdam, 10:00 London

  it('one reminder is one job, delivered now inside working hours', () => {
    expect(plannedDeliveries(claimed([7], 1), inHours)).toEqual([{ jobId: 'reminder-7', data: { reminderIds: [7] }, deliverAt: inHours }]);
  });

  it(`exactly ${DIGEST_THRESHOLD} reminders for one recipient stay single messages`, () => {
    const deliveries = plannedDeliveries(claimed([5, 3, 1, 4, 2], 1), inHours);
    expect(deliveries.map((d) => d.data.reminderIds)).toEqual([[1], [2], [3], [4], [5]]);
    expect(new Set(deliveries.map((d) => d.jobId)).size).toBe(5);
  });

  it(`${DIGEST_THRESHOLD + 1} reminders for one recipient make one digest job with all of them, sorted`, () => {
    const deliveries = plannedDeliveries(claimed([16, 11, 15, 12, 14, 13], 1), inHours);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.data.reminderIds).toEqual([11, 12, 13, 14, 15, 16]);
    expect(reminderJob.safeParse(deliveries[0]?.data).success).toBe(true);
  });

  it('the threshold is per recipient chat: 6 for one chat is a digest, 3 for another chat of the same user stay single', () => {
    const deliveries = plannedDeliveries([...claimed([1, 2, 3, 4, 5, 6], 1, AMS, 'owner'), ...claimed([7, 8, 9], 2, AMS, 'owner')], inHours);
    expect(deliveries.map((d) => d.data.reminderIds)).toEqual([[1, 2, 3, 4, 5, 6], [7], [8], [9]]);
  });

  it('reminders of several recipients interleaved are grouped by recipient', () => {
    const mixed = [...claimed([1, 3, 5, 7, 9, 11], 10), ...claimed([2, 4], 20)].sort((a, b) => a.id - b.id);
    const deliveries = plannedDeliveries(mixed, inHours);
    expect(deliveries.map((d) => d.data.reminderIds).sort((a, b) => b.length - a.length || (a[0] ?? 0) - (b[0] ?? 0))).toEqual([[1, 3, 5, 7, 9, 11], [2], [4]]);
  });

  it('job ids are stable (the same claim gives the same ids, so queueing twice adds nothing) and distinct', () => {
    const input = [...claimed([1, 2, 3, 4, 5, 6], 1), ...claimed([7, 8], 2)];
    const first = plannedDeliveries(input, inHours).map((d) => d.jobId);
    const again = plannedDeliveries([...input].reverse(), inHours).map((d) => d.jobId).sort();
    expect(again).toEqual([...first].sort());
    expect(new Set(first).size).toBe(first.length);
  });

  it('deliverAt follows each reseller’s quiet hours: at 07:30Z Amsterdam waits until 08:00Z, London until 09:00Z', () => {
    const early = new Date('2026-12-02T07:30:00Z');
    const deliveries = plannedDeliveries([...claimed([1], 1, AMS), ...claimed([2], 2, LON)], early);
    const byId = new Map(deliveries.map((d) => [d.data.reminderIds[0], d.deliverAt.toISOString()]));
    expect(byId.get(1)).toBe('2026-12-02T08:00:00.000Z');
    expect(byId.get(2)).toBe('2026-12-02T09:00:00.000Z');
  });

  it('a digest waits too: Saturday → Monday 09:00 local', () => {
    const saturday = new Date('2026-12-05T08:00:00Z');
    const [digest] = plannedDeliveries(claimed([1, 2, 3, 4, 5, 6], 1, AMS), saturday);
    expect(digest?.deliverAt.toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('nothing claimed, nothing planned', () => {
    expect(plannedDeliveries([], inHours)).toEqual([]);
  });
});

const item = (o: Partial<ReminderItem> = {}): ReminderItem => ({
  key: '7Q2M-4K8P-ZX3N-1A9B', type: 'annual', edition: 'professional', sc: 8, termEnd: '2026-12-16', daysLeft: 14,
  customerName: 'Harbor Dental', yearlyListCents: 35000, yearlyNetCents: 26250, currency: 'EUR', ...o,
});

describe('the reminder messages', () => {
  it('one reminder names the key, the end customer, edition and SC, the date and the price, with Renew now / Remind me later / Stop', () => {
    const reply = composeReminder(item());
    expect(reply.text).toBe(
      'Renewal reminder: license 7Q2M-4K8P-ZX3N-1A9B (Harbor Dental), Professional 8 SC, expires on 2026-12-16, in 14 days.\n' +
        'Renewal for 1 year: EUR 350.00 list, EUR 262.50 after your partner discount (plus VAT).',
    );
    expect(reply.buttons).toEqual([
      [{ id: '~renew.annual.7Q2M-4K8P-ZX3N-1A9B', label: 'Renew now' }],
      [{ id: '~remind.later.7Q2M-4K8P-ZX3N-1A9B', label: 'Remind me later' }, { id: '~remind.stop.7Q2M-4K8P-ZX3N-1A9B', label: 'Stop reminders for this key' }],
    ]);
  });

  it('says tomorrow, today, and days ago; a perpetual license speaks of maintenance and renews with ~renew.maintenance', () => {
    expect(composeReminder(item({ daysLeft: 1 })).text).toContain('expires tomorrow, 2026-12-16');
    expect(composeReminder(item({ daysLeft: 0 })).text).toContain('expires today, 2026-12-16');
    expect(composeReminder(item({ daysLeft: -1 })).text).toContain('expired on 2026-12-16, 1 day ago');
    expect(composeReminder(item({ daysLeft: -7 })).text).toContain('expired on 2026-12-16, 7 days ago');
    const perpetual = composeReminder(item({ key: 'P4RP-7TNE-3L6S-9FWA', type: 'perpetual', daysLeft: 7 }));
    expect(perpetual.text).toContain('maintenance ends on 2026-12-16, in 7 days');
    expect(perpetual.buttons[0]).toEqual([{ id: '~renew.maintenance.P4RP-7TNE-3L6S-9FWA', label: 'Renew now' }]);
  });

  it('button ids stay within Telegram’s 64-byte callback_data', () => {
    for (const id of composeReminder(item()).buttons.flat().map((b) => ('id' in b ? b.id : ''))) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
  });

  it('a digest lists every license and has a Renew button per key (and the menu)', () => {
    const keys = ['AAAA-0000-0000-0001', 'AAAA-0000-0000-0002', 'AAAA-0000-0000-0003', 'AAAA-0000-0000-0004', 'AAAA-0000-0000-0005', 'AAAA-0000-0000-0006'];
    const reply = composeDigest(keys.map((key, i) => item({ key, type: i === 5 ? 'perpetual' : 'annual' })));
    expect(reply.text.split('\n')[0]).toBe('Renewal reminders: 6 licenses need renewing soon.');
    for (const key of keys) expect(reply.text).toContain(key);
    const ids = reply.buttons.flat().map((b) => ('id' in b ? b.id : ''));
    expect(ids).toEqual([...keys.slice(0, 5).map((k) => `~renew.annual.${k}`), `~renew.maintenance.${keys[5]}`, '~nav.menu']);
  });
});
