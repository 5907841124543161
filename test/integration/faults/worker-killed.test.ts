// Fault: a worker killed mid-fulfilment. A worker process takes a staff confirmation and is
// killed (SIGKILL) inside the transaction that records the payment and issues the licenses;
// nothing of it commits. Another worker set finds the job its dead worker held once the hold
// runs out (shortened here to 2 s; 30 s by default) and fulfils the order: once, one message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs, type Jobs } from '../../../src/jobs/workers';
import { paymentsHarness, waitFor, type PaymentsHarness } from '../../support/payments-harness';
import { run, type RunningProcess } from '../../support/process-driver';
import { reminderStore } from '../../../src/infra/store/reminders';

const LOCK_MS = 2_000;

describe.each(['redis', 'postgres'] as const)('a worker killed mid-fulfilment (queues on %s)', (backend) => {
  let h: PaymentsHarness;
  let worker: RunningProcess | undefined;
  let survivors: Jobs | undefined;

  beforeAll(async () => {
    // The harness queues and watches; the workers are the child's, then the survivors'.
    h = await paymentsHarness({ backend, work: false });
    await h.login();
  }, 120_000);

  afterAll(async () => {
    if (worker && !worker.done) worker.child.kill('SIGKILL');
    await survivors?.close();
    await h?.close();
  });

  it('leaves nothing half done, and another worker fulfils the order once', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    const from = h.chat.transcript.length;
    worker = run('node', ['--import', 'tsx', 'test/support/fulfilment-worker.ts'], { DATABASE_URL: h.demo.url, REDIS_URL: h.redisUrl ?? '', QUEUE_PREFIX: h.prefix, LOCK_MS: String(LOCK_MS) });
    await waitFor(() => worker!.stdout.includes('ready') || (worker!.done ? Promise.reject(new Error(worker!.stderr.join('\n'))) : undefined), { timeoutMs: 60_000, what: 'the worker process to start' });

    const untouched = await h.effects(order.id);
    await h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference: `BANK-${order.number}`, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' });
    await waitFor(() => worker!.stdout.includes(`placing ${order.number}`), { timeoutMs: 30_000, what: 'the worker to be inside the fulfilment' });
    worker.child.kill('SIGKILL');
    await worker.exited;

    // Killed inside the transaction: nothing of it was kept.
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment' });
    expect(await h.effects(order.id)).toEqual(untouched);
    expect([untouched.payments, untouched.licenseEvents, untouched.outbox]).toEqual([[], [], []]);

    survivors = await startJobs({
      factory: h.factory, store: h.demo.store, reminderStore: reminderStore(h.demo.knex), licenses: h.licenses, gateways: {}, outbox: h.outbox, notifiers: { console: h.notifier },
      clock: h.clock, timeZone: async () => 'Europe/Amsterdam', log: h.log, reminders: h.config.reminders, work: true,
      locks: { lockDurationMs: LOCK_MS, stalledIntervalMs: LOCK_MS },
    });
    await h.orderReaches(order.id, 'fulfilled', 60_000);
    const effects = await h.effects(order.id);
    expect(effects.payments).toHaveLength(1);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.licenseEvents).toHaveLength(1);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled']);
    await h.waitForDelivered(Number(effects.outbox[0]?.id), 30_000);
    expect(await h.allPrinted(new RegExp(`Payment received for order ${order.number}\\b`), { from })).toHaveLength(1);
  }, 120_000);
});
