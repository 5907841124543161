// `npm run bench -- conversation`: the product under chat load from outside (issue 14,
// "Benchmarks"). The product runs as `npm start` (a scratch database, Telegram on a webhook,
// the Bot API faked here); beside it, in the same run, a bare telegraf echo bot behind the
// same kind of webhook entry. For each number of chats, that many simulated resellers chat at
// once in a closed loop (each sends its next update when the answer to the previous one
// arrived at the fake Bot API), then as many people write to the echo bot; the figures of
// both and their ratios are printed. Then the SQL statements per update are counted, step by
// step, through a proxy that reads the PostgreSQL wire protocol.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANSWER_TIMEOUT_MS, closedLoop, echoDriver, resellerDriver, summarise, type LoopResult, type ResellerDriver, type Sample, type Summary } from './closed-loop';
import { cpuBetween, cpuReadable, databaseBackendsCpu, treeCpu } from './cpu';
import { startFakeBotApi } from './fake-bot-api';
import { startCountingProxy, type StatementCounts } from './pg-counting-proxy';
import { freePort, startChild, waitForHealth } from './processes';
import { addResellerUsers, benchRedis, logErrors, scratchDatabase, startBenchProduct } from './product-setup';
import { recover, resellerRound, sendStep, START, type Step } from './reseller-script';
import { count, ms, numberList, percentile, table, UsageError, wholeNumber, withCleanup, type Cleanup } from './support';
import { TelegramChat } from './telegram-chat';

const USAGE = `npm run bench -- conversation [--chats 1,20,200] [--seconds 15] [--spread-seconds 30] [--skip-statements] [--cpu-prof DIR]
  --chats N,…         numbers of simulated resellers chatting at once, one run each (default 1,20,200)
  --seconds N         how long each run lasts, for the product and for the echo bot alike (default 15);
                      the resellers log in first, all at once, and chat in their sessions during the run
  --spread-seconds N  then as many resellers as the most chats arrive one after the other over N s, each
                      logging in as it comes (default 30; 0: left out)
  --skip-statements   leave out counting the SQL statements of each step (a second start of the product)
  --cpu-prof DIR      the product runs as node --cpu-prof (not npm start); its CPU profile is written into DIR
Environment: DATABASE_URL (required): a server to create bench_<random> on; REDIS_URL (optional):
the product's queues on Redis, in a logical database of the bench's own; unset: on PostgreSQL.`;

interface Options {
  chats: number[];
  seconds: number;
  spreadSeconds: number;
  statements: boolean;
  cpuProfileDir: string | undefined;
}

function parseOptions(args: string[]): Options {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { chats: { type: 'string' }, seconds: { type: 'string' }, 'spread-seconds': { type: 'string' }, 'skip-statements': { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' } },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    chats: numberList(values.chats, 'chats', [1, 20, 200], 1),
    seconds: wholeNumber(values.seconds, 'seconds', 15, 1),
    spreadSeconds: wholeNumber(values['spread-seconds'], 'spread-seconds', 30, 0),
    statements: values['skip-statements'] !== true,
    cpuProfileDir: values['cpu-prof'],
  };
}

/** How long the product is watched doing nothing, for its idle CPU. */
const IDLE_SECONDS = 5;

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
  const profiling = options.cpuProfileDir === undefined ? undefined : ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfileDir)}`];
  const product = await startBenchProduct('the product (npm start)', { databaseUrl: database.url, redisUrl: redis.url, port: productPort, api: productApi, publicUrl: productEntry, nodeArgs: profiling }, cleanup);
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
  if (cpuReadable()) {
    // What the product spends doing nothing: its timers, queue workers and sweeps.
    const idleBefore = treeCpu(product.child.child.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    say(`          idle for ${IDLE_SECONDS} s: the product's process used ${((cpuBetween(idleBefore, treeCpu(product.child.child.pid)) / IDLE_SECONDS) * 100).toFixed(1)} % of a core`);
  }
  say('');

  const rows: Row[] = [];
  const webhook = { url: `${productEntry}/telegram/webhook`, secret: product.secret };
  for (const [k, chats] of options.chats.entries()) {
    const logFrom = product.child.stderr.length;
    const drivers = Array.from({ length: chats }, (_, i) => resellerDriver(10_000_000 + k * 100_000 + i, usernames[i]!, productApi, webhook));
    // They all log in at once (the burst), then chat in their sessions: the closed loop measured.
    const loginsStarted = performance.now();
    const loginSamples = (await Promise.all(drivers.map((driver) => driver.logIn()))).flat();
    const logins = summarise({ chats, seconds: (performance.now() - loginsStarted) / 1000, samples: loginSamples, end: performance.now() });
    const cpuBefore = { product: treeCpu(product.child.child.pid), backends: await databaseBackendsCpu(database.server.url, database.name) };
    const productRun = await closedLoop(drivers, options.seconds);
    const cpu = {
      product: cpuBetween(cpuBefore.product, treeCpu(product.child.child.pid)),
      backends: cpuBetween(cpuBefore.backends, await databaseBackendsCpu(database.server.url, database.name)),
      echo: 0,
    };
    productApi.forget();
    const errors = logErrors(product.child, logFrom);
    const echoBefore = treeCpu(echo.child.pid);
    const echoRun = await closedLoop(
      Array.from({ length: chats }, (_, i) => echoDriver(20_000_000 + k * 100_000 + i, echoApi, { url: `http://127.0.0.1:${echoPort}/telegram/webhook`, secret: echoSecret })),
      options.seconds,
    );
    cpu.echo = cpuBetween(echoBefore, treeCpu(echo.child.pid));
    echoApi.forget();
    const row: Row = { chats, logins, product: summarise(productRun), echo: summarise(echoRun), errors, cpu };
    rows.push(row);
    say(loginLine(`${String(chats).padStart(4)} chats logins : all at once`, logins));
    say(runLine('product', row.product) + (errors.count > 0 ? `; ${count(errors.count)} errors logged` : ''));
    for (const message of errors.distinct) say(`    logged: ${message}`);
    say(runLine('echo', row.echo));
    if (cpuReadable()) say(cpuLine(row));
    sayUnexpected([...loginSamples, ...productRun.samples]);
  }

  let spread: { chats: number; logins: Summary; run: Summary } | undefined;
  if (options.spreadSeconds > 0) {
    const chats = Math.max(...options.chats);
    const logFrom = product.child.stderr.length;
    const drivers = Array.from({ length: chats }, (_, i) => resellerDriver(40_000_000 + i, usernames[i]!, productApi, webhook));
    const run = await arrivingOverTime(drivers, options.spreadSeconds);
    productApi.forget();
    const errors = logErrors(product.child, logFrom);
    spread = { chats, logins: summarise({ ...run, samples: run.samples.filter((s) => s.login) }), run: summarise(run) };
    say(loginLine(`${String(chats).padStart(4)} chats logins : arriving over ${options.spreadSeconds} s`, spread.logins) +
      `; meanwhile ${count(spread.run.updates)} updates in all, ${spread.run.perSecond.toFixed(1)}/s, p99 logins aside ${ms(spread.run.p99LoginsAside)}` +
      (errors.count > 0 ? `; ${count(errors.count)} errors logged` : ''));
    for (const message of errors.distinct) say(`    logged: ${message}`);
    sayUnexpected(run.samples);
  }

  await echo.stop();
  if (profiling) {
    await product.child.stop();
    say(`CPU profiles of the product written into ${resolve(options.cpuProfileDir!)}`);
  }
  let statements: Awaited<ReturnType<typeof countStatements>> | undefined;
  if (options.statements) {
    await product.child.stop();
    statements = await countStatements(database.url, redis.url, cleanup);
  }

  say('');
  say(table(`Figures — closed loop, ${options.seconds} s a run after every chat logged in; ${database.server.label.replace(/^PostgreSQL at /, `PostgreSQL ${database.version} at `)}; ${redis.url ? 'queues on Redis' : 'queues on PostgreSQL'}`, figureRows(rows, spread)));
  if (statements) {
    say('');
    say(table('SQL statements per update (one reseller alone, median of 3 rounds; counted at the wire protocol)', statementRows(statements.steps)));
    say(`The statements of one /menu:\n${statements.menuSql.map((sql, i) => `  ${String(i + 1).padStart(2)}. ${sql.length > 150 ? `${sql.slice(0, 150)}…` : sql}`).join('\n')}`);
  }
}

interface Row {
  chats: number;
  /** The login burst before the run: every chat's /start, username and password at once. */
  logins: Summary;
  product: Summary;
  echo: Summary;
  errors: ReturnType<typeof logErrors>;
  /** CPU seconds during the closed loops: the product's process, its database's PostgreSQL backends, the echo bot's process. */
  cpu: { product: number; backends: number; echo: number };
}

function runLine(bot: string, s: Summary): string {
  return `${String(s.chats).padStart(4)} chats ${bot.padEnd(7)}: ${count(s.updates)} updates, ${s.perSecond.toFixed(1)}/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}` +
    (s.logins > 0 ? `, logins p99 ${ms(s.loginsP99)} (${s.logins})` : '') +
    `, "went wrong" ${s.wentWrong}, no answer ${s.timedOut}, another answer ${s.unexpected}, webhook refusals ${s.webhookFailures}` +
    (s.kept > 0 ? `, told "kept" ${s.kept}` : '');
}

/** CPU milliseconds an update costs: what decides the throughput of a machine whose cores are all busy. */
function cpuPerUpdate(seconds: number, updates: number): string {
  return updates > 0 ? `${((seconds * 1000) / updates).toFixed(2)} ms` : '—';
}

function cpuLine({ chats, product, echo, cpu }: Row): string {
  return `${String(chats).padStart(4)} chats CPU    : per update, product ${cpuPerUpdate(cpu.product, product.updates)} + its PostgreSQL backends ${cpuPerUpdate(cpu.backends, product.updates)}` +
    ` | echo ${cpuPerUpdate(cpu.echo, echo.updates)}; the product's process ${((cpu.product / product.seconds) * 100).toFixed(0)} % of a core, the backends ${((cpu.backends / product.seconds) * 100).toFixed(0)} %`;
}

function loginLine(label: string, s: Summary): string {
  return `${label}: ${count(s.logins)} logins in ${s.seconds.toFixed(1)} s, p50 ${ms(s.loginsP50)}, p99 ${ms(s.loginsP99)}, max ${ms(s.loginsMax)}` +
    `; "went wrong" ${s.wentWrong}, no answer within ${ANSWER_TIMEOUT_MS / 1000} s ${s.timedOut}, another answer ${s.unexpected}` +
    (s.kept > 0 ? `, told "busy, kept" first ${s.kept}` : '');
}

function sayUnexpected(samples: Sample[]): void {
  const lost = [...new Set(samples.filter((s) => s.unexpected && !s.wentWrong).map((s) => `${s.step} → ${s.answer.at(-1)?.slice(0, 100) ?? '(nothing)'}`))].slice(0, 3);
  for (const example of lost) say(`    unexpected answer: ${example}`);
}

/**
 * People coming to the chat one after the other, evenly over `seconds`: each logs in when it
 * arrives (its login finished whatever the time), then chats in the closed loop until the end.
 */
async function arrivingOverTime(drivers: ResellerDriver[], seconds: number): Promise<LoopResult> {
  const started = performance.now();
  const end = started + seconds * 1000;
  const samples: Sample[] = [];
  await Promise.all(drivers.map(async (driver, i) => {
    const wait = started + (i * seconds * 1000) / drivers.length - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    samples.push(...(await driver.logIn()));
    while (performance.now() < end) samples.push(...(await driver.next()));
  }));
  for (const driver of drivers) driver.chat.close();
  return { chats: drivers.length, seconds, samples: samples.filter((s) => s.login || s.sentAt < end), end };
}

/** Logins not answered within the wait are not in the percentiles: said next to them. */
function unanswered(s: Summary): string {
  return s.timedOut > 0 ? `; ${count(s.timedOut)} of them not answered within ${ANSWER_TIMEOUT_MS / 1000} s (left out of the percentiles)` : '';
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
}

function figureRows(rows: Row[], spread: { chats: number; logins: Summary; run: Summary } | undefined): Array<[string, string, string?]> {
  const out: Array<[string, string, string?]> = [];
  for (const row of rows) {
    const { chats, logins, product, echo } = row;
    out.push([`${chats} chats: updates/s`, `${product.perSecond.toFixed(1)} | ${echo.perSecond.toFixed(1)}`, `product | echo; product/echo ${ratio(product.perSecond, echo.perSecond)}`]);
    if (cpuReadable()) out.push([`  CPU per update`, `${cpuPerUpdate(row.cpu.product + row.cpu.backends, product.updates)} | ${cpuPerUpdate(row.cpu.echo, echo.updates)}`, `product with its PostgreSQL backends | echo; product/echo ${ratio((row.cpu.product + row.cpu.backends) / product.updates, row.cpu.echo / echo.updates)}`]);
    out.push([`  p50 latency`, `${ms(product.p50)} | ${ms(echo.p50)}`, `product/echo ${ratio(product.p50, echo.p50)}`]);
    out.push([`  p99 latency`, `${ms(product.p99)} | ${ms(echo.p99)}`, `product/echo ${ratio(product.p99, echo.p99)}${product.logins > 0 ? ` (${count(product.logins)} logins again in the run)` : ''}`]);
    out.push([`  logins p99, all at once`, ms(logins.loginsP99), `${count(logins.chats)} chats logging in at the same moment, before the run (p50 ${ms(logins.loginsP50)})${unanswered(logins)}`]);
    out.push([`  "something went wrong"`, `${product.wentWrong + logins.wentWrong} | ${echo.wentWrong}`, `of ${count(product.updates + logins.updates)} | ${count(echo.updates)} updates`]);
    const productOff = product.timedOut + product.unexpected + logins.timedOut + logins.unexpected;
    if (productOff + echo.timedOut + echo.unexpected > 0) {
      out.push([`  no answer / another answer than expected`, `${product.timedOut + logins.timedOut + echo.timedOut} / ${product.unexpected + logins.unexpected + echo.unexpected}`, `product ${product.timedOut + logins.timedOut} / ${product.unexpected + logins.unexpected}, echo ${echo.timedOut} / ${echo.unexpected}`]);
    }
  }
  if (spread) {
    out.push([`${spread.chats} chats arriving over ${spread.run.seconds} s: logins p99`, ms(spread.logins.loginsP99), `p50 ${ms(spread.logins.loginsP50)}; those logged in chatting meanwhile${unanswered(spread.logins)}`]);
    out.push([`  p99 latency, logins aside`, ms(spread.run.p99LoginsAside), `${count(spread.run.updates)} updates, "something went wrong" ${spread.run.wentWrong}`]);
  }
  return out;
}

// ── Statements ──────────────────────────────────────────────────────────────────────────────

interface StepStatements {
  name: string;
  statements: number;
  framing: number;
  transactions: number;
  roundTrips: number;
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
    return { statements: after.statements - before.statements, framing: after.framing - before.framing, transactions: after.transactions - before.transactions, roundTrips: after.roundTrips - before.roundTrips };
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
  const none = { statements: Number.NaN, framing: Number.NaN, transactions: Number.NaN, roundTrips: Number.NaN };
  const steps = [
    { name: START.name, ...(start ?? none) },
    ...round.map((step, i) => {
      const got = taken.map((counts) => counts[i]).filter((c): c is StatementCounts => c !== undefined);
      return { name: step.name, statements: median(got.map((c) => c.statements)), framing: median(got.map((c) => c.framing)), transactions: median(got.map((c) => c.transactions)), roundTrips: median(got.map((c) => c.roundTrips)) };
    }),
  ];
  return { steps, menuSql };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function statementRows(steps: StepStatements[]): Array<[string, string, string?]> {
  const described = (s: Omit<StepStatements, 'name'>) => `${s.statements - s.framing} without BEGIN/COMMIT; ${plural(s.transactions, 'transaction')}; ${plural(s.roundTrips, 'round trip')}`;
  const rows: Array<[string, string, string?]> = steps.map((s) => [s.name, `${s.statements}`, described(s)]);
  const round = steps.slice(1);
  const sum = (key: 'statements' | 'framing' | 'transactions' | 'roundTrips') => round.reduce((n, s) => n + s[key], 0);
  const total = { statements: sum('statements'), framing: sum('framing'), transactions: sum('transactions'), roundTrips: sum('roundTrips') };
  rows.push([`a whole round (${round.length} updates)`, `${total.statements}`, `${described(total)}; ${(total.statements / round.length).toFixed(1)} statements and ${(total.roundTrips / round.length).toFixed(1)} round trips per update`]);
  const menu = steps.find((s) => s.name === '/menu');
  if (menu) rows.push(['per /menu', `${menu.statements}`, described(menu)]);
  return rows;
}
