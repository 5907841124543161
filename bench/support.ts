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

/** The p-th percentile (0–100) of some numbers, by the nearest-rank method; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Milliseconds as a figure: "—" for none. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 1_000 ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** Reads a comma-separated list of whole numbers from an option. */
export function numberList(raw: string | undefined, name: string, fallback: number[], min: number): number[] {
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((part) => Number(part.trim().replace(/_/g, '')));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < min)) throw new UsageError(`--${name} must be whole numbers of at least ${min}, separated by commas (got "${raw}")`);
  return values;
}

/** Reads a whole number from an option. */
export function wholeNumber(raw: string | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${raw}")`);
  return value;
}

/**
 * Runs a benchmark with its cleanup: on the first Ctrl-C or SIGTERM the cleanup runs and the
 * process exits (a second signal does not cut it short; a third exits at once).
 */
export async function withCleanup(run: (cleanup: Cleanup) => Promise<void>): Promise<void> {
  const cleanup = new Cleanup();
  let signals = 0;
  const interrupted = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      process.stdout.write(`\n${signal}: cleaning up…\n`);
      void cleanup.run().finally(() => process.exit(130));
    } else if (signals > 2) {
      process.exit(130);
    }
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    await run(cleanup);
  } catch (error) {
    throw signals > 0 ? new Interrupted() : error;
  } finally {
    await cleanup.run();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
