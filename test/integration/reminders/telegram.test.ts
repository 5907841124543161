// Reminders through the Telegram notifier (bot.deliver) against the fake Bot API: the
// message with its inline buttons, one message a second per chat, 429 retry_after waited out
// without losing the reminder, 403 marking the chat unreachable.
import { DelayedError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../../src/conversation/reply';
import { reminderDeliveryProcessor } from '../../../src/jobs/reminders';
import { ALICE, BOB, said, telegramDriver, type TelegramDriver, type TgUser } from '../../support/telegram-driver';
import { fakeJob, KEY_7Q2M, KEY_P4RP, memoryLogger, remindersDemo, sleep, type ReminderRow, type RemindersDemo } from '../../support/reminders-harness';
import { reminderStore } from '../../../src/infra/store/reminders';

const CAROL: TgUser = { id: 7003, first_name: 'Carol' };
const DAN: TgUser = { id: 7004, first_name: 'Dan' };

describe('renewal reminders in Telegram', () => {
  let rd: RemindersDemo;
  let tg: TelegramDriver;
  let rows: ReminderRow[];
  const log = memoryLogger();
  let deliverJob: ReturnType<typeof reminderDeliveryProcessor>;

  async function run(ids: number | number[]) {
    const job = fakeJob(Array.isArray(ids) ? ids : [ids]);
    try {
      return { result: await deliverJob(job, 'token'), error: undefined, job };
    } catch (error) {
      return { result: undefined, error, job };
    }
  }

  const reminderOf = (key: string, chatId: number): ReminderRow => {
    const found = rows.find((r) => r.key === key && r.chatId === String(chatId));
    if (!found) throw new Error(`no reminder for ${key} to ${chatId}`);
    return found;
  };

  const sentTo = (chatId: number) => tg.fake.calls.filter((c) => c.method === 'sendMessage' && Number(c.body.chat_id) === chatId);

  beforeAll(async () => {
    rd = await remindersDemo();
    tg = await telegramDriver({ demo: rd.demo });
    // Four private chats log in as Acme's owner, as a reseller does in Telegram: each is linked.
    for (const user of [ALICE, BOB, CAROL, DAN]) {
      const calls = await tg.chat(user).login('demo', 'demo-pass-1');
      expect(said(calls)).toMatch(/Welcome, /);
    }
    deliverJob = reminderDeliveryProcessor({ reminders: reminderStore(rd.knex), notifiers: { telegram: tg.bot }, clock: rd.clock, timeZone: async () => 'UTC', log });
    rows = await rd.rows((await rd.claim('2026-12-02T10:00:00Z')).map((c) => c.id));
  }, 30_000);

  afterAll(async () => {
    await tg?.close();
    await rd?.close();
  });

  it('the sweep of 2026-12-02 claims 7Q2M’s 14-day reminder for each linked Telegram chat', () => {
    expect(rows.filter((r) => r.key === KEY_7Q2M).map((r) => `${r.channel}:${r.chatId}:${r.offset}`).sort()).toEqual(
      ['telegram:7001:14', 'telegram:7002:14', 'telegram:7003:14', 'telegram:7004:14'],
    );
  });

  it('bot.deliver sends the reminder with the key, customer, edition, date, price and its three inline buttons', async () => {
    const { result, error } = await run(reminderOf(KEY_7Q2M, ALICE.id).id);
    expect(error).toBeUndefined();
    expect(result).toBe('sent');
    const [message] = tg.messagesIn(ALICE.id).filter((m) => m.text.startsWith('Renewal reminder'));
    expect(message?.text).toBe(
      'Renewal reminder: license 7Q2M-4K8P-ZX3N-1A9B (Harbor Dental), Professional 8 SC, expires on 2026-12-16, in 14 days.\n' +
        'Renewal for 1 year: EUR 350.00 list, EUR 262.50 after your partner discount (plus VAT).',
    );
    expect(message?.markup?.inline_keyboard.flat().map((b) => [b.text, b.callback_data])).toEqual([
      ['Renew now', `~renew.annual.${KEY_7Q2M}`],
      ['Remind me later', `~remind.later.${KEY_7Q2M}`],
      ['Stop reminders for this key', `~remind.stop.${KEY_7Q2M}`],
    ]);
    expect((await rd.rows([reminderOf(KEY_7Q2M, ALICE.id).id]))[0]?.outcome).toBe('sent');
  });

  it('a second reminder to the same chat within a second answers retry (one message a second per chat); it is sent after the wait', async () => {
    const second = reminderOf(KEY_P4RP, ALICE.id);
    const before = sentTo(ALICE.id).length;
    const started = Date.now();
    const early = await run(second.id);
    expect(early.error).toBeInstanceOf(DelayedError);
    expect(early.job.delayedTo).toHaveLength(1);
    const wait = (early.job.delayedTo[0] ?? 0) - started;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1_100);
    expect(sentTo(ALICE.id)).toHaveLength(before);
    expect((await rd.rows([second.id]))[0]?.sentAt).toBeNull();

    await sleep(Math.max(0, (early.job.delayedTo[0] ?? 0) - Date.now()) + 50);
    expect((await run(second.id)).result).toBe('sent');
    expect(sentTo(ALICE.id).slice(before).map((c) => String(c.body.text).split(',')[0])).toEqual([`Renewal reminder: license ${KEY_P4RP} (Old Mill Hotel)`]);
  });

  it('bot.deliver itself: two messages to one chat within a second → the second answers retry with the rest of the second', async () => {
    const first = await tg.bot.deliver(String(DAN.id), [say('one')]);
    const second = await tg.bot.deliver(String(DAN.id), [say('two')]);
    expect(first).toEqual({ kind: 'delivered' });
    expect(second).toMatchObject({ kind: 'retry' });
    if (second.kind === 'retry') {
      expect(second.afterMs).toBeGreaterThan(0);
      expect(second.afterMs).toBeLessThanOrEqual(1_000);
    }
    expect(tg.messagesIn(DAN.id).map((m) => m.text)).not.toContain('two');
  });

  it('a 429 answers retry with Telegram’s retry_after; the job waits it out without failing, and the reminder is sent once afterwards', async () => {
    const reminder = reminderOf(KEY_7Q2M, BOB.id);
    tg.fake.failNext('sendMessage', 429, { chatId: BOB.id });
    const started = Date.now();
    const limited = await run(reminder.id);
    expect(limited.error).toBeInstanceOf(DelayedError);
    // retry_after: 1 (second) from the fake.
    const wait = (limited.job.delayedTo[0] ?? 0) - started;
    expect(wait).toBeGreaterThanOrEqual(950);
    expect(wait).toBeLessThanOrEqual(1_500);
    expect((await rd.rows([reminder.id]))[0]?.sentAt).toBeNull();
    expect(sentTo(BOB.id).filter((c) => String(c.body.text).startsWith('Renewal reminder')).map((c) => c.status)).toEqual([429]);

    await sleep(Math.max(0, (limited.job.delayedTo[0] ?? 0) - Date.now()) + 50);
    expect((await run(reminder.id)).result).toBe('sent');
    expect(sentTo(BOB.id).filter((c) => String(c.body.text).startsWith('Renewal reminder')).map((c) => c.status)).toEqual([429, 200]);
    expect(tg.messagesIn(BOB.id).filter((m) => m.text.startsWith('Renewal reminder'))).toHaveLength(1);
    expect((await rd.rows([reminder.id]))[0]?.outcome).toBe('sent');
  });

  it('bot.deliver itself: a 429 answers retry with retry_after in milliseconds', async () => {
    await sleep(1_050); // past BOB's one-a-second
    tg.fake.failNext('sendMessage', 429, { chatId: BOB.id });
    expect(await tg.bot.deliver(String(BOB.id), [say('hello')])).toMatchObject({ kind: 'retry', afterMs: 1_000 });
  });

  it('a 403 (the user blocked the bot) answers unreachable, settles the reminder and marks the chat unreachable; later sweeps skip that chat', async () => {
    const reminder = reminderOf(KEY_7Q2M, CAROL.id);
    tg.fake.block(CAROL.id);
    const { result, error } = await run(reminder.id);
    expect(error).toBeUndefined();
    expect(result).toBe('unreachable');
    const [stored] = await rd.rows([reminder.id]);
    expect(stored?.sentAt).toBeInstanceOf(Date);
    expect(stored?.outcome).toMatch(/^unreachable/);
    const identity = await rd.knex('channel_identities').where({ channel: 'telegram', chat_id: String(CAROL.id) }).first('unreachable_since');
    expect(identity?.unreachable_since).toBeInstanceOf(Date);

    const next = await rd.rows((await rd.claim('2026-12-09T10:00:00Z')).map((c) => c.id));
    expect(next.filter((r) => r.key === KEY_7Q2M).map((r) => r.chatId).sort()).toEqual(['7001', '7002', '7004']);
  });

  it('Renew now pressed on the reminder in Telegram opens the renew flow with the price', async () => {
    const reminder = tg.messagesIn(ALICE.id).find((m) => m.text.startsWith(`Renewal reminder: license ${KEY_7Q2M}`));
    if (!reminder) throw new Error('no reminder in the chat');
    const calls = await tg.chat(ALICE).pressData(`~renew.annual.${KEY_7Q2M}`, reminder.messageId);
    expect(said(calls)).toContain('License 7Q2M-4K8P-ZX3N-1A9B');
    expect(said(calls)).toContain('Annual license: EUR 350.00 per year (list price). For how many years (1–5)?');
  });

  it('a digest job of 6 of which one was renewed since: the 5 left do not go out faster than one message a second to the chat', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push(await rd.addLicense('demo', '2026-12-24'));
    const claimed = await rd.rows((await rd.claim('2026-12-10T10:00:00Z')).map((c) => c.id));
    const forDan = claimed.filter((r) => r.chatId === String(DAN.id) && keys.includes(r.key));
    expect(forDan).toHaveLength(6);
    await rd.renew(keys[0] ?? '');
    await sleep(1_050); // past DAN's one-a-second
    const from = tg.fake.calls.length;
    const { result, error } = await run(forDan.map((r) => r.id));
    expect(error).toBeUndefined();
    expect(result).toBe('sent');
    const sends = tg.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && Number(c.body.chat_id) === DAN.id);
    const text = sends.map((c) => String(c.body.text)).join('\n');
    for (const key of keys.slice(1)) expect(text).toContain(key);
    expect(text).not.toContain(keys[0]);
    const gaps = sends.slice(1).map((c, i) => c.at - (sends[i]?.at ?? 0));
    expect(gaps.filter((ms) => ms < 900), `${sends.length} messages sent with gaps of ${gaps.join(', ')} ms`).toEqual([]);
  });
});
