// The daily sweep claims and queues in batches of resellers (by their id), the next batch
// claimed while the one before goes to the queue: every reminder is claimed and queued once,
// a recipient's reminders are planned together (one digest), and the time zone of each comes
// with its claim. A snoozed reminder that comes back is in its reseller's batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_THRESHOLD } from '../../../src/domain/reminders/reminder-offsets';
import { addDays } from '../../../src/domain/pricing/dates';
import { reminderStore } from '../../../src/infra/store/reminders';
import { SWEEP_BATCHES, sweepReminders, type ReminderDelivery } from '../../../src/jobs/reminders';
import { memoryLogger, remindersDemo, type RemindersDemo } from '../../support/reminders-harness';

// Resellers whose ids fall in the first, a middle and the last batch.
const RESELLERS = [
  { id: '0a000000-0000-4000-8000-000000000001', zone: 'Europe/Amsterdam' },
  { id: '7f000000-0000-4000-8000-000000000002', zone: 'America/New_York' },
  { id: 'ff000000-0000-4000-8000-000000000003', zone: 'Asia/Tokyo' },
];
const LICENSES_EACH = DIGEST_THRESHOLD + 2;

describe('the sweep in batches of resellers', () => {
  let rd: RemindersDemo;

  beforeAll(async () => {
    rd = await remindersDemo();
    for (const [i, r] of RESELLERS.entries()) {
      await rd.knex('resellers').insert({ id: r.id, partner_id: `BATCH${i}`, company: `Batch Reseller ${i}`, country: 'NL', level_code: (await rd.knex('resellers').first('level_code')).level_code, discount_bp: 0, vat_rate_bp: 2100, timezone: r.zone });
      await rd.knex('reseller_users').insert({ reseller_id: r.id, username: `batch-owner-${i}`, name: `Owner ${i}`, role: 'owner', password_hash: 'scrypt$test' });
      await rd.link(`batch-owner-${i}`, { chatId: String(660_000 + i) });
      // Due in 7 days, so a 7-day reminder each: more than a digest's threshold for one chat.
      await rd.addLicenses(`batch-owner-${i}`, Array.from({ length: LICENSES_EACH }, () => addDays(rd.today(), 7)));
    }
  });

  afterAll(async () => {
    await rd?.demo.drop();
  });

  it('covers every reseller id once: the batches follow each other from the first id to the last', () => {
    expect(SWEEP_BATCHES[0]?.from).toBeNull();
    expect(SWEEP_BATCHES.at(-1)?.to).toBeNull();
    for (let i = 1; i < SWEEP_BATCHES.length; i++) expect(SWEEP_BATCHES[i]?.from).toBe(SWEEP_BATCHES[i - 1]?.to);
    const bounds = SWEEP_BATCHES.slice(1).map((b) => String(b.from));
    expect([...bounds].sort()).toEqual(bounds);
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

    // Each batch reseller's owner: one digest of all its licenses, in a batch of its own.
    const batchOfChat: number[][] = [];
    for (const [i, r] of RESELLERS.entries()) {
      const ids = (await rd.knex('reminders as m').join('channel_identities as ci', 'ci.id', 'm.identity_id').where('ci.chat_id', String(660_000 + i)).orderBy('m.id').pluck('m.id')).map(Number);
      expect(ids).toHaveLength(LICENSES_EACH);
      batchOfChat.push(ids);
      const digests = all.filter((d) => d.data.reminderIds.some((id) => ids.includes(id)));
      expect(digests.map((d) => d.data.reminderIds)).toEqual([ids]);
      expect(queued.filter((batch) => batch.includes(digests[0]!))).toHaveLength(1);
      // Delivered at the first working hour of the reseller's own zone (not UTC's).
      const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: r.zone }).format(digests[0]!.deliverAt));
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThan(18);
    }
    // One queueing per batch, in order (then the reminders left unsettled for days: none);
    // the three resellers in the first, the fourth and the last batch.
    expect(queued).toHaveLength(SWEEP_BATCHES.length + 1);
    expect(queued.at(-1)).toEqual([]);
    expect(batchOfChat.map((chat) => queued.findIndex((batch) => batch.some((d) => d.data.reminderIds.some((id) => chat.includes(id)))))).toEqual([0, 3, SWEEP_BATCHES.length - 1]);

    // A second sweep the same day claims and queues nothing more.
    queued.length = 0;
    expect(await sweep()).toMatchObject({ claimed: 0, deliveries: 0 });
    expect(queued.flat()).toEqual([]);
  });
});
