// A worker process for the "worker killed mid-fulfilment" fault: the product's job workers on
// the test's database and queues, whose license provider stops inside the fulfilment
// transaction (after announcing it on stdout) until the test kills the process.
// Environment: DATABASE_URL, REDIS_URL (unset: the queues are on BullMQ's PostgreSQL backend), QUEUE_PREFIX, LOCK_MS.
import type { LicenseProvider, PlacementRequest } from '../../src/domain/ports';
import { fixedClock } from '../../src/infra/clock';
import { createKnex } from '../../src/infra/db/connection';
import { sandboxLicenseProvider } from '../../src/infra/licensing/sandbox-provider';
import { silentLogger } from '../../src/infra/log';
import { createQueueFactory } from '../../src/infra/queue/connection';
import { knexStore } from '../../src/infra/store/knex-store';
import { outboxStore } from '../../src/infra/store/outbox';
import { startJobs } from '../../src/jobs/workers';
import { START } from './payments-harness';
import { reminderStore } from '../../src/infra/store/reminders';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const knex = createKnex(env('DATABASE_URL'), { poolMax: 4 });
const sandbox = sandboxLicenseProvider();
const stuck: LicenseProvider = {
  ...sandbox,
  async place(request: PlacementRequest) {
    process.stdout.write(`placing ${request.orderNumber}\n`);
    return new Promise(() => undefined); // until the process is killed
  },
} as LicenseProvider;
const lock = Number(env('LOCK_MS'));
await startJobs({
  factory: await createQueueFactory({ redisUrl: process.env.REDIS_URL || undefined, databaseUrl: env('DATABASE_URL'), prefix: env('QUEUE_PREFIX') }),
  store: knexStore(knex), reminderStore: reminderStore(knex), licenses: stuck, gateways: {}, outbox: outboxStore(knex), notifiers: {},
  clock: fixedClock(START), timeZone: async () => 'Europe/Amsterdam', log: silentLogger,
  reminders: { hourUtc: 8, offsetsDays: [30] }, work: true, locks: { lockDurationMs: lock, stalledIntervalMs: lock },
});
process.stdout.write('ready\n');
