// Which PostgreSQL the application talks to, and the knex instance it talks through.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../../config';
import { EmbeddedPostgresBusyError, runningEmbeddedPostgres, startEmbeddedPostgres, type InfraLog } from './embedded';

export type { InfraLog } from './embedded';

export interface ResolvedDatabase {
  url: string;
  /** True when the server is the embedded one (started by this process or by another beside it). */
  embedded: boolean;
  /** Stops the embedded server this process started; does nothing for any other. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set, else the embedded PostgreSQL in DATA_DIR: the one a running `npm
 * start` (or any process of the product) started there, or one started here.
 */
export async function resolveDatabase(config: Pick<Config, 'database'>, log: InfraLog): Promise<ResolvedDatabase> {
  const { url, dataDir, embeddedPort } = config.database;
  if (url !== undefined) return { url, embedded: false, stop: async () => undefined };
  for (let attempt = 1; ; attempt++) {
    const running = await runningEmbeddedPostgres({ dataDir });
    if (running !== undefined) {
      log.info(`Using the embedded PostgreSQL that another process of the product runs (${serverOf(running)}, data in ${dataDir}).`);
      return { url: running, embedded: true, stop: async () => undefined };
    }
    try {
      const server = await startEmbeddedPostgres({ dataDir, port: embeddedPort, log });
      return { url: server.url, embedded: true, stop: server.stop };
    } catch (error) {
      // Another process started it meanwhile (or it is still starting): join it once it answers.
      if (!(error instanceof EmbeddedPostgresBusyError) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

// Type parsing, per connection (pg's global `types` are left alone for other users of pg,
// such as BullMQ's PostgreSQL backend).
const INT8 = 20;
const INT8_ARRAY = 1016;
const DATE = 1082;
const DATE_ARRAY = 1182;
const TEXT_ARRAY = 1009;

/** bigint (count(*), bigserial, sums) as a JS number; refuses values a number cannot hold exactly. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`The bigint ${text} is beyond JavaScript's safe integers (±${Number.MAX_SAFE_INTEGER}); select it as text.`);
  }
  return value;
}

type TypeId = Parameters<typeof pg.types.getTypeParser>[0]; // an enum without the array types
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY as TypeId, 'text') as (text: string) => (string | null)[];

const typeParsers: Record<number, (text: string) => unknown> = {
  [INT8]: parseInt8,
  [INT8_ARRAY]: (text) => parseTextArray(text).map((item) => (item === null ? null : parseInt8(item))),
  // A DATE is a calendar date, not an instant: keep 'YYYY-MM-DD' rather than a JS Date at
  // local midnight, which would shift the day in any zone west of the server's.
  [DATE]: (text) => text,
  [DATE_ARRAY]: (text) => parseTextArray(text),
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && typeParsers[oid] !== undefined
      ? typeParsers[oid]
      : pg.types.getTypeParser(oid as TypeId, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface KnexOptions {
  /** Largest number of pooled connections (default 10). */
  poolMax?: number;
  /** Shown in pg_stat_activity (default 'threecx'). */
  applicationName?: string;
  /** How long a query waits for a pooled connection before KnexTimeoutError (default 15 s). */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (default: knex prints them). */
  log?: InfraLog;
}

/** A knex instance on `url` with our type parsing: int8 → number, date → 'YYYY-MM-DD'. */
export function createKnex(url: string, opts: KnexOptions = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: opts.applicationName ?? 'threecx',
      types,
    } as Knex.PgConnectionConfig,
    // min 0: idle connections are closed, so a test database can be dropped after use.
    pool: { min: 0, max: opts.poolMax ?? 10, idleTimeoutMillis: 10_000 },
    acquireConnectionTimeout: opts.acquireTimeoutMs ?? 15_000,
    ...(opts.log === undefined ? {} : { log: knexLog(opts.log) }),
  });
}

function knexLog(log: InfraLog): Knex.Logger {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    warn: (message) => log.warn(`knex: ${text(message)}`),
    error: (message) => log.warn(`knex: ${text(message)}`),
    deprecate: (method, alternative) => log.warn(`knex: ${method} is deprecated, use ${alternative}`),
    debug: (message) => log.debug(`knex: ${text(message)}`),
  };
}

/** host:port of a postgres URL, for messages (never the password). */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** The database name of a postgres URL. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', '57P03']);

/**
 * Runs `select 1`. A server that cannot be reached, or refuses us, becomes an Error that
 * says what to do about it.
 */
export async function checkDatabase(knex: Knex): Promise<void> {
  const url = (knex.client.config.connection as { connectionString: string }).connectionString;
  try {
    await knex.raw('select 1');
  } catch (error) {
    throw explainConnectionError(error, url);
  }
}

/** Turns a failure to connect into an Error naming the server and the remedy. */
export function explainConnectionError(error: unknown, url: string): Error {
  const server = serverOf(url);
  const code = (error as { code?: string }).code ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  const codes = error instanceof AggregateError ? error.errors.map((e: { code?: string }) => e.code ?? '') : [code];
  if (codes.some((c) => UNREACHABLE.has(c)) || /timeout|ECONNREFUSED/i.test(reason)) {
    return new Error(
      `PostgreSQL is not reachable at ${server}: start it (e.g. pg_ctlcluster --skip-systemctl-redirect ` +
        '$(ls /etc/postgresql) main start, or systemctl start postgresql) or unset DATABASE_URL to use the ' +
        `embedded one. (${reason || codes.join(', ')})`,
      { cause: error },
    );
  }
  if (code === '3D000') {
    const database = databaseOf(url);
    return new Error(
      `PostgreSQL at ${server} has no database "${database}": create it (createdb -h ${server.split(':')[0]} ${database}) ` +
        `or point DATABASE_URL at an existing one. (${reason})`,
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new Error(`PostgreSQL at ${server} refused the user or password in DATABASE_URL. (${reason})`, { cause: error });
  }
  return error instanceof Error ? error : new Error(reason);
}
