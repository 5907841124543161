// Fault: PostgreSQL restarted under load. The product's database lives on an embedded
// PostgreSQL of the test's own (never the machine's shared server), which is stopped and
// started again while paid orders are being confirmed; with the queues on Redis, and on
// BullMQ's PostgreSQL backend in that same server. In the end every order is fulfilled once
// and every message printed once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../../src/infra/db/embedded';
import { freePort } from '../../support/http-helpers';
import { confirmAll, fulfilledOnce, printedOnce } from '../../support/faults';
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

    await confirmAll(h, orders);
    // While the confirmations run, the server goes away (fast shutdown: sessions cut) and comes back.
    await server.stop();
    server = await start();

    await fulfilledOnce(h, orders, 90_000);
    await printedOnce(h, orders, from);
  }, 180_000);
});
