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
  /** Closes every worker, queue-events listener and queue it made, then the connections. */
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
  return options.redisUrl === undefined || options.redisUrl === ''
    ? createPostgresQueueFactory(options.databaseUrl, options.log ?? silentLog)
    : createRedisQueueFactory(options.redisUrl, options.prefix ?? 'threecx', options.log ?? silentLog);
}

async function createRedisQueueFactory(redisUrl: string, prefix: string, log: InfraLog): Promise<QueueFactory> {
  // maxRetriesPerRequest: null is what BullMQ requires of a connection its workers block on.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
    log.warn(`Redis (${serverOf(redisUrl)}): ${error.message}`);
  });
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
  const classes = withBackend(createRedisBackend);
  const base = { connection: redis, prefix };
  const made = new Set<Closable>();
  return assemble('redis', redis, made, {
    Queue: bindQueue(classes.Queue, () => base, made),
    Worker: bindWorker(classes.Worker, () => base, made),
    QueueEvents: bindQueueEvents(classes.QueueEvents, () => base, made),
  }, async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
}

async function createPostgresQueueFactory(databaseUrl: string, log: InfraLog): Promise<QueueFactory> {
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
    pool.on('error', (error) => log.warn(`Queue database connection (${serverOf(databaseUrl)}): ${error.message}`));
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
  return assemble('postgres', shared, made, {
    Queue: bindQueue(classes.Queue, () => ({ connection: shared }), made),
    Worker: bindWorker(classes.Worker, (settings) => ({ connection: newPool(Math.max(2, (settings.concurrency ?? 1) + 2)) }), made),
    QueueEvents: bindQueueEvents(classes.QueueEvents, () => ({ connection: newPool(2) }), made),
  }, async () => {
    await Promise.all([...pools].map((pool) => pool.end().catch(() => undefined)));
  });
}

function assemble(
  backend: QueueBackendKind,
  connection: Redis | pg.Pool,
  made: Set<Closable>,
  constructors: Pick<QueueFactory, 'Queue' | 'Worker' | 'QueueEvents'>,
  closeConnections: () => Promise<void>,
): QueueFactory {
  let closing: Promise<void> | undefined;
  return {
    backend,
    connection,
    ...constructors,
    queue: (name, settings) => new constructors.Queue(name, settings),
    worker: (name, processor, settings) => new constructors.Worker(name, processor, settings),
    queueEvents: (name, settings) => new constructors.QueueEvents(name, settings),
    close: () =>
      (closing ??= (async () => {
        // Workers first (they finish their current job), then listeners, then producers.
        const byKind = (kind: 'worker' | 'events' | 'queue') =>
          [...made].filter((m) => kindOf(m) === kind).map((m) => m.close().catch(() => undefined));
        await Promise.all(byKind('worker'));
        await Promise.all(byKind('events'));
        await Promise.all(byKind('queue'));
        await closeConnections();
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

function bindQueue<C>(BullQueue: AnyClass, base: Base<C>, made: Set<Closable>): QueueConstructor {
  const Bound = class extends (BullQueue as unknown as new (name: string, opts: never) => Closable) {
    constructor(name: string, settings: QueueSettings = {}) {
      super(name, { ...settings, ...base() } as never);
      made.add(this);
    }
  };
  return Bound as unknown as QueueConstructor;
}

function bindWorker<C>(BullWorker: AnyClass, base: (settings: WorkerSettings) => ReturnType<Base<C>>, made: Set<Closable>): WorkerConstructor {
  const Bound = class extends (BullWorker as unknown as new (name: string, processor: never, opts: never) => Closable) {
    constructor(name: string, processor: Processor, settings: WorkerSettings = {}) {
      super(name, processor as never, { ...settings, ...base(settings) } as never);
      made.add(this);
    }
  };
  return Bound as unknown as WorkerConstructor;
}

function bindQueueEvents<C>(BullQueueEvents: AnyClass, base: Base<C>, made: Set<Closable>): QueueEventsConstructor {
  const Bound = class extends (BullQueueEvents as unknown as new (name: string, opts: never) => Closable) {
    constructor(name: string, settings: QueueEventsSettings = {}) {
      super(name, { ...settings, ...base() } as never);
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
