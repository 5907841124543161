import { userInfo } from 'node:os';
import type { Config } from '../../config';
import type { Logger } from '../../infra/log';
import { openRuntime } from '../../infra/runtime';
import { knexAdminStore } from '../../infra/store/admin/admin-store';
import { viesChecker } from '../../infra/tax/vies-checker';
import { runAdminCommand } from './index';

/** Runs an admin command against the configured database, writing to the process's stdout and stderr. */
export async function runAdminCli(config: Config, log: Logger, name: string, argv: readonly string[]): Promise<number> {
  const runtime = await openRuntime(config, log, { seedDemo: false });
  try {
    return await runAdminCommand(name, argv, {
      store: knexAdminStore(runtime.knex),
      now: () => runtime.clock.now(),
      today: () => runtime.today(),
      io: { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
      vatChecker: config.vatCheck ? viesChecker({ url: config.vatCheck.url }) : null,
      hasher: runtime.hasher,
      telegramBot: config.telegramBotUsername ?? null,
      operator: userInfo().username,
      // The queues are loaded only by a command that sends (a broadcast).
      async deliver(outboxIds) {
        const { runtimeJobs } = await import('../../infra/runtime-jobs');
        const jobs = await runtimeJobs(runtime, { work: false });
        try {
          await jobs.deliver(outboxIds);
        } finally {
          await jobs.close();
        }
      },
    });
  } finally {
    await runtime.close();
  }
}
