import type { Store } from '../domain/ports';
import { lapseExpiredApprovals } from '../domain/use-cases/approvals';
import { expireOrder } from '../domain/use-cases/orders';
import { tellUser } from '../domain/use-cases/tell-user';
import type { Logger } from '../infra/log';
import type { Housekeeping } from './ports';

export interface MaintenanceDeps {
  store: Store;
  clock: { now(): Date };
  /** Undelivered outbox messages older than this are queued again (their job may have been lost). */
  staleOutbox(): Promise<number[]>;
  deliver(outboxIds: number[]): Promise<void>;
  /** Queues the fulfilment of paid orders again (their placement at 3CX is still to be made). */
  fulfil(orderIds: string[]): Promise<void>;
  /** Old platform input ids to delete (absent: kept). */
  housekeeping?: Housekeeping;
  log: Logger;
}

/**
 * How long a platform's input id is kept to recognise the input sent again: Telegram gives up
 * on an update after about a day, Slack retries within minutes. A week is well past both.
 */
export const PROCESSED_INPUT_RETENTION_MS = 7 * 24 * 3600_000;
const PRUNE_BATCH = 5_000;

/** A paid order left unplaced this long (its job's retries ran out) is tried again. */
export const PLACEMENT_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The maintenance sweep, run every minute by a job scheduler: unpaid orders past their
 * payment window expire (their coupon released, their user told), outbox messages whose
 * delivery job went missing are queued again, and so are paid orders still waiting for their
 * placement at 3CX; approval requests past their three days lapse. Each order expires in a
 * transaction of its own.
 */
export function maintenanceProcessor(deps: MaintenanceDeps) {
  return async (): Promise<{ expired: number; requeued: number; unplaced: number; lapsedApprovals: number; prunedInputs: number; prunedLoginFailures: number }> => {
    const now = deps.clock.now();
    const due = await deps.store.transaction((repos) => repos.orders.dueForExpiry(now, 200));
    let expired = 0;
    for (const orderId of due) {
      const outbox = await deps.store.transaction(async (repos) => {
        const change = await expireOrder(repos, { orderId, at: now });
        if (change.kind !== 'changed') return [];
        return tellUser(repos, change.order, 'order_expired');
      });
      if (outbox.length > 0) {
        expired += 1;
        await deps.deliver(outbox);
      }
    }
    // Approval requests nobody decided in time lapse; their requesters are told.
    const lapsed = await deps.store.transaction((repos) => lapseExpiredApprovals(repos, { now, limit: 200 }));
    if (lapsed.outbox.length > 0) await deps.deliver(lapsed.outbox);
    const stale = await deps.staleOutbox();
    if (stale.length > 0) await deps.deliver(stale);
    const unplaced = await deps.store.transaction((repos) => repos.providerOrders.waiting(new Date(now.getTime() - PLACEMENT_RETRY_AFTER_MS), 100));
    if (unplaced.length > 0) await deps.fulfil(unplaced);
    // One batch a minute keeps up with far more inputs than the product handles.
    const prunedInputs = (await deps.housekeeping?.pruneProcessedInputs(new Date(now.getTime() - PROCESSED_INPUT_RETENTION_MS), PRUNE_BATCH)) ?? 0;
    const prunedLoginFailures = (await deps.housekeeping?.pruneLoginFailures(now, PRUNE_BATCH)) ?? 0;
    if (expired > 0 || stale.length > 0 || unplaced.length > 0 || lapsed.lapsed > 0) {
      deps.log.info(`maintenance: ${expired} orders expired, ${lapsed.lapsed} approval requests lapsed, ${stale.length} messages and ${unplaced.length} unplaced orders queued again`);
    }
    return { expired, requeued: stale.length, unplaced: unplaced.length, lapsedApprovals: lapsed.lapsed, prunedInputs, prunedLoginFailures };
  };
}
