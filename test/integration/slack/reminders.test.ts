// Renewal reminders carry license keys and prices, so on Slack they go to the reseller's
// direct message with the bot (a D… channel) and never to a channel where colleagues and
// guests read along, even when the same user is recognised there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { reminderDeliveryProcessor } from '../../../src/jobs/reminders';
import { fakeJob, KEY_7Q2M, memoryLogger, remindersDemo, type ReminderRow, type RemindersDemo } from '../../support/reminders-harness';
import { ALICE, CHANNEL, slackDriver, textOf, type SlackDriver } from '../../support/slack-driver';
import { reminderStore } from '../../../src/infra/store/reminders';

const DM = `D${ALICE}`;

describe('renewal reminders in Slack', () => {
  let rd: RemindersDemo;
  let d: SlackDriver;
  let rows: ReminderRow[];
  const log = memoryLogger();

  beforeAll(async () => {
    rd = await remindersDemo();
    d = await slackDriver({ demo: rd.demo });
    // Alice logs in as Acme's owner by direct message, and is then recognised in a channel:
    // both chats are linked to her, as they are in use.
    const welcome = await d.chat(ALICE).login();
    expect(textOf(welcome)).toContain('Welcome, Dana Demo');
    const inChannel = await d.chat(ALICE, CHANNEL).send('/menu');
    expect(textOf(inChannel)).toContain(t.menu.title);
    // A group conversation (G…) of hers too.
    await rd.link('demo', { channel: 'slack', chatId: 'GACMEBUYERS', externalUserId: ALICE });
    rows = await rd.rows((await rd.claim('2026-12-02T10:00:00Z')).map((c) => c.id));
  }, 30_000);

  afterAll(async () => {
    await d?.close();
    await rd?.close();
  });

  it('links the direct message, the channel and the group conversation to her', async () => {
    const chats = await rd.knex('channel_identities').where({ channel: 'slack', external_user_id: ALICE }).orderBy('chat_id').pluck('chat_id');
    expect(chats).toEqual([CHANNEL, DM, 'GACMEBUYERS'].sort());
  });

  it('claims 7Q2M’s 14-day reminder for her direct message only, not for the channel or the group', () => {
    expect(rows.filter((r) => r.key === KEY_7Q2M).map((r) => `${r.channel}:${r.chatId}:${r.offset}`)).toEqual([`slack:${DM}:14`]);
    expect(rows.filter((r) => r.chatId !== DM)).toEqual([]);
  });

  it('delivers it to the direct message with its buttons, and nothing reaches the channel', async () => {
    const reminder = rows.find((r) => r.key === KEY_7Q2M);
    if (!reminder) throw new Error('no 7Q2M reminder was claimed');
    const channelBefore = d.fake.messages(CHANNEL).length;
    const deliverJob = reminderDeliveryProcessor({ reminders: reminderStore(rd.knex), notifiers: { slack: d.bot }, clock: rd.clock, timeZone: async () => 'UTC', log });
    expect(await deliverJob(fakeJob([reminder.id]), 'token')).toBe('sent');
    const message = d.fake.lastMessage(DM);
    expect(textOf([message])).toMatch(/^Renewal reminder: license 7Q2M-4K8P-ZX3N-1A9B \(Harbor Dental\), Professional 8 SC, expires on 2026-12-16, in 14 days\./);
    expect(d.fake.buttonsOf(message).map((b) => [b.text, b.value])).toEqual([
      [t.remind.renewNow, `~renew.annual.${KEY_7Q2M}`],
      [t.remind.later, `~remind.later.${KEY_7Q2M}`],
      [t.remind.stop, `~remind.stop.${KEY_7Q2M}`],
    ]);
    expect(d.fake.messages(CHANNEL)).toHaveLength(channelBefore);
    expect(textOf(d.fake.messages(CHANNEL))).not.toContain(KEY_7Q2M);
    expect(d.fake.messages('GACMEBUYERS')).toEqual([]);
    expect((await rd.rows([reminder.id]))[0]?.outcome).toBe('sent');
  });

  it('its "Remind me later" button works from the direct message', async () => {
    const alice = d.chat(ALICE);
    const snoozed = await alice.press(t.remind.later);
    expect(textOf(snoozed)).toMatch(new RegExp(`^OK: I will remind you about ${KEY_7Q2M} again on \\d{4}-\\d{2}-\\d{2}\\.`));
    expect(snoozed.every((m) => m.channel === DM)).toBe(true);
    const userId = await rd.userId('demo');
    expect(await rd.knex('reminder_snoozes').where({ reseller_user_id: userId })).toHaveLength(1);
  });
});
