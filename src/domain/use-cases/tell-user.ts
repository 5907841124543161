import type { Order } from '../orders/order';
import type { OutboxMessage, Repositories } from '../ports';

/**
 * Queues a message about an order to the user who placed it, in the caller's transaction; the
 * same `dedupeKey` (by default: one message of a kind per order) writes it once.
 */
export async function tellUser(repos: Repositories, order: Order, kind: OutboxMessage['kind'], payload: Record<string, unknown> = {}, dedupeKey = `${kind}:${order.id}`): Promise<number[]> {
  const ids = [await repos.outbox.add({ kind, dedupeKey, orderId: order.id, userId: order.placedBy, channel: order.channel, chatId: order.chatId, payload })];
  // What staff must act on goes to their chat too (the delivery finds it: STAFF_CHAT).
  if (staffMustKnow(kind, payload)) {
    ids.push(await repos.outbox.add({ kind, dedupeKey: `staff:${dedupeKey}`, orderId: order.id, userId: null, channel: null, chatId: null, payload: { ...payload, forStaff: true } }));
  }
  return ids.filter((id): id is number => id !== undefined);
}

/** The messages about an order that need staff: money to return or settle, licenses not delivered. */
function staffMustKnow(kind: OutboxMessage['kind'], payload: Record<string, unknown>): boolean {
  switch (kind) {
    case 'late_payment':
    case 'payment_reversed':
    case 'payment_partially_refunded':
      return true;
    case 'fulfilment_delayed':
      return payload.reason === 'staff_check';
    case 'order_fulfilled':
      return Array.isArray(payload.problems) && payload.problems.length > 0;
    default:
      return false;
  }
}
