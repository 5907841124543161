// `npm run bench -- conversation`: the product under chat load from outside (issue 14,
// "Benchmarks"). The product runs as `npm start` (a scratch database, Telegram on a webhook,
// the Bot API faked here); beside it, in the same run, a bare telegraf echo bot behind the
// same kind of webhook entry. For each number of chats, that many simulated resellers chat at
// once in a closed loop (each sends its next update when the answer to the previous one
// arrived at the fake Bot API), then as many people write to the echo bot; the figures of
// both and their ratios are printed. Then the SQL statements per update are counted, step by
// step, through a proxy that reads the PostgreSQL wire protocol.
import { parseArgs } from 'node:util';
import { closedLoop, echoDriver, resellerDriver, summarise, type Summary } from './closed-loop';
import { startFakeBotApi } from './fake-bot-api';
import { startCountingProxy, type StatementCounts } from './pg-counting-proxy';
import { freePort, startChild, waitForHealth } from './processes';
import { addResellerUsers, benchRedis, logErrors, scratchDatabase, startBenchProduct } from './product-setup';
import { recover, resellerRound, sendStep, START, type Step } from './reseller-script';
import { count, ms, numberList, percentile, table, UsageError, wholeNumber, withCleanup, type Cleanup } from './support';
import { TelegramChat } from './telegram-chat';

const USAGE = `npm run bench -- conversation [--chats 1,20,200] [--seconds 15] [--skip-statements]
  --chats N,…         numbers of simulated resellers chatting at once, one run each (default 1,20,200)
  --seconds N         how long each run lasts, for the product and for the echo bot alike (default 15)
  --skip-statements   leave out counting the SQL statements of each step (a second start of the product)
Environment: DATABASE_URL (required): a server to create bench_<random> on; REDIS_URL (optional):
the product's queues on Redis, in a logical database of the bench's own; unset: on PostgreSQL.`;

interface Options {
  chats: number[];
  seconds: number;
  statements: boolean;
}

function parseOptions(args: string[]): Options {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { chats: { type: 'string' }, seconds: { type: 'string' }, 'skip-statements': { type: 'boolean', default: false } },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    chats: numberList(values.chats, 'chats', [1, 20, 200], 1),
    seconds: wholeNumber(values.seconds, 'seconds', 15, 1),
    statements: values['skip-statements'] !== true,
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export const conversationBenchmark = {
  summary: 'the product beside a bare telegraf echo bot, under 1/20/200 chats at once (issue 14)',
  usage: USAGE,
  run: (args: string[]) => {
    const options = parseOptions(args);
    return withCleanup((cleanup) => runConversation(options, cleanup));
  },
};

async function runConversation(options: Options, cleanup: Cleanup): Promise<void> {
  const database = await scratchDatabase(cleanup);
  const redis = await benchRedis(cleanup);
  const productApi = await startFakeBotApi();
  cleanup.add('stop the fake Bot API (product)', () => productApi.close());
  const echoApi = await startFakeBotApi();
  cleanup.add('stop the fake Bot API (echo)', () => echoApi.close());

  say(`conversation benchmark: ${options.chats.join(', ')} chats at once, ${options.seconds} s each, closed loop`);
  say(`database: ${database.server.label}, PostgreSQL ${database.version}, fresh database ${database.name}`);
  say(`queues:   ${redis.label}`);

  const productPort = await freePort();
  const productEntry = `http://127.0.0.1:${productPort}`;
  let started = performance.now();
  const product = await startBenchProduct('the product (npm start)', { databaseUrl: database.url, redisUrl: redis.url, port: productPort, api: productApi, publicUrl: productEntry }, cleanup);
  say(`product:  npm start on port ${productPort}, Telegram webhook, demo data loaded (started in ${ms(performance.now() - started)})`);
  const usernames = await addResellerUsers(database.url, Math.max(...options.chats));
  say(`          ${count(usernames.length)} reseller users bench-1 … bench-${usernames.length} (owners at Acme Telecom, the demo user's password)`);

  const echoPort = await freePort();
  started = performance.now();
  const echo = startChild('the echo bot', 'node', ['--import', 'tsx', 'bench/echo-bot.ts'], {
    TELEGRAM_BOT_TOKEN: '222222:BENCH-echo', TELEGRAM_API_ROOT: echoApi.url, PUBLIC_URL: `http://127.0.0.1:${echoPort}`, PORT: String(echoPort),
  }, cleanup);
  await echo.line(/listening on port/);
  const echoSecret = (await echoApi.webhook()).secret;
  say(`echo:     a bare telegraf bot (bench/echo-bot.ts) on port ${echoPort}, webhook (started in ${ms(performance.now() - started)})`);
  say('');

  const rows: Array<{ chats: number; product: Summary; echo: Summary; errors: ReturnType<typeof logErrors> }> = [];
  for (const [k, chats] of options.chats.entries()) {
    const logFrom = product.child.stderr.length;
    const productRun = await closedLoop(
      Array.from({ length: chats }, (_, i) => resellerDriver(10_000_000 + k * 100_000 + i, usernames[i]!, productApi, { url: `${productEntry}/telegram/webhook`, secret: product.secret })),
      options.seconds,
    );
    productApi.forget();
    const errors = logErrors(product.child, logFrom);
    const echoRun = await closedLoop(
      Array.from({ length: chats }, (_, i) => echoDriver(20_000_000 + k * 100_000 + i, echoApi, { url: `http://127.0.0.1:${echoPort}/telegram/webhook`, secret: echoSecret })),
      options.seconds,
    );
    echoApi.forget();
    const row = { chats, product: summarise(productRun), echo: summarise(echoRun), errors };
    rows.push(row);
    say(runLine('product', row.product) + (errors.count > 0 ? `; ${count(errors.count)} errors logged` : ''));
    for (const message of errors.distinct) say(`    logged: ${message}`);
    say(runLine('echo', row.echo));
    const lost = [...new Set(productRun.samples.filter((s) => s.unexpected && !s.wentWrong).map((s) => `${s.step} → ${s.answer.at(-1)?.slice(0, 100) ?? '(nothing)'}`))].slice(0, 3);
    for (const example of lost) say(`    unexpected answer: ${example}`);
  }

  await echo.stop();
  let statements: Awaited<ReturnType<typeof countStatements>> | undefined;
  if (options.statements) {
    await product.child.stop();
    statements = await countStatements(database.url, redis.url, cleanup);
  }

  say('');
  say(table(`Figures — closed loop, ${options.seconds} s a run; ${database.server.label.replace(/^PostgreSQL at /, `PostgreSQL ${database.version} at `)}; ${redis.url ? 'queues on Redis' : 'queues on PostgreSQL'}`, figureRows(rows)));
  if (statements) {
    say('');
    say(table('SQL statements per update (one reseller alone, median of 3 rounds; counted at the wire protocol)', statementRows(statements.steps)));
    say(`The statements of one /menu:\n${statements.menuSql.map((sql, i) => `  ${String(i + 1).padStart(2)}. ${sql.length > 150 ? `${sql.slice(0, 150)}…` : sql}`).join('\n')}`);
  }
}

function runLine(bot: string, s: Summary): string {
  return `${String(s.chats).padStart(4)} chats ${bot.padEnd(7)}: ${count(s.updates)} updates, ${s.perSecond.toFixed(1)}/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}` +
    (s.logins > 0 ? `, logins p99 ${ms(s.loginsP99)} (${s.logins})` : '') +
    `, "went wrong" ${s.wentWrong}, no answer ${s.timedOut}, another answer ${s.unexpected}, webhook refusals ${s.webhookFailures}`;
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
}

function figureRows(rows: Array<{ chats: number; product: Summary; echo: Summary }>): Array<[string, string, string?]> {
  const out: Array<[string, string, string?]> = [];
  for (const { chats, product, echo } of rows) {
    out.push([`${chats} chats: updates/s`, `${product.perSecond.toFixed(1)} | ${echo.perSecond.toFixed(1)}`, `product | echo; product/echo ${ratio(product.perSecond, echo.perSecond)}`]);
    out.push([`  p50 latency`, `${ms(product.p50)} | ${ms(echo.p50)}`, `product/echo ${ratio(product.p50, echo.p50)}`]);
    out.push([`  p99 latency`, `${ms(product.p99)} | ${ms(echo.p99)}`, `product/echo ${ratio(product.p99, echo.p99)}`]);
    out.push([`  p99 latency, logins aside`, `${ms(product.p99LoginsAside)} | ${ms(echo.p99LoginsAside)}`, `product/echo ${ratio(product.p99LoginsAside, echo.p99LoginsAside)}`]);
    out.push([`  logins p99`, ms(product.loginsP99), `${count(product.logins)} logins (the password step)`]);
    out.push([`  "something went wrong"`, `${product.wentWrong} | ${echo.wentWrong}`, `of ${count(product.updates)} | ${count(echo.updates)} updates`]);
    if (product.timedOut + product.unexpected + echo.timedOut + echo.unexpected > 0) {
      out.push([`  no answer / another answer than expected`, `${product.timedOut + echo.timedOut} / ${product.unexpected + echo.unexpected}`, `product ${product.timedOut} / ${product.unexpected}, echo ${echo.timedOut} / ${echo.unexpected}`]);
    }
  }
  return out;
}

// ── Statements ──────────────────────────────────────────────────────────────────────────────

interface StepStatements {
  name: string;
  statements: number;
  framing: number;
  transactions: number;
}

/**
 * Starts the product again with its database reached through the counting proxy, and walks
 * one reseller through /start and three rounds of the script, alone, taking the statements
 * and transactions each update caused. Background work (the maintenance job every minute)
 * may fall into one update of one round: the median of the three rounds leaves it out.
 */
async function countStatements(databaseUrl: string, redisUrl: string | undefined, cleanup: Cleanup): Promise<{ steps: StepStatements[]; menuSql: string[] }> {
  const proxy = await startCountingProxy(databaseUrl);
  cleanup.add('stop the counting proxy', () => proxy.close());
  const api = await startFakeBotApi();
  cleanup.add('stop the fake Bot API (statements)', () => api.close());
  const port = await freePort();
  const started = await startBenchProduct('the product (npm start, statements counted)', { databaseUrl: proxy.url, redisUrl, port, api, publicUrl: `http://127.0.0.1:${port}` }, cleanup);
  await waitForHealth(started.child, port);
  const chat = new TelegramChat(30_000_000, api, { url: `http://127.0.0.1:${port}/telegram/webhook`, secret: started.secret });
  const round = resellerRound('bench-1');
  const taken: Array<Array<StatementCounts | undefined>> = [];
  const take = async (step: Step): Promise<StatementCounts | undefined> => {
    const before = proxy.counts();
    const answered = await sendStep(chat, step, 60_000);
    const after = proxy.counts();
    if (answered.wentWrong || answered.timedOut || answered.unexpected) {
      say(`    statements: ${step.name} was not answered as expected (${answered.arrivals.at(-1)?.message.text.slice(0, 80) ?? 'nothing'}); left out`);
      await recover(chat, round, 60_000);
      return undefined;
    }
    return { statements: after.statements - before.statements, framing: after.framing - before.framing, transactions: after.transactions - before.transactions };
  };
  const start = await take(START);
  let menuSql: string[] = [];
  for (let r = 0; r < 3; r++) {
    const counts: Array<StatementCounts | undefined> = [];
    for (const step of round) {
      const recordThis = r === 2 && step.name === '/menu' && menuSql.length === 0;
      if (recordThis) proxy.record();
      counts.push(await take(step));
      if (recordThis) menuSql = proxy.stopRecording();
    }
    taken.push(counts);
  }
  chat.close();
  await started.child.stop();
  const median = (values: number[]) => percentile(values, 50);
  const none = { statements: Number.NaN, framing: Number.NaN, transactions: Number.NaN };
  const steps = [
    { name: START.name, ...(start ?? none) },
    ...round.map((step, i) => {
      const got = taken.map((counts) => counts[i]).filter((c): c is StatementCounts => c !== undefined);
      return { name: step.name, statements: median(got.map((c) => c.statements)), framing: median(got.map((c) => c.framing)), transactions: median(got.map((c) => c.transactions)) };
    }),
  ];
  return { steps, menuSql };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function statementRows(steps: StepStatements[]): Array<[string, string, string?]> {
  const described = (s: Omit<StepStatements, 'name'>) => `${s.statements - s.framing} without BEGIN/COMMIT; ${plural(s.transactions, 'transaction')}`;
  const rows: Array<[string, string, string?]> = steps.map((s) => [s.name, `${s.statements}`, described(s)]);
  const round = steps.slice(1);
  const sum = (key: 'statements' | 'framing' | 'transactions') => round.reduce((n, s) => n + s[key], 0);
  const total = { statements: sum('statements'), framing: sum('framing'), transactions: sum('transactions') };
  rows.push([`a whole round (${round.length} updates)`, `${total.statements}`, `${described(total)}; ${(total.statements / round.length).toFixed(1)} statements per update`]);
  const menu = steps.find((s) => s.name === '/menu');
  if (menu) rows.push(['per /menu', `${menu.statements}`, described(menu)]);
  return rows;
}
