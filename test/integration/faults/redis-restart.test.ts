// Fault: Redis restarted under load. Orders are confirmed while the Redis that holds the jobs
// (a redis-server of the test's own, persistent as production's would be) is stopped and
// started again: in the end every order is fulfilled once (one payment, one invoice, one
// license event per line, one message) and every message is printed once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';
import { ownRedis, type OwnRedis } from '../../support/redis-server';

const ORDERS = 6;

describe.each(['shutdown', 'kill'] as const)('Redis restarted under load (%s)', (how) => {
  let redis: OwnRedis;
  let h: PaymentsHarness;

  beforeAll(async () => {
    redis = await ownRedis({ persistent: true });
    await redis.start();
    h = await paymentsHarness({ backend: 'redis', redisUrl: redis.url });
    await h.login();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await redis?.dispose();
  });

  it('confirms every order once and prints every message once', async () => {
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < ORDERS; i++) orders.push(await h.placeOrder({ method: 'offline' }));
    const from = h.chat.transcript.length;

    // The confirmations are queued and being worked while Redis goes away and comes back.
    const queued = Promise.all(orders.map((order) => h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference: `BANK-${order.number}`, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' })));
    await redis.stop(how);
    await redis.start();
    await queued;

    for (const order of orders) await h.orderReaches(order.id, 'fulfilled', 60_000);
    for (const order of orders) {
      const effects = await h.effects(order.id);
      expect(effects.payments).toHaveLength(1);
      expect(effects.invoices).toHaveLength(1);
      expect(effects.licenseEvents).toHaveLength(1);
      const messages = effects.outbox.filter((m) => m.kind === 'order_fulfilled');
      expect(messages).toHaveLength(1);
      await h.waitForDelivered(Number(messages[0]?.id), 60_000);
    }
    const printed = await h.allPrinted(/Payment received for order \d+\b/, { from });
    const numbers = printed.map((m) => Number(/Payment received for order (\d+)\b/.exec(m.text)?.[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(orders.map((o) => o.number).sort((a, b) => a - b));
  }, 120_000);
});
