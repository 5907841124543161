// The daily sweep: every reminder claimed and queued once, a recipient's reminders planned
// together (one digest), each delivered in working hours of its reseller's time zone, which
// comes back with the claim (one statement, no look-up of the resellers after it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_THRESHOLD } from '../../../src/domain/reminders/reminder-offsets';
import { addDays } from '../../../src/domain/pricing/dates';
import { reminderStore } from '../../../src/infra/store/reminders';
import { sweepReminders, type ReminderDelivery } from '../../../src/jobs/reminders';
import { memoryLogger, remindersDemo, type RemindersDemo } from '../../support/reminders-harness';

// Resellers in three time zones.
const RESELLERS = [
  { id: '0a000000-0000-4000-8000-000000000001', zone: 'Europe/Amsterdam' },
  { id: '7f000000-0000-4000-8000-000000000002', zone: 'America/New_York' },
  { id: 'ff000000-0000-4000-8000-000000000003', zone: 'Asia/Tokyo' },
];
const LICENSES_EACH = DIGEST_THRESHOLD + 2;

describe('the sweep and the resellers\' time zones', () => {
  let rd: RemindersDemo;

  beforeAll(async () => {
    rd = await remindersDemo();
    for (const [i, r] of RESELLERS.entries()) {
      await rd.knex('resellers').insert({ id: r.id, partner_id: `ZONE${i}`, company: `Zone Reseller ${i}`, country: 'NL', level_code: (await rd.knex('resellers').first('level_code')).level_code, discount_bp: 0, vat_rate_bp: 2100, timezone: r.zone });
      await rd.knex('reseller_users').insert({ reseller_id: r.id, username: `zone-owner-${i}`, name: `Owner ${i}`, role: 'owner', password_hash: 'scrypt$test' });
      await rd.link(`zone-owner-${i}`, { chatId: String(660_000 + i) });
      // Due in 7 days, so a 7-day reminder each: more than a digest's threshold for one chat.
      await rd.addLicenses(`zone-owner-${i}`, Array.from({ length: LICENSES_EACH }, () => addDays(rd.today(), 7)));
    }
  });

  afterAll(async () => {
    await rd?.demo.drop();
  });

  it('claims and queues every due reminder once, one digest per recipient, each with its reseller\'s time zone', async () => {
    const queued: ReminderDelivery[][] = [];
    const sweep = () => sweepReminders({
      reminders: reminderStore(rd.knex), notifiers: {}, clock: rd.clock, timeZone: async () => 'UTC', offsets: rd.offsets, log: memoryLogger(),
      enqueue: async (deliveries) => void queued.push(deliveries),
    });
    const first = await sweep();
    const all = queued.flat();
    const claimedIds = all.flatMap((d) => d.data.reminderIds);
    expect(first.claimed).toBe(claimedIds.length);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect(await rd.knex('reminders').count<Array<{ n: number }>>('* as n')).toEqual([{ n: first.claimed }]);

    // Each reseller's owner: one digest of all its licenses.
    for (const [i, r] of RESELLERS.entries()) {
      const ids = (await rd.knex('reminders as m').join('channel_identities as ci', 'ci.id', 'm.identity_id').where('ci.chat_id', String(660_000 + i)).orderBy('m.id').pluck('m.id')).map(Number);
      expect(ids).toHaveLength(LICENSES_EACH);
      const digests = all.filter((d) => d.data.reminderIds.some((id) => ids.includes(id)));
      expect(digests.map((d) => d.data.reminderIds)).toEqual([ids]);
      // Delivered at the first working hour of the reseller's own zone (not UTC's).
      const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: r.zone }).format(digests[0]!.deliverAt));
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThan(18);
    }
    // The claimed, then the reminders left unsettled for days (none).
    expect(queued).toHaveLength(2);
    expect(queued[1]).toEqual([]);

    // A second sweep the same day claims and queues nothing more.
    queued.length = 0;
    expect(await sweep()).toMatchObject({ claimed: 0, deliveries: 0 });
    expect(queued.flat()).toEqual([]);
  });
});
