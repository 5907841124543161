// Socket Mode asks the Web API for its WebSocket URL (apps.connections.open): SLACK_API_URL
// must be where it asks, as for every other call.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackBot } from '../../../src/bots/slack/slack-bot';
import type { ConversationEngine } from '../../../src/conversation/engine';
import { silentLogger } from '../../../src/infra/log';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack';

describe('the Slack bot over Socket Mode', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-socket-test', signingSecret: 'unused' });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('opens its connection through SLACK_API_URL with the app-level token', async () => {
    const errors: string[] = [];
    const bot = createSlackBot({
      botToken: 'xoxb-socket-test', appToken: 'xapp-1-A1-socket-test', apiUrl: fake.url, engine: {} as ConversationEngine,
      log: { ...silentLogger, error: (message) => void errors.push(message) }, onBlocked: async () => undefined,
      botUserId: 'UBOT', botId: 'BBOT',
    });
    try {
      await bot.start();
      await vi.waitFor(() => expect(fake.callsOf('apps.connections.open').map((c) => c.token)).toContain('xapp-1-A1-socket-test'), { timeout: 5000 });
      // The fake knows no app-level token: Slack's answer to it stops the channel with a clear error.
      await vi.waitFor(() => expect(errors.join('\n')).toMatch(/Slack rejected SLACK_APP_TOKEN \(invalid_auth\)/));
    } finally {
      await bot.stop();
    }
  });
});
