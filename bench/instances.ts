// `npm run bench -- instances`: several `npm start` processes sharing PostgreSQL and Redis
// behind one webhook entry (issue 14, "Beyond one machine"). A round-robin proxy here is the
// entry Telegram posts to; for 1, 2 and 4 instances behind it: the throughput of resellers
// chatting in a closed loop, then a check that every chat's updates are handled once and
// answered in their order when they go to different instances (a reseller typing license
// keys one right after the other). Violations are printed, and make the run exit non-zero.
import { parseArgs } from 'node:util';
import { startRoundRobinProxy } from '../test/support/round-robin-proxy';
import { closedLoop, resellerDriver, summarise, type Summary } from './closed-loop';
import { startFakeBotApi } from './fake-bot-api';
import { checkBurst, type BurstCheck } from './in-order';
import { freePort, type Child } from './processes';
import { addResellerUsers, benchRedis, logErrors, scratchDatabase, startBenchProduct, withClient } from './product-setup';
import { BENCH_PASSWORD, START, sendStep, type Step } from './reseller-script';
import { count, ms, numberList, table, UsageError, wholeNumber, withCleanup, type Cleanup } from './support';
import { TelegramChat, type Webhook } from './telegram-chat';

const USAGE = `npm run bench -- instances [--instances 1,2,4] [--chats 20] [--seconds 15] [--all-at-once]
  --instances N,…   numbers of npm start processes behind the entry, one run each (default 1,2,4)
  --chats N         resellers chatting at once in the throughput run (default 20)
  --seconds N       how long each throughput run lasts (default 15)
  --all-at-once     in the order check, post a chat's updates without waiting for the webhook to
                    take the one before (Telegram waits: see "Benchmarks" in the README)
Environment: DATABASE_URL (required): a server to create bench_<random> on; REDIS_URL (optional):
the product's queues on Redis, in a logical database of the bench's own; unset: on PostgreSQL.`;

/** The order check: chats, bursts per chat, keys per burst. */
const ORDER_CHATS = 10;
const BURSTS = 4;
const KEYS_PER_BURST = 4;

interface Options {
  instances: number[];
  chats: number;
  seconds: number;
  sequential: boolean;
}

function parseOptions(args: string[]): Options {
  let values;
  try {
    values = parseArgs({ args, strict: true, allowPositionals: false, options: { instances: { type: 'string' }, chats: { type: 'string' }, seconds: { type: 'string' }, 'all-at-once': { type: 'boolean', default: false } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    instances: numberList(values.instances, 'instances', [1, 2, 4], 1),
    chats: wholeNumber(values.chats, 'chats', 20, 1),
    seconds: wholeNumber(values.seconds, 'seconds', 15, 1),
    sequential: values['all-at-once'] !== true,
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export const instancesBenchmark = {
  summary: '1, 2 and 4 npm start processes behind one round-robin webhook entry: throughput, order, once (issue 14)',
  usage: USAGE,
  run: (args: string[]) => {
    const options = parseOptions(args);
    return withCleanup((cleanup) => runInstances(options, cleanup));
  },
};

async function runInstances(options: Options, cleanup: Cleanup): Promise<void> {
  const database = await scratchDatabase(cleanup);
  const redis = await benchRedis(cleanup);
  const api = await startFakeBotApi();
  cleanup.add('stop the fake Bot API', () => api.close());
  const proxy = await startRoundRobinProxy([]);
  cleanup.add('stop the round-robin entry', () => proxy.close());

  say(`instances benchmark: ${options.instances.join(', ')} instances of npm start behind one round-robin webhook entry (${proxy.url})`);
  say(`database: ${database.server.label}, PostgreSQL ${database.version}, fresh database ${database.name}`);
  say(`queues:   ${redis.label}`);

  const instances: Array<{ child: Child; url: string }> = [];
  let secret = '';
  const startInstances = async (wanted: number) => {
    const started = performance.now();
    const first = instances.length === 0;
    // The first one alone: it migrates the database and loads the demo data.
    const batch = first ? [1, wanted - 1] : [wanted - instances.length];
    for (const n of batch) {
      await Promise.all(Array.from({ length: n }, async () => {
        const port = await freePort();
        const name = `instance ${instances.length + 1} (npm start, port ${port})`;
        const product = await startBenchProduct(name, { databaseUrl: database.url, redisUrl: redis.url, port, api, publicUrl: proxy.url }, cleanup);
        secret = product.secret;
        instances.push({ child: product.child, url: `http://127.0.0.1:${port}` });
      }));
    }
    // Each instance sets the webhook once its bot is connected: all of them have.
    await api.webhook(instances.length);
    if (batch.some((n) => n > 0)) say(`started instances up to ${instances.length} in ${ms(performance.now() - started)}`);
  };

  await startInstances(1);
  const maxChats = Math.max(options.chats, ORDER_CHATS);
  const usernames = await addResellerUsers(database.url, maxChats);
  const keys = await acmeKeys(database.url);
  if (keys.length < KEYS_PER_BURST) throw new Error(`the demo reseller has ${keys.length} licenses; the order check needs ${KEYS_PER_BURST}`);
  say(`${count(usernames.length)} reseller users; the order check types ${KEYS_PER_BURST} of Acme Telecom's license keys at once, ${BURSTS} times in each of ${ORDER_CHATS} chats, ` +
    (options.sequential ? 'delivered as Telegram does (the next when the webhook took the one before)' : 'all posted at once (--all-at-once)') +
    ', the first of each burst posted again at its end (Telegram redelivering it)');
  say('');

  const webhook: Webhook = { url: `${proxy.url}/telegram/webhook`, secret: '' };
  const rows: Array<{ instances: number; run: Summary; errors: number; checks: BurstCheck[] }> = [];
  for (const [k, wanted] of options.instances.entries()) {
    if (wanted > instances.length) await startInstances(wanted);
    proxy.backends = instances.slice(0, wanted).map((i) => i.url);
    webhook.secret = secret;
    const logFrom = instances.map((i) => i.child.stderr.length);

    const run = summarise(await closedLoop(
      Array.from({ length: options.chats }, (_, i) => resellerDriver(50_000_000 + k * 100_000 + i, usernames[i]!, api, webhook)),
      options.seconds,
    ));
    say(`${wanted} instance${wanted === 1 ? ' ' : 's'}: ${count(run.updates)} updates from ${options.chats} chats, ${run.perSecond.toFixed(1)}/s, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, logins p99 ${ms(run.loginsP99)}, ` +
      `"went wrong" ${run.wentWrong}, no answer ${run.timedOut}, another answer ${run.unexpected}`);

    const checks = await orderCheck(api, webhook, usernames, keys, 60_000_000 + k * 100_000, options.sequential);
    const bad = checks.filter((c) => c.violations.length > 0);
    say(`  order check: ${checks.length} bursts of ${KEYS_PER_BURST} keys, ${bad.length} with violations`);
    for (const c of bad.slice(0, 5)) say(`    chat ${c.chatId}: ${c.violations.join('; ')}`);
    const errors = instances.reduce((n, instance, i) => n + logErrors(instance.child, logFrom[i] ?? 0).count, 0);
    for (const message of new Set(instances.flatMap((instance, i) => logErrors(instance.child, logFrom[i] ?? 0).distinct))) say(`    logged: ${message}`);
    rows.push({ instances: wanted, run, errors, checks });
    api.forget();
  }

  const base = rows[0]?.run.perSecond ?? 0;
  const figures: Array<[string, string, string?]> = [];
  for (const row of rows) {
    const bad = row.checks.filter((c) => c.violations.length > 0).length;
    figures.push([`${row.instances} instance${row.instances === 1 ? '' : 's'}: updates/s`, row.run.perSecond.toFixed(1), `${base > 0 ? `${(row.run.perSecond / base).toFixed(2)}× the first run; ` : ''}p50 ${ms(row.run.p50)}, p99 ${ms(row.run.p99)}, ${options.chats} chats`]);
    figures.push(['  "something went wrong" / errors logged', `${row.run.wentWrong} / ${row.errors}`]);
    figures.push(['  bursts out of order, or not answered once', `${bad} of ${row.checks.length}`]);
  }
  say('');
  say(table(`Figures — ${options.seconds} s a run; ${database.server.label.replace(/^PostgreSQL at /, `PostgreSQL ${database.version} at `)}; ${redis.url ? 'queues on Redis' : 'queues on PostgreSQL'}`, figures));
  const violations = rows.reduce((n, row) => n + row.checks.filter((c) => c.violations.length > 0).length, 0);
  if (violations > 0) {
    say(`${violations} bursts were not answered once each, in order.`);
    process.exitCode = 1;
  }
}

/** Logs `ORDER_CHATS` new chats in, then has each type keys in bursts; answers each burst's check. */
async function orderCheck(api: Awaited<ReturnType<typeof startFakeBotApi>>, webhook: Webhook, usernames: string[], keys: string[], firstChatId: number, sequential: boolean): Promise<BurstCheck[]> {
  const results = await Promise.all(Array.from({ length: ORDER_CHATS }, async (_, i) => {
    const chat = new TelegramChat(firstChatId + i, api, webhook);
    try {
      const login: Step[] = [START, { name: 'username', send: { text: usernames[i]! }, answer: /^Your password\?/ }, { name: 'password', send: { text: BENCH_PASSWORD }, answer: /^Main menu/ }];
      for (const step of login) {
        const answered = await sendStep(chat, step, 60_000);
        if (answered.wentWrong || answered.timedOut || answered.unexpected) {
          return [{ chatId: chat.chatId, sent: [], arrived: [], violations: [`could not log in: ${step.name} was answered "${answered.arrivals.at(-1)?.message.text.slice(0, 80) ?? 'nothing'}"`] }];
        }
      }
      const checks: BurstCheck[] = [];
      for (let b = 0; b < BURSTS; b++) {
        const r = (b + i) % keys.length;
        const rotated = [...keys.slice(r), ...keys.slice(0, r)].slice(0, KEYS_PER_BURST);
        checks.push(await checkBurst(chat, rotated, { sequential, redeliverFirst: true }));
      }
      return checks;
    } finally {
      chat.close();
    }
  }));
  return results.flat();
}

/** The license keys of the demo reseller (Acme Telecom, the bench users' reseller). */
async function acmeKeys(databaseUrl: string): Promise<string[]> {
  return withClient(databaseUrl, async (client) =>
    (await client.query<{ license_key: string }>(
      `select l.license_key from licenses l join reseller_users u on u.reseller_id = l.reseller_id where u.username = 'demo' order by l.license_key`,
    )).rows.map((r) => r.license_key),
  );
}
