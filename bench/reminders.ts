// `npm run bench -- reminders`: the renewal-reminder sweep at scale (issue 6, "Benchmarks").
//
// On a database of its own it generates N licenses (5 % of them due today at one of the
// reminder offsets), times the set-based claim (claimDueReminders), the enqueueing of the due
// reminders next to BullMQ's own addBulk of as many bare jobs, and the notifier's achieved send
// rate through the product's Telegram deliver() against a fake Bot API that enforces 30
// messages a second and one a second per chat.
import { NOTIFICATIONS_WORKER as PRODUCT_NOTIFICATIONS_WORKER, reminderEnqueue } from '../src/jobs/workers';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { Redis } from 'ioredis';
import { createTelegramBot } from '../src/bots/telegram/telegram-bot';
import type { ConversationEngine } from '../src/conversation/engine';
import { DEFAULT_REMINDER_OFFSETS, DIGEST_THRESHOLD } from '../src/domain/reminders/reminder-offsets';
import { dateIn } from '../src/infra/clock';
import { createKnex } from '../src/infra/db/connection';
import { migrateToLatest } from '../src/infra/db/migrate';
import { ensureDefaultCatalog } from '../src/infra/demo/load-demo';
import type { Logger } from '../src/infra/log';
import { createQueueFactory, type AppQueue, type QueueFactory } from '../src/infra/queue/connection';
import { markChatUnreachable } from '../src/infra/store/identity-status';
import { claimDueReminders } from '../src/infra/store/reminders';
import { sendPace, TELEGRAM_PACE } from '../src/infra/store/send-pace';
import type { ClaimedReminder } from '../src/jobs/ports';
import { QUEUE_NAMES, RETRYING } from '../src/jobs/queues';
import { plannedDeliveries, reminderDeliveryProcessor, reminderJob, sweepReminders, SWEEP_SHARES, type ReminderDelivery, type ReminderJob } from '../src/jobs/reminders';
import { BOT_USER } from '../test/support/fake-telegram';
import { startRateLimitedTelegram, TELEGRAM_LIMITS } from './fake-rate-limited-telegram';
import { cpuBetween, cpuReadable, databaseBackendsCpu, treeCpu } from './cpu';
import { benchServer, count, createBenchDatabase, perSecond, seconds, sleep, table, timed, UsageError, withCleanup, type Cleanup } from './support';
import { reminderStore } from '../src/infra/store/reminders';

const USAGE = `npm run bench -- reminders [--licenses 1000000] [--resellers N] [--skip-notifier] [--explain] [--embedded]
  --licenses N      licenses to generate (default 1,000,000; 5 % of them due today)
  --resellers N     resellers they belong to (default licenses / 50, at least 20), in skewed sizes
  --skip-notifier   leave out the send-rate run against the rate-limited fake Bot API
  --explain         also print EXPLAIN (ANALYZE, BUFFERS) of the claim's statements (rolled back)
  --embedded        without DATABASE_URL: run an embedded PostgreSQL in .data/bench-postgres
Environment: DATABASE_URL (required unless --embedded): a server to create bench_<random> on;
REDIS_URL (optional): BullMQ on Redis; unset: BullMQ's PostgreSQL backend in the bench database.`;

/** The product's notifications worker settings (src/jobs/workers.ts startJobs). */
const NOTIFICATIONS_WORKER = { ...PRODUCT_NOTIFICATIONS_WORKER };
/** Rows per INSERT … SELECT generate_series. */
const BATCH = 100_000;
/** The enqueue is timed in addBulk calls of this many jobs. */
const CHUNK = 1_000;
/** The notifier run: chats, messages to each, and how long it may take. */
const NOTIFIER_CHATS = 100;
const NOTIFIER_PER_CHAT = 3;
const NOTIFIER_LIMIT_MS = 60_000;

interface Options {
  licenses: number;
  resellers: number;
  skipNotifier: boolean;
  explain: boolean;
  embedded: boolean;
}

function parseOptions(args: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        licenses: { type: 'string' },
        resellers: { type: 'string' },
        'skip-notifier': { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        embedded: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const number = (raw: string | undefined, name: string, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/[_,]/g, ''));
    if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${raw}")`);
    return value;
  };
  const licenses = number(parsed.licenses, 'licenses', 1_000_000, 100);
  const resellers = number(parsed.resellers, 'resellers', Math.max(20, Math.round(licenses / 50)), 1);
  return { licenses, resellers, skipNotifier: parsed['skip-notifier'] === true, explain: parsed.explain === true, embedded: parsed.embedded === true };
}

/**
 * The benchmark's clock: runs at real speed from 10:00 UTC of today (of Friday when today is
 * a weekend), so that the quiet hours let the European resellers' reminders out at once and
 * the figures do not depend on the hour the benchmark is run.
 */
function benchClock() {
  const real = new Date();
  const weekday = real.getUTCDay();
  const back = weekday === 6 ? 1 : weekday === 0 ? 2 : 0;
  const day = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth(), real.getUTCDate() - back, 10));
  const started = Date.now();
  const now = () => new Date(day.getTime() + (Date.now() - started));
  return { now, today: (timeZone?: string) => dateIn(now(), timeZone), date: dateIn(day, 'UTC') };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export const remindersBenchmark = {
  summary: 'renewal-reminder sweep, enqueue and notifier send rate (issue 6)',
  usage: USAGE,
  run: async (args: string[]) => {
    const options = parseOptions(args);
    return withCleanup((cleanup) => runReminders(options, cleanup));
  },
};

async function runReminders(options: Options, cleanup: Cleanup): Promise<void> {
  const clock = benchClock();
  const today = clock.date;
  const offsets = [...DEFAULT_REMINDER_OFFSETS];
  const figures: Array<[string, string, string?]> = [];

  const server = await benchServer(options.embedded, cleanup);
  const database = await createBenchDatabase(server, cleanup);
  const knex = createKnex(database.url, { poolMax: 10, applicationName: 'threecx-bench' });
  // A statement still running when interrupted would hold destroy() up: the drop ends it.
  cleanup.add('close the database pool', () => knex.destroy(), 5_000);
  const version = String((await knex.raw<{ rows: Array<{ v: string }> }>(`select current_setting('server_version') as v`)).rows[0]?.v);
  await migrateToLatest(knex);

  const redisUrl = process.env.REDIS_URL === '' ? undefined : process.env.REDIS_URL;
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const factory = await createQueueFactory({ redisUrl, databaseUrl: database.url, prefix });
  cleanup.add('close the queues', () => factory.close(), 10_000);
  if (redisUrl !== undefined) cleanup.add(`delete the Redis keys ${prefix}:*`, () => deleteKeys(redisUrl, prefix));
  const queueLabel = redisUrl === undefined
    ? 'BullMQ on PostgreSQL (REDIS_URL is not set: the queues live in the bench database, schema bullmq)'
    : `BullMQ on Redis at ${redisServer(redisUrl)} (key prefix ${prefix})`;

  say(`reminders benchmark: ${count(options.licenses)} licenses, ${count(options.resellers)} resellers, today ${today} (bench clock 10:00 UTC)`);
  say(`database: ${server.label}, PostgreSQL ${version}, fresh database ${database.name}`);
  say(`queues:   ${queueLabel}`);
  say('');

  // 1. The licenses.
  const generated = await generate(knex, options, today, offsets);
  figures.push([`generate ${count(options.licenses)} licenses (${generated.batches} batch${generated.batches === 1 ? '' : 'es'})`, seconds(generated.seconds), perSecond(options.licenses, generated.seconds, 'licenses')]);
  figures.push(['  resellers, users, chat identities', seconds(generated.setupSeconds), `${count(options.resellers)} resellers, ${count(generated.users)} users, ${count(generated.identities)} identities`]);
  figures.push(['  vacuum analyze', seconds(generated.vacuumSeconds)]);

  // 2. The sweep, twice.
  if (options.explain) await explainClaim(knex, { today, now: clock.now(), offsets });
  const statements = statementTimer(knex);
  const first = await timed(() => claimDueReminders(knex, { today, now: clock.now(), offsets }));
  const firstStatements = statements.take();
  const claimedLicenses = Number((await knex('reminders').countDistinct<Array<{ n: number }>>('license_id as n'))[0]?.n ?? 0);
  const byOffset = (await knex('reminders').select('offset_days').count<Array<{ offset_days: number; n: number }>>('* as n').groupBy('offset_days').orderBy('offset_days', 'desc'))
    .map((r) => `${r.offset_days}: ${count(r.n)}`).join(', ');
  say(`sweep #1: ${count(first.result.length)} reminders claimed for ${count(claimedLicenses)} licenses in ${seconds(first.seconds)} (by offset: ${byOffset})`);
  say(`          statements: ${firstStatements.map((s) => `${s.label} ${seconds(s.seconds)}${s.rows === undefined ? '' : ` (${count(s.rows)} rows)`}`).join('; ')}`);
  figures.push(['sweep #1: claimDueReminders', seconds(first.seconds), `${count(first.result.length)} reminders claimed (${count(claimedLicenses)} licenses due: ${(100 * claimedLicenses / options.licenses).toFixed(1)} %)`]);
  const second = await timed(() => claimDueReminders(knex, { today, now: clock.now(), offsets }));
  statements.take();
  say(`sweep #2: ${count(second.result.length)} claimed in ${seconds(second.seconds)}`);
  figures.push(['sweep #2: claimDueReminders again', seconds(second.seconds), `${count(second.result.length)} claimed`]);
  statements.stop();

  // 3. Enqueueing the due reminders, and BullMQ's own addBulk for scale.
  const cpu = await cpuMeter(server.url, database.name, factory);
  const enqueue = await enqueueFigures(factory, first.result, clock, cpu);
  say(`plan: ${count(enqueue.deliveries)} deliveries (${count(enqueue.singles)} single reminders, ${count(enqueue.digests)} digests, the largest of ${count(enqueue.largest)}) in ${seconds(enqueue.planSeconds)}; ` +
    `${count(enqueue.delayed)} held for quiet hours`);
  if (enqueue.overLimit > 0) {
    say(`WARNING: ${count(enqueue.overLimit)} digest deliveries carry more than 500 reminder ids (largest ${count(enqueue.largest)}): reminderJob's schema ` +
      'refuses them, so the worker would fail them as malformed.');
  }
  say(`enqueue: ${count(enqueue.deliveries)} jobs in ${seconds(enqueue.chunkedSeconds)} (addBulk × ${CHUNK}); in one addBulk: ${seconds(enqueue.singleSeconds)}; ` +
    `bare jobs: ${seconds(enqueue.bareSeconds)}`);
  figures.push(['plannedDeliveries', seconds(enqueue.planSeconds), `${count(enqueue.deliveries)} deliveries: ${count(enqueue.singles)} single, ${count(enqueue.digests)} digests (> ${DIGEST_THRESHOLD} per chat)`]);
  figures.push([`enqueue due reminders (addBulk × ${count(CHUNK)})`, seconds(enqueue.chunkedSeconds), perSecond(enqueue.deliveries, enqueue.chunkedSeconds, 'jobs')]);
  figures.push(['  the same, in one addBulk', seconds(enqueue.singleSeconds), perSecond(enqueue.deliveries, enqueue.singleSeconds, 'jobs')]);
  figures.push([`BullMQ addBulk, ${count(enqueue.deliveries)} bare jobs (× ${count(CHUNK)})`, seconds(enqueue.bareSeconds), perSecond(enqueue.deliveries, enqueue.bareSeconds, 'jobs')]);
  const oneAfterAnother = first.seconds + enqueue.planSeconds + enqueue.chunkedSeconds;
  figures.push(['  claim, plan and addBulk × 1,000 one after another', seconds(oneAfterAnother), enqueue.bareSeconds > 0 ? `${(oneAfterAnother / enqueue.bareSeconds).toFixed(2)}× the bare addBulk` : '']);

  // Issue 14's figure: the product's whole daily job (sweepReminders: claim, plan and queue) on
  // the same due licenses, claimed afresh, against BullMQ queueing as many bare jobs.
  const product = await productSweepFigures(knex, factory, clock, offsets, cpu);
  say(`the product's sweep (sweepReminders): ${count(product.claimed)} claimed, ${count(product.deliveries)} deliveries queued in ${seconds(product.seconds)} ` +
    `(claiming ${seconds(product.claimSeconds)} and queueing ${seconds(product.queueSeconds)}, in ${SWEEP_SHARES} shares of resellers, a share claimed while the one before is queued)`);
  if (product.claimed !== first.result.length || product.deliveries !== enqueue.deliveries) {
    say(`WARNING: the product's sweep claimed ${count(product.claimed)} and queued ${count(product.deliveries)}; claimDueReminders claimed ${count(first.result.length)}, planned ${count(enqueue.deliveries)}`);
  }
  figures.push([
    'sweep + queueing vs bare addBulk',
    enqueue.bareSeconds > 0 ? `${(product.seconds / enqueue.bareSeconds).toFixed(2)}×` : '—',
    `${seconds(product.seconds)} (the product's sweepReminders, ${count(product.deliveries)} jobs) against ${seconds(enqueue.bareSeconds)}`,
  ]);
  if (product.cpu && enqueue.bareCpu) {
    figures.push([
      '  CPU: sweep vs bare addBulk',
      `${(total(product.cpu) / Math.max(0.001, total(enqueue.bareCpu))).toFixed(2)}×`,
      `${cpuParts(product.cpu)} against ${cpuParts(enqueue.bareCpu)} (hardly moved by other work on the cores)`,
    ]);
  }

  // 4. The notifier against the rate-limited fake Bot API.
  if (options.skipNotifier) {
    figures.push(['notifier send rate', 'skipped', '(--skip-notifier)']);
  } else {
    const notifier = await notifierFigures(knex, factory, clock, offsets, cleanup);
    const ideal = Math.max(notifier.planned / TELEGRAM_LIMITS.perSecond, (NOTIFIER_PER_CHAT - 1) * TELEGRAM_LIMITS.perChatIntervalMs / 1000);
    figures.push([
      `notifier: ${count(notifier.planned)} messages to ${NOTIFIER_CHATS} chats`,
      seconds(notifier.seconds),
      `${notifier.rate.toFixed(1)} messages/s achieved (limit ${TELEGRAM_LIMITS.perSecond}/s; the limits allow it in ${seconds(ideal)})` +
        (notifier.timedOut ? `; STOPPED after ${NOTIFIER_LIMIT_MS / 1000} s with ${count(notifier.sent)} of ${count(notifier.planned)} sent` : ''),
    ]);
    figures.push(['  429s answered by the fake', count(notifier.tooManyOverall + notifier.tooManyPerChat), `${count(notifier.tooManyOverall)} over 30/s overall, ${count(notifier.tooManyPerChat)} over 1/s per chat`]);
    figures.push(['  busiest second / closest per chat', `${notifier.busiestSecond} msgs`, `${Number.isFinite(notifier.closestPerChatMs) ? `${notifier.closestPerChatMs} ms` : '—'} between two messages to one chat`]);
    figures.push(['  jobs fetched by the worker', count(notifier.attempts), `${count(notifier.waits)} put back to wait (one a second per chat, or a 429), ${count(notifier.failed)} failed`]);
  }

  say('');
  say(table(`Figures — ${count(options.licenses)} licenses; ${server.label.replace(/^PostgreSQL at /, 'PostgreSQL ' + version + ' at ')}; ${redisUrl === undefined ? 'BullMQ on PostgreSQL' : 'BullMQ on Redis'}`, figures));
}

// ── 1. Data ─────────────────────────────────────────────────────────────────────────────────

/**
 * Resellers in five time zones, each with an owner, a purchase, a sales and a support user
 * and their chats (owner: a private Telegram chat, plus a Telegram group for one in three
 * and the console for one in ten; purchase: Telegram, one in fifty of them blocked the bot;
 * sales: Telegram, reminded where the reseller opted in, one in five; support: Telegram,
 * never reminded), then the licenses in batches:
 * license i belongs to a reseller drawn with a skew (a few large resellers, many small ones),
 * every 20th is due today at one of the offsets in turn, the rest end far outside the sweep's
 * window (15 to 714 days ago, or 31 to 730 days ahead); 70 % annual, 30 % perpetual.
 */
async function generate(knex: Knex, options: Options, today: string, offsets: number[]) {
  const setup = await timed(async () => {
    await knex('distributor_settings').insert({ id: 1, name: 'Bench Distribution', currency: 'EUR', timezone: 'UTC' });
    await knex('partner_levels').insert({ code: 'bench', name: 'Bench', discount_bp: 1500, rank: 1 });
    await ensureDefaultCatalog(knex);
    await knex.raw(
      `insert into resellers (id, partner_id, company, country, level_code, discount_bp, vat_rate_bp, timezone, remind_sales_users)
       select md5('bench-reseller-' || k)::uuid, 'BENCH' || k, 'Bench Reseller ' || k, (array['NL','DE','GB','US','AE'])[1 + k % 5], 'bench', 1500, 2100,
              (array['Europe/Amsterdam','Europe/Berlin','Europe/London','America/New_York','Asia/Dubai'])[1 + k % 5], k % 5 = 0
       from generate_series(0, ?::int - 1) k`,
      [options.resellers],
    );
    await knex.raw(
      `insert into reseller_users (id, reseller_id, username, name, role, password_hash)
       select md5('bench-user-' || k || '-' || role)::uuid, md5('bench-reseller-' || k)::uuid, 'bench' || k || '-' || role, initcap(role) || ' ' || k, role, 'scrypt$bench'
       from generate_series(0, ?::int - 1) k cross join unnest(array['owner','purchase','sales','support']) role`,
      [options.resellers],
    );
    await knex.raw(
      `insert into channel_identities (channel, external_user_id, chat_id, reseller_user_id, display_name, unreachable_since)
       select channel, external, chat, md5('bench-user-' || k || '-' || role)::uuid, role || ' ' || k, case when blocked then now() end
       from generate_series(0, ?::int - 1) k,
       lateral (values
         ('owner', 'telegram', (10000000 + 4 * k)::text, (10000000 + 4 * k)::text, false, true),
         ('owner', 'telegram', (10000000 + 4 * k)::text, (-1000000000000 - k)::text, false, k % 3 = 0),
         ('owner', 'console', 'bench' || k || '-owner', 'bench' || k || '-owner', false, k % 10 = 0),
         ('purchase', 'telegram', (10000001 + 4 * k)::text, (10000001 + 4 * k)::text, k % 50 = 0, true),
         ('sales', 'telegram', (10000002 + 4 * k)::text, (10000002 + 4 * k)::text, false, true),
         ('support', 'telegram', (10000003 + 4 * k)::text, (10000003 + 4 * k)::text, false, true)
       ) as i(role, channel, external, chat, blocked, present)
       where present`,
      [options.resellers],
    );
  });
  const users = Number((await knex('reseller_users').count<Array<{ n: number }>>('* as n'))[0]?.n ?? 0);
  const identities = Number((await knex('channel_identities').count<Array<{ n: number }>>('* as n'))[0]?.n ?? 0);

  const batches = Math.ceil(options.licenses / BATCH);
  const licenses = await timed(async () => {
    for (let start = 0; start < options.licenses; start += BATCH) {
      const end = Math.min(options.licenses, start + BATCH);
      const batch = await timed(() =>
        knex.raw(
          `insert into licenses (license_key, reseller_id, type, edition, sc, expires_on, maintenance_until, reminders_stopped)
           select substr(hex, 1, 4) || '-' || substr(hex, 5, 4) || '-' || substr(hex, 9, 4) || '-' || substr(hex, 13, 4),
                  reseller, type, edition, sc,
                  case when type = 'annual' then term_end end, case when type = 'perpetual' then term_end end, stopped
           from (
             select upper(lpad(to_hex(i), 16, '0')) as hex,
                    md5('bench-reseller-' || floor(?::int * power(((i * 2654435761) % 4294967296)::float8 / 4294967296, 2))::int)::uuid as reseller,
                    case when (i / 20) % 10 < 7 then 'annual' else 'perpetual' end as type,
                    (array['startup','professional','enterprise'])[1 + i % 3] as edition,
                    case when i % 3 = 0 then 4 else (array[4,8,16,24,32,48,64,96,128,192,256,512,1024])[1 + (i / 3) % 13] end as sc,
                    case when i % 20 = 0 then ?::date + (?::int[])[1 + (i / 20) % ?::int]
                         when (i / 20) % 4 = 0 then ?::date - 15 - ((i * 7919) % 700)::int
                         else ?::date + 31 + ((i * 7919) % 700)::int end as term_end,
                    i % 100 = 50 as stopped
             from generate_series(?::bigint, ?::bigint - 1) i
           ) s`,
          [options.resellers, today, `{${offsets.join(',')}}`, offsets.length, today, today, start, end],
        ),
      );
      if (batches > 1) process.stdout.write(`  licenses ${count(end).padStart(count(options.licenses).length)} / ${count(options.licenses)}  (batch ${seconds(batch.seconds)})\n`);
    }
  });
  say(`generated ${count(options.licenses)} licenses in ${seconds(licenses.seconds)} (${perSecond(options.licenses, licenses.seconds, 'licenses')})`);
  // As a table that has been live a while would be: statistics known, visibility map set.
  const vacuum = await timed(() => knex.raw('vacuum (analyze) licenses, resellers, reseller_users, channel_identities, reminders, reminder_snoozes'));
  return { seconds: licenses.seconds, batches, setupSeconds: setup.seconds, vacuumSeconds: vacuum.seconds, users, identities };
}

// ── 2. The sweep's statements ───────────────────────────────────────────────────────────────

/** Times each SQL statement knex runs (to tell the claim's parts apart). */
function statementTimer(knex: Knex) {
  const started = new Map<string, { sql: string; at: number }>();
  let done: Array<{ label: string; seconds: number; rows?: number }> = [];
  const onQuery = (q: { __knexQueryUid: string; sql: string }) => started.set(q.__knexQueryUid, { sql: q.sql, at: performance.now() });
  const onResponse = (response: unknown, q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (!s) return;
    started.delete(q.__knexQueryUid);
    const rows = (response as { rows?: unknown[] } | unknown[] | undefined);
    done.push({ label: labelOf(s.sql), seconds: (performance.now() - s.at) / 1000, rows: Array.isArray(rows) ? rows.length : rows?.rows?.length });
  };
  knex.on('query', onQuery);
  knex.on('query-response', onResponse);
  return {
    take() {
      const taken = done;
      done = [];
      return taken;
    },
    stop() {
      knex.off('query', onQuery);
      knex.off('query-response', onResponse);
    },
  };
}

function labelOf(sql: string): string {
  if (/with due as/i.test(sql)) return 'claim due offsets';
  if (/with ended as/i.test(sql)) return 'claim ended snoozes';
  if (/from "?resellers"? where/i.test(sql)) return 'reseller time zones';
  return sql.replace(/\s+/g, ' ').trim().slice(0, 30);
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the claim's statements, on the data as it stands before the
 * first sweep: the statements are caught as claimDueReminders runs them inside a transaction,
 * undone to a savepoint, explained, and the whole transaction rolled back.
 */
async function explainClaim(knex: Knex, input: { today: string; now: Date; offsets: number[] }): Promise<void> {
  const caught: Array<{ sql: string; bindings: readonly unknown[] }> = [];
  const onQuery = (q: { sql: string; bindings?: readonly unknown[] }) => {
    if (/with (due|ended) as/i.test(q.sql)) caught.push({ sql: q.sql, bindings: q.bindings ?? [] });
  };
  const plans: string[] = [];
  await knex.transaction(async (trx) => {
    await trx.raw('savepoint before_claim');
    knex.on('query', onQuery);
    try {
      await claimDueReminders(trx, input);
    } finally {
      knex.off('query', onQuery);
    }
    await trx.raw('rollback to savepoint before_claim');
    for (const statement of caught) {
      // knex reports the statement as sent, with $n placeholders: back to knex's ? bindings.
      const bindings = [...statement.sql.matchAll(/\$(\d+)/g)].map((m) => statement.bindings[Number(m[1]) - 1]) as Knex.RawBinding[];
      const sql = statement.sql.replace(/\$\d+/g, '?');
      const result = await trx.raw<{ rows: Array<{ 'QUERY PLAN': string }> }>(`explain (analyze, buffers) ${sql}`, bindings);
      plans.push(`${labelOf(statement.sql)}:\n${result.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
    }
    await trx.rollback();
  }).catch((error: unknown) => {
    if (!(error instanceof Error && /Transaction rejected with non-error: undefined/.test(error.message))) throw error;
  });
  say(`EXPLAIN (ANALYZE, BUFFERS) of claimDueReminders (rolled back):\n${plans.join('\n\n')}\n`);
  // The rolled-back rows are dead tuples in reminders and its unique index: gone before the timed sweep.
  await knex.raw('vacuum (analyze) reminders, reminder_snoozes');
}

// ── 3. Enqueueing ───────────────────────────────────────────────────────────────────────────

/** The job as startJobs' enqueue() adds it (src/jobs/workers.ts). */
function toJob(delivery: ReminderDelivery, now: number) {
  return { name: 'reminder', data: delivery.data, opts: { jobId: delivery.jobId, delay: Math.max(0, delivery.deliverAt.getTime() - now) } };
}

async function enqueueFigures(factory: QueueFactory, claimed: ClaimedReminder[], clock: { now(): Date }, cpu: CpuMeter) {
  const now = clock.now();
  const plan = await timed(async () => plannedDeliveries(claimed, now));
  const deliveries = plan.result;
  const sizes = deliveries.map((d) => d.data.reminderIds.length);
  const digests = sizes.filter((n) => n > 1).length;
  const overLimit = deliveries.filter((d) => !reminderJob.safeParse(d.data).success).length;

  const notifications = factory.queue<ReminderJob>(QUEUE_NAMES.notifications, { defaultJobOptions: RETRYING });
  const chunked = await timed(async () => {
    const nowMs = clock.now().getTime();
    for (let i = 0; i < deliveries.length; i += CHUNK) await notifications.addBulk(deliveries.slice(i, i + CHUNK).map((d) => toJob(d, nowMs)));
  });
  const delayed = await notifications.getDelayedCount();
  await notifications.obliterate({ force: true });

  // Every delivery in one addBulk (startJobs' enqueue() calls addBulk with 1,000 at a time).
  const whole = factory.queue<ReminderJob>('bench-notifications-one-addbulk', { defaultJobOptions: RETRYING });
  const single = await timed(async () => {
    const nowMs = clock.now().getTime();
    if (deliveries.length > 0) await whole.addBulk(deliveries.map((d) => toJob(d, nowMs)));
  });
  await whole.obliterate({ force: true });

  const scratch: AppQueue<Record<string, never>> = factory.queue('bench-bare-jobs');
  const bareCpu = await cpu.start();
  const bare = await timed(async () => {
    for (let i = 0; i < deliveries.length; i += CHUNK) {
      await scratch.addBulk(Array.from({ length: Math.min(CHUNK, deliveries.length - i) }, () => ({ name: 'bare', data: {} })));
    }
  });
  const bareCpuUsed = await bareCpu.stop();
  await scratch.obliterate({ force: true });

  return {
    deliveries: deliveries.length,
    singles: deliveries.length - digests,
    digests,
    overLimit,
    largest: Math.max(0, ...sizes),
    delayed,
    planSeconds: plan.seconds,
    chunkedSeconds: chunked.seconds,
    singleSeconds: single.seconds,
    bareSeconds: bare.seconds,
    bareCpu: bareCpuUsed,
  };
}

/**
 * The product's sweep as the daily job runs it (src/jobs/reminders.ts sweepReminders, queueing
 * as startJobs does), timed from start to end, after the reminders claimed above are deleted.
 */
async function productSweepFigures(knex: Knex, factory: QueueFactory, clock: ReturnType<typeof benchClock>, offsets: number[], cpu: CpuMeter) {
  await knex.raw('truncate reminders');
  await knex.raw('vacuum analyze reminders');
  const notifications = factory.queue<ReminderJob>(QUEUE_NAMES.notifications, { defaultJobOptions: RETRYING });
  const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  // The time spent in the claim and in the queueing.
  let claimMs = 0;
  let queueMs = 0;
  const store = reminderStore(knex);
  const enqueue = reminderEnqueue(notifications, clock);
  const used = await cpu.start();
  const run = await timed(() =>
    sweepReminders({
      reminders: { ...store, claimDue: async (input) => { const t0 = performance.now(); try { return await store.claimDue(input); } finally { claimMs += performance.now() - t0; } } },
      notifiers: {}, clock, timeZone: async () => 'UTC', offsets, log: quiet,
      enqueue: async (deliveries) => { const t0 = performance.now(); try { await enqueue(deliveries); } finally { queueMs += performance.now() - t0; } },
    }),
  );
  await notifications.obliterate({ force: true });
  const sweepCpu = await used.stop();
  return { claimed: run.result.claimed, deliveries: run.result.deliveries, seconds: run.seconds, claimSeconds: claimMs / 1000, queueSeconds: queueMs / 1000, cpu: sweepCpu };
}

/** CPU seconds of the bench process, the bench database's PostgreSQL backends and Redis. */
interface CpuUsed {
  bench: number;
  postgres: number;
  redis: number;
}

interface CpuMeter {
  start(): Promise<{ stop(): Promise<CpuUsed | undefined> }>;
}

const total = (used: CpuUsed) => used.bench + used.postgres + used.redis;
const cpuParts = (used: CpuUsed) => `${seconds(total(used))} of CPU (this process ${seconds(used.bench)}, PostgreSQL ${seconds(used.postgres)}, Redis ${seconds(used.redis)})`;

/**
 * Reads the CPU time a piece of work costs every process doing it, from Linux's /proc: the
 * bench's own process (the product's code runs in it), the PostgreSQL backends of the bench
 * database and the Redis server (when they run on this machine). Undefined elsewhere.
 */
async function cpuMeter(serverUrl: string, database: string, factory: QueueFactory): Promise<CpuMeter> {
  let redisPid: number | undefined;
  if (factory.backend === 'redis') {
    const info = await (factory.connection as Redis).info('server');
    const host = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1').hostname;
    if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]) || undefined;
  }
  return {
    async start() {
      if (!cpuReadable()) return { stop: async () => undefined };
      const postgres = await databaseBackendsCpu(serverUrl, database);
      const redis = treeCpu(redisPid);
      const bench = process.cpuUsage();
      return {
        async stop() {
          const benchUsed = process.cpuUsage(bench);
          return {
            bench: (benchUsed.user + benchUsed.system) / 1e6,
            postgres: cpuBetween(postgres, await databaseBackendsCpu(serverUrl, database)),
            redis: cpuBetween(redis, treeCpu(redisPid)),
          };
        },
      };
    },
  };
}

// ── 4. The notifier ─────────────────────────────────────────────────────────────────────────

/**
 * 50 resellers in UTC, each with an owner and a purchase user on Telegram (100 chats) and
 * three licenses due today (offsets 7, 1 and 0): 300 single reminders, claimed by the
 * product's sweep, planned and queued as the product does, and delivered by a worker with
 * the notifications queue's settings running the product's reminder processor and Telegram
 * deliver(), against the fake Bot API behind a proxy enforcing 30/s and 1/s per chat.
 */
async function notifierFigures(knex: Knex, factory: QueueFactory, clock: ReturnType<typeof benchClock>, offsets: number[], cleanup: Cleanup) {
  const resellers = NOTIFIER_CHATS / 2;
  const due = [7, 1, 0].slice(0, NOTIFIER_PER_CHAT);
  await knex.raw(
    `insert into resellers (id, partner_id, company, country, level_code, discount_bp, vat_rate_bp, timezone)
     select md5('bench-notifier-' || k)::uuid, 'BENCHN' || k, 'Notified Reseller ' || k, 'NL', 'bench', 1500, 2100, 'UTC' from generate_series(1, ?::int) k`,
    [resellers],
  );
  await knex.raw(
    `insert into end_customers (reseller_id, company) select md5('bench-notifier-' || k)::uuid, 'Customer ' || k from generate_series(1, ?::int) k`,
    [resellers],
  );
  await knex.raw(
    `insert into reseller_users (id, reseller_id, username, name, role, password_hash)
     select md5('bench-notifier-user-' || k || '-' || role)::uuid, md5('bench-notifier-' || k)::uuid, 'benchn' || k || '-' || role, initcap(role) || ' ' || k, role, 'scrypt$bench'
     from generate_series(1, ?::int) k cross join unnest(array['owner','purchase']) role`,
    [resellers],
  );
  await knex.raw(
    `insert into channel_identities (channel, external_user_id, chat_id, reseller_user_id, display_name)
     select 'telegram', chat::text, chat::text, md5('bench-notifier-user-' || k || '-' || role)::uuid, role || ' ' || k
     from generate_series(1, ?::int) k cross join unnest(array['owner','purchase'], array[0, 1]) as r(role, n), lateral (select 900000 + 2 * k + n as chat) c`,
    [resellers],
  );
  await knex.raw(
    `insert into licenses (license_key, reseller_id, end_customer_id, type, edition, sc, expires_on)
     select 'BNCH-NTFY-' || lpad(k::text, 4, '0') || '-' || lpad(o::text, 4, '0'), md5('bench-notifier-' || k)::uuid,
            (select id from end_customers where reseller_id = md5('bench-notifier-' || k)::uuid), 'annual', 'professional', 16, ?::date + o
     from generate_series(1, ?::int) k cross join unnest(?::int[]) o`,
    [clock.date, resellers, `{${due.join(',')}}`],
  );

  const claimed = (await claimDueReminders(knex, { today: clock.date, now: clock.now(), offsets })).filter((r) => r.timezone === 'UTC');
  const deliveries = plannedDeliveries(claimed, clock.now());
  const planned = deliveries.reduce((n, d) => n + d.data.reminderIds.length, 0);
  if (planned !== NOTIFIER_CHATS * NOTIFIER_PER_CHAT || deliveries.length !== planned) {
    throw new Error(`notifier set-up: expected ${NOTIFIER_CHATS * NOTIFIER_PER_CHAT} single reminders, the sweep planned ${deliveries.length} deliveries of ${planned}`);
  }

  const telegram = await startRateLimitedTelegram();
  cleanup.add('stop the fake Bot API', () => telegram.close());
  const problems: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message) => {
      if (problems.length < 5) problems.push(message);
    },
  };
  const bot = createTelegramBot({
    token: '123456:BENCH-token',
    apiRoot: telegram.url,
    engine: {} as ConversationEngine, // deliver() does not talk to the conversation
    log,
    onBlocked: (chatId) => markChatUnreachable(knex, 'telegram', chatId),
    botInfo: { ...BOT_USER },
    // Telegram's pace over the whole bot, as src/main.ts gives it.
    pace: sendPace(knex, TELEGRAM_PACE),
  });
  cleanup.add('stop the bot', () => bot.stop());

  const notifications = factory.queue<ReminderJob>(QUEUE_NAMES.notifications, { defaultJobOptions: RETRYING });
  const nowMs = clock.now().getTime();
  await notifications.addBulk(deliveries.map((d) => toJob(d, nowMs)));

  const deliverReminder = reminderDeliveryProcessor({ reminders: reminderStore(knex), notifiers: { telegram: bot }, clock, timeZone: async () => 'UTC', log });
  let attempts = 0;
  let waits = 0;
  let sent = 0;
  let failed = 0;
  let firstFetch = 0;
  let lastSent = 0;
  let finished: () => void = () => undefined;
  const allSent = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const worker = factory.worker<ReminderJob, string>(
    QUEUE_NAMES.notifications,
    async (job, token) => {
      attempts++;
      if (firstFetch === 0) firstFetch = performance.now();
      try {
        const outcome = await deliverReminder(job, token);
        if (outcome === 'sent') {
          sent++;
          lastSent = performance.now();
          if (sent === deliveries.length) finished();
        }
        return outcome;
      } catch (error) {
        if ((error as Error).name === 'DelayedError') waits++;
        throw error;
      }
    },
    NOTIFICATIONS_WORKER,
  );
  worker.on('failed', (job, error) => {
    if ((error as Error).name === 'DelayedError') return;
    failed++;
    if (problems.length < 5) problems.push(`job ${job?.id ?? '?'}: ${error.message}`);
  });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    allSent.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), NOTIFIER_LIMIT_MS);
    }),
  ]);
  clearTimeout(timer);
  await worker.close(true);
  await sleep(50);
  const elapsed = ((lastSent || performance.now()) - (firstFetch || started)) / 1000;
  const messages = telegram.stats.accepted.length;
  const settled = Number((await knex('reminders').whereIn('id', claimed.map((c) => c.id)).where('outcome', 'sent').count<Array<{ n: number }>>('* as n'))[0]?.n ?? 0);
  const observed = telegram.observed();
  say(`notifier: ${count(sent)} of ${count(deliveries.length)} reminders sent (${count(messages)} messages accepted by the fake, ${count(settled)} settled 'sent') ` +
    `in ${seconds(elapsed)}${timedOut ? ` — stopped after ${NOTIFIER_LIMIT_MS / 1000} s` : ''}; ` +
    `429s: ${telegram.stats.tooManyOverall} overall, ${telegram.stats.tooManyPerChat} per chat; ${count(attempts)} jobs fetched, ${count(waits)} put back to wait`);
  for (const problem of problems) say(`  problem: ${problem}`);
  await notifications.obliterate({ force: true });
  return {
    planned: deliveries.length,
    sent,
    seconds: elapsed,
    rate: elapsed > 0 ? messages / elapsed : 0,
    timedOut,
    attempts,
    waits,
    failed,
    tooManyOverall: telegram.stats.tooManyOverall,
    tooManyPerChat: telegram.stats.tooManyPerChat,
    ...observed,
  };
}

// ── Cleanup ─────────────────────────────────────────────────────────────────────────────────

function redisServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/** Deletes the bench's keys from Redis (its prefix is its own). */
async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
