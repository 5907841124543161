// The Metrics port on prom-client, served at GET /metrics in Prometheus' text format. Queue
// depths and the queue backend's health are read when Prometheus scrapes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics, UpdateOutcome } from '../../domain/metrics';
import type { Route } from '../http/server';
import type { Logger } from '../log';

/** A queue as the metrics read it (BullMQ's Queue has this). */
export interface CountedQueue {
  readonly name: string;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  /** Queues whose depths are reported, and whether their backend answers. */
  watchQueues(queues: readonly CountedQueue[], backendUp: () => boolean): void;
  route(): Route;
}

const QUEUE_STATES = ['wait', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** Latency buckets (seconds): a reply within a quarter of a second to one that took half a minute. */
const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

export function prometheusMetrics(options: { defaultMetrics?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'threecx_' });
  const updates = new Counter({ name: 'threecx_updates_total', help: 'Updates (messages and button presses) handled, by channel and outcome.', labelNames: ['channel', 'outcome'], registers: [registry] });
  const latency = new Histogram({ name: 'threecx_update_duration_seconds', help: 'Time to handle an update, from receiving it to having the replies.', labelNames: ['channel'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const payments = new Counter({ name: 'threecx_payments_total', help: 'Payment-confirmation jobs, by outcome.', labelNames: ['outcome'], registers: [registry] });
  const reminders = new Counter({ name: 'threecx_reminders_sent_total', help: 'Renewal reminders delivered, by channel.', labelNames: ['channel'], registers: [registry] });
  const limited = new Counter({ name: 'threecx_rate_limited_total', help: '429 (slow down) answers received, by service.', labelNames: ['service'], registers: [registry] });
  const errors = new Counter({ name: 'threecx_errors_total', help: 'Entries logged at error level.', registers: [registry] });
  const busy = new Counter({ name: 'threecx_database_busy_total', help: 'Attempts of an input that found the database busy and were run again.', registers: [registry] });
  let watched: { queues: readonly CountedQueue[]; backendUp: () => boolean } | undefined;
  new Gauge({
    name: 'threecx_queue_jobs', help: 'Jobs in each queue, by state.', labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      this.reset();
      if (!watched?.backendUp()) return;
      for (const queue of watched.queues) {
        const counts = await queue.getJobCounts(...QUEUE_STATES).catch(() => undefined);
        for (const state of QUEUE_STATES) if (counts?.[state] !== undefined) this.set({ queue: queue.name, state }, counts[state]);
      }
    },
  });
  new Gauge({
    name: 'threecx_queue_backend_up', help: '1 while the queue backend (Redis or PostgreSQL) answers, 0 during an outage.', registers: [registry],
    collect() {
      this.set(watched === undefined || watched.backendUp() ? 1 : 0);
    },
  });

  return {
    registry,
    updateHandled: (channel: string, outcome: UpdateOutcome, seconds: number) => {
      updates.inc({ channel, outcome });
      if (outcome !== 'duplicate') latency.observe({ channel }, seconds);
    },
    paymentSettled: (outcome) => payments.inc({ outcome }),
    reminderSent: (channel) => reminders.inc({ channel }),
    rateLimited: (service) => limited.inc({ service }),
    error: () => errors.inc(),
    databaseBusy: () => busy.inc(),
    watchQueues(queues, backendUp) {
      watched = { queues, backendUp };
    },
    route: () => ({
      method: 'GET',
      path: '/metrics',
      handle: async () => ({ status: 200, body: await registry.metrics(), headers: { 'content-type': registry.contentType } }),
    }),
  };
}

/** The log with every error entry counted (threecx_errors_total). */
export function countingErrors(log: Logger, metrics: Pick<Metrics, 'error'>): Logger {
  return {
    debug: (message, fields) => log.debug(message, fields),
    info: (message, fields) => log.info(message, fields),
    warn: (message, fields) => log.warn(message, fields),
    error: (message, fields) => {
      metrics.error();
      log.error(message, fields);
    },
  };
}
