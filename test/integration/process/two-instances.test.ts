// Two `npm start` processes sharing PostgreSQL and Redis behind one webhook entry that sends
// each request to the next instance in turn: a chat's updates go alternately to both, and
// each is handled once, its answers arriving in the order of the updates. Updates are
// delivered as Telegram delivers a chat's updates to a webhook: the next one when the webhook
// has taken the one before; an update Telegram posts again (it did not see it taken) goes to
// the other instance and must not be handled twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { telegramInputId } from '../../../src/bots/telegram/telegram-bot';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startFakeTelegram, type BotMessage, type FakeTelegram } from '../../support/fake-telegram';
import { freePort } from '../../support/http-helpers';
import { waitFor } from '../../support/payments-harness';
import { run, type RunningProcess } from '../../support/process-driver';
import { ownRedis, type OwnRedis } from '../../support/redis-server';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../support/round-robin-proxy';

const TOKEN = '424242:TWO-INSTANCES';
/** Each instance is a cold `npm start` (several seconds on a busy machine). */
const PROCESSES_TIMEOUT_MS = 180_000;
const CHAT = 7_300_001;

describe('two instances of npm start behind one round-robin webhook entry', () => {
  let database: TestDatabase;
  let redis: OwnRedis;
  let telegram: FakeTelegram;
  let entry: RoundRobinProxy;
  const instances: Array<{ process: RunningProcess; url: string }> = [];
  let secret = '';
  let nextUpdateId = 9_000;
  let nextMessageId = 1;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A Redis of the test's own: the queues of these processes meet no one else's.
    redis = await ownRedis();
    await redis.start();
    telegram = await startFakeTelegram();
    entry = await startRoundRobinProxy([]);
    // One after the other: the first migrates the database and loads the demo data.
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const started = run('npm', ['start'], {
        DATABASE_URL: database.url, REDIS_URL: redis.url, PORT: String(port), LOG_LEVEL: 'info',
        TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.url, PUBLIC_URL: entry.url,
      });
      started.child.stdin?.end();
      instances.push({ process: started, url: `http://127.0.0.1:${port}` });
      await started.stderrLine(/telegram: webhook set to/, PROCESSES_TIMEOUT_MS - 20_000);
    }
    entry.backends = instances.map((i) => i.url);
    const set = telegram.callsOf('setWebhook');
    expect(set.map((c) => c.body.url)).toEqual([`${entry.url}/telegram/webhook`, `${entry.url}/telegram/webhook`]);
    secret = String(set[0]?.body.secret_token);
  }, PROCESSES_TIMEOUT_MS);

  afterAll(async () => {
    for (const { process } of instances) {
      if (!process.done) process.child.kill('SIGTERM');
    }
    await Promise.all(instances.map(({ process }) => process.exited));
    await entry?.close();
    await telegram?.close();
    await redis?.dispose();
    await database?.drop();
  }, 60_000);

  function textUpdate(text: string, updateId = nextUpdateId++) {
    return {
      update_id: updateId,
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CHAT, type: 'private', first_name: 'Rita' },
        from: { id: CHAT, is_bot: false, first_name: 'Rita' },
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
      },
    };
  }

  /** Posts an update as Telegram does (to the entry, or to one instance), until it is taken; answers the status. */
  async function post(update: object, to = entry.url): Promise<number> {
    const response = await fetch(`${to}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });
    await response.text();
    return response.status;
  }

  /** The bot's messages in the chat, in the order they were sent. */
  // A message kept waiting on a loaded machine may be told "busy, your message is kept" first: no answer.
  const messages = (): BotMessage[] => telegram.messages.filter((m) => m.chatId === CHAT && m.text !== t.stillWorking);
  const cards = (from: number) => messages().slice(from).map((m) => /^License (\S+)/.exec(m.text)?.[1] ?? m.text.split('\n')[0]);

  it('logs in through both instances, then answers typed keys once each, in the order typed, whichever instance took them', async () => {
    for (const text of ['/start', 'demo', 'demo-pass-1']) expect(await post(textUpdate(text))).toBe(200);
    await waitFor(() => messages().some((m) => /^Main menu/.test(m.text)), { timeoutMs: 30_000, what: 'the main menu after the login' });
    const keys = (await database.knex('licenses').join('reseller_users', 'reseller_users.reseller_id', 'licenses.reseller_id').where('reseller_users.username', 'demo').orderBy('license_key').pluck('license_key')) as string[];
    expect(keys.length).toBeGreaterThanOrEqual(4);

    const from = messages().length;
    const typed = [keys[2]!, keys[0]!, keys[3]!, keys[1]!];
    const updates = typed.map((key) => textUpdate(key));
    const before = new Map(entry.forwarded);
    // Telegram posts a chat's next update once the webhook took the one before; the entry
    // sends them to the instances in turn.
    for (const update of updates) expect(await post(update)).toBe(200);
    // Telegram did not see the first one taken and posts it again: the other instance gets it.
    expect(await post(updates[0]!)).toBe(200);
    // Both instances took some of them.
    for (const { url } of instances) expect((entry.forwarded.get(url) ?? 0) - (before.get(url) ?? 0)).toBeGreaterThan(0);
    // A last update: its answer comes after every answer to those before it.
    expect(await post(textUpdate('/menu'))).toBe(200);
    await waitFor(() => messages().slice(from).some((m) => /^Main menu/.test(m.text)), { timeoutMs: 30_000, what: 'the answer to /menu' });

    expect(cards(from)).toEqual([...typed, 'Main menu. What would you like to do?']);
    const handled = await database.knex('processed_inputs').where({ channel: 'telegram' }).whereIn('input_id', updates.map(telegramInputId)).pluck('input_id');
    expect([...handled].sort()).toEqual(updates.map(telegramInputId).sort());
  }, 60_000);

  it('an update posted to one instance and then to the other is handled once', async () => {
    const from = messages().length;
    const update = textUpdate('/cart');
    expect(await post(update, instances[0]!.url)).toBe(200);
    expect(await post(update, instances[1]!.url)).toBe(200);
    expect(await post(textUpdate('/menu'), instances[0]!.url)).toBe(200);
    await waitFor(() => messages().slice(from).some((m) => /^Main menu/.test(m.text)), { timeoutMs: 30_000, what: 'the answer to /menu' });
    expect(messages().slice(from).map((m) => m.text.split('\n')[0])).toEqual(['Your cart is empty.', 'Main menu. What would you like to do?']);
  }, 60_000);
});
