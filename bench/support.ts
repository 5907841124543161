// What every benchmark needs: a throwaway database of its own on the server DATABASE_URL
// names, things to undo at the end (also on Ctrl-C), timing, and printing figures.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { explainConnectionError, serverOf, withDatabase } from '../src/infra/db/connection';
import { startEmbeddedPostgres } from '../src/infra/db/embedded';

/** Things to undo, last first; run once, at the end or on SIGINT/SIGTERM. */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown>; timeoutMs: number }> = [];
  private running: Promise<void> | undefined;

  /** `timeoutMs`: how long to wait for the step before going on with the next (default 60 s). */
  add(what: string, run: () => Promise<unknown>, timeoutMs = 60_000): void {
    this.steps.push({ what, run, timeoutMs });
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await withTimeout(step.run(), step.timeoutMs, `${step.what} took over ${step.timeoutMs / 1000} s`);
        } catch (error) {
          process.stderr.write(`cleanup: ${step.what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })());
  }
}

export interface BenchServer {
  /** A URL on the server (its database is only used to create and drop the bench database). */
  url: string;
  /** How to name the server in the output. */
  label: string;
}

/**
 * The PostgreSQL server to benchmark: DATABASE_URL, or with `embedded` an embedded one in
 * .data/bench-postgres (started here, stopped by `cleanup`). Without either it refuses,
 * saying what to set.
 */
export async function benchServer(embedded: boolean, cleanup: Cleanup): Promise<BenchServer> {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') return { url, label: `PostgreSQL at ${serverOf(url)}` };
  if (!embedded) {
    throw new UsageError(
      'DATABASE_URL is not set. Point it at a PostgreSQL server the benchmark may create a database on, e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- reminders\n' +
        '(it creates bench_<random>, and drops it at the end), or pass --embedded to start an embedded\n' +
        'PostgreSQL in .data/bench-postgres for the run (removed afterwards).',
    );
  }
  const log = { debug: () => undefined, info: (m: string) => process.stdout.write(`${m}\n`), warn: (m: string) => process.stderr.write(`${m}\n`) };
  const dataDir = '.data/bench-postgres';
  cleanup.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  const server = await startEmbeddedPostgres({ dataDir, port: 54_399, log, database: 'postgres', unsafeFastWrites: true });
  cleanup.add('stop the embedded PostgreSQL', () => server.stop());
  return { url: server.url, label: `embedded PostgreSQL (fsync off) at 127.0.0.1:54399` };
}

/** Creates `bench_<random>` on the server and registers its drop with `cleanup`; returns its URL. */
export async function createBenchDatabase(server: BenchServer, cleanup: Cleanup): Promise<{ url: string; name: string }> {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await withAdmin(server.url, (admin) => admin.query(`create database ${pg.escapeIdentifier(name)}`));
  cleanup.add(`drop database ${name}`, () => withAdmin(server.url, (admin) => admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)));
  return { url: withDatabase(server.url, name), name };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'threecx-bench-admin', connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw explainConnectionError(error, url);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A mistake in how the benchmark was called: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The run was stopped by a signal (and cleaned up): exit code 130. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}

/** Runs `work` and returns its result with the seconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - start) / 1000 };
}

export function seconds(s: number): string {
  return s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(s < 10 ? 2 : 1)} s`;
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function perSecond(n: number, s: number, unit: string): string {
  return s > 0 ? `${count(n / s)} ${unit}/s` : '—';
}

/** Prints a two- or three-column table. */
export function table(title: string, rows: Array<[string, string, string?]>): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const line = '─'.repeat(Math.min(110, w0 + w1 + 4 + Math.max(0, ...rows.map((r) => (r[2] ?? '').length))));
  return [title, line, ...rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `  ${c}` : ''}`), line].join('\n');
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
