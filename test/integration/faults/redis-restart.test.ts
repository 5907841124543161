// Fault: Redis restarted under load. Orders are confirmed while the Redis that holds the jobs
// (a redis-server of the test's own, persistent as production's would be) is stopped and
// started again: in the end every order is fulfilled once (one payment, one invoice, one
// license event per line, one message) and every message is printed once.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { confirmAll, fulfilledOnce, printedOnce } from '../../support/faults';
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
    const queued = confirmAll(h, orders);
    await redis.stop(how);
    await redis.start();
    await queued;

    await fulfilledOnce(h, orders, 60_000);
    await printedOnce(h, orders, from);
  }, 120_000);
});
