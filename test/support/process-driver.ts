// The product as a user runs it: `npm start`, `npm run chat`, `npm run ops` as child processes
// of the test, their output kept line by line, with bounded waits for what they print.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { OutMessage } from './console-driver';
import { waitFor } from './payments-harness';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until a line of stderr matches; answers it. */
  stderrLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** True once the process has exited. */
  readonly done: boolean;
}

/**
 * Runs `command` in the repository with the test's environment minus the database and queue
 * settings (the caller gives those it wants in `env`). `ownGroup` runs it in a process group
 * of its own, as a shell runs a command in a terminal: a signal to the group (`process.kill(-pid)`)
 * is what Ctrl-C sends.
 */
export function run(command: string, args: string[], env: Record<string, string>, options: { ownGroup?: boolean } = {}): RunningProcess {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'TELEGRAM_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'PUBLIC_URL', 'STAFF_CHAT', 'NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete base[name];
  // What npm tells the scripts it runs (npm_config_loglevel from `npm test --loglevel=…`, say) is
  // not in a user's shell: the commands run here as a user would type them.
  for (const name of Object.keys(base)) if (/^npm_/i.test(name)) delete base[name];
  const child = spawn(command, args, { cwd: repoRoot, env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: options.ownGroup === true });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return {
    child, stdout, stderr, exited,
    get done() {
      return done;
    },
    stderrLine: (pattern, timeoutMs = 60_000) =>
      waitFor(() => stderr.find((line) => pattern.test(line)) ?? (done ? Promise.reject(new Error(`${command} ${args.join(' ')} exited; its stderr:\n${stderr.join('\n')}`)) : undefined), {
        timeoutMs, intervalMs: 100, what: `${command} ${args.join(' ')} to log ${pattern} (stderr so far:\n${stderr.join('\n')})`,
      }),
  };
}

/** Runs a command to its end; answers its exit code and output. */
export async function runToEnd(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const started = run(command, args, env);
  started.child.stdin?.end();
  const { code } = await started.exited;
  // The last lines may still be in the pipes' readers.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: started.stdout.join('\n'), stderr: started.stderr.join('\n') };
}

/** Talks to a console that speaks the JSONL protocol on the child's stdin and stdout. */
export function jsonlChild(started: RunningProcess) {
  const transcript: OutMessage[] = [];
  let read = 0;
  const nextLines = async (): Promise<OutMessage[]> => {
    const got: OutMessage[] = [];
    await waitFor(() => {
      while (read < started.stdout.length) {
        const line = started.stdout[read++] as string;
        const parsed = JSON.parse(line) as OutMessage | { type: 'ready' };
        if (parsed.type === 'ready') return true;
        got.push(parsed);
      }
      if (started.done) throw new Error(`the console exited; stderr:\n${started.stderr.join('\n')}`);
      return false;
    }, { timeoutMs: 60_000, intervalMs: 20, what: 'the console to print {"type":"ready"}' });
    transcript.push(...got);
    return got;
  };
  const driver = {
    transcript,
    /** Waits for the greeting (the first ready line). */
    ready: () => nextLines(),
    raw(line: string) {
      started.child.stdin!.write(`${line}\n`);
      return nextLines();
    },
    send: (text: string) => driver.raw(JSON.stringify({ type: 'text', text })),
    press(label: string) {
      const buttons = [...transcript].reverse().find((m) => m.buttons.length > 0)?.buttons.flat() ?? [];
      const id = buttons.find((b) => b.label === label)?.id;
      if (!id) throw new Error(`no button ${label} in: ${buttons.map((b) => b.label).join(' | ')}`);
      return driver.raw(JSON.stringify({ type: 'press', id }));
    },
    text: (messages: OutMessage[]) => messages.map((m) => m.text).join('\n'),
  };
  return driver;
}

/** The pid of the embedded server running in `dataDir` (from its postmaster.pid). */
export async function embeddedServerPid(dataDir: string): Promise<number> {
  return Number((await readFile(`${dataDir}/pg/postmaster.pid`, 'utf8')).split('\n')[0]);
}

/** Whether a process runs. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
