// Delivering claimed reminders (reminderDeliveryProcessor, called with a fake job that records
// moveToDelayed) to console chats through a consoleNotifier: the message and its buttons,
// quiet hours per reseller time zone, the digest, and reminders that became moot.
import { DelayedError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderSettings, reminderStore } from '../../../src/infra/store/reminders';
import { reminderDeliveryProcessor, sweepReminders, type ReminderDelivery } from '../../../src/jobs/reminders';
import {
  fakeJob, KEY_7Q2M, KEY_B2RV, KEY_P4RP, memoryLogger, recordingConsole, remindersDemo, type ReminderRow,
} from '../../support/reminders-harness';

const ACME = 'acme-console';
const BRIGHT = 'bright-console';

/** The demo with Acme's owner and Bright Voice's owner each on a console chat. */
async function consoleDemo() {
  const rd = await remindersDemo();
  await rd.link('demo', { channel: 'console', chatId: ACME });
  await rd.link('bright', { channel: 'console', chatId: BRIGHT });
  const chats = recordingConsole(ACME, BRIGHT);
  const log = memoryLogger();
  const deliverJob = reminderDeliveryProcessor({ reminders: reminderStore(rd.knex), notifiers: { console: chats.notifier }, clock: rd.clock, timeZone: async () => 'UTC', log });
  /** The sweep as the scheduler runs it, with the deliveries it queues recorded instead of queued. */
  async function sweep(at: string) {
    rd.clock.set(at);
    const queued: ReminderDelivery[] = [];
    const result = await sweepReminders({ reminders: reminderStore(rd.knex), notifiers: { console: chats.notifier }, clock: rd.clock, timeZone: async () => 'UTC', offsets: rd.offsets, log, enqueue: async (d) => void queued.push(...d) });
    return { result, queued };
  }
  /** Runs the processor on a fake job; answers its result or the error it threw, and the job. */
  async function run(ids: number[]) {
    const job = fakeJob(ids);
    try {
      return { result: await deliverJob(job, 'token'), error: undefined, job };
    } catch (error) {
      return { result: undefined, error, job };
    }
  }
  return { rd, chats, log, deliverJob, sweep, run };
}

const one = (rows: ReminderRow[], key: string, chatId: string): ReminderRow => {
  const found = rows.find((r) => r.key === key && r.chatId === chatId);
  if (!found) throw new Error(`no reminder for ${key} to ${chatId} in ${rows.map((r) => `${r.key}/${r.chatId}`).join(', ')}`);
  return found;
};

describe('a reminder delivered inside working hours', () => {
  let t: Awaited<ReturnType<typeof consoleDemo>>;
  let rows: ReminderRow[];
  beforeAll(async () => {
    t = await consoleDemo();
    // Wednesday 2026-12-02 10:00Z: 11:00 in Amsterdam.
    const { queued } = await t.sweep('2026-12-02T10:00:00Z');
    rows = await t.rd.rows(queued.flatMap((d) => d.data.reminderIds));
  });
  afterAll(async () => {
    await t?.rd.close();
  });

  it('the sweep queues one job per reminder, to be delivered now', async () => {
    expect(rows.map((r) => `${r.key} ${r.offset} ${r.chatId}`).sort()).toEqual([`${KEY_7Q2M} 14 ${ACME}`, `${KEY_P4RP} -1 ${ACME}`].sort());
  });

  it('prints the message with the key, end customer, edition and SC, the date and the renewal price (EUR 350.00 list, EUR 262.50 for Acme), and the three buttons', async () => {
    const reminder = one(rows, KEY_7Q2M, ACME);
    const { result, error } = await t.run([reminder.id]);
    expect(error).toBeUndefined();
    expect(result).toBe('sent');
    const printed = t.chats.printed(ACME);
    expect(printed).toHaveLength(1);
    expect(printed[0]?.text).toBe(
      'Renewal reminder: license 7Q2M-4K8P-ZX3N-1A9B (Harbor Dental), Professional 8 SC, expires on 2026-12-16, in 14 days.\n' +
        'Renewal for 1 year: EUR 350.00 list, EUR 262.50 after your partner discount (plus VAT).',
    );
    expect(printed[0]?.buttons).toEqual([
      [{ id: `~renew.annual.${KEY_7Q2M}`, label: 'Renew now' }],
      [{ id: `~remind.later.${KEY_7Q2M}`, label: 'Remind me later' }, { id: `~remind.stop.${KEY_7Q2M}`, label: 'Stop reminders for this key' }],
    ]);
    const [stored] = await t.rd.rows([reminder.id]);
    expect(stored?.sentAt).toBeInstanceOf(Date);
    expect(stored?.outcome).toBe('sent');
  });

  it('the same job again (a retry, or a second worker) prints nothing more', async () => {
    const reminder = one(rows, KEY_7Q2M, ACME);
    expect((await t.run([reminder.id])).result).toBe('already settled');
    expect(t.chats.printed(ACME)).toHaveLength(1);
  });

  it('a reminder whose license was renewed since the claim is settled without a message', async () => {
    const reminder = one(rows, KEY_P4RP, ACME);
    await t.rd.renew(KEY_P4RP);
    const { result, error } = await t.run([reminder.id]);
    expect(error).toBeUndefined();
    expect(result).toBe('nothing left to say');
    expect(t.chats.printed(ACME).map((r) => r.text).join('\n')).not.toContain(KEY_P4RP);
    const [stored] = await t.rd.rows([reminder.id]);
    expect(stored?.sentAt).toBeInstanceOf(Date);
    expect(stored?.outcome).toBe('renewed or stopped');
  });

  it('a reminder whose license had its reminders stopped, or whose recipient snoozed, since the claim is settled without a message', async () => {
    const stopKey = await t.rd.addLicense('demo', '2026-12-16');
    const snoozeKey = await t.rd.addLicense('demo', '2026-12-16');
    const claimed = await t.rd.rows((await t.rd.claim('2026-12-02T11:00:00Z')).map((c) => c.id));
    const stopped = one(claimed, stopKey, ACME);
    const snoozed = one(claimed, snoozeKey, ACME);
    const stopId = await t.rd.licenseId(stopKey);
    const snoozeId = await t.rd.licenseId(snoozeKey);
    const ownerId = await t.rd.userId('demo');
    await t.rd.knex.transaction(async (trx) => {
      await reminderSettings(trx).stop(stopId, `user:${ownerId}`);
      await reminderSettings(trx).snooze(snoozeId, ownerId, '2026-12-16', '2026-12-05');
    });
    const before = t.chats.printed(ACME).length;
    expect((await t.run([stopped.id])).result).toBe('nothing left to say');
    expect((await t.run([snoozed.id])).result).toBe('nothing left to say');
    expect(t.chats.printed(ACME)).toHaveLength(before);
    const stored = await t.rd.rows([stopped.id, snoozed.id]);
    expect(stored.map((r) => r.outcome)).toEqual(['renewed or stopped', 'snoozed']);
  });

  it('with no console session open for the chat, the message waits (retry in 5 minutes) and is not lost', async () => {
    const key = await t.rd.addLicense('demo', '2026-12-16');
    await t.rd.link('demo', { channel: 'console', chatId: 'closed-console' });
    const claimed = await t.rd.rows((await t.rd.claim('2026-12-02T12:00:00Z')).map((c) => c.id));
    const reminder = one(claimed, key, 'closed-console');
    const before = Date.now();
    const { error, job } = await t.run([reminder.id]);
    expect(error).toBeInstanceOf(DelayedError);
    expect(job.delayedTo).toHaveLength(1);
    expect((job.delayedTo[0] ?? 0) - before).toBeGreaterThanOrEqual(5 * 60_000 - 1_000);
    expect((job.delayedTo[0] ?? 0) - before).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    expect((await t.rd.rows([reminder.id]))[0]?.sentAt).toBeNull();
  });
});

describe('quiet hours: outside them the job is moved to the next 09:00 of the reseller’s zone', () => {
  let t: Awaited<ReturnType<typeof consoleDemo>>;
  beforeAll(async () => {
    t = await consoleDemo();
    // Bright Voice (Europe/London) gets a license due the same days as Acme's 7Q2M.
    await t.rd.knex('licenses').where({ license_key: KEY_B2RV }).update({ expires_on: '2026-12-16' });
  });
  afterAll(async () => {
    await t?.rd.close();
  });

  it('at 07:30Z on Wednesday the sweep plans Amsterdam for 08:00Z and London for 09:00Z — an hour apart', async () => {
    const { queued } = await t.sweep('2026-12-02T07:30:00Z');
    const rows = await t.rd.rows(queued.flatMap((d) => d.data.reminderIds));
    const when = (key: string, chat: string) => queued.find((d) => d.data.reminderIds.includes(one(rows, key, chat).id))?.deliverAt.toISOString();
    // Each recipient's messages are spaced a second apart from the start of its window.
    expect(when(KEY_7Q2M, ACME)?.slice(0, 16)).toBe('2026-12-02T08:00');
    expect(when(KEY_B2RV, BRIGHT)?.slice(0, 16)).toBe('2026-12-02T09:00');
  });

  it('the processor, run early anyway (a job delayed by nobody), moves each job to its 09:00 and prints nothing', async () => {
    const rows = await t.rd.rows();
    const acme = one(rows, KEY_7Q2M, ACME);
    const bright = one(rows, KEY_B2RV, BRIGHT);
    t.rd.clock.set('2026-12-02T07:30:00Z');
    const a = await t.run([acme.id]);
    const b = await t.run([bright.id]);
    expect(a.error).toBeInstanceOf(DelayedError);
    expect(b.error).toBeInstanceOf(DelayedError);
    expect(a.job.delayedTo.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-02T08:00:00.000Z']);
    expect(b.job.delayedTo.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-02T09:00:00.000Z']);
    expect(t.chats.all()).toEqual([]);
    expect((await t.rd.rows([acme.id, bright.id])).map((r) => r.sentAt)).toEqual([null, null]);
  });

  it('at 08:00Z Amsterdam’s is delivered and London’s waits another hour; at 09:00Z London’s is delivered', async () => {
    const rows = await t.rd.rows();
    const acme = one(rows, KEY_7Q2M, ACME);
    const bright = one(rows, KEY_B2RV, BRIGHT);
    t.rd.clock.set('2026-12-02T08:00:00Z');
    expect((await t.run([acme.id])).result).toBe('sent');
    const early = await t.run([bright.id]);
    expect(early.error).toBeInstanceOf(DelayedError);
    expect(early.job.delayedTo.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-02T09:00:00.000Z']);
    t.rd.clock.set('2026-12-02T09:00:00Z');
    expect((await t.run([bright.id])).result).toBe('sent');
    expect(t.chats.printed(ACME).map((r) => r.text.split('\n')[0])).toEqual(['Renewal reminder: license 7Q2M-4K8P-ZX3N-1A9B (Harbor Dental), Professional 8 SC, expires on 2026-12-16, in 14 days.']);
    // Bright Voice is Silver (20 %): EUR 1,195.00 list for Professional 32 SC, EUR 956.00 net.
    expect(t.chats.printed(BRIGHT).map((r) => r.text)).toEqual([
      'Renewal reminder: license B2RV-6P1W-3HQK-8ZNT (Kent Logistics), Professional 32 SC, expires on 2026-12-16, in 14 days.\n' +
        'Renewal for 1 year: EUR 1,195.00 list, EUR 956.00 after your partner discount (plus VAT).',
    ]);
  });

  it('Friday 17:30Z: Amsterdam (18:30) waits for Monday 09:00 (08:00Z); London (17:30) is delivered now', async () => {
    const acmeKey = await t.rd.addLicense('demo', '2026-12-18');
    const brightKey = await t.rd.addLicense('bright', '2026-12-18');
    const { queued } = await t.sweep('2026-12-04T17:30:00Z');
    const rows = await t.rd.rows(queued.flatMap((d) => d.data.reminderIds));
    const acme = await t.run([one(rows, acmeKey, ACME).id]);
    expect(acme.error).toBeInstanceOf(DelayedError);
    expect(acme.job.delayedTo.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-07T08:00:00.000Z']);
    expect((await t.run([one(rows, brightKey, BRIGHT).id])).result).toBe('sent');
    expect(t.chats.printed(BRIGHT).at(-1)?.text).toContain(brightKey);
  });

  it('Saturday: both wait for Monday 09:00 local, an hour apart', async () => {
    const acmeKey = await t.rd.addLicense('demo', '2026-12-19');
    const brightKey = await t.rd.addLicense('bright', '2026-12-19');
    const { queued } = await t.sweep('2026-12-05T12:00:00Z');
    const rows = await t.rd.rows(queued.flatMap((d) => d.data.reminderIds));
    const acme = await t.run([one(rows, acmeKey, ACME).id]);
    const bright = await t.run([one(rows, brightKey, BRIGHT).id]);
    expect(acme.job.delayedTo.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-07T08:00:00.000Z']);
    expect(bright.job.delayedTo.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-07T09:00:00.000Z']);
  });
});

describe('more than 5 reminders for one recipient on one day: one digest', () => {
  let t: Awaited<ReturnType<typeof consoleDemo>>;
  beforeAll(async () => {
    t = await consoleDemo();
  });
  afterAll(async () => {
    await t?.rd.close();
  });

  it('6 new licenses + 7Q2M + P4RP due on 12-02 for Acme’s owner: one job, one message, a Renew button per key', async () => {
    const added: string[] = [];
    for (let i = 0; i < 6; i++) added.push(await t.rd.addLicense('demo', '2026-12-16', { edition: i % 2 === 0 ? 'professional' : 'enterprise', sc: 16 }));
    const { queued } = await t.sweep('2026-12-02T10:00:00Z');
    const toAcme = queued.filter((d) => d.data.reminderIds.length > 1);
    expect(toAcme).toHaveLength(1);
    expect(toAcme[0]?.data.reminderIds).toHaveLength(8);
    // Bright Voice has nothing due: no other job.
    expect(queued).toHaveLength(1);

    const { result, error } = await t.run(toAcme[0]?.data.reminderIds ?? []);
    expect(error).toBeUndefined();
    expect(result).toBe('sent');
    const printed = t.chats.printed(ACME);
    expect(printed).toHaveLength(1);
    const digest = printed[0];
    expect(digest?.text.split('\n')[0]).toBe('Renewal reminders: 8 licenses need renewing soon.');
    for (const key of [...added, KEY_7Q2M, KEY_P4RP]) expect(digest?.text).toContain(key);
    expect(digest?.text).toContain('7Q2M-4K8P-ZX3N-1A9B (Harbor Dental) — Professional 8 SC, expires on 2026-12-16, in 14 days. EUR 350.00 per year (list).');
    const ids = digest?.buttons.flat().map((b) => ('id' in b ? b.id : '')) ?? [];
    expect(ids.filter((id) => id.startsWith('~renew.annual.')).sort()).toEqual([...added, KEY_7Q2M].map((k) => `~renew.annual.${k}`).sort());
    expect(ids).toContain(`~renew.maintenance.${KEY_P4RP}`);
    expect(ids.at(-1)).toBe('~nav.menu');
    expect((await t.rd.rows(toAcme[0]?.data.reminderIds)).every((r) => r.outcome === 'sent')).toBe(true);
  });

  it('a second sweep the same day queues nothing (nothing is claimed again, nothing is stale yet)', async () => {
    const { result, queued } = await t.sweep('2026-12-02T10:05:00Z');
    expect(result).toEqual({ claimed: 0, deliveries: 0, requeued: 0 });
    expect(queued).toEqual([]);
  });
});

describe('reminders waiting over a weekend, queued again by later sweeps', () => {
  let t: Awaited<ReturnType<typeof consoleDemo>>;
  beforeAll(async () => {
    t = await consoleDemo();
    await t.rd.knex('licenses').update({ reminders_stopped: true });
  });
  afterAll(async () => {
    await t?.rd.close();
  });

  it('are each printed once on Monday 09:00, even when the jobs BullMQ holds then run at the same time', async () => {
    // Three reminders due on Friday (swept after 18:00 in Amsterdam), three on Saturday.
    const friday = [await t.rd.addLicense('demo', '2026-12-18'), await t.rd.addLicense('demo', '2026-12-18'), await t.rd.addLicense('demo', '2026-12-18')];
    const saturday = [await t.rd.addLicense('demo', '2026-12-19'), await t.rd.addLicense('demo', '2026-12-19'), await t.rd.addLicense('demo', '2026-12-19')];
    // The jobs BullMQ would hold: one per job id (adding an id it holds already adds nothing).
    const held = new Map<string, ReminderDelivery>();
    for (const at of ['2026-12-04T17:30:00Z', '2026-12-05T08:00:00Z', '2026-12-06T08:00:00Z']) {
      const { queued } = await t.sweep(at);
      for (const d of queued) if (!held.has(d.jobId)) held.set(d.jobId, d);
    }
    // All at Monday 09:00 in Amsterdam, a recipient's messages a second apart.
    expect(new Set([...held.values()].map((d) => d.deliverAt.toISOString().slice(0, 16)))).toEqual(new Set(['2026-12-07T08:00']));

    // Monday 09:00 in Amsterdam: the worker (concurrency 8) takes every job that is due.
    t.rd.clock.set('2026-12-07T08:00:00Z');
    const outcomes = await Promise.all([...held.values()].map((d) => t.run(d.data.reminderIds)));
    expect(outcomes.map((o) => o.error)).toEqual(outcomes.map(() => undefined));

    const printed = t.chats.printed(ACME).map((r) => r.text).join('\n');
    const times = (key: string) => printed.split(key).length - 1;
    const counts = Object.fromEntries([...friday, ...saturday].map((key) => [key, times(key)]));
    expect(counts, `jobs held: ${[...held.keys()].join(', ')}`).toEqual(Object.fromEntries([...friday, ...saturday].map((key) => [key, 1])));
  });
});
