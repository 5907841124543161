// Drives the product's Telegram bot end to end: the engine built as src/main.ts builds it,
// on a database of its own with the demo data, and the real telegraf client talking HTTP to
// the fake Bot API server. Tests hand it updates (as Telegram would deliver them) and read
// what the bot sent from the fake.
import { afterAll, beforeAll } from 'vitest';
import type { Update } from 'telegraf/types';
import { createTelegramBot } from '../../src/bots/telegram/telegram-bot';
import { fixedClock } from '../../src/infra/clock';
import { silentLogger } from '../../src/infra/log';
import { markChatReachable, markChatUnreachable } from '../../src/infra/store/identity-status';
import { demoEngine, demoStore } from './demo-store';
import { BOT_USER, startFakeTelegram, type ApiCall, type BotMessage, type FakeTelegramOptions } from './fake-telegram';

export const TEST_TOKEN = '123456:TEST-token';

type Demo = Awaited<ReturnType<typeof demoStore>>;

/** A Telegram user; in a private chat the chat id is the user id, as on Telegram. */
export interface TgUser {
  id: number;
  first_name: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group';
}

export const ALICE: TgUser = { id: 7001, first_name: 'Alice' };
export const BOB: TgUser = { id: 7002, first_name: 'Bob' };
export const GROUP: TgChat = { id: -100500, type: 'group' };

// Update ids of one bot only grow, and the product remembers the ones it handled: two drivers
// on one database must not reuse them.
let nextUpdateId = 1000;

/** A driver on a demo database of its own for a file's tests (`set` receives it), closed and dropped after them. */
export function telegramDriverForTests(set: (driver: TelegramDriver) => void, options: { staffChat?: TgChat } = {}): void {
  let driver: TelegramDriver | undefined;
  beforeAll(async () => {
    driver = await telegramDriver(options);
    set(driver);
  });
  afterAll(async () => {
    await driver?.close();
    await driver?.demo.drop();
  });
}

/**
 * `staffChat`: the group set as STAFF_CHAT. `slowNoticeAfterMs`: when a message still unanswered
 * is told "busy, kept"; by default never here, so that a test slowed down by a loaded machine
 * gets the same messages.
 */
export async function telegramDriver(options: { demo?: Demo; fake?: FakeTelegramOptions; publicUrl?: string; staffChat?: TgChat; slowNoticeAfterMs?: number } = {}) {
  const demo = options.demo ?? (await demoStore());
  const fake = await startFakeTelegram(options.fake);
  const clock = fixedClock('2026-11-26T10:00:00Z');
  const errors: unknown[] = [];
  /** What the bot asked to sleep for (ms); it really sleeps a tenth of it. */
  const sleeps: number[] = [];
  const engine = demoEngine(demo, clock, (error) => errors.push(error), options.staffChat ? { staffChat: { channel: 'telegram', chatId: String(options.staffChat.id) } } : {});
  const bot = createTelegramBot({
    token: TEST_TOKEN,
    apiRoot: fake.url,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    engine,
    log: silentLogger,
    onBlocked: (chatId) => markChatUnreachable(demo.knex, 'telegram', chatId),
    onActive: (chatId) => markChatReachable(demo.knex, 'telegram', chatId),
    botInfo: { ...BOT_USER },
    slowNoticeAfterMs: options.slowNoticeAfterMs ?? 2 ** 31 - 1,
    sendPolicy: {
      attempts: 8,
      maxRetryAfterSeconds: 2,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms / 10));
      },
    },
  });

  let nextUserMessageId = 50_000;
  let nextQueryId = 1;

  /** A text message from `user` in `chat` (their private chat by default). */
  function textUpdate(text: string, user: TgUser = ALICE, chat: TgChat = { id: user.id, type: 'private' }, updateId = nextUpdateId++): Update.MessageUpdate {
    const command = /^\/\w+/.exec(text);
    return {
      update_id: updateId,
      message: {
        message_id: nextUserMessageId++,
        date: Math.floor(clock.now().getTime() / 1000),
        chat: chat.type === 'private' ? { id: chat.id, type: 'private', first_name: user.first_name } : { id: chat.id, type: 'group', title: 'Resellers' },
        from: { id: user.id, is_bot: false, first_name: user.first_name },
        text,
        ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
      },
    };
  }

  /** `user` pressing the button with `data` on the bot's message `messageId`. */
  function pressUpdate(data: string, messageId: number, user: TgUser = ALICE, updateId = nextUpdateId++): Update.CallbackQueryUpdate {
    const message = fake.messages.find((m) => m.messageId === messageId);
    const chatId = message?.chatId ?? user.id;
    return {
      update_id: updateId,
      callback_query: {
        id: `q${nextQueryId++}`,
        from: { id: user.id, is_bot: false, first_name: user.first_name },
        chat_instance: `ci${chatId}`,
        data,
        message: {
          message_id: messageId,
          date: Math.floor(clock.now().getTime() / 1000),
          chat: chatId > 0 ? { id: chatId, type: 'private', first_name: user.first_name } : { id: chatId, type: 'group', title: 'Resellers' },
          from: { ...BOT_USER },
          text: message?.text ?? '',
          ...(message?.markup ? { reply_markup: message.markup as never } : {}),
        },
      },
    };
  }

  /** Hands one update to the bot; answers the Bot API calls made while it was handled. */
  async function deliver(update: Update): Promise<ApiCall[]> {
    const from = fake.calls.length;
    await bot.handleUpdate(update);
    if (errors.length > 0) throw errors[0];
    return fake.calls.slice(from);
  }

  /** The bot's messages in a chat as they stand now, oldest first, deleted ones left out. */
  function messagesIn(chatId: number): BotMessage[] {
    return fake.messages.filter((m) => m.chatId === chatId && !m.deleted);
  }

  /** The newest message in a chat that has an inline keyboard. */
  function lastWithKeyboard(chatId: number): BotMessage {
    const found = [...messagesIn(chatId)].reverse().find((m) => m.markup);
    if (!found) throw new Error(`no message with buttons in chat ${chatId}`);
    return found;
  }

  /** The callback_data of the button labelled `label` on a message (the newest with buttons by default). */
  function buttonData(chatId: number, label: string | RegExp, message = lastWithKeyboard(chatId)): string {
    const all = message.markup?.inline_keyboard.flat() ?? [];
    const found = all.find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!found?.callback_data) throw new Error(`no button ${String(label)} in: ${all.map((b) => b.text).join(' | ')}`);
    return found.callback_data;
  }

  /** One user in one chat. */
  function chat(user: TgUser = ALICE, where: TgChat = { id: user.id, type: 'private' }) {
    const self = {
      user,
      id: where.id,
      send: (text: string) => deliver(textUpdate(text, user, where)),
      /** Presses the button labelled `label` on the newest message with buttons. */
      press(label: string | RegExp) {
        const message = lastWithKeyboard(where.id);
        return deliver(pressUpdate(buttonData(where.id, label, message), message.messageId, user));
      },
      pressData: (data: string, messageId: number) => deliver(pressUpdate(data, messageId, user)),
      messages: () => messagesIn(where.id),
      lastWithKeyboard: () => lastWithKeyboard(where.id),
      buttonData: (label: string | RegExp, message?: BotMessage) => buttonData(where.id, label, message),
      labels: () => lastWithKeyboard(where.id).markup?.inline_keyboard.flat().map((b) => b.text) ?? [],
      /** Logs in with a username and a password. */
      async login(username = 'demo', password = 'demo-pass-1') {
        await self.send('/start');
        await self.send(username);
        return self.send(password);
      },
    };
    return self;
  }

  return {
    demo,
    fake,
    bot,
    engine,
    clock,
    errors,
    sleeps,
    textUpdate,
    pressUpdate,
    deliver,
    chat,
    messagesIn,
    async close() {
      await bot.stop();
      await fake.close();
    },
  };
}

export type TelegramDriver = Awaited<ReturnType<typeof telegramDriver>>;

/** The texts of the messages sent (sendMessage) among some calls. */
export function sentTexts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === 'sendMessage' && c.status === 200).map((c) => String(c.body.text));
}

/** Everything the bot said among some calls: sent messages and edited texts, in order. */
export function said(calls: ApiCall[]): string {
  return calls
    .filter((c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && c.status === 200)
    .map((c) => String(c.body.text))
    .join('\n');
}
