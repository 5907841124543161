// Slack as other set-ups send it: SLACK_API_URL written without its final slash, direct
// messages whose events leave channel_type out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot, EVENTS_PATH } from '../../../src/bots/slack/slack-bot';
import { createHttpServer } from '../../../src/infra/http/server';
import { silentLogger } from '../../../src/infra/log';
import { ALICE, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, slackDriver, textOf, type SlackDriver } from '../../support/slack-driver';

describe('Slack settings and event shapes', () => {
  let d: SlackDriver;

  beforeAll(async () => {
    d = await slackDriver({ apiUrl: (url) => url.replace(/\/+$/, ''), askAuthTest: true });
  });

  afterAll(async () => {
    await d?.close();
  });

  it('reaches the Web API when SLACK_API_URL has no final slash', async () => {
    const answer = await d.chat(ALICE).send('hello');
    expect(textOf(answer)).toMatch(/Welcome/);
    expect(d.fake.callsOf('chat.postMessage').length).toBeGreaterThan(0);
    // Bolt learnt who the bot is from auth.test, as it does in production.
    expect(d.fake.callsOf('auth.test').length).toBeGreaterThan(0);
  });

  it('takes a message in a D… channel without channel_type as a direct message', async () => {
    const event = d.fake.dm('UBEA', 'help', { channel: 'DUBEA' }) as Record<string, unknown>;
    delete event.channel_type;
    const before = d.fake.messages().length;
    expect((await d.fake.sendEvent(d.routeUrl, event)).status).toBe(200);
    const posted = await d.settled(before);
    expect(posted.every((m) => m.channel === 'DUBEA')).toBe(true);
    expect(textOf(posted)).toMatch(/log in/i);
  });

  it('Slack unreachable when the product starts: nothing else stops, events wait (503) and the bot asks again later', async () => {
    const logs: string[] = [];
    const bot = createSlackBot({
      botToken: SLACK_BOT_TOKEN, signingSecret: SLACK_SIGNING_SECRET, apiUrl: 'http://127.0.0.1:9/api/', engine: d.engine,
      log: { ...silentLogger, error: (message) => void logs.push(message), warn: (message) => void logs.push(message) },
      onBlocked: async () => undefined,
    });
    await expect(bot.start()).resolves.toBeUndefined();
    expect(logs.some((l) => /cannot reach Slack yet .* trying again in 1 s/.test(l))).toBe(true);
    const http = createHttpServer([bot.eventsRoute()], silentLogger);
    const port = await http.listen(0, '127.0.0.1');
    try {
      const result = await d.fake.sendEvent(`http://127.0.0.1:${port}${EVENTS_PATH}`, d.fake.dm('UWAIT', 'hello'));
      expect(result.status).toBe(503);
    } finally {
      await http.close();
      await bot.stop();
    }
  });
  it('a token Slack rejects (invalid_auth) stops the Slack channel with a clear error, and is not tried again', async () => {
    const errors: string[] = [];
    const bot = createSlackBot({
      botToken: 'xoxb-revoked-0000', signingSecret: SLACK_SIGNING_SECRET, apiUrl: d.fake.url, engine: d.engine,
      log: { ...silentLogger, error: (message) => void errors.push(message) },
      onBlocked: async () => undefined,
    });
    const before = d.fake.callsOf('auth.test').length;
    try {
      await expect(bot.start()).resolves.toBeUndefined();
      expect(errors).toEqual([expect.stringMatching(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\); the Slack channel is stopped/)]);
      expect(errors.join('\n')).not.toMatch(/cannot reach|trying again/);
      expect(d.fake.callsOf('auth.test').length - before).toBe(1);
      const posts = d.fake.callsOf('chat.postMessage').length;
      expect(await bot.deliver('DUALICE', [{ text: 'hello', buttons: [], secret: false }])).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/stopped/) });
      expect(d.fake.callsOf('chat.postMessage').length).toBe(posts);
    } finally {
      await bot.stop();
    }
  });
});
