// Part payments: a bank transfer of less than what an order still owes, recorded by staff as
// `partial` on the order (with its bank reference). The order waits for the rest; the
// transfer that brings the parts to the total pays it.
import type { PaymentRecord } from '../ports';
import type { Order } from './order';

/** The status of a part payment of an order that waits for the rest. */
export const PART_PAYMENT = 'partial';

/** What the order's part payments add up to, in cents of the order's currency. */
export function receivedInPartsCents(payments: readonly PaymentRecord[], order: { currency: string }, except?: string): number {
  return payments
    .filter((p) => p.status === PART_PAYMENT && p.currency === order.currency && p.providerRef !== except)
    .reduce((sum, p) => sum + p.amountCents, 0);
}

/**
 * A payment kept for staff to send back: a second payment, one of another amount or currency,
 * or a part payment of an order cancelled or expired before the rest came.
 */
export function isKeptForRefund(payment: Pick<PaymentRecord, 'status'>, order: Pick<Order, 'status'>): boolean {
  if (payment.status === 'completed_unmatched' || payment.status === 'amount_mismatch') return true;
  return payment.status === PART_PAYMENT && (order.status === 'cancelled' || order.status === 'expired');
}
