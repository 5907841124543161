// The reminders wired as src/main.ts wires them: BullMQ on Redis (startJobs, workers on), a
// console notifier, and an open JSONL console session logged in as Acme's owner, which prints
// the reminder as it arrives. Two instances started together register one scheduler and,
// sweeping at once, send each reminder once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_OFFSETS } from '../../../src/domain/reminders/reminder-offsets';
import { createQueueFactory } from '../../../src/infra/queue/connection';
import { outboxStore } from '../../../src/infra/store/outbox';
import { consoleNotifier } from '../../../src/jobs/notifier';
import { QUEUE_NAMES } from '../../../src/jobs/queues';
import { startJobs, type Jobs } from '../../../src/jobs/workers';
import { consoleSession } from '../../support/console-driver';
import { redisUrlForTests, uniquePrefix } from '../../support/db';
import { eventually, KEY_7Q2M, KEY_P4RP, memoryLogger, remindersDemo, type RemindersDemo } from '../../support/reminders-harness';
import { reminderStore } from '../../../src/infra/store/reminders';

describe('reminders through BullMQ to an open console session', () => {
  let rd: RemindersDemo;
  let chat: Awaited<ReturnType<typeof consoleSession>>;
  const instances: Jobs[] = [];
  const log = memoryLogger();
  const notifier = consoleNotifier();
  const prefix = uniquePrefix();

  async function instance(): Promise<Jobs> {
    const factory = await createQueueFactory({ redisUrl: await redisUrlForTests(), databaseUrl: rd.demo.url, prefix });
    const jobs = await startJobs({
      factory, store: rd.demo.store, licenses: rd.demo.provider, gateways: {}, outbox: outboxStore(rd.knex), notifiers: { console: notifier },
      clock: rd.clock, timeZone: async () => 'UTC', log, reminderStore: reminderStore(rd.knex), reminders: { hourUtc: 8, offsetsDays: DEFAULT_REMINDER_OFFSETS }, work: true,
    });
    instances.push(jobs);
    return jobs;
  }

  /** Flushes what the console printed (an empty line answers "ready") until `pattern` shows; answers those messages. */
  async function printed(pattern: RegExp, from: number) {
    return eventually(async () => {
      await chat.raw('');
      const found = chat.transcript.slice(from).filter((m) => pattern.test(m.text));
      return found.length > 0 ? found : undefined;
    }, `the console to print ${pattern}`);
  }

  beforeAll(async () => {
    rd = await remindersDemo();
    rd.clock.set('2026-12-02T10:00:00Z');
    chat = await consoleSession({ demo: rd.demo, clock: rd.clock, key: { chatId: 'local', userId: 'local' }, notifications: notifier });
    expect(chat.text(await chat.login('demo'))).toMatch(/Welcome, /);
  }, 30_000);

  afterAll(async () => {
    await chat?.close();
    for (const jobs of instances.splice(0)) await jobs.close().catch(() => undefined);
    await rd?.close();
  });

  it('two instances started together register one reminder-sweep scheduler (daily at the configured UTC hour)', async () => {
    await Promise.all([instance(), instance()]);
    const factory = await createQueueFactory({ redisUrl: await redisUrlForTests(), databaseUrl: rd.demo.url, prefix });
    try {
      const schedulers = await factory.queue(QUEUE_NAMES.maintenance).getJobSchedulers();
      const reminders = schedulers.filter((s) => s.key === 'reminder-sweep' || s.id === 'reminder-sweep' || s.name === 'reminder-sweep');
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({ pattern: '0 8 * * *', tz: 'UTC' });
    } finally {
      await factory.close();
    }
  }, 20_000);

  it('the sweep run now (as `npm run ops -- reminders:sweep` does) claims 7Q2M’s 14-day reminder and the open console prints it with its price', async () => {
    const [jobs] = instances;
    if (!jobs) throw new Error('no instance');
    const from = chat.transcript.length;
    expect(await jobs.sweepReminders()).toEqual({ claimed: 2, deliveries: 2, requeued: 0 });
    const [message] = await printed(/Renewal reminder: license 7Q2M/, from);
    expect(message?.text).toBe(
      'Renewal reminder: license 7Q2M-4K8P-ZX3N-1A9B (Harbor Dental), Professional 8 SC, expires on 2026-12-16, in 14 days.\n' +
        'Renewal for 1 year: EUR 350.00 list, EUR 262.50 after your partner discount (plus VAT).',
    );
    expect(message?.buttons.flat().map((b) => b.id)).toEqual([`~renew.annual.${KEY_7Q2M}`, `~remind.later.${KEY_7Q2M}`, `~remind.stop.${KEY_7Q2M}`]);
    await printed(new RegExp(`Renewal reminder: license ${KEY_P4RP}`), from);
    await eventually(async () => (await rd.rows()).every((r) => r.outcome === 'sent'), 'both reminders settled as sent');
  }, 20_000);

  it('pressing Renew now on the printed reminder lands in the renew flow with the key verified and the price', async () => {
    const reminder = chat.transcript.find((m) => m.text.startsWith(`Renewal reminder: license ${KEY_7Q2M}`));
    const renewNow = reminder?.buttons.flat().find((b) => b.label === 'Renew now')?.id;
    if (!renewNow) throw new Error('the printed 7Q2M reminder has no Renew now button');
    const replies = await chat.pressId(renewNow);
    expect(chat.text(replies)).toContain('License 7Q2M-4K8P-ZX3N-1A9B');
    expect(chat.text(replies)).toContain('Annual license: EUR 350.00 per year (list price). For how many years (1–5)?');
  });

  it('both instances sweeping at the same moment a week later: the 7-day reminder is printed once', async () => {
    rd.clock.set('2026-12-09T10:00:00Z');
    const from = chat.transcript.length;
    const results = await Promise.all(instances.map((jobs) => jobs.sweepReminders()));
    expect(results.reduce((n, r) => n + r.claimed, 0)).toBe(2);
    await printed(/Renewal reminder: license 7Q2M.*in 7 days/, from);
    await printed(new RegExp(`Renewal reminder: license ${KEY_P4RP}`), from);
    // Let any second delivery arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await chat.raw('');
    const reminders = chat.transcript.slice(from).filter((m) => m.text.startsWith('Renewal reminder'));
    expect(reminders).toHaveLength(2);
    expect(log.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  }, 20_000);
});
