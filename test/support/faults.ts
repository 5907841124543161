// What every fault test ends with: each order fulfilled once (one payment, one invoice, one
// license event, one message, delivered) and each message printed once.
import { expect } from 'vitest';
import type { PaymentsHarness, PlacedOrder } from './payments-harness';

/** Queues a staff confirmation of each order's transfer, all at once. */
export async function confirmAll(h: PaymentsHarness, orders: PlacedOrder[]): Promise<void> {
  await Promise.all(orders.map((order) => h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference: `BANK-${order.number}`, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' })));
}

/** Waits for every order to be fulfilled and its message delivered, and checks each happened once. */
export async function fulfilledOnce(h: PaymentsHarness, orders: PlacedOrder[], timeoutMs: number): Promise<void> {
  for (const order of orders) await h.orderReaches(order.id, 'fulfilled', timeoutMs);
  for (const order of orders) {
    const effects = await h.effects(order.id);
    expect(effects.payments).toHaveLength(1);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.licenseEvents).toHaveLength(1);
    const messages = effects.outbox.filter((m) => m.kind === 'order_fulfilled');
    expect(messages).toHaveLength(1);
    await h.waitForDelivered(Number(messages[0]?.id), timeoutMs);
  }
}

/** Checks the console printed one payment message per order since transcript index `from`, none twice. */
export async function printedOnce(h: PaymentsHarness, orders: PlacedOrder[], from: number): Promise<void> {
  const printed = await h.allPrinted(/Payment received for order \d+\b/, { from });
  const numbers = printed.map((m) => Number(/Payment received for order (\d+)\b/.exec(m.text)?.[1])).sort((a, b) => a - b);
  expect(numbers).toEqual(orders.map((o) => o.number).sort((a, b) => a - b));
}
