import type { Store } from '../domain/ports';
import { expireOrder } from '../domain/use-cases/orders';
import type { Logger } from '../infra/log';

export interface MaintenanceDeps {
  store: Store;
  clock: { now(): Date };
  /** Undelivered outbox messages older than this are queued again (their job may have been lost). */
  staleOutbox(): Promise<number[]>;
  deliver(outboxIds: number[]): Promise<void>;
  log: Logger;
}

/**
 * The maintenance sweep, run every minute by a job scheduler: unpaid orders past their
 * payment window expire (their coupon released, their user told), and outbox messages whose
 * delivery job went missing are queued again. Each order expires in a transaction of its own.
 */
export function maintenanceProcessor(deps: MaintenanceDeps) {
  return async (): Promise<{ expired: number; requeued: number }> => {
    const now = deps.clock.now();
    const due = await deps.store.transaction((repos) => repos.orders.dueForExpiry(now, 200));
    let expired = 0;
    for (const orderId of due) {
      const outbox = await deps.store.transaction(async (repos) => {
        const change = await expireOrder(repos, { orderId, at: now });
        if (change.kind !== 'changed') return [];
        const order = change.order;
        const id = await repos.outbox.add({ kind: 'order_expired', dedupeKey: `order_expired:${order.id}`, orderId: order.id, userId: order.placedBy, channel: order.channel, chatId: order.chatId, payload: {} });
        return id === undefined ? [] : [id];
      });
      if (outbox.length > 0) {
        expired += 1;
        await deps.deliver(outbox);
      }
    }
    const stale = await deps.staleOutbox();
    if (stale.length > 0) await deps.deliver(stale);
    if (expired > 0 || stale.length > 0) deps.log.info(`maintenance: ${expired} orders expired, ${stale.length} messages queued again`);
    return { expired, requeued: stale.length };
  };
}
