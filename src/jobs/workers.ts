import type { StaffChat } from '../config';
import { noMetrics, type Metrics } from '../domain/metrics';
import type { LicenseProvider, PaymentGateway, Store } from '../domain/ports';
import type { AppQueue, QueueFactory } from '../infra/queue/connection';
import type { Logger } from '../infra/log';
import type { DigestStore, Housekeeping, OutboxStore, ReminderStore } from './ports';
import { staffDigestProcessor } from './staff-digest';
import { maintenanceProcessor, PLACEMENT_RETRY_AFTER_MS } from './maintenance';
import type { Attachment, ChannelNotifier, Notifiers } from './notifier';
import { notificationProcessor } from './notifications';
import { paymentConfirmationProcessor } from './payment-confirmation';
import { reminderDeliveryProcessor, sweepReminders, type ReminderDelivery, type ReminderJob } from './reminders';
import { QUEUE_NAMES, RETRYING, type NotificationJob, type PaymentConfirmationJob } from './queues';

/**
 * The notifications worker: jobs at once. The pace of the messages themselves is the
 * platform's to keep (Telegram's bot takes its turn for each message it sends, shared by every
 * instance: src/infra/store/send-pace.ts), so that one job's two messages count as two and a
 * job that only waits (one message a second per chat) counts as none.
 */
export const NOTIFICATIONS_WORKER = { concurrency: 16 } as const;

/**
 * The confirmation worker: jobs at once. A confirmation mostly waits (the provider's answer,
 * the database), and holds a database connection for its settling transaction, where the
 * invoice number (a gapless series: one counter row) makes fulfilments commit one at a time:
 * more at once than half the pool (10) would only hold connections the chats and the
 * notifications need.
 */
export const CONFIRMATIONS_WORKER = { concurrency: 8 } as const;

export interface JobDeps {
  factory: QueueFactory;
  store: Store;
  licenses: LicenseProvider;
  gateways: Partial<Record<'card' | 'multisafepay', PaymentGateway>>;
  stripeSessionFor?: (paymentIntent: string) => Promise<string | undefined>;
  outbox: OutboxStore;
  notifiers: Notifiers;
  invoicePdf?: (orderId: string) => Promise<Attachment | undefined>;
  clock: { now(): Date; today(timeZone?: string): string };
  timeZone(): Promise<string>;
  log: Logger;
  /** The renewal reminders (the sweep's claims and their deliveries). */
  reminderStore: ReminderStore;
  /** Old platform input ids deleted by the maintenance sweep (absent: kept). */
  housekeeping?: Housekeeping;
  reminders: { hourUtc: number; offsetsDays: readonly number[] };
  /** Where messages for staff go (STAFF_CHAT). */
  staffChat?: StaffChat;
  /** The daily digest to staff (STAFF_DIGEST_HOUR) and where its periods are claimed (absent: no digest). */
  staffDigest?: { hourUtc: number; digests: DigestStore };
  /** Run the workers in this process (`npm start`); the ops CLI only enqueues. */
  work: boolean;
  /** Payments by outcome, reminders sent, 429s received (default: not counted). */
  metrics?: Metrics;
  /**
   * How long a worker's hold on a job lasts without renewal, and how often workers look for
   * jobs whose worker died (BullMQ's defaults: 30 s each). Fault tests shorten them.
   */
  locks?: { lockDurationMs: number; stalledIntervalMs: number };
}

export interface Jobs {
  /** Queues a payment to confirm; the worker asks the provider (or takes staff's word for a transfer). */
  confirmPayment(job: PaymentConfirmationJob): Promise<string>;
  /**
   * Queues the fulfilment of paid orders (placed at 3CX first): by the maintenance sweep once
   * per order and ten minutes, by staff every time they ask.
   */
  fulfil(orderIds: string[], options: { by: 'sweep' | 'staff' }): Promise<string[]>;
  /** Queues the delivery of outbox messages, once each (the job id is the message's). */
  deliver(outboxIds: number[]): Promise<void>;
  /** Runs the renewal-reminder sweep now (the ops CLI and tests); the scheduler runs it daily. */
  sweepReminders(): Promise<{ claimed: number; deliveries: number; requeued: number }>;
  /** Writes and queues the staff digest of the period ending at the last STAFF_DIGEST_HOUR, once (tests; the scheduler runs it daily). */
  staffDigest(): Promise<unknown>;
  /** Waits for a confirmation job to finish and returns its result (the ops CLI). */
  waitFor(jobId: string, timeoutMs: number): Promise<unknown>;
  /** The product's queues (metrics, readiness, Bull Board). */
  readonly queues: readonly AppQueue[];
  /** False while the queue backend is unreachable. */
  healthy(): boolean;
  close(): Promise<void>;
}

/** The queues and, with `work`, their workers and the maintenance scheduler. */
export async function startJobs(deps: JobDeps): Promise<Jobs> {
  const { factory } = deps;
  const confirmations = factory.queue<PaymentConfirmationJob>(QUEUE_NAMES.paymentConfirmation, { defaultJobOptions: RETRYING });
  const notifications = factory.queue<NotificationJob | ReminderJob>(QUEUE_NAMES.notifications, { defaultJobOptions: RETRYING });
  const maintenance = factory.queue(QUEUE_NAMES.maintenance, { defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 } });

  // Queued after the transaction that wrote the messages: a queue away for a moment (a restart)
  // is waited out here, since a job run again finds its messages written and queues nothing,
  // and the sweep would find them only after minutes. The job id makes adding twice harmless.
  const deliver = async (outboxIds: number[]) => {
    for (const outboxId of outboxIds) await queuedDespiteOutage(() => notifications.add('deliver', { outboxId }, { jobId: `outbox-${outboxId}` }), deps.log);
  };
  const fulfil = async (orderIds: string[], options: { by: 'sweep' | 'staff' }) => {
    // The sweep queues an order once per window; a staff request is always queued.
    const window = Math.floor(deps.clock.now().getTime() / PLACEMENT_RETRY_AFTER_MS);
    const ids: string[] = [];
    for (const orderId of orderIds) {
      const added = await confirmations.add('fulfil', { source: 'fulfilment', orderId }, options.by === 'sweep' ? { jobId: `fulfil-${orderId}-${window}` } : {});
      ids.push(String(added.id));
    }
    return ids;
  };

  const reminderDeps = {
    reminders: deps.reminderStore, notifiers: deps.notifiers, clock: deps.clock, timeZone: deps.timeZone, offsets: deps.reminders.offsetsDays, log: deps.log,
    enqueue: reminderEnqueue(notifications, deps.clock),
  };

  const digest = deps.staffDigest ? staffDigestProcessor({ digests: deps.staffDigest.digests, hourUtc: deps.staffDigest.hourUtc, clock: deps.clock, deliver, log: deps.log }) : undefined;
  const maintenanceJob = (name: string) => {
    if (name === 'reminder-sweep') return sweepReminders(reminderDeps);
    if (name === 'staff-digest') return digest ? digest() : Promise.resolve({ kind: 'no_digest' });
    return undefined;
  };

  const metrics = deps.metrics ?? noMetrics;
  if (deps.work) {
    const notifiers = countedNotifiers(deps.notifiers, metrics);
    const outboxMessages = notificationProcessor({ outbox: deps.outbox, notifiers, sandbox: deps.licenses.name === 'sandbox', invoicePdf: deps.invoicePdf, staffChat: deps.staffChat, log: deps.log });
    const reminderMessages = reminderDeliveryProcessor({ reminders: deps.reminderStore, notifiers: countedNotifiers(notifiers, metrics, (channel) => metrics.reminderSent(channel)), clock: deps.clock, timeZone: deps.timeZone, log: deps.log });
    const confirmPayment = paymentConfirmationProcessor({ ...deps, deliver });
    const maintenanceSweep = maintenanceProcessor({ store: deps.store, clock: deps.clock, staleOutbox: () => deps.outbox.stale(5 * 60_000, 500), deliver, fulfil: async (ids) => void (await fulfil(ids, { by: 'sweep' })), housekeeping: deps.housekeeping, log: deps.log });
    const locks = deps.locks ? { lockDuration: deps.locks.lockDurationMs, stalledInterval: deps.locks.stalledIntervalMs } : {};
    const workers = [
      factory.worker(QUEUE_NAMES.paymentConfirmation, async (job: Parameters<typeof confirmPayment>[0]) => {
        const result = await confirmPayment(job);
        metrics.paymentSettled(result.kind);
        return result;
      }, { ...CONFIRMATIONS_WORKER, ...locks }),
      factory.worker(QUEUE_NAMES.notifications, (job, token) => (job.name === 'reminder' ? reminderMessages(job, token) : outboxMessages(job, token)), { ...NOTIFICATIONS_WORKER, ...locks }),
      factory.worker(QUEUE_NAMES.maintenance, (job) => maintenanceJob(job.name) ?? maintenanceSweep(), { concurrency: 1, ...locks }),
    ];
    // Failures stay visible: in the log here, and in the queue's failed set.
    for (const worker of workers) {
      worker.on('failed', (job, error) => deps.log.error(`${worker.name} job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`));
    }
    // One scheduler each for every instance: upserting the same id again changes nothing.
    await maintenance.upsertJobScheduler('maintenance-sweep', { every: 60_000 }, { name: 'sweep' });
    await maintenance.upsertJobScheduler('reminder-sweep', { pattern: `0 ${deps.reminders.hourUtc} * * *`, tz: 'UTC' }, { name: 'reminder-sweep' });
    if (deps.staffDigest) await maintenance.upsertJobScheduler('staff-digest', { pattern: `0 ${deps.staffDigest.hourUtc} * * *`, tz: 'UTC' }, { name: 'staff-digest' });
  }

  return {
    async confirmPayment(job) {
      const added = await confirmations.add('confirm', job, confirmationDeduplication(job));
      return String(added.id);
    },
    deliver,
    fulfil,
    sweepReminders: () => sweepReminders(reminderDeps),
    staffDigest: () => (digest ? digest() : Promise.resolve({ kind: 'no_digest' })),
    async waitFor(jobId, timeoutMs) {
      // Polled rather than heard: the same on both backends, and a job that finished before
      // anyone listened is still seen.
      // The state is read first and the job after it: a job read while it runs and its state
      // read after it finished would answer a completed job without its result.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await confirmations.getJobState(jobId);
        if (state === 'unknown') throw new Error(`job ${jobId} is gone`);
        if (state === 'completed' || state === 'failed') {
          const job = await confirmations.getJob(jobId);
          if (!job) throw new Error(`job ${jobId} is gone`);
          if (state === 'completed') return job.returnvalue;
          throw new Error(`job ${jobId} failed: ${job.failedReason}`);
        }
        if (Date.now() >= deadline) throw new Error(`job ${jobId} has not finished after ${timeoutMs} ms (it is ${state})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    queues: [confirmations, notifications, maintenance],
    healthy: () => factory.healthy,
    close: () => factory.close(),
  };
}

/** Waits between tries of queueing a message's delivery while the queue is away: about 30 s in all. */
export const QUEUE_OUTAGE_WAITS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 14_000];

/** Runs `add`, tried again after each of QUEUE_OUTAGE_WAITS_MS while it fails; the last failure is thrown. */
export async function queuedDespiteOutage<T>(add: () => Promise<T>, log: Pick<Logger, 'warn'>, waits: readonly number[] = QUEUE_OUTAGE_WAITS_MS): Promise<T> {
  for (const wait of waits) {
    try {
      return await add();
    } catch (error) {
      log.warn(`queueing a delivery failed, trying again in ${wait} ms: ${error instanceof Error ? error.message : String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return add();
}

/** Jobs a call to addBulk: one call of all of a sweep's is slower (85,777 jobs: 5.6–8.6 s against 4.3–5.7 s). */
export const REMINDER_ADD_BULK = 1_000;

/**
 * addBulk calls in flight at once: while the queue runs one call's jobs, the next call's are
 * built and sent (one call at a time leaves this process and Redis waiting for each other).
 */
export const REMINDER_ADD_BULKS_AT_ONCE = 2;

/** Adds a sweep's deliveries to the notifications queue, in addBulk calls of REMINDER_ADD_BULK, each job delayed to its time and once by its id. */
export function reminderEnqueue(notifications: { addBulk(jobs: Array<{ name: string; data: ReminderJob; opts: { jobId: string; delay: number } }>): Promise<unknown> }, clock: { now(): Date }) {
  return async (deliveries: ReminderDelivery[]): Promise<void> => {
    const now = clock.now().getTime();
    let nextCall = 0;
    const caller = async () => {
      for (let i = nextCall++ * REMINDER_ADD_BULK; i < deliveries.length; i = nextCall++ * REMINDER_ADD_BULK) {
        await notifications.addBulk(deliveries.slice(i, i + REMINDER_ADD_BULK).map((d) => ({ name: 'reminder', data: d.data, opts: { jobId: d.jobId, delay: Math.max(0, d.deliverAt.getTime() - now) } })));
      }
    };
    await Promise.all(Array.from({ length: REMINDER_ADD_BULKS_AT_ONCE }, caller));
  };
}

/**
 * A provider tells about one payment several times (retries, one call per status change): the
 * notifications that arrive while its confirmation waits are that one job, and those that
 * arrive while it runs make one more job after it (it may have read the status before the
 * change). Staff confirmations and fulfilments are never merged.
 */
function confirmationDeduplication(job: PaymentConfirmationJob): { deduplication?: { id: string; keepLastIfActive: true } } {
  const id = job.source === 'provider' ? `${job.method}:${job.providerRef}` : job.source === 'stripe_payment_intent' ? `card:${job.paymentIntent}` : undefined;
  return id === undefined ? {} : { deduplication: { id: `confirm:${id}`, keepLastIfActive: true } };
}

/**
 * The notifiers with their 429s counted (a platform's "slow down", answered as a retry that
 * names it) and, with `delivered`, their deliveries.
 */
function countedNotifiers(notifiers: Notifiers, metrics: Metrics, delivered?: (channel: string) => void): Notifiers {
  return Object.fromEntries(
    Object.entries(notifiers).map(([channel, notifier]) => [
      channel,
      {
        ...notifier,
        async deliver(...args: Parameters<ChannelNotifier['deliver']>) {
          const outcome = await notifier.deliver(...args);
          if (outcome.kind === 'retry' && /\b429\b|rate limit/i.test(outcome.reason)) metrics.rateLimited(channel);
          if (outcome.kind === 'delivered') delivered?.(channel);
          return outcome;
        },
      },
    ]),
  );
}
