// Drives the product's Slack bot end to end: the engine built as src/main.ts builds it, on a
// database of its own with the demo data, the bot's events route on the product's HTTP server
// (127.0.0.1), and Bolt's Web API client talking HTTP to the fake Slack. Tests send signed
// events and button presses as Slack would and read what the bot posted from the fake.
import { request } from 'node:http';
import { createSlackBot, EVENTS_PATH } from '../../src/bots/slack/slack-bot';
import { fixedClock } from '../../src/infra/clock';
import { createHttpServer } from '../../src/infra/http/server';
import { silentLogger } from '../../src/infra/log';
import { markChatReachable, markChatUnreachable } from '../../src/infra/store/identity-status';
import { demoEngine, demoStore } from './demo-store';
import { BOT_ID, slackSignature, startFakeSlack, type SendResult, type SlackMessage } from './fake-slack';
import { freePort } from './http-helpers';

export const SLACK_BOT_TOKEN = 'xoxb-1-test-bot-token';
export const SLACK_SIGNING_SECRET = 'slack-signing-secret-for-tests-8c1d';

type Demo = Awaited<ReturnType<typeof demoStore>>;

export const ALICE = 'UALICE';
export const BOB = 'UBOB';
export const CHANNEL = 'CRESELLERS';


export async function slackDriver(options: { demo?: Demo; apiUrl?: (fakeUrl: string) => string; askAuthTest?: boolean } = {}) {
  const demo = options.demo ?? (await demoStore());
  const fake = await startFakeSlack({ botToken: SLACK_BOT_TOKEN, signingSecret: SLACK_SIGNING_SECRET });
  const clock = fixedClock('2026-11-26T10:00:00Z');
  const errors: unknown[] = [];
  const logs: string[] = [];
  const engine = demoEngine(demo, clock, (error) => errors.push(error));
  const bot = createSlackBot({
    botToken: SLACK_BOT_TOKEN,
    signingSecret: SLACK_SIGNING_SECRET,
    apiUrl: options.apiUrl ? options.apiUrl(fake.url) : fake.url,
    engine,
    log: { ...silentLogger, error: (message) => logs.push(message), warn: (message) => logs.push(message) },
    onBlocked: (chatId) => markChatUnreachable(demo.knex, 'slack', chatId),
    onActive: (chatId) => markChatReachable(demo.knex, 'slack', chatId),
    // As the product runs: Bolt asks auth.test who the bot is (tests may tell it instead).
    ...(options.askAuthTest ? {} : { botUserId: fake.botUserId, botId: BOT_ID }),
  });
  // As src/main.ts does: the bot learns who it is (or is told) before events arrive.
  await bot.start();
  const port = await freePort();
  const http = createHttpServer([bot.eventsRoute()], silentLogger);
  await http.listen(port, '127.0.0.1');
  const routeUrl = `http://127.0.0.1:${port}${EVENTS_PATH}`;

  /** Waits until the bot has posted more than `before` messages and then nothing for a moment. */
  async function settled(before: number, timeoutMs = 10_000): Promise<SlackMessage[]> {
    const deadline = Date.now() + timeoutMs;
    let count = fake.messages().length;
    let stableSince = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = fake.messages().length;
      if (now !== count) {
        count = now;
        stableSince = Date.now();
      }
      if (errors.length > 0) throw errors[0];
      if (count > before && Date.now() - stableSince >= 150) return fake.messages().slice(before);
      if (Date.now() > deadline) throw new Error(`the bot posted nothing new within ${timeoutMs} ms (logs: ${logs.join(' | ')})`);
    }
  }

  /** Sends a request as Slack would and waits for the bot's answer in messages. */
  async function answered(send: () => Promise<SendResult>): Promise<{ result: SendResult; posted: SlackMessage[] }> {
    const before = fake.messages().length;
    const result = await send();
    if (result.status !== 200) throw new Error(`the events route answered ${result.status}: ${result.body}`);
    return { result, posted: await settled(before) };
  }

  /** One user in their direct-message channel with the bot (or in `channel`, by mentioning it). */
  function chat(user = ALICE, channel?: string) {
    const where = channel ?? `D${user}`;
    const self = {
      user,
      channel: where,
      /** Writes `text` (a DM, or a mention in the channel); answers what the bot posted. */
      async send(text: string): Promise<SlackMessage[]> {
        const event = channel ? fake.mention(user, channel, text) : fake.dm(user, text, { channel: where });
        return (await answered(() => fake.sendEvent(routeUrl, event))).posted;
      },
      /** Presses the button labelled `label` on the newest message with buttons. */
      async press(label: string): Promise<SlackMessage[]> {
        const message = self.lastWithButtons();
        return (await answered(() => fake.pressButton(routeUrl, user, message, label))).posted;
      },
      messages: () => fake.messages(where),
      lastWithButtons(): SlackMessage {
        const found = [...fake.messages(where)].reverse().find((m) => fake.buttonsOf(m).length > 0);
        if (!found) throw new Error(`no message with buttons in ${where}`);
        return found;
      },
      labels: () => fake.buttonsOf(self.lastWithButtons()).map((b) => b.text),
      /** Logs in: the username typed, the password in the form the bot opens. */
      async login(username = 'demo', password = 'demo-pass-1'): Promise<SlackMessage[]> {
        await self.send('/start');
        await self.send(username);
        const before = fake.messages().length;
        const views = fake.views().length;
        await fake.pressButton(routeUrl, user, self.lastWithButtons(), 'Enter the password privately');
        const deadline = Date.now() + 5_000;
        while (fake.views().length === views && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        const view = fake.views().at(-1);
        if (fake.views().length === views || !view) throw new Error(`the bot opened no password form (logs: ${logs.join(' | ')})`);
        await fake.submitView(routeUrl, { user, view, values: { password: { value: password } } });
        return settled(before);
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
    logs,
    routeUrl,
    chat,
    settled,
    async close() {
      await http.close();
      await bot.stop();
      await fake.close();
    },
  };
}

export type SlackDriver = Awaited<ReturnType<typeof slackDriver>>;

/** The text of some messages, joined. */
export function textOf(messages: SlackMessage[]): string {
  return messages.map((m) => m.blocks?.filter((b) => b.type === 'section').map((b) => (b as { text?: { text?: string } }).text?.text ?? '').join('\n') ?? m.text).join('\n');
}

/**
 * POSTs `rawBody` to the events route as it is, signed with the real signing secret (or
 * `o.secret`): for bodies the fake would never send, such as one that is not JSON.
 */
export function postSigned(routeUrl: string, rawBody: string, o: { contentType?: string; secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: string }> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': o.contentType ?? 'application/json',
    'content-length': String(Buffer.byteLength(rawBody)),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(rawBody, timestamp, o.secret ?? SLACK_SIGNING_SECRET),
  };
  return new Promise((resolve, reject) => {
    // A connection of its own (agent: false), so that none is left open to the product's server.
    const req = request(routeUrl, { method: 'POST', agent: false, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`the product did not answer ${routeUrl} in 10 s`)));
    req.on('error', reject);
    req.end(rawBody);
  });
}
