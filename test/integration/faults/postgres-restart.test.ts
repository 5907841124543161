// Fault: PostgreSQL restarted under load. The product's database lives on an embedded
// PostgreSQL of the test's own (never the machine's shared server), which is stopped and
// started again while paid orders are being confirmed; with the queues on Redis, and on
// BullMQ's PostgreSQL backend in that same server. In the end every order is fulfilled once
// and every message printed once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../../src/infra/db/embedded';
import { freePort } from '../../support/http-helpers';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

const ORDERS = 6;

describe.each(['redis', 'postgres'] as const)('PostgreSQL restarted under load (queues on %s)', (backend) => {
  let dataDir: string;
  let port: number;
  let server: EmbeddedPostgresHandle;
  let h: PaymentsHarness;
  const start = () => startEmbeddedPostgres({ dataDir, port, database: 'postgres' });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'threecx-pg-restart-'));
    port = await freePort();
    server = await start();
    h = await paymentsHarness({ backend, postgresServerUrl: server.url });
    await h.login();
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('confirms every order once and prints every message once', async () => {
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < ORDERS; i++) orders.push(await h.placeOrder({ method: 'offline' }));
    const from = h.chat.transcript.length;

    await Promise.all(orders.map((order) => h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference: `BANK-${order.number}`, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' })));
    // While the confirmations run, the server goes away (fast shutdown: sessions cut) and comes back.
    await server.stop();
    server = await start();

    for (const order of orders) await h.orderReaches(order.id, 'fulfilled', 90_000);
    for (const order of orders) {
      const effects = await h.effects(order.id);
      expect(effects.payments).toHaveLength(1);
      expect(effects.invoices).toHaveLength(1);
      expect(effects.licenseEvents).toHaveLength(1);
      const messages = effects.outbox.filter((m) => m.kind === 'order_fulfilled');
      expect(messages).toHaveLength(1);
      await h.waitForDelivered(Number(messages[0]?.id), 90_000);
    }
    const printed = await h.allPrinted(/Payment received for order \d+\b/, { from });
    const numbers = printed.map((m) => Number(/Payment received for order (\d+)\b/.exec(m.text)?.[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(orders.map((o) => o.number).sort((a, b) => a - b));
  }, 180_000);
});
