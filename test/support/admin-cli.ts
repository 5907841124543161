// Runs the admin commands of `npm run ops` in-process on a test database, as ops.ts does,
// with stdout and stderr captured; `opsProcess` runs the real entry point as a child process.
import { execFile } from 'node:child_process';
import { runAdminCommand } from '../../src/cli/admin/index';
import { knexAdminStore } from '../../src/infra/store/admin/admin-store';
import type { FixedClock } from '../../src/infra/clock';
import { fixedClock } from '../../src/infra/clock';
import { testHasher, type demoStore } from './demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `run('resellers:create', ['--company', …])` on the demo's database; `--by admin1` unless `by` says otherwise. */
export function adminCli(demo: Pick<Demo, 'knex'>, options: { clock?: FixedClock; telegramBot?: string | null; operator?: string; deliver?: (outboxIds: number[]) => Promise<void> } = {}) {
  const queued: number[] = [];
  const clock = options.clock ?? fixedClock('2026-11-26T10:00:00Z');
  const store = knexAdminStore(demo.knex);
  async function run(name: string, argv: readonly string[]): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runAdminCommand(name, argv, {
      store, now: () => clock.now(), today: async () => clock.today('Europe/Amsterdam'), hasher: testHasher, vatChecker: null,
      io: { out: (t) => void (stdout += t), err: (t) => void (stderr += t) },
      telegramBot: options.telegramBot ?? null, operator: options.operator ?? 'admin1',
      deliver: options.deliver ?? (async (ids) => void queued.push(...ids)),
    });
    return { code, stdout, stderr };
  }
  return { run, clock, store, queued, json: async (name: string, argv: readonly string[]) => JSON.parse((await run(name, [...argv, '--json'])).stdout) as Record<string, unknown> };
}

/** `npm run ops -- …` as a child process on the database at `url`. */
export function opsProcess(url: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/ops.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: url, APP_NOW: '2026-11-26T10:00:00Z', LOG_LEVEL: 'warn', ...env },
      timeout: 60_000,
    }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
