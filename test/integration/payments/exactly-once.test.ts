// Every way ends with the order paid exactly once (domain.md): the same notification five times
// at once, a late `declined` after `completed`, the same Stripe event five times, and a worker
// that dies between marking the order paid and fulfilling it — one invoice, one set of license
// events, one outbox message, one message in the chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenseProvider } from '../../../src/domain/ports';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

/** The sandbox, made to fail once after issuing keys (inside the fulfilment transaction) when armed. */
function crashingOnce(sandbox: LicenseProvider) {
  if (sandbox.placement !== 'local') throw new Error('the harness provider is the sandbox');
  const control = { armed: false, crashes: 0 };
  const provider: LicenseProvider = {
    ...sandbox,
    async place(request, repos) {
      const keys = await sandbox.place(request, repos);
      if (control.armed) {
        control.armed = false;
        control.crashes++;
        throw new Error('worker killed between paid and fulfilled (simulated)');
      }
      return keys;
    },
  };
  return { provider, control };
}

// On both queue backends: deduplicating a provider's notifications is the queue's work.
describe.each(['redis', 'postgres'] as const)('exactly once (%s queues)', (backend) => {
  let h: PaymentsHarness;
  let crash: ReturnType<typeof crashingOnce>;

  beforeAll(async () => {
    h = await paymentsHarness({
      backend,
      licenses: (sandbox) => {
        crash = crashingOnce(sandbox);
        return crash.provider;
      },
    });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function exactlyOneFulfilment(order: PlacedOrder, from: number, licenses = 1, o: { paymentRecord?: boolean } = {}) {
    await h.confirmationsIdle();
    const row = await h.order(order.id);
    expect(row).toMatchObject({ status: 'fulfilled' });
    const effects = await h.effects(order.id);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(Array(licenses).fill('issued'));
    expect(await h.demo.knex('licenses').whereIn('id', effects.licenseEvents.map((e) => e.license_id))).toHaveLength(licenses);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled']);
    if (o.paymentRecord !== false) expect(effects.payments.filter((p) => p.status === 'completed')).toHaveLength(1);
    expect(effects.audit.filter((a) => a.action === 'order.fulfilled')).toHaveLength(1);
    expect(effects.audit.filter((a) => a.action === 'order.paid')).toHaveLength(1);
    await h.waitForDelivered(effects.outbox[0].id);
    expect(await h.allPrinted(new RegExp(`Payment received for order ${order.number}\\b`), { from })).toHaveLength(1);
    return { row, effects };
  }

  it('five identical MultiSafepay notifications at once fulfil the order once', async () => {
    const order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50', quantity: 2 });
    h.msp.setStatus(order.reference, 'completed');
    const from = h.chat.transcript.length;
    const notification = h.msp.notification(order.reference);
    const answers = await Promise.all(Array.from({ length: 5 }, async () => {
      const response = await fetch(notification.url, { method: 'POST', headers: notification.headers, body: notification.body });
      return { status: response.status, body: await response.text() };
    }));
    expect(answers).toEqual(Array(5).fill({ status: 200, body: 'OK' }));
    await h.orderReaches(order.id, 'fulfilled');
    const { effects } = await exactlyOneFulfilment(order, from, 2);
    expect(effects.coupon).toMatchObject({ status: 'redeemed' });
    // Notifications of one payment that arrive while its confirmation waits are that one job
    // (one more when one arrived while it ran): MultiSafepay is not asked five times.
    expect(h.msp.statusChecks(order.reference).length).toBeGreaterThanOrEqual(1);
    expect(h.msp.statusChecks(order.reference).length).toBeLessThanOrEqual(2);
  });

  it('a notification arriving while the confirmation runs is not lost: one more confirmation follows, however many arrive', async () => {
    const order = await h.placeOrder({ method: 'multisafepay' });
    h.msp.setStatus(order.reference, 'initialized');
    const from = h.chat.transcript.length;
    const held = h.msp.holdNextStatusCheck();
    expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
    // The first confirmation has read "initialized"; MultiSafepay's answer is on its way.
    await held.reached;
    h.msp.setStatus(order.reference, 'completed');
    const answers = await Promise.all(Array.from({ length: 3 }, () => h.msp.notify(order.reference)));
    expect(answers).toEqual(Array(3).fill({ status: 200, body: 'OK' }));
    held.release();
    await h.orderReaches(order.id, 'fulfilled');
    await exactlyOneFulfilment(order, from);
    expect(h.msp.statusChecks(order.reference)).toHaveLength(2);
  });

  describe('a declined notification after completed', () => {
    let order: PlacedOrder;
    let from: number;
    let paidAt: Date;

    beforeAll(async () => {
      order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
      h.msp.setStatus(order.reference, 'completed');
      from = h.chat.transcript.length;
      expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
      paidAt = (await h.orderReaches(order.id, 'fulfilled')).paid_at;
      await h.confirmationsIdle();
      // Out of order: MultiSafepay now says declined (a late notification of a failed attempt).
      h.msp.setStatus(order.reference, 'declined');
      expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
      await h.waitFor(() => h.msp.statusChecks(order.reference).length >= 2, { what: 'the job to ask MultiSafepay again' });
      await h.confirmationsIdle();
    });

    it('does not un-pay the order: still fulfilled, coupon still redeemed, no failure message', async () => {
      // (What the payment row says is the next test.)
      const { row, effects } = await exactlyOneFulfilment(order, from, 1, { paymentRecord: false });
      expect(row.paid_at).toEqual(paidAt);
      expect(effects.coupon).toMatchObject({ status: 'redeemed' });
      expect(await h.allPrinted(new RegExp(`payment for order ${order.number} was not completed`), { from })).toHaveLength(0);
    });

    it('keeps the payment recorded as completed', async () => {
      const { payments } = await h.effects(order.id);
      expect(payments).toEqual([expect.objectContaining({ method: 'multisafepay', provider_ref: order.reference, status: 'completed' })]);
    });

    it('and the completed notification repeated afterwards does not turn the payment into one to refund', async () => {
      h.msp.setStatus(order.reference, 'completed');
      expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
      await h.waitFor(() => h.msp.statusChecks(order.reference).length >= 3, { what: 'the job to ask MultiSafepay a third time' });
      await h.confirmationsIdle();
      const effects = await h.effects(order.id);
      // Soft: each of these says something different about what went wrong.
      expect.soft(effects.payments).toEqual([expect.objectContaining({ status: 'completed' })]);
      expect.soft(effects.audit.filter((a) => String(a.action).startsWith('payment.')).map((a) => a.action)).toEqual([]);
      expect.soft(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled']);
    });
  });

  it('orders paid at the same moment get consecutive invoice numbers, none twice', async () => {
    const before = await h.demo.knex('invoices').whereNotNull('series_number').max<{ max: number }[]>('series_number as max');
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < 4; i++) orders.push(await h.placeOrder({ method: 'multisafepay' }));
    for (const o of orders) h.msp.setStatus(o.reference, 'completed');
    const answers = await Promise.all(orders.map((o) => h.msp.notify(o.reference)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const o of orders) await h.orderReaches(o.id, 'fulfilled');
    const numbers = (await h.demo.knex('invoices').whereIn('order_id', orders.map((o) => o.id)).pluck('series_number')).map(Number).sort((a, b) => a - b);
    const first = (before[0]?.max ?? 0) + 1;
    expect(numbers).toEqual([first, first + 1, first + 2, first + 3]);
  });

  it('the same checkout.session.completed five times fulfils the card order once', async () => {
    const order = await h.placeOrder({ method: 'card', coupon: 'FIXED50' });
    const session = h.stripe.lastSession();
    h.stripe.setState(session.id, 'paid');
    const from = h.chat.transcript.length;
    const event = h.stripe.checkoutSessionCompleted(session.id);
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.stripe.sendWebhook(h.stripeWebhookUrl, event)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await h.orderReaches(order.id, 'fulfilled');
    await exactlyOneFulfilment(order, from);
  });

  describe('a payment of another amount', () => {
    let order: PlacedOrder;
    const short = 100;

    beforeAll(async () => {
      order = await h.placeOrder({ method: 'multisafepay' });
      h.msp.setStatus(order.reference, 'completed', { amount: order.totalCents - short });
    });

    it('pays nothing, is kept for staff, and the user is told', async () => {
      const from = h.chat.transcript.length;
      expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
      await h.printed(new RegExp(`payment for order ${order.number} that could not be applied automatically`), { from });
      await h.confirmationsIdle();
      expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', paid_at: null });
      const effects = await h.effects(order.id);
      expect(effects.invoices).toHaveLength(0);
      expect(effects.licenseEvents).toHaveLength(0);
      expect(effects.payments).toEqual([expect.objectContaining({ status: 'amount_mismatch' })]);
      expect(effects.audit.filter((a) => a.action === 'payment.amount_mismatch').map((a) => a.details.amountCents)).toEqual([order.totalCents - short]);
    });

    it('records the amount MultiSafepay received on the payment, not the order total', async () => {
      const { payments } = await h.effects(order.id);
      expect(payments).toEqual([expect.objectContaining({ status: 'amount_mismatch', amount_cents: order.totalCents - short })]);
    });
  });

  it('a worker killed between paid and fulfilled: the retry fulfils once, with the next invoice number', async () => {
    const before = await h.demo.knex('invoices').whereNotNull('series_number').max<{ max: number }[]>('series_number as max');
    const order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
    h.msp.setStatus(order.reference, 'completed');
    crash.control.armed = true;
    const from = h.chat.transcript.length;
    expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });

    // The first attempt dies inside the transaction: nothing of it stays.
    await h.waitFor(() => crash.control.crashes === 1 && h.logs.some((l) => /payment-confirmation job .* failed \(attempt 1\): worker killed/.test(l)), { what: 'the first attempt to fail' });
    const between = await h.order(order.id);
    if (between.status === 'awaiting_payment') {
      expect(between.paid_at).toBeNull();
      expect((await h.effects(order.id)).licenseEvents).toHaveLength(0);
    }

    // The retry (BullMQ backoff: 2 s) fulfils it.
    await h.orderReaches(order.id, 'fulfilled', 15_000);
    const { effects } = await exactlyOneFulfilment(order, from);
    expect(crash.control.crashes).toBe(1);
    expect(effects.coupon).toMatchObject({ status: 'redeemed' });
    // The number taken by the dead attempt was given back: no gap in the series.
    expect(effects.invoices[0].series_number).toBe((before[0]?.max ?? 0) + 1);
  }, 20_000);
});
