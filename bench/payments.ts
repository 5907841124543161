// `npm run bench -- payments`: from MultiSafepay's notification to the user's "payment
// received" message (issue 14, "Benchmarks"). The product runs as `npm start` with
// MultiSafepay configured against the test suite's fake MultiSafepay and Telegram on a
// webhook against the fake Bot API. 50 resellers each place an order paid with MultiSafepay
// in their chat; the payments are completed at the fake, and MultiSafepay's signed
// notifications are posted to the product all at once: one per order, then (for 50 new
// orders) five copies of each at once, as MultiSafepay does when it retries. For each burst:
// p50/p99 from the notifications to the message at the fake Bot API, and whether every order
// was paid and announced once.
import { parseArgs } from 'node:util';
import { startFakeMultisafepay, type FakeMultisafepay } from '../test/support/fake-multisafepay';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api';
import { freePort } from './processes';
import { addResellerUsers, benchRedis, logErrors, scratchDatabase, startBenchProduct, withClient } from './product-setup';
import { BENCH_PASSWORD, START, sendStep, type Step } from './reseller-script';
import { count, ms, percentile, table, UsageError, wholeNumber, withCleanup, type Cleanup } from './support';
import { TelegramChat, type Webhook } from './telegram-chat';

const USAGE = `npm run bench -- payments [--orders 50] [--copies 5]
  --orders N   orders in each burst (default 50), one reseller each
  --copies N   copies of each notification in the second burst (default 5)
Environment: DATABASE_URL (required): a server to create bench_<random> on; REDIS_URL (optional):
the product's queues on Redis, in a logical database of the bench's own; unset: on PostgreSQL.`;

const MSP_API_KEY = 'bench-multisafepay-key';
/** How long a burst's messages are waited for. */
const MESSAGE_WAIT_MS = 120_000;

interface Options {
  orders: number;
  copies: number;
}

function parseOptions(args: string[]): Options {
  let values;
  try {
    values = parseArgs({ args, strict: true, allowPositionals: false, options: { orders: { type: 'string' }, copies: { type: 'string' } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { orders: wholeNumber(values.orders, 'orders', 50, 1), copies: wholeNumber(values.copies, 'copies', 5, 2) };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export const paymentsBenchmark = {
  summary: 'MultiSafepay notifications to "payment received": single and duplicate bursts (issue 14)',
  usage: USAGE,
  run: (args: string[]) => {
    const options = parseOptions(args);
    return withCleanup((cleanup) => runPayments(options, cleanup));
  },
};

interface PlacedOrder {
  chatId: number;
  number: number;
  reference: string;
}

const PAYMENT_RECEIVED = /^Payment received for order (\d+)/;

async function runPayments(options: Options, cleanup: Cleanup): Promise<void> {
  const database = await scratchDatabase(cleanup);
  const redis = await benchRedis(cleanup);
  const api = await startFakeBotApi();
  cleanup.add('stop the fake Bot API', () => api.close());
  const msp = await startFakeMultisafepay({ apiKey: MSP_API_KEY });
  cleanup.add('stop the fake MultiSafepay', () => msp.close());
  const port = await freePort();
  const entry = `http://127.0.0.1:${port}`;

  say(`payments benchmark: ${options.orders} orders paid with MultiSafepay, notified once each, then ${options.copies} times each at once`);
  say(`database: ${database.server.label}, PostgreSQL ${database.version}, fresh database ${database.name}`);
  say(`queues:   ${redis.label}`);
  const started = performance.now();
  const product = await startBenchProduct('the product (npm start)', {
    databaseUrl: database.url, redisUrl: redis.url, port, api, publicUrl: entry,
    env: { MULTISAFEPAY_API_KEY: MSP_API_KEY, MULTISAFEPAY_BASE_URL: msp.url },
  }, cleanup);
  say(`product:  npm start on port ${port}, Telegram webhook, MultiSafepay at the fake (started in ${ms(performance.now() - started)})`);
  const usernames = await addResellerUsers(database.url, options.orders);
  const webhook: Webhook = { url: `${entry}/telegram/webhook`, secret: product.secret };
  const chats = usernames.map((_, i) => new TelegramChat(40_000_000 + i, api, webhook));
  const logins = await Promise.all(chats.map((chat, i) => logIn(chat, usernames[i]!)));
  if (logins.some((ok) => !ok)) throw new Error(`${logins.filter((ok) => !ok).length} of the resellers could not log in`);
  say('');

  const rows: Array<[string, string, string?]> = [];
  let violations = 0;
  for (const copies of [1, options.copies]) {
    const label = copies === 1 ? 'single notifications' : `${copies} copies of each notification at once`;
    const logFrom = product.child.stderr.length;
    const placing = performance.now();
    const orders = (await Promise.all(chats.map((chat) => placeOrder(chat, msp)))).filter((o): o is PlacedOrder => o !== undefined);
    say(`${label}: ${orders.length} of ${chats.length} orders placed with MultiSafepay in ${ms(performance.now() - placing)}`);
    for (const order of orders) msp.setStatus(order.reference, 'completed');
    // A payer spends a while on the payment page: the chat's last message is not a second old (Telegram's pace per chat).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const burst = await notifyAll(api, msp, orders, copies);
    const checks = orders.reduce((n, o) => n + msp.statusChecks(o.reference).length, 0);
    const effects = await effectsOf(database.url, orders.map((o) => o.number));
    const fulfilled = effects.filter((e) => e.fulfilledAt !== null).map((e) => e.fulfilledAt! - burst.wallStart);
    const wrong = effects.filter((e) => e.status !== 'fulfilled' || e.payments !== 1 || e.invoices !== 1);
    const messagesWrong = orders.filter((o) => (burst.messages.get(o.number) ?? 0) !== 1);
    violations += wrong.length + messagesWrong.length + (orders.length - burst.latencies.length);
    say(`  ${count(orders.length * copies)} notifications posted at once, answered ${[...burst.answers.entries()].map(([status, n]) => `${status} × ${n}`).join(', ')} (p99 ${ms(percentile(burst.answerTimes, 99))})`);
    say(`  "payment received": ${burst.latencies.length} of ${orders.length} within ${MESSAGE_WAIT_MS / 1000} s; p50 ${ms(percentile(burst.latencies, 50))}, p99 ${ms(percentile(burst.latencies, 99))}, max ${ms(Math.max(...burst.latencies))}`);
    say(`  fulfilled in the database (fulfilled_at): p50 ${ms(percentile(fulfilled, 50))}, p99 ${ms(percentile(fulfilled, 99))} after the burst`);
    say(`  MultiSafepay asked for a status ${count(checks)} times (${(checks / Math.max(1, orders.length)).toFixed(1)} per order)`);
    const errors = logErrors(product.child, logFrom);
    if (errors.count > 0) say(`  the product logged ${count(errors.count)} errors: ${errors.distinct.join(' | ')}`);
    for (const e of wrong.slice(0, 5)) say(`  VIOLATION order ${e.number}: ${e.status}, ${e.payments} payments, ${e.invoices} invoices`);
    for (const o of messagesWrong.slice(0, 5)) say(`  VIOLATION order ${o.number}: ${burst.messages.get(o.number) ?? 0} "payment received" messages`);
    rows.push([`${label}: p50 / p99`, `${ms(percentile(burst.latencies, 50))} / ${ms(percentile(burst.latencies, 99))}`, `notification → "payment received" at the Bot API, ${orders.length} orders`]);
    rows.push(['  fulfilled in the database: p50 / p99', `${ms(percentile(fulfilled, 50))} / ${ms(percentile(fulfilled, 99))}`, 'the order row\'s fulfilled_at']);
    rows.push(['  status checks at MultiSafepay', count(checks), `${(checks / Math.max(1, orders.length)).toFixed(1)} per order`]);
    rows.push(['  orders not paid and announced once', String(wrong.length + messagesWrong.length + (orders.length - burst.latencies.length))]);
  }
  for (const chat of chats) chat.close();
  say('');
  say(table(`Figures — ${options.orders} orders a burst; ${database.server.label.replace(/^PostgreSQL at /, `PostgreSQL ${database.version} at `)}; ${redis.url ? 'queues on Redis' : 'queues on PostgreSQL'}`, rows));
  if (violations > 0) {
    process.exitCode = 1;
    say(`${violations} orders were not paid, invoiced and announced exactly once.`);
  }
}

async function logIn(chat: TelegramChat, username: string): Promise<boolean> {
  for (const step of [START, { name: 'username', send: { text: username }, answer: /^Your password\?/ }, { name: 'password', send: { text: BENCH_PASSWORD }, answer: /^Main menu/ }] satisfies Step[]) {
    const answered = await sendStep(chat, step, 60_000);
    if (answered.wentWrong || answered.timedOut || answered.unexpected) return false;
  }
  return true;
}

/** From the main menu (or anywhere) to an order placed with MultiSafepay; undefined when a step was not answered as expected. */
async function placeOrder(chat: TelegramChat, msp: FakeMultisafepay): Promise<PlacedOrder | undefined> {
  const steps: Step[] = [
    { name: 'buy', send: { text: 'buy 1 professional 8 sc for 1 year' }, answer: /^Which end customer/ },
    { name: 'Skip', send: { press: 'Skip' }, answer: /^Professional 8 SC, 1 license, 1 year/ },
    { name: 'Add to cart', send: { press: 'Add to cart' }, answer: /^Added to your cart/ },
    { name: '/cart', send: { text: '/cart' }, answer: /^Your cart:/ },
    { name: 'Proceed to checkout', send: { press: 'Proceed to checkout' }, answer: /^Do you have a coupon code\?/ },
    { name: 'Skip coupon', send: { press: 'Skip' }, answer: /^Order summary:/ },
    { name: 'MultiSafepay', send: { press: 'MultiSafepay' }, answer: /Order \d+ is placed/ },
  ];
  let placed: string | undefined;
  for (const step of steps) {
    const answered = await sendStep(chat, step, 60_000).catch((error: unknown) => {
      say(`  chat ${chat.chatId}: ${step.name}: ${String(error)}`);
      return undefined;
    });
    if (!answered || answered.wentWrong || answered.timedOut || answered.unexpected) {
      if (answered) say(`  chat ${chat.chatId}: ${step.name} was answered "${answered.arrivals.at(-1)?.message.text.slice(0, 100) ?? 'nothing'}"`);
      return undefined;
    }
    placed = answered.arrivals.map((a) => a.message.text).find((text) => /Order \d+ is placed/.test(text));
  }
  const number = Number(/Order (\d+) is placed/.exec(placed ?? '')?.[1]);
  const reference = [...msp.orders.values()].find((o) => o.description === `Order ${number}`)?.order_id;
  if (!reference) {
    say(`  chat ${chat.chatId}: order ${number} has no MultiSafepay order at the fake`);
    return undefined;
  }
  return { chatId: chat.chatId, number, reference };
}

/**
 * Posts `copies` signed notifications of every order at once and waits for the orders'
 * "payment received" messages. Latency: from the moment the burst was posted to the arrival
 * of the order's message at the fake Bot API.
 */
async function notifyAll(api: FakeBotApi, msp: FakeMultisafepay, orders: PlacedOrder[], copies: number) {
  const latencies: number[] = [];
  const messages = new Map<number, number>();
  const numbers = new Set(orders.map((o) => o.number));
  let allArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const t0 = performance.now();
  const wallStart = Date.now();
  const stop = api.onArrival((arrival) => {
    const number = Number(PAYMENT_RECEIVED.exec(arrival.message.text)?.[1]);
    if (!numbers.has(number) || arrival.method !== 'sendMessage') return;
    const seen = (messages.get(number) ?? 0) + 1;
    messages.set(number, seen);
    if (seen === 1) latencies.push(arrival.at - t0);
    if (latencies.length === orders.length) allArrived();
  });
  const answers = new Map<string, number>();
  const answerTimes: number[] = [];
  const posts = orders.flatMap((order) => Array.from({ length: copies }, () => msp.notification(order.reference)));
  await Promise.all(posts.map(async (n) => {
    const status = await fetch(n.url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(60_000) })
      .then(async (r) => `${r.status} ${(await r.text()).slice(0, 20)}`)
      .catch((error: unknown) => `failed (${(error as Error).name})`);
    answerTimes.push(performance.now() - t0);
    answers.set(status, (answers.get(status) ?? 0) + 1);
  }));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([arrived, new Promise((resolve) => (timer = setTimeout(resolve, MESSAGE_WAIT_MS)))]);
  clearTimeout(timer);
  // A second message for an order would come right after the first: a moment more to see it.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  stop();
  return { latencies, messages, answers, answerTimes, wallStart };
}

/** Each order's status and how many payments and invoices it has. */
async function effectsOf(databaseUrl: string, numbers: number[]) {
  return withClient(databaseUrl, async (client) =>
    (await client.query<{ number: string; status: string; payments: string; invoices: string; fulfilled_at: Date | null }>(
      `select o.number, o.status, o.fulfilled_at,
              (select count(*) from payments p where p.order_id = o.id and p.status = 'completed') as payments,
              (select count(*) from invoices i where i.order_id = o.id) as invoices
       from orders o where o.number = any($1::bigint[]) order by o.number`,
      [numbers],
    )).rows.map((r) => ({ number: Number(r.number), status: r.status, payments: Number(r.payments), invoices: Number(r.invoices), fulfilledAt: r.fulfilled_at?.getTime() ?? null })),
  );
}
