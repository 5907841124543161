// How updates reach the bot: Telegram posts them to the webhook on the shared HTTP server
// (with the secret token), or the bot fetches them by long polling.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTelegramBot, telegramInputId } from '../../../src/bots/telegram/telegram-bot';
import { createHttpServer } from '../../../src/infra/http/server';
import { silentLogger } from '../../../src/infra/log';
import { demoStore } from '../../support/demo-store';
import { startFakeTelegram } from '../../support/fake-telegram';
import { sentTexts, telegramDriver, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const ERIN: TgUser = { id: 7005, first_name: 'Erin' };
const FRANK: TgUser = { id: 7006, first_name: 'Frank' };
const GRACE: TgUser = { id: 7007, first_name: 'Grace' };
const HEIDI: TgUser = { id: 7008, first_name: 'Heidi' };
const IVAN: TgUser = { id: 7009, first_name: 'Ivan' };

describe('the Telegram webhook and long polling', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  let tg: TelegramDriver;
  let http: ReturnType<typeof createHttpServer>;
  let webhookUrl: string;
  beforeAll(async () => {
    demo = await demoStore();
    tg = await telegramDriver({ demo });
    http = createHttpServer([tg.bot.webhookRoute()], silentLogger);
    const port = await http.listen(0, '127.0.0.1');
    webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
  });
  afterAll(async () => {
    await http?.close();
    await tg?.close();
    await demo?.drop();
  });

  const post = (body: unknown, secret?: string) =>
    fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify(body),
    });

  it('handles an update posted with the right secret token', async () => {
    const update = tg.textUpdate('/start', ERIN);
    const before = tg.fake.calls.length;
    const response = await post(update, tg.bot.webhookSecret);
    expect(response.status).toBe(200);
    const texts = sentTexts(tg.fake.calls.slice(before));
    expect(texts.join('\n')).toMatch(/Welcome to [\s\S]*What is your username/);
    expect(tg.fake.calls.slice(before).every((c) => c.method !== 'sendMessage' || c.body.chat_id === ERIN.id)).toBe(true);
  });

  it('refuses an update posted with a wrong secret token, or none, and handles nothing', async () => {
    const wrong = tg.textUpdate('/start', FRANK);
    const missing = tg.textUpdate('/start', FRANK);
    const before = tg.fake.calls.length;
    expect((await post(wrong, 'not-the-secret')).status).toBe(401);
    expect((await post(wrong, tg.bot.webhookSecret.slice(0, -1) + (tg.bot.webhookSecret.endsWith('0') ? '1' : '0'))).status).toBe(401);
    expect((await post(missing)).status).toBe(401);
    expect(tg.fake.calls.slice(before)).toEqual([]);
    const processed = await demo.knex('processed_inputs').whereIn('input_id', [telegramInputId(wrong), telegramInputId(missing)]);
    expect(processed).toEqual([]);
    expect(await demo.knex('conversations').where({ channel: 'telegram', chat_id: String(FRANK.id) })).toEqual([]);
  });

  it('takes updates of kinds it does not handle (an edit, a photo or a sticker in a group not addressed to the bot, a channel post, being blocked) with 200 and answers nothing', async () => {
    const base = tg.textUpdate('hello', FRANK);
    const message = base.message;
    const inGroup = { ...message, text: undefined, chat: { id: -100501, type: 'group', title: 'Resellers' } };
    const updates = [
      { update_id: base.update_id, edited_message: { ...message, edit_date: message.date + 5 } },
      { update_id: base.update_id + 100_000, message: { ...inGroup, photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90 }], caption: '/menu' } },
      { update_id: base.update_id + 100_001, message: { ...inGroup, sticker: { file_id: 's1', file_unique_id: 'u2', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } } },
      { update_id: base.update_id + 100_002, channel_post: { message_id: 1, date: message.date, chat: { id: -100777, type: 'channel', title: 'News' }, text: '/start' } },
      { update_id: base.update_id + 100_003, my_chat_member: { chat: message.chat, from: message.from, date: message.date, old_chat_member: { status: 'member', user: { id: 123456, is_bot: true, first_name: 'Orders' } }, new_chat_member: { status: 'kicked', until_date: 0, user: { id: 123456, is_bot: true, first_name: 'Orders' } } } },
      { update_id: base.update_id + 100_004, callback_query: { id: 'q-inline', from: message.from, chat_instance: 'ci', inline_message_id: 'im1', data: 'x' } },
    ];
    const before = tg.fake.calls.length;
    for (const update of updates) expect((await post(update, tg.bot.webhookSecret)).status).toBe(200);
    // Only the inline button's press is answered (so that it stops spinning); nothing is sent.
    expect(tg.fake.calls.slice(before).map((c) => c.method)).toEqual(['answerCallbackQuery']);
    expect(tg.errors).toEqual([]);
  });

  it('answers 400 to a body that is not an update', async () => {
    expect((await post({ hello: 'world' }, tg.bot.webhookSecret)).status).toBe(400);
    const raw = await fetch(webhookUrl, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': tg.bot.webhookSecret }, body: '{not json' });
    expect(raw.status).toBe(400);
  });

  it('sets the webhook with its secret token and registers the commands when it has a public URL', async () => {
    const hooked = await telegramDriver({ demo, publicUrl: 'https://bot.example' });
    try {
      expect(hooked.bot.routes().map((r) => r.path)).toEqual(['/telegram/webhook']);
      await hooked.bot.start();
      const calls = hooked.fake.calls;
      const setWebhook = calls.filter((c) => c.method === 'setWebhook');
      expect(setWebhook).toHaveLength(1);
      expect(setWebhook[0]?.body).toMatchObject({ url: 'https://bot.example/telegram/webhook', secret_token: hooked.bot.webhookSecret });
      expect(hooked.bot.webhookSecret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      const commands = calls.find((c) => c.method === 'setMyCommands')?.body.commands as Array<{ command: string; description: string }>;
      expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(['start', 'menu', 'cart', 'help', 'cancel']));
      expect(calls.filter((c) => c.method === 'getUpdates' || c.method === 'deleteWebhook')).toEqual([]);
    } finally {
      await hooked.close();
    }
  });

  it('deletes the webhook and polls getUpdates without a public URL, handling what it is served, until it is stopped', async () => {
    const poller = await telegramDriver({ demo });
    try {
      expect(poller.bot.routes()).toEqual([]);
      await poller.bot.start();
      expect(poller.fake.callsOf('setMyCommands')).toHaveLength(1);
      expect(poller.fake.callsOf('deleteWebhook').length).toBeGreaterThanOrEqual(1);
      expect(poller.fake.callsOf('setWebhook')).toEqual([]);
      await vi.waitFor(() => expect(poller.fake.callsOf('getUpdates').length).toBeGreaterThan(0));

      const update = poller.textUpdate('/start', FRANK);
      poller.fake.queueUpdate(update);
      await vi.waitFor(() => expect(sentTexts(poller.fake.calls).join('\n')).toMatch(/What is your username/), { timeout: 5000 });
      expect(poller.fake.callsOf('sendMessage').every((c) => c.body.chat_id === FRANK.id)).toBe(true);
      // The next poll confirms the update, so Telegram would not send it again.
      await vi.waitFor(() => expect(poller.fake.callsOf('getUpdates').some((c) => Number(c.body.offset) === update.update_id + 1)).toBe(true));
      expect(poller.fake.pendingUpdates()).toEqual([]);

      await poller.bot.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const polls = poller.fake.callsOf('getUpdates').length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(poller.fake.callsOf('getUpdates').length).toBe(polls);
      expect(poller.errors).toEqual([]);
    } finally {
      await poller.close();
    }
  });
  it('keeps the path of TELEGRAM_API_ROOT (a Bot API server behind a proxy at /tg)', async () => {
    const fake = await startFakeTelegram({ token: '4242:path-token' });
    const bot = createTelegramBot({ token: '4242:path-token', apiRoot: `${fake.url}/tg`, publicUrl: 'https://bot.example', engine: tg.engine, log: silentLogger, onBlocked: async () => undefined });
    try {
      await bot.start();
      expect(fake.calls.map((c) => `${c.prefix} ${c.method} ${c.status}`)).toEqual(['/tg getMe 200', '/tg setMyCommands 200', '/tg setWebhook 200']);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });

  it('a token the Bot API rejects (401) stops the Telegram channel with a clear error, and is not tried again', async () => {
    const fake = await startFakeTelegram({ token: '4242:the-right-token' });
    const errors: string[] = [];
    const bot = createTelegramBot({
      token: '4242:a-revoked-token', apiRoot: fake.url, engine: tg.engine,
      log: { ...silentLogger, error: (message) => void errors.push(message) }, onBlocked: async () => undefined,
    });
    try {
      await expect(bot.start()).resolves.toBeUndefined();
      expect(errors).toEqual([expect.stringMatching(/rejected TELEGRAM_BOT_TOKEN \(401 Unauthorized\); the Telegram channel is stopped/)]);
      expect(errors.join('\n')).not.toMatch(/cannot reach|trying again/);
      expect(fake.calls.map((c) => c.method)).toEqual(['getMe']);
      // Notifications for Telegram wait (the queue keeps them) instead of calling the API with the bad token.
      expect(await bot.deliver('7005', [{ text: 'hello', buttons: [], secret: false }])).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/stopped/) });
      expect(fake.calls).toHaveLength(1);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });

  // A bot of its own against a fake of its own, no bot details given (getMe asked, as in production).
  async function ownBot(token: string, fakeOptions: Parameters<typeof startFakeTelegram>[0], options: { publicUrl?: string; failCommands?: 404 | 400 | 500 } = {}) {
    const fake = await startFakeTelegram({ ...fakeOptions, token });
    if (options.failCommands) fake.failNext('setMyCommands', options.failCommands);
    const errors: string[] = [];
    const bot = createTelegramBot({
      token, apiRoot: fake.url, engine: tg.engine, pollRetryMs: 50, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      log: { ...silentLogger, error: (message) => void errors.push(message) }, onBlocked: async () => undefined,
    });
    return { fake, bot, errors, async close() { await bot.stop(); await fake.close(); } };
  }

  it.each([404, 400, 500] as const)('runs without the commands menu when the Bot API answers %i to setMyCommands (a server without it, or down for a moment): polls and answers', async (code) => {
    const own = await ownBot(`4242:commands-${code}`, {}, { failCommands: code });
    try {
      await own.bot.start();
      const update = tg.textUpdate('/start', code === 404 ? GRACE : code === 400 ? HEIDI : IVAN);
      own.fake.queueUpdate(update);
      await vi.waitFor(() => expect(sentTexts(own.fake.calls).join('\n')).toMatch(/What is your username/), { timeout: 5000 });
      expect(own.errors.join('\n')).not.toMatch(/rejected TELEGRAM_BOT_TOKEN|cannot reach/);
      expect(await own.bot.deliver('7005', [])).toEqual({ kind: 'delivered' });
    } finally {
      await own.close();
    }
  });

  it('polls instead when the Bot API refuses the webhook (api.telegram.org takes https only), and says so', async () => {
    const own = await ownBot('4242:http-webhook', { httpsWebhooksOnly: true }, { publicUrl: 'http://127.0.0.1:1' });
    try {
      await own.bot.start();
      expect(own.fake.callsOf('setWebhook').map((c) => c.status)).toEqual([400]);
      expect(own.errors).toEqual([expect.stringMatching(/refused the webhook http:\/\/127\.0\.0\.1:1\/telegram\/webhook \(400 Bad Request: bad webhook.*\); long polling instead/)]);
      const update = tg.textUpdate('/start', GRACE);
      own.fake.queueUpdate(update);
      await vi.waitFor(() => expect(sentTexts(own.fake.calls).join('\n')).toMatch(/What is your username/), { timeout: 5000 });
    } finally {
      await own.close();
    }
  });

  it('polls again after polling stopped on an answer telegraf does not wait out itself (a 400)', async () => {
    const own = await ownBot('4242:poll-again', {});
    try {
      own.fake.failNext('getUpdates', 400);
      await own.bot.start();
      await vi.waitFor(() => expect(own.errors).toEqual([expect.stringMatching(/polling stopped \(400 Bad Request: something is wrong\); polling again in 0 s/)]));
      const update = tg.textUpdate('/start', HEIDI);
      own.fake.queueUpdate(update);
      await vi.waitFor(() => expect(sentTexts(own.fake.calls).join('\n')).toMatch(/What is your username/), { timeout: 5000 });
    } finally {
      await own.close();
    }
    // Stopped: no more polls.
    const polls = own.fake.callsOf('getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(own.fake.callsOf('getUpdates').length).toBe(polls);
  });

  it('handles one chat\'s updates of one getUpdates batch in their order: a press, then a message typed right after it', async () => {
    const judy = tg.chat({ id: 7010, first_name: 'Judy' });
    await judy.login();
    const menu = judy.lastWithKeyboard();
    const press = tg.pressUpdate(judy.buttonData('Buy', menu), menu.messageId, judy.user);
    const typed = tg.textUpdate('/help', judy.user);
    // Telegraf handles a batch's updates at once (Promise.all); a slow network shows their order.
    tg.fake.setLatency(40);
    const before = tg.fake.calls.length;
    try {
      await Promise.all([tg.bot.handleUpdate(press), tg.bot.handleUpdate(typed)]);
    } finally {
      tg.fake.setLatency(0);
    }
    const answers = tg.fake.calls.slice(before).filter((c) => c.method === 'editMessageText' || c.method === 'sendMessage');
    expect(answers.map((c) => c.method)).toEqual(['editMessageText', 'sendMessage']);
    expect(String(answers[0]?.body.text)).toMatch(/What would you like to buy/);
    expect(String(answers[1]?.body.text)).not.toMatch(/out of date/);
  });
});
