import type { Metrics } from '../domain/metrics';
import type { PaymentSetup } from './payments/setup';
import { createQueueFactory } from './queue/connection';
import type { Runtime } from './runtime';
import { conversationHousekeeping } from './store/conversations';
import { outboxStore } from './store/outbox';
import { reminderStore } from './store/reminders';
import { staffDigestStore } from './store/staff-digests';
import type { Attachment, Notifiers } from '../jobs/notifier';
import { startJobs, type Jobs } from '../jobs/workers';

/**
 * The job queues of a runtime: on Redis when REDIS_URL is set, else on BullMQ's PostgreSQL
 * backend in the product's database. With `work`, this process also runs the workers.
 */
export async function runtimeJobs(
  runtime: Runtime,
  options: { work: boolean; notifiers?: Notifiers; payments?: Pick<PaymentSetup, 'gateways' | 'stripeSessionFor'>; invoicePdf?: (orderId: string) => Promise<Attachment | undefined>; metrics?: Metrics },
): Promise<Jobs & { backend: string }> {
  const factory = await createQueueFactory({ redisUrl: runtime.config.redis.url, databaseUrl: runtime.databaseUrl, log: runtime.log });
  const jobs = await startJobs({
    factory, store: runtime.store, reminderStore: reminderStore(runtime.knex), housekeeping: conversationHousekeeping(runtime.knex), licenses: runtime.licenses,
    gateways: options.payments?.gateways ?? {}, stripeSessionFor: options.payments?.stripeSessionFor,
    outbox: outboxStore(runtime.knex), notifiers: options.notifiers ?? {}, invoicePdf: options.invoicePdf,
    clock: runtime.clock, timeZone: () => runtime.timeZone(), log: runtime.log,
    reminders: runtime.config.reminders, staffChat: runtime.config.staffChat, work: options.work, metrics: options.metrics,
    staffDigest: { hourUtc: runtime.config.staffDigest.hourUtc, digests: staffDigestStore(runtime.knex) },
  });
  return { ...jobs, backend: factory.backend };
}
