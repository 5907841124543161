// The user's message about a payment, on both queue backends: delivered once to the console that
// is open; for a console that is not open it waits (a delayed job, no failed attempt counted);
// for a channel nobody can deliver to it is given up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueBackendKind } from '../../../src/infra/queue/connection';
import { QUEUE_NAMES } from '../../../src/jobs/queues';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

describe.each<QueueBackendKind>(['redis', 'postgres'])('delivering payment messages with the queues on %s', (backend) => {
  let h: PaymentsHarness;
  let order: PlacedOrder;
  let notifications: ReturnType<PaymentsHarness['factory']['queue']>;

  beforeAll(async () => {
    h = await paymentsHarness({ backend });
    notifications = h.factory.queue(QUEUE_NAMES.notifications);
    await h.login();
    order = await h.placeOrder({ method: 'offline' });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function message(chatId: string, channel: 'console' | 'telegram') {
    const id = await h.demo.store.transaction((repos) =>
      repos.outbox.add({ kind: 'order_expired', dedupeKey: `test:${channel}:${chatId}`, orderId: order.id, userId: null, channel, chatId, payload: {} }),
    );
    if (id === undefined) throw new Error('the outbox message was not written');
    await h.jobs.deliver([id]);
    return id;
  }

  it('a message for a console that is not open waits for it, without counting a failed attempt', async () => {
    const id = await message('a-console-that-is-closed', 'console');
    const row = await h.waitFor(async () => {
      const r = await h.demo.knex('outbox').where({ id }).first();
      return r?.attempts === 1 ? r : undefined;
    }, { what: 'the first delivery attempt' });
    expect(row).toMatchObject({ delivered_at: null, given_up_at: null, last_error: 'no console session is open' });
    const job = await h.waitFor(async () => {
      const j = await notifications.getJob(`outbox-${id}`);
      if (!j || (await j.getState()) !== 'delayed') return undefined;
      // Read again: the first read may be of the job still active, before it was moved.
      return notifications.getJob(`outbox-${id}`);
    }, { what: 'the delivery job to wait (delayed)' });
    expect(job.attemptsMade).toBe(0);
    expect(job.delay).toBeGreaterThan(60_000);
    expect(h.logs.filter((l) => l.includes(`outbox-${id}`) && l.includes('failed'))).toEqual([]);
  });

  it('a message for a channel without a notifier is given up, once', async () => {
    const id = await message('123456', 'telegram');
    const row = await h.waitFor(async () => {
      const r = await h.demo.knex('outbox').where({ id }).first();
      return r?.given_up_at ? r : undefined;
    }, { what: 'the message to be given up' });
    expect(row).toMatchObject({ delivered_at: null, attempts: 1, last_error: 'no telegram to deliver to' });
    // Queued again (the maintenance sweep does that for lost jobs): nothing more happens.
    await h.jobs.deliver([id]);
    await h.waitFor(async () => (await notifications.getJob(`outbox-${id}`))?.finishedOn !== undefined, { what: 'the job to finish' });
    expect(await h.demo.knex('outbox').where({ id }).first()).toMatchObject({ attempts: 1 });
  });

  it('a message for the open console is printed once, even when queued twice', async () => {
    const from = h.chat.transcript.length;
    const id = await message(h.chat.key.chatId, 'console');
    await h.jobs.deliver([id]);
    await h.waitForDelivered(id);
    expect(await h.allPrinted(new RegExp(`Order ${order.number} \\(.*\\) was not paid in time`), { from })).toHaveLength(1);
  });
});
