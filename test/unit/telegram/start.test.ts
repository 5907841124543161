import { describe, expect, it, vi } from 'vitest';
import { createTelegramBot } from '../../../src/bots/telegram/telegram-bot';
import type { ConversationEngine } from '../../../src/conversation/engine';
import { silentLogger } from '../../../src/infra/log';
import { BOT_USER, startFakeTelegram } from '../../support/fake-telegram';
import { freePort } from '../../support/http-helpers';

describe('the Telegram bot when the Bot API cannot be reached at start-up', () => {
  it('starts anyway (the rest of the product runs), says so, and tries again later', async () => {
    const errors: string[] = [];
    const bot = createTelegramBot({
      token: '123456:TEST-token', apiRoot: 'http://127.0.0.1:9', engine: {} as ConversationEngine,
      log: { ...silentLogger, error: (message) => void errors.push(message) },
      onBlocked: async () => undefined,
    });
    await expect(bot.start()).resolves.toBeUndefined();
    expect(errors).toEqual([expect.stringMatching(/^telegram: cannot reach the Bot API yet .*; trying again in 1 s$/)]);
    await bot.stop();
  });

  it('reaches a Bot API that comes up a moment after it within seconds, not after 30', async () => {
    const port = await freePort();
    const bot = createTelegramBot({
      token: '123456:TEST-token', apiRoot: `http://127.0.0.1:${port}`, publicUrl: 'https://bot.example', engine: {} as ConversationEngine,
      log: silentLogger, onBlocked: async () => undefined, botInfo: { ...BOT_USER },
    });
    await bot.start();
    const fake = await startFakeTelegram({ port });
    try {
      await vi.waitFor(() => expect(fake.callsOf('setWebhook')).toHaveLength(1), { timeout: 5000, interval: 50 });
    } finally {
      await bot.stop();
      await fake.close();
    }
  });
});
