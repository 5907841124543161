// The daily sweep: every reminder claimed and queued once, a recipient's reminders planned
// together (one digest) in the share of resellers claimed with it, each delivered in working
// hours of its reseller's time zone, which comes back with the claim. A sweep that stops while
// queueing leaves the shares after it to the next sweep. A license or chat identity deleted by
// hand takes its reminders with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_THRESHOLD } from '../../../src/domain/reminders/reminder-offsets';
import { addDays } from '../../../src/domain/pricing/dates';
import { reminderStore } from '../../../src/infra/store/reminders';
import { sweepReminders, SWEEP_SHARES, type ReminderDelivery, type ReminderDeps } from '../../../src/jobs/reminders';
import { memoryLogger, remindersDemo, type RemindersDemo } from '../../support/reminders-harness';

// Resellers in three time zones, and in three of the sweep's four shares (ids by range).
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
    // Queued share by share (the resellers' in shares 0, 1 and 3; none in share 2), then the
    // reminders left unsettled for days (none).
    expect(SWEEP_SHARES).toBe(4);
    expect(queued.map((deliveries) => deliveries.length)).toEqual([1, 1, 0, 1, 0]);

    // A second sweep the same day claims and queues nothing more.
    queued.length = 0;
    expect(await sweep()).toMatchObject({ claimed: 0, deliveries: 0 });
    expect(queued.flat()).toEqual([]);
  });
});

describe('a sweep that stops while it queues', () => {
  let rd: RemindersDemo;
  const chatOf = (i: number) => String(670_000 + i);

  beforeAll(async () => {
    rd = await remindersDemo();
    await rd.knex('licenses').update({ reminders_stopped: true });
    for (const [i, r] of RESELLERS.entries()) {
      await rd.knex('resellers').insert({ id: r.id, partner_id: `STOP${i}`, company: `Stopped Sweep ${i}`, country: 'NL', level_code: (await rd.knex('resellers').first('level_code')).level_code, discount_bp: 0, vat_rate_bp: 2100, timezone: 'UTC' });
      await rd.knex('reseller_users').insert({ reseller_id: r.id, username: `stop-owner-${i}`, name: `Owner ${i}`, role: 'owner', password_hash: 'scrypt$test' });
      await rd.link(`stop-owner-${i}`, { chatId: chatOf(i) });
      await rd.addLicenses(`stop-owner-${i}`, [addDays(rd.today(), 7)]);
    }
  });

  afterAll(async () => {
    await rd?.demo.drop();
  });

  function sweepWith(enqueue: ReminderDeps['enqueue']) {
    return sweepReminders({ reminders: reminderStore(rd.knex), notifiers: {}, clock: rd.clock, timeZone: async () => 'UTC', offsets: rd.offsets, log: memoryLogger(), enqueue });
  }
  const chatsOf = async (deliveries: ReminderDelivery[]) =>
    (await rd.knex('reminders as m').join('channel_identities as ci', 'ci.id', 'm.identity_id').whereIn('m.id', deliveries.flatMap((d) => d.data.reminderIds)).orderBy('ci.chat_id').pluck('ci.chat_id')) as string[];

  it('fails with the queue\'s error; the share claimed meanwhile waits to be queued again, the shares after it are claimed and queued by the next sweep', async () => {
    rd.clock.set(`${rd.today()}T10:00:00Z`);
    const queued: ReminderDelivery[] = [];
    // The queue fails at the second share, while the third is being claimed.
    let calls = 0;
    await expect(sweepWith(async (deliveries) => {
      calls++;
      if (calls === 2) throw new Error('the queue is gone');
      queued.push(...deliveries);
    })).rejects.toThrow('the queue is gone');
    // Share 0 (reseller 0) was queued; share 1 (reseller 1) was claimed and not queued; share 2
    // (nobody) was claimed meanwhile; share 3 (reseller 2) was not claimed.
    expect(await chatsOf(queued)).toEqual([chatOf(0)]);
    const claimedChats = await rd.knex('reminders as m').join('channel_identities as ci', 'ci.id', 'm.identity_id').orderBy('ci.chat_id').pluck('ci.chat_id');
    expect(claimedChats).toEqual([chatOf(0), chatOf(1)]);

    // The next sweep the same day claims and queues the last share's reminder only.
    const next: ReminderDelivery[] = [];
    expect(await sweepWith(async (deliveries) => void next.push(...deliveries))).toEqual({ claimed: 1, deliveries: 1, requeued: 0 });
    expect(await chatsOf(next)).toEqual([chatOf(2)]);

    // Days later, what was claimed and never sent is queued again (the lost share 1, and the
    // others, whose jobs are not run here); a job id BullMQ holds already adds nothing.
    rd.clock.set(`${addDays(rd.today(), 5)}T10:00:00Z`);
    const later: ReminderDelivery[] = [];
    const result = await sweepWith(async (deliveries) => void later.push(...deliveries));
    expect(result.requeued).toBe(3);
    expect(await chatsOf(later.filter((d) => d.jobId.startsWith('reminder-')))).toContain(chatOf(1));
  });

  it('a license, or a chat identity, deleted by hand takes its reminders with it', async () => {
    const count = async () => Number((await rd.knex('reminders').count<Array<{ n: number }>>('* as n'))[0]?.n);
    expect(await count()).toBeGreaterThanOrEqual(3);
    const [first, second] = await rd.knex('reminders').orderBy('id').select('id', 'license_id', 'identity_id');
    const before = await count();
    await rd.knex('license_events').where({ license_id: first.license_id }).delete();
    await rd.knex('licenses').where({ id: first.license_id }).delete();
    expect(await rd.knex('reminders').where({ license_id: first.license_id }).count<Array<{ n: number }>>('* as n')).toEqual([{ n: 0 }]);
    await rd.knex('channel_identities').where({ id: second.identity_id }).delete();
    expect(await rd.knex('reminders').where({ identity_id: second.identity_id }).count<Array<{ n: number }>>('* as n')).toEqual([{ n: 0 }]);
    expect(await count()).toBeLessThan(before);
  });
});
