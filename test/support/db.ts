// A fresh, migrated database for one test file, cloned from the template that
// global-setup.ts migrated once per run, so test files run in parallel without sharing rows.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { createKnex, withDatabase } from '../../src/infra/db/connection';
import { silentLog } from '../../src/infra/db/embedded';
import { migrateToLatest } from '../../src/infra/db/migrate';
import type { QueueFactoryOptions } from '../../src/infra/queue/connection';

declare module 'vitest' {
  interface ProvidedContext {
    /** A URL of the test server, on a database that is never written by tests. */
    databaseUrl: string;
    /** The migrated template database every test database is cloned from. */
    templateDatabase: string;
    /** Names of this run's test databases start with this (the run's pid is in it). */
    testDatabasePrefix: string;
  }
}

/** Test databases and templates are named `threecx_(tpl|t)_<pid of the vitest run>_…`. */
export const TEST_DATABASE_PATTERN = /^threecx_(tpl|t)_(\d+)_[a-z0-9_]+$/;

export interface TestDatabase {
  url: string;
  name: string;
  knex: Knex;
  /** Closes `knex` and drops the database. */
  drop(): Promise<void>;
}

/** Clones the template into a new database; call `drop()` in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('databaseUrl');
  const template = inject('templateDatabase');
  const name = `${inject('testDatabasePrefix')}${randomBytes(5).toString('hex')}`;
  await withAdmin(serverUrl, async (admin) => {
    // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template; a
    // template just migrated may still see its last connection closing.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
  const url = withDatabase(serverUrl, name);
  const knex = createKnex(url, { poolMax: 5, applicationName: 'threecx-test' });
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    knex,
    drop: () =>
      (dropped ??= (async () => {
        await knex.destroy();
        await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`));
      })()),
  };
}

/**
 * A new, migrated database on another PostgreSQL server than the run's (a fault test's own
 * embedded server, which has no template); `drop()` in afterAll.
 */
export async function createDatabaseOn(serverUrl: string): Promise<TestDatabase> {
  const name = `threecx_own_${randomBytes(5).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${pg.escapeIdentifier(name)}`));
  const url = withDatabase(serverUrl, name);
  // Its server is restarted on purpose: the connections knex loses then are no news.
  const knex = createKnex(url, { poolMax: 5, applicationName: 'threecx-test', log: silentLog });
  await migrateToLatest(knex);
  let dropped: Promise<void> | undefined;
  return {
    url, name, knex,
    drop: () =>
      (dropped ??= (async () => {
        await knex.destroy();
        await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)).catch(() => undefined);
      })()),
  };
}

/** Runs `work` on a single connection to `url`. */
export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'threecx-test-admin' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis the Redis variants of queue tests use. With REDIS_URL set, that Redis, and the
 * test fails, saying what to start, when it does not answer (CI sets it). Without REDIS_URL,
 * a Redis on 127.0.0.1:6379 if one answers; otherwise `undefined`: those variants then run on
 * BullMQ's PostgreSQL backend, as the product itself does without REDIS_URL, so that `npm
 * test` passes on a machine with nothing but Node.js.
 */
export async function redisUrlForTests(): Promise<string | undefined> {
  const given = nonEmpty(process.env.REDIS_URL);
  const url = given ?? DEFAULT_REDIS_URL;
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return url;
  } catch (error) {
    if (!given) {
      warnOnce(`no Redis answers at ${url} and REDIS_URL is not set: the Redis variants of the queue tests run on BullMQ's PostgreSQL backend`);
      return undefined;
    }
    throw new Error(
      `Redis is not answering at ${url} (${(error as Error).message}): start Redis: redis-server --daemonize yes ` +
        '--bind 127.0.0.1 --port 6379 --save "" --appendonly no, or unset REDIS_URL.',
    );
  } finally {
    redis.disconnect();
  }
}

let warned = false;
function warnOnce(message: string): void {
  if (!warned) console.warn(`[tests] ${message}`);
  warned = true;
}

/** The queue backend a test asked for, as the environment allows it (see redisUrlForTests). */
export async function expectedBackend(wanted: 'redis' | 'postgres'): Promise<'redis' | 'postgres'> {
  return wanted === 'redis' && (await redisUrlForTests()) === undefined ? 'postgres' : wanted;
}

/**
 * Queue factory options for a test: the backend the environment chose (Redis when REDIS_URL
 * is set, else PostgreSQL in `databaseUrl`) and a prefix of its own.
 */
export function queueOptionsForTests(databaseUrl: string): QueueFactoryOptions {
  return { redisUrl: nonEmpty(process.env.REDIS_URL), databaseUrl, prefix: uniquePrefix() };
}

/** A Redis key prefix no other test uses. */
export function uniquePrefix(): string {
  return `test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
