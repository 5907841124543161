// What the product counts, as a port: the engine, the bots and the jobs report through it and
// never see the metrics library (prom-client, in src/infra/observability/metrics.ts).

/** How an update (a message or a button press) ended. */
export type UpdateOutcome = 'ok' | 'duplicate' | 'error';

/** Counters and timings of the product; every method is cheap and never throws. */
export interface Metrics {
  /** One update handled on `channel`, how it ended and how long it took (seconds). */
  updateHandled(channel: string, outcome: UpdateOutcome, seconds: number): void;
  /** A payment-confirmation job ended with `outcome` (fulfilled, already_settled, declined, needs_staff, …). */
  paymentSettled(outcome: string): void;
  /** A renewal reminder (or a digest of them) was delivered on `channel`. */
  reminderSent(channel: string): void;
  /** `service` answered 429 (slow down). */
  rateLimited(service: string): void;
  /** Something failed and was logged as an error. */
  error(): void;
  /** An input found the database busy (no free connection, a lock race lost) and is run again. */
  databaseBusy(): void;
}

/** Counts nothing (unit tests, tools). */
export const noMetrics: Metrics = {
  updateHandled: () => undefined,
  paymentSettled: () => undefined,
  reminderSent: () => undefined,
  rateLimited: () => undefined,
  error: () => undefined,
  databaseBusy: () => undefined,
};
