// Drives the product's Slack bot end to end: the engine built as src/main.ts builds it, on a
// database of its own with the demo data, the bot's events route on the product's HTTP server
// (127.0.0.1), and Bolt's Web API client talking HTTP to the fake Slack. Tests send signed
// events and button presses as Slack would and read what the bot posted from the fake.
import { afterAll, beforeAll } from 'vitest';
import { request } from 'node:http';
import { createSlackBot, EVENTS_PATH } from '../../src/bots/slack/slack-bot';
import { fixedClock } from '../../src/infra/clock';
import { createHttpServer } from '../../src/infra/http/server';
import { silentLogger } from '../../src/infra/log';
import { markChatReachable, markChatUnreachable } from '../../src/infra/store/identity-status';
import { demoEngine, demoStore } from './demo-store';
import { BOT_ID, slackSignature, startFakeSlack, type SendResult, type SlackMessage } from './fake-slack';
import { freePort } from './http-helpers';
import { OAUTH_REDIRECT_PATH } from '../../src/bots/slack/install';
import { tokenCipher } from '../../src/infra/crypto/token-cipher';
import { knexSlackWorkspaces } from '../../src/infra/store/slack-workspaces';

export const SLACK_BOT_TOKEN = 'xoxb-1-test-bot-token';
export const SLACK_SIGNING_SECRET = 'slack-signing-secret-for-tests-8c1d';

type Demo = Awaited<ReturnType<typeof demoStore>>;

export const ALICE = 'UALICE';
export const BOB = 'UBOB';
export const CHANNEL = 'CRESELLERS';


/** The app's OAuth credentials and token key in the tests of many workspaces. */
export const SLACK_CLIENT_ID = '1111111111.2222222222';
export const SLACK_CLIENT_SECRET = 'slack-client-secret-for-tests-5e7a';
export const SLACK_TOKEN_KEY = Buffer.alloc(32, 0x5a);

export interface SlackDriverOptions {
  demo?: Demo;
  apiUrl?: (fakeUrl: string) => string;
  askAuthTest?: boolean;
  /**
   * Many workspaces: the app is installed through /slack/install (OAuth), installations kept
   * in the demo database; `botToken: false` leaves SLACK_BOT_TOKEN unset (OAuth alone).
   * `now` is the real time the install states lapse by.
   */
  oauth?: { botToken?: boolean; now?: () => Date; tokenKey?: Buffer; maxPendingStates?: number; botTokenRevoked?: boolean };
  /** When a direct message still unanswered is told "busy, kept" (never, unless a test sets it: a slow machine must not add it to what tests expect). */
  slowNoticeAfterMs?: number;
}

/** A driver on a demo database of its own for a file's tests (`set` receives it), closed and dropped after them. */
export function slackDriverForTests(set: (driver: SlackDriver) => void): void {
  let driver: SlackDriver | undefined;
  beforeAll(async () => {
    driver = await slackDriver();
    set(driver);
  });
  afterAll(async () => {
    await driver?.close();
    await driver?.demo.drop();
  });
}

export async function slackDriver(options: SlackDriverOptions = {}) {
  const demo = options.demo ?? (await demoStore());
  const fake = await startFakeSlack({ botToken: SLACK_BOT_TOKEN, signingSecret: SLACK_SIGNING_SECRET, ...(options.oauth ? { oauth: { clientId: SLACK_CLIENT_ID, clientSecret: SLACK_CLIENT_SECRET } } : {}) });
  if (options.oauth?.botTokenRevoked) fake.revokeTokens(fake.teamId);
  const clock = fixedClock('2026-11-26T10:00:00Z');
  const errors: unknown[] = [];
  // Warnings and errors (and info lines), and the errors alone.
  const logs: string[] = [];
  const errorLogs: string[] = [];
  const engine = demoEngine(demo, clock, (error) => errors.push(error));
  const port = await freePort();
  const oauth = options.oauth;
  const workspaces = oauth ? knexSlackWorkspaces(demo.knex, tokenCipher(oauth.tokenKey ?? SLACK_TOKEN_KEY), { maxPendingStates: oauth.maxPendingStates }) : undefined;
  const bot = createSlackBot({
    ...(oauth?.botToken === false ? {} : { botToken: SLACK_BOT_TOKEN }),
    ...(oauth ? {
      workspaces,
      install: {
        clientId: SLACK_CLIENT_ID, clientSecret: SLACK_CLIENT_SECRET, redirectUrl: `http://127.0.0.1:${port}${OAUTH_REDIRECT_PATH}`,
        authorizeUrl: `${fake.url.replace(/\/api\/$/, '')}/oauth/v2/authorize`, now: oauth.now ?? (() => new Date()),
      },
    } : {}),
    signingSecret: SLACK_SIGNING_SECRET,
    apiUrl: options.apiUrl ? options.apiUrl(fake.url) : fake.url,
    engine,
    log: { ...silentLogger, error: (message) => void (logs.push(message), errorLogs.push(message)), warn: (message) => logs.push(message), info: (message) => logs.push(message) },
    onBlocked: (chatId) => markChatUnreachable(demo.knex, 'slack', chatId),
    onActive: (chatId) => markChatReachable(demo.knex, 'slack', chatId),
    slowNoticeAfterMs: options.slowNoticeAfterMs ?? 2 ** 31 - 1,
    // As the product runs: Bolt asks auth.test who the bot is (tests may tell it instead).
    ...(options.askAuthTest ? {} : { botUserId: fake.botUserId, botId: BOT_ID, botTeamId: fake.teamId }),
  });
  // As src/main.ts does: the bot learns who it is (or is told) before events arrive.
  await bot.start();
  const http = createHttpServer(oauth ? bot.routes() : [bot.eventsRoute()], silentLogger);
  await http.listen(port, '127.0.0.1');
  const routeUrl = `http://127.0.0.1:${port}${EVENTS_PATH}`;

  /** Waits until the bot has posted more than `before` messages, `until` holds of them, and then nothing for a moment. */
  async function settled(before: number, timeoutMs = 10_000, until: (posted: SlackMessage[]) => boolean = () => true): Promise<SlackMessage[]> {
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
      if (count > before && Date.now() - stableSince >= 150 && until(fake.messages().slice(before))) return fake.messages().slice(before);
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
    workspaces,
    /** The product's address (http://127.0.0.1:<port>). */
    baseUrl: `http://127.0.0.1:${port}`,
    bot,
    engine,
    clock,
    errors,
    logs,
    errorLogs,
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

/** A browser with its cookies (name=value, every path), as an installer's: GETs without following redirects. */
export function browser() {
  const cookies = new Map<string, string>();
  return {
    cookies,
    get(url: string): Promise<{ status: number; body: string; location: string | undefined }> {
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      return new Promise((resolve, reject) => {
        const req = request(url, { method: 'GET', agent: false, headers: cookie ? { cookie } : {}, timeout: 10_000 }, (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair = '', ...attributes] = line.split(';');
            const [name = '', ...value] = pair.trim().split('=');
            if (attributes.some((a) => /^\s*max-age=0$/i.test(a))) cookies.delete(name);
            else cookies.set(name, value.join('='));
          }
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`the product did not answer ${url} in 10 s`)));
        req.on('error', reject);
        req.end();
      });
    },
  };
}
