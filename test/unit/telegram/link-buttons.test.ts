// A link button whose URL the Bot API refuses (api.telegram.org takes no host without a dot:
// a payment page at http://localhost:3000 or at a container's name) must not lose the message
// it is on, nor the way to pay: the link goes into the text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBot } from '../../../src/bots/telegram/telegram-bot';
import type { ConversationEngine } from '../../../src/conversation/engine';
import type { Reply } from '../../../src/conversation/reply';
import { silentLogger } from '../../../src/infra/log';
import { BOT_USER, startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram';

const CHAT = 7101;
const PAY: Reply = {
  text: 'Order 12 is placed. Open the payment page to pay it.',
  buttons: [[{ url: 'http://localhost:3000/pay/12', label: 'Open the payment page' }], [{ id: '1a:nav.menu', label: 'Main menu' }]],
  secret: false,
};

describe('a link button the Bot API refuses', () => {
  let fake: FakeTelegram;
  let bot: TelegramBot;
  const replies: Reply[][] = [];
  beforeAll(async () => {
    fake = await startFakeTelegram();
    const engine = { handleInput: async () => ({ replies: replies.shift() ?? [], secretInput: false, duplicate: false }) } as unknown as ConversationEngine;
    bot = createTelegramBot({ token: '4242:links', apiRoot: fake.url, engine, log: silentLogger, onBlocked: async () => undefined, botInfo: { ...BOT_USER } });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  const typed = (updateId: number) => ({
    update_id: updateId,
    message: { message_id: updateId, date: 1_800_000_000, chat: { id: CHAT, type: 'private' as const, first_name: 'Kim' }, from: { id: CHAT, is_bot: false, first_name: 'Kim' }, text: 'bank' },
  });

  it('sends the message again with the link in its text and the other buttons kept', async () => {
    replies.push([PAY]);
    await bot.handleUpdate(typed(1));
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([400, 200]);
    const sent = fake.messages.filter((m) => m.chatId === CHAT);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe('Order 12 is placed. Open the payment page to pay it.\n\nOpen the payment page: http://localhost:3000/pay/12');
    expect(sent[0]?.markup?.inline_keyboard).toEqual([[{ text: 'Main menu', callback_data: '1a:nav.menu' }]]);
  });

  it('answers a press that way too (the edit refused, a new message follows)', async () => {
    const [pressed] = fake.messages.filter((m) => m.chatId === CHAT);
    replies.push([PAY]);
    await bot.handleUpdate({
      update_id: 2,
      callback_query: { id: 'q1', from: { id: CHAT, is_bot: false, first_name: 'Kim' }, chat_instance: 'ci', data: '1a:nav.menu', message: { message_id: pressed!.messageId, date: 1_800_000_000, chat: { id: CHAT, type: 'private', first_name: 'Kim' }, text: pressed!.text } },
    });
    expect(fake.messages.filter((m) => m.chatId === CHAT).at(-1)?.text).toMatch(/Open the payment page: http:\/\/localhost:3000\/pay\/12$/);
  });
});
