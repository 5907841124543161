// Child processes of a benchmark: the product as `npm start` runs it, and the bare telegraf
// echo bot; their log lines kept, their start awaited, and their stop (SIGTERM, then SIGKILL)
// registered with the run's cleanup.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './support';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface Child {
  name: string;
  child: ChildProcess;
  /** stderr lines (the product logs JSON lines there). */
  stderr: string[];
  readonly exited: boolean;
  /** Resolves with the first stderr line matching, rejects if the process exits first or after `timeoutMs`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `command` in the repository with the bench's environment plus `env`; stopped by `cleanup`. */
export function startChild(name: string, command: string, args: string[], env: Record<string, string | undefined>, cleanup: Cleanup): Child {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const variable of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'PUBLIC_URL', 'STAFF_CHAT', 'MULTISAFEPAY_API_KEY', 'STRIPE_SECRET_KEY', 'ADMIN_TOKEN', 'NODE_OPTIONS', 'APP_TODAY', 'APP_NOW']) {
    delete base[variable];
  }
  const child = spawn(command, args, { cwd: repoRoot, env: { ...base, LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  const waiting = new Set<() => void>();
  let exited = false;
  // BENCH_CHILD_LOG=<file>: every line of every child, whole, for a look afterwards.
  const logFile = process.env.BENCH_CHILD_LOG;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (logFile) appendFileSync(logFile, `${name}: ${line}\n`);
    // Keep the first lines (the start) and the errors, not every line of a long run.
    if (stderr.length < 2_000 || /"level":"(error|fatal)"|ERROR/.test(line)) stderr.push(line);
    for (const wake of [...waiting]) wake();
  });
  const gone = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      for (const wake of [...waiting]) wake();
      resolve();
    });
  });
  const started: Child = {
    name,
    child,
    stderr,
    get exited() {
      return exited;
    },
    line(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name} did not log ${pattern} within ${timeoutMs / 1000} s; its last lines:\n${stderr.slice(-20).join('\n')}`)), timeoutMs);
        const finish = (outcome: string | Error) => {
          clearTimeout(timer);
          waiting.delete(check);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        const check = () => {
          const found = stderr.find((l) => pattern.test(l));
          if (found !== undefined) finish(found);
          else if (exited) finish(new Error(`${name} exited (code ${child.exitCode ?? child.signalCode}); its last lines:\n${stderr.slice(-30).join('\n')}`));
        };
        waiting.add(check);
        check();
      });
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
  cleanup.add(`stop ${name}`, () => started.stop(), 20_000);
  return started;
}

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface ProductOptions {
  databaseUrl: string;
  redisUrl: string | undefined;
  port: number;
  botToken: string;
  botApiRoot: string;
  /** The address Telegram is told to post updates to (the webhook entry in front of the product). */
  publicUrl: string;
  env?: Record<string, string>;
  /** Options for node (`--cpu-prof`): the product then runs as npm start runs it, `node <these> --import tsx src/main.ts`. */
  nodeArgs?: string[];
}

/** `npm start` on the bench database, as a webhook bot; resolves when it listens. */
export async function startProduct(name: string, options: ProductOptions, cleanup: Cleanup): Promise<Child> {
  // `--cpu-prof DIR` (options.nodeArgs) or BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…": the
  // product run as `node <them> --import tsx src/main.ts` (what `npm start` runs), for a profile.
  const nodeArgs = options.nodeArgs ?? process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean);
  const [command, args] = nodeArgs ? ['node', [...nodeArgs, '--import', 'tsx', 'src/main.ts']] : ['npm', ['start']];
  const product = startChild(name, command, args, {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    PORT: String(options.port),
    TELEGRAM_BOT_TOKEN: options.botToken,
    TELEGRAM_API_ROOT: options.botApiRoot,
    PUBLIC_URL: options.publicUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...options.env,
  }, cleanup);
  // With LOG_LEVEL=warn the start lines are not logged: the health check says when it listens.
  await waitForHealth(product, options.port);
  return product;
}

/** Polls GET /healthz until it answers 200 (or the process exits, or 3 minutes pass). */
export async function waitForHealth(child: Child, port: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exited) throw new Error(`${child.name} exited before it listened; its last lines:\n${child.stderr.slice(-30).join('\n')}`);
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer /healthz on port ${port} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
