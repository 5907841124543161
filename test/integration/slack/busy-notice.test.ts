// A direct message that waits for its answer (here: its conversation held locked by another
// transaction, as a busy database would hold it) is told once that it is kept, and is then
// answered after that notice, with nothing lost and nothing answered "something went wrong".
// A mention in a channel is not told: everyone there would read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { holdConversation as holdRow } from '../../support/hold-conversation';
import { waitFor } from '../../support/payments-harness';
import { ALICE, CHANNEL, slackDriver, textOf, type SlackDriver } from '../../support/slack-driver';

const NOTICE_AFTER_MS = 300;

describe('a Slack message kept waiting', () => {
  let d: SlackDriver;
  beforeAll(async () => {
    d = await slackDriver({ slowNoticeAfterMs: NOTICE_AFTER_MS });
    await d.chat(ALICE).login();
    await d.chat(ALICE, CHANNEL).send('menu');
  });
  afterAll(async () => {
    await d?.close();
    await d?.demo.drop();
  });

  const holdConversation = (chatId: string) => holdRow(d.demo.knex, { channel: 'slack', chat_id: chatId, external_user_id: ALICE });

  const texts = (chatId: string, from: number) => d.fake.messages(chatId).slice(from).map((m) => textOf([m]));

  it('a direct message is told once that it is kept, then gets its answer below that notice', async () => {
    const dm = d.chat(ALICE).channel;
    const held = await holdConversation(dm);
    const from = d.fake.messages(dm).length;
    const sent = await d.fake.sendEvent(d.routeUrl, d.fake.dm(ALICE, '/menu', { channel: dm }));
    // Slack's request is acknowledged at once, however long the answer takes.
    expect(sent.status).toBe(200);
    await waitFor(() => texts(dm, from).includes(t.stillWorking), { what: 'the "kept" notice' });
    await held.release();
    await waitFor(() => texts(dm, from).some((text) => /^Main menu/.test(text)), { what: 'the answer to /menu' });
    const after = texts(dm, from);
    expect(after[0]).toBe(t.stillWorking);
    expect(after.filter((text) => text === t.stillWorking)).toHaveLength(1);
    expect(after.join('\n')).not.toMatch(/something went wrong/i);
    expect(d.errors).toEqual([]);
  });

  it('a mention in a channel waits without a notice, and is answered', async () => {
    const held = await holdConversation(CHANNEL);
    const from = d.fake.messages(CHANNEL).length;
    const sent = await d.fake.sendEvent(d.routeUrl, d.fake.mention(ALICE, CHANNEL, 'menu'));
    expect(sent.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, NOTICE_AFTER_MS * 3));
    expect(texts(CHANNEL, from)).toEqual([]);
    await held.release();
    await waitFor(() => texts(CHANNEL, from).some((text) => /^Main menu/.test(text)), { what: 'the answer in the channel' });
    expect(texts(CHANNEL, from)).not.toContain(t.stillWorking);
  });
});
