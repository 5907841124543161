// A message that waits for its answer (here: its conversation held locked by another
// transaction, as a busy database would hold it) is told once that it is kept, and is then
// answered, after that notice, without anything being lost or answered "something went wrong".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { holdConversation as holdRow } from '../../support/hold-conversation';
import { waitFor } from '../../support/payments-harness';
import { ALICE, sentTexts, telegramDriver, type TelegramDriver } from '../../support/telegram-driver';

const NOTICE_AFTER_MS = 300;

describe('a message kept waiting in a private chat', () => {
  let tg: TelegramDriver;
  beforeAll(async () => {
    tg = await telegramDriver({ slowNoticeAfterMs: NOTICE_AFTER_MS });
    await tg.chat(ALICE).login();
  });
  afterAll(async () => {
    await tg?.close();
    await tg?.demo.drop();
  });

  const holdConversation = () => holdRow(tg.demo.knex, { channel: 'telegram', chat_id: String(ALICE.id), external_user_id: String(ALICE.id) });

  const notices = (from: number) => tg.fake.callsOf('sendMessage').slice(from).filter((c) => c.body.text === t.stillWorking);

  it('is told once that it is kept, and gets its answer after that', async () => {
    const held = await holdConversation();
    const from = tg.fake.calls.length;
    const noticesFrom = tg.fake.callsOf('sendMessage').length;
    const delivered = tg.deliver(tg.textUpdate('/menu', ALICE));
    await waitFor(() => notices(noticesFrom).length > 0, { what: 'the "kept" notice' });
    await held.release();
    const calls = await delivered;
    expect(calls.length).toBeGreaterThan(0);
    const texts = sentTexts(tg.fake.calls.slice(from));
    expect(texts[0]).toBe(t.stillWorking);
    expect(texts.filter((text) => text === t.stillWorking)).toHaveLength(1);
    expect(texts.at(-1)).toMatch(/^Main menu/);
    expect(texts.join('\n')).not.toMatch(/something went wrong/);
    expect(tg.errors).toEqual([]);
  });

  it('a press kept waiting is answered below the notice, not by editing the message pressed above it', async () => {
    const alice = tg.chat(ALICE);
    const menu = alice.lastWithKeyboard();
    const data = alice.buttonData('Dashboard', menu);
    const held = await holdConversation();
    const from = tg.fake.calls.length;
    const noticesFrom = tg.fake.callsOf('sendMessage').length;
    const delivered = tg.deliver(tg.pressUpdate(data, menu.messageId, ALICE));
    await waitFor(() => notices(noticesFrom).length > 0, { what: 'the "kept" notice' });
    await held.release();
    await delivered;
    const calls = tg.fake.calls.slice(from);
    expect(calls.filter((c) => c.method === 'editMessageText')).toEqual([]);
    const texts = sentTexts(calls);
    expect(texts[0]).toBe(t.stillWorking);
    expect(texts.at(-1)).toMatch(/^Dashboard/);
    // The pressed message keeps no buttons to press again.
    expect(calls.some((c) => c.method === 'editMessageReplyMarkup' && c.body.message_id === menu.messageId)).toBe(true);
  });
});
