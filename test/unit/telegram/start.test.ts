import { describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../../src/bots/telegram/telegram-bot';
import type { ConversationEngine } from '../../../src/conversation/engine';
import { silentLogger } from '../../../src/infra/log';

describe('the Telegram bot when the Bot API cannot be reached at start-up', () => {
  it('starts anyway (the rest of the product runs), says so, and tries again later', async () => {
    const errors: string[] = [];
    const bot = createTelegramBot({
      token: '123456:TEST-token', apiRoot: 'http://127.0.0.1:9', engine: {} as ConversationEngine,
      log: { ...silentLogger, error: (message) => void errors.push(message) },
      onBlocked: async () => undefined,
    });
    await expect(bot.start()).resolves.toBeUndefined();
    expect(errors).toEqual([expect.stringMatching(/^telegram: cannot reach the Bot API yet .*; trying again in 30 s$/)]);
    await bot.stop();
  });
});
