// What the benchmarks that run the product as a process share: a scratch database (the
// product migrates it and loads the demo data into it when it starts), a Redis database of
// their own when REDIS_URL is set, reseller users to log in as, and the product started as
// `npm start` with its Telegram bot on a webhook and the Bot API faked.
import { Redis } from 'ioredis';
import pg from 'pg';
import type { FakeBotApi } from './fake-bot-api';
import { startProduct, type Child } from './processes';
import { benchServer, createBenchDatabase, type BenchServer, type Cleanup } from './support';

export const PRODUCT_TOKEN = '111111:BENCH-product';

export interface BenchDatabase {
  server: BenchServer;
  url: string;
  name: string;
  version: string;
}

/** A fresh database bench_<random> on DATABASE_URL's server, dropped at the end. */
export async function scratchDatabase(cleanup: Cleanup): Promise<BenchDatabase> {
  const server = await benchServer(false, cleanup);
  const database = await createBenchDatabase(server, cleanup);
  const version = await withClient(database.url, async (client) => String((await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v));
  return { server, ...database, version };
}

export interface BenchRedis {
  /** The URL to give the product, or undefined for BullMQ's PostgreSQL backend. */
  url: string | undefined;
  label: string;
}

/**
 * REDIS_URL with a logical database of the bench's own (the first empty one of 1–15, claimed), so
 * that the product's queues here never meet those of tests or another product on the same
 * server; its keys are deleted at the end. A REDIS_URL that names a database is used as it is,
 * and left as it is. Without REDIS_URL: the queues on PostgreSQL, in the bench database.
 */
export async function benchRedis(cleanup: Cleanup): Promise<BenchRedis> {
  const given = process.env.REDIS_URL;
  if (given === undefined || given === '') return { url: undefined, label: 'BullMQ on PostgreSQL (REDIS_URL is not set)' };
  const url = new URL(given);
  if (url.pathname.length > 1) return { url: given, label: `BullMQ on Redis at ${url.host}${url.pathname} (as REDIS_URL names it)` };
  for (let db = 1; db <= 15; db++) {
    const candidate = new URL(given);
    candidate.pathname = `/${db}`;
    const redis = new Redis(candidate.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      // Claimed with a key of its own, atomically: two benchmarks started at once (other
      // helpers, other terminals) never share a database, nor empty each other's.
      if ((await redis.dbsize()) === 0 && (await redis.set('threecx-bench:claimed', String(process.pid), 'NX')) === 'OK') {
        cleanup.add(`empty Redis database ${db}`, () => flush(candidate.toString()));
        return { url: candidate.toString(), label: `BullMQ on Redis at ${url.host}, database ${db} (empty, the bench's own; emptied at the end)` };
      }
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`every database 1–15 of the Redis at ${url.host} holds keys: give REDIS_URL with a database for the bench (redis://…/N)`);
}

async function flush(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** The product as `npm start`, posting to `api`, told that its webhook is at `publicUrl`; resolves once the webhook is set. */
export async function startBenchProduct(name: string, o: { databaseUrl: string; redisUrl: string | undefined; port: number; api: FakeBotApi; publicUrl: string; env?: Record<string, string>; nodeArgs?: string[] }, cleanup: Cleanup): Promise<{ child: Child; secret: string }> {
  const child = await startProduct(name, { databaseUrl: o.databaseUrl, redisUrl: o.redisUrl, port: o.port, botToken: PRODUCT_TOKEN, botApiRoot: o.api.url, publicUrl: o.publicUrl, env: o.env, nodeArgs: o.nodeArgs }, cleanup);
  const { secret } = await o.api.webhook();
  return { child, secret };
}

/**
 * `count` reseller users bench-1 … bench-N, owners at the demo reseller (Acme Telecom) with the
 * demo user's password hash (so logging in costs a real scrypt verification), each with a
 * cart of its own.
 */
export async function addResellerUsers(databaseUrl: string, count: number): Promise<string[]> {
  await withClient(databaseUrl, (client) =>
    client.query(
      `insert into reseller_users (reseller_id, username, name, role, password_hash)
       select u.reseller_id, 'bench-' || i, 'Bench Reseller ' || i, 'owner', u.password_hash
       from reseller_users u, generate_series(1, $1::int) i where u.username = 'demo'
       on conflict do nothing`,
      [count],
    ),
  );
  return Array.from({ length: count }, (_, i) => `bench-${i + 1}`);
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'threecx-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Error entries in a process's log since line `from`: how many, and the first few distinct messages. */
export function logErrors(child: Child, from: number): { count: number; distinct: string[] } {
  const errors = child.stderr.slice(from).filter((line) => /"level":"?(error|fatal|50|60)\b/.test(line));
  const messages = errors.map((line) => {
    try {
      return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
    } catch {
      return line;
    }
  });
  const distinct = [...new Set(messages.map((m) => m.split('\n')[0]!.replace(/\d+/g, 'N').slice(0, 200)))].slice(0, 3);
  return { count: errors.length, distinct };
}
