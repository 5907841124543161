// One way to make BullMQ queues and workers, whatever holds the jobs: Redis when REDIS_URL
// is set, otherwise BullMQ's PostgreSQL backend in the application's own database. Jobs and
// the rest of the code write `factory.queue(name)` / `factory.worker(name, processor)` (or
// `new factory.Queue(name)`) and never see which backend is underneath.
import {
  DEFAULT_SCHEMA,
  Queue,
  QueueEvents,
  Worker,
  createPostgresBackend,
  createRedisBackend,
  runMigrations,
  withBackend,
  type IQueueBackend,
  type JobProgress,
  type Processor,
  type QueueEventsOptions,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { explainConnectionError, type InfraLog } from '../db/connection';
import { silentLog } from '../db/embedded';
import { withinMs } from '../shutdown';

export type QueueBackendKind = 'redis' | 'postgres';

/** A queue whatever its backend. */
export type AppQueue<Data = unknown, Result = unknown> = Queue<Data, Result, string, Data, Result, string, IQueueBackend, unknown>;
/** A worker whatever its backend. */
export type AppWorker<Data = unknown, Result = unknown> = Worker<Data, Result, string, IQueueBackend, JobProgress, unknown>;
/** Queue events whatever their backend. */
export type AppQueueEvents<Result = unknown> = QueueEvents<Result, IQueueBackend, unknown>;

/** Queue options without what the factory fills in (the connection and the key prefix). */
export type QueueSettings = Omit<QueueOptions<unknown>, 'connection' | 'prefix'>;
export type WorkerSettings = Omit<WorkerOptions<unknown>, 'connection' | 'prefix'>;
export type QueueEventsSettings = Omit<QueueEventsOptions<unknown>, 'connection' | 'prefix'>;

export interface QueueConstructor {
  new <Data = unknown, Result = unknown>(name: string, settings?: QueueSettings): AppQueue<Data, Result>;
}
export interface WorkerConstructor {
  new <Data = unknown, Result = unknown>(
    name: string,
    processor: Processor<Data, Result>,
    settings?: WorkerSettings,
  ): AppWorker<Data, Result>;
}
export interface QueueEventsConstructor {
  new <Result = unknown>(name: string, settings?: QueueEventsSettings): AppQueueEvents<Result>;
}

export interface QueueFactoryOptions {
  /** REDIS_URL: BullMQ on Redis. Unset: BullMQ's PostgreSQL backend on `databaseUrl`. */
  redisUrl?: string | undefined;
  databaseUrl: string;
  /**
   * Namespace of the queues. On Redis it is the key prefix (default 'threecx'), so tests can
   * share one Redis. On PostgreSQL the namespace is the database itself (schema 'bullmq'):
   * the prefix is not used there, and tests get a database each (test/support/db.ts).
   */
  prefix?: string;
  log?: InfraLog;
  /** Told when the backend becomes unreachable and when it is back (metrics, readiness). */
  onHealth?: (up: boolean) => void;
  /** How long `close()` lets running jobs finish before it drops the connections (default 5 s). */
  closeWithinMs?: number;
}

export interface QueueFactory {
  readonly backend: QueueBackendKind;
  /** The shared client: an ioredis `Redis` or a `pg.Pool` (search_path bullmq). */
  readonly connection: Redis | pg.Pool;
  readonly Queue: QueueConstructor;
  readonly Worker: WorkerConstructor;
  readonly QueueEvents: QueueEventsConstructor;
  queue<Data = unknown, Result = unknown>(name: string, settings?: QueueSettings): AppQueue<Data, Result>;
  worker<Data = unknown, Result = unknown>(name: string, processor: Processor<Data, Result>, settings?: WorkerSettings): AppWorker<Data, Result>;
  queueEvents<Result = unknown>(name: string, settings?: QueueEventsSettings): AppQueueEvents<Result>;
  /** True while the backend answers (false from the first connection error until it is back). */
  readonly healthy: boolean;
  /**
   * Closes every worker (running jobs may finish), queue-events listener and queue it made,
   * then the connections; when that takes longer than `closeWithinMs` (the backend is down),
   * the connections are dropped and the running jobs are left to be taken up again later.
   */
  close(): Promise<void>;
}

interface Closable {
  close(): Promise<void>;
}

/**
 * Connects to the queue backend and returns the factory. On PostgreSQL this also creates or
 * upgrades BullMQ's own tables (schema 'bullmq', under an advisory lock, so concurrent starts
 * are safe). Fails with a message naming the server when it cannot be reached.
 */
export async function createQueueFactory(options: QueueFactoryOptions): Promise<QueueFactory> {
  const log = options.log ?? silentLog;
  const settings = { log, onHealth: options.onHealth ?? (() => undefined), closeWithinMs: options.closeWithinMs ?? 5_000 };
  return options.redisUrl === undefined || options.redisUrl === ''
    ? createPostgresQueueFactory(options.databaseUrl, settings)
    : createRedisQueueFactory(options.redisUrl, options.prefix ?? 'threecx', settings);
}

interface FactorySettings {
  log: InfraLog;
  onHealth(up: boolean): void;
  closeWithinMs: number;
}

/**
 * Whether the backend answers, from the errors of every connection the queues use: an outage
 * is one line when it starts and one when it ends, however many connections retry meanwhile
 * (each would otherwise report every attempt). Other errors are logged as they come.
 */
function backendHealth(what: string, settings: FactorySettings) {
  let downSince: number | undefined;
  let closing = false;
  return {
    get healthy() {
      return downSince === undefined;
    },
    /** From now on connections end on purpose: their errors say nothing. */
    closing() {
      closing = true;
    },
    error(error: Error) {
      if (closing) return;
      if (!isConnectionError(error)) {
        settings.log.warn(`${what}: ${error.message}`);
        return;
      }
      if (downSince !== undefined) return;
      downSince = Date.now();
      settings.log.warn(`${what} is unreachable (${error.message}): jobs wait until it is back`);
      settings.onHealth(false);
    },
    up() {
      if (downSince === undefined) return;
      settings.log.info(`${what} is back after ${Math.round((Date.now() - downSince) / 1000)} s`);
      downSince = undefined;
      settings.onHealth(true);
    },
  };
}

type BackendHealth = ReturnType<typeof backendHealth>;

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);

function isConnectionError(error: Error): boolean {
  const codes = error instanceof AggregateError ? error.errors.map((e: { code?: unknown }) => e.code) : [(error as { code?: unknown }).code];
  return codes.some((code) => typeof code === 'string' && CONNECTION_ERRORS.has(code)) || /Connection is closed|connection terminated|Connection terminated/i.test(error.message);
}

async function createRedisQueueFactory(redisUrl: string, prefix: string, settings: FactorySettings): Promise<QueueFactory> {
  // maxRetriesPerRequest: null is what BullMQ requires of a connection its workers block on.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  const health = backendHealth(`Redis at ${serverOf(redisUrl)}`, settings);
  let lastError: Error | undefined;
  let connected = false;
  redis.on('error', (error: Error) => {
    lastError = error;
    if (connected) health.error(error);
  });
  redis.on('ready', () => health.up());
  const connecting = redis.connect();
  connecting.catch(() => undefined); // a late failure after the timeout is reported below
  try {
    await withTimeout(connecting, 5_000);
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `Redis is not reachable at ${serverOf(redisUrl)}: start it (redis-server --daemonize yes) or unset ` +
        `REDIS_URL to keep the queues in PostgreSQL. (${(lastError ?? (error as Error)).message})`,
      { cause: error },
    );
  }
  connected = true;
  const classes = withBackend(createRedisBackend);
  const base = { connection: redis, prefix };
  const made = new Set<Closable>();
  return assemble('redis', redis, made, health, settings, {
    Queue: bindQueue(classes.Queue, () => base, made, health),
    Worker: bindWorker(classes.Worker, () => base, made, health),
    QueueEvents: bindQueueEvents(classes.QueueEvents, () => base, made, health),
  }, async (force) => {
    if (force) redis.disconnect();
    else await redis.quit().catch(() => redis.disconnect());
  });
}

async function createPostgresQueueFactory(databaseUrl: string, settings: FactorySettings): Promise<QueueFactory> {
  const health = backendHealth(`The queue database (${serverOf(databaseUrl)})`, settings);
  // BullMQ's ESM build cannot load `pg` itself (it would need `require`), so it is given
  // pools. A given pool always means the default schema, whose tables we create here; the
  // pool's search_path must point at it because BullMQ's SQL names tables unqualified.
  const pools = new Set<pg.Pool>();
  const newPool = (max: number) => {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      options: `-c search_path=${DEFAULT_SCHEMA}`,
      max,
      keepAlive: true,
      application_name: 'threecx-queue',
    });
    pool.on('error', (error) => health.error(error));
    pool.on('connect', () => health.up());
    pools.add(pool);
    return pool;
  };
  const shared = newPool(10);
  try {
    const client = await shared.connect();
    try {
      await runMigrations(client, DEFAULT_SCHEMA);
    } finally {
      client.release();
    }
  } catch (error) {
    await shared.end();
    throw explainConnectionError(error, databaseUrl);
  }

  const classes = withBackend(createPostgresBackend);
  const made = new Set<Closable>();
  // A worker or queue-events listener keeps one pooled client for LISTEN as long as it runs;
  // each gets a small pool of its own so that many of them cannot starve the shared one.
  return assemble('postgres', shared, made, health, settings, {
    Queue: bindQueue(classes.Queue, () => ({ connection: shared }), made, health),
    Worker: bindWorker(classes.Worker, (worker) => ({ connection: newPool(Math.max(2, (worker.concurrency ?? 1) + 2)) }), made, health),
    QueueEvents: bindQueueEvents(classes.QueueEvents, () => ({ connection: newPool(2) }), made, health),
  }, async (force) => {
    // pool.end() waits for checked-out clients; dropped, they are destroyed where they stand.
    const ending = Promise.all([...pools].map((pool) => pool.end().catch(() => undefined)));
    if (!force) await ending;
  });
}

function assemble(
  backend: QueueBackendKind,
  connection: Redis | pg.Pool,
  made: Set<Closable>,
  health: BackendHealth,
  settings: FactorySettings,
  constructors: Pick<QueueFactory, 'Queue' | 'Worker' | 'QueueEvents'>,
  closeConnections: (force: boolean) => Promise<void>,
): QueueFactory {
  let closing: Promise<void> | undefined;
  return {
    backend,
    connection,
    get healthy() {
      return health.healthy;
    },
    ...constructors,
    queue: (name, settings) => new constructors.Queue(name, settings),
    worker: (name, processor, settings) => new constructors.Worker(name, processor, settings),
    queueEvents: (name, settings) => new constructors.QueueEvents(name, settings),
    close: () =>
      (closing ??= (async () => {
        // Workers first (they finish their current job), then listeners, then producers.
        health.closing();
        const byKind = (kind: 'worker' | 'events' | 'queue') =>
          [...made].filter((m) => kindOf(m) === kind).map((m) => m.close().catch(() => undefined));
        const orderly = (async () => {
          await Promise.all(byKind('worker'));
          await Promise.all(byKind('events'));
          await Promise.all(byKind('queue'));
          await closeConnections(false);
        })();
        if (await withinMs(orderly, settings.closeWithinMs)) return;
        // The backend is down (or a job hangs): BullMQ would wait for it forever. A job cut
        // short here is taken up again once its lock runs out (every job is idempotent).
        settings.log.warn(`queues: not closed within ${settings.closeWithinMs / 1000} s (${health.healthy ? 'a job is still running' : `${backend} is unreachable`}); connections dropped`);
        await closeConnections(true);
      })()),
  };
}

function kindOf(instance: Closable): 'worker' | 'events' | 'queue' {
  if (instance instanceof Worker) return 'worker';
  if (instance instanceof QueueEvents) return 'events';
  return 'queue';
}

// The bound classes subclass BullMQ's, filling in the connection (and prefix), and remember
// each instance so that `close()` can close it. They are typed backend-neutral.

type AnyClass = new (...args: never[]) => Closable;
type Base<C> = () => { connection: C; prefix?: string };

/** Without a listener BullMQ prints every error of every connection with its stack: they go to the health instead. */
function listen(instance: Closable, health: BackendHealth): void {
  (instance as unknown as { on(event: 'error', listener: (error: Error) => void): void }).on('error', (error) => health.error(error));
}

function bindQueue<C>(BullQueue: AnyClass, base: Base<C>, made: Set<Closable>, health: BackendHealth): QueueConstructor {
  const Bound = class extends (BullQueue as unknown as new (name: string, opts: never) => Closable) {
    constructor(name: string, settings: QueueSettings = {}) {
      super(name, { ...settings, ...base() } as never);
      listen(this, health);
      made.add(this);
    }
  };
  return Bound as unknown as QueueConstructor;
}

function bindWorker<C>(BullWorker: AnyClass, base: (settings: WorkerSettings) => ReturnType<Base<C>>, made: Set<Closable>, health: BackendHealth): WorkerConstructor {
  const Bound = class extends (BullWorker as unknown as new (name: string, processor: never, opts: never) => Closable) {
    constructor(name: string, processor: Processor, settings: WorkerSettings = {}) {
      super(name, processor as never, { ...settings, ...base(settings) } as never);
      listen(this, health);
      made.add(this);
    }
  };
  return Bound as unknown as WorkerConstructor;
}

function bindQueueEvents<C>(BullQueueEvents: AnyClass, base: Base<C>, made: Set<Closable>, health: BackendHealth): QueueEventsConstructor {
  const Bound = class extends (BullQueueEvents as unknown as new (name: string, opts: never) => Closable) {
    constructor(name: string, settings: QueueEventsSettings = {}) {
      super(name, { ...settings, ...base() } as never);
      listen(this, health);
      made.add(this);
    }
  };
  return Bound as unknown as QueueEventsConstructor;
}

function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'redis:' || parsed.protocol === 'rediss:' ? '6379' : '5432')}`;
  } catch {
    return '(unparsable URL)';
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
