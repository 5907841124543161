// What the order does for each MultiSafepay status the job reads (queues on BullMQ's PostgreSQL
// backend), and what happens when a provider cannot be reached: at checkout nothing is ordered;
// while confirming, the job retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

describe('MultiSafepay statuses and unreachable providers', () => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'postgres', expectEngineErrors: true });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Sends a notification for `status` and waits until the job has asked MultiSafepay and finished. */
  async function notifyStatus(order: PlacedOrder, status: string) {
    const asked = h.msp.statusChecks(order.reference).length;
    h.msp.setStatus(order.reference, status);
    expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
    await h.waitFor(() => h.msp.statusChecks(order.reference).length > asked, { what: `the job to ask MultiSafepay about ${status}` });
    await h.confirmationsIdle();
  }

  it.each(['initialized', 'uncleared', 'reserved'])('%s is not paid yet: the order keeps waiting, nobody is told', async (status) => {
    const order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
    await notifyStatus(order, status);
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', paid_at: null });
    const effects = await h.effects(order.id);
    expect(effects.payments).toEqual([expect.objectContaining({ status })]);
    expect(effects.coupon).toMatchObject({ status: 'reserved' });
    expect(effects.outbox).toHaveLength(0);

    // It clears later: the order is paid then.
    const from = h.chat.transcript.length;
    await notifyStatus(order, 'completed');
    await h.orderReaches(order.id, 'fulfilled');
    await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
  });

  it.each(['cancelled', 'void'])('%s cancels the order and frees its coupon', async (status) => {
    const order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
    const from = h.chat.transcript.length;
    await notifyStatus(order, status);
    await h.orderReaches(order.id, 'cancelled');
    expect((await h.effects(order.id)).coupon).toMatchObject({ status: 'released' });
    await h.printed(new RegExp(`payment for order ${order.number} was not completed \\(${status}\\)`), { from });
  });

  it('partial_refunded after fulfilment leaves the order and its licenses as they are, and tells the user', async () => {
    const order = await h.placeOrder({ method: 'multisafepay' });
    await notifyStatus(order, 'completed');
    await h.orderReaches(order.id, 'fulfilled');
    const from = h.chat.transcript.length;
    await notifyStatus(order, 'partial_refunded');
    await h.printed(new RegExp(`Part of the payment for order ${order.number} was refunded`), { from });
    expect(await h.order(order.id)).toMatchObject({ status: 'fulfilled' });
    const effects = await h.effects(order.id);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled', 'payment_partially_refunded']);
  });

  it.each(['refunded', 'chargedback'])('%s after fulfilment reverses the order, flags its licenses and tells the user', async (status) => {
    const order = await h.placeOrder({ method: 'multisafepay' });
    await notifyStatus(order, 'completed');
    await h.orderReaches(order.id, 'fulfilled');
    const from = h.chat.transcript.length;
    await notifyStatus(order, status);
    await h.orderReaches(order.id, 'refunded');
    const effects = await h.effects(order.id);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued', 'payment_flagged']);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled', 'payment_reversed']);
    await h.printed(new RegExp(`payment for order ${order.number} was (refunded|reversed) \\(${status}\\)`), { from });
  });

  it('the MultiSafepay payment page closes no later than the order stops waiting for payment', async () => {
    // The order waits 24 hours (interpreter: online orders); MultiSafepay keeps a payment page
    // open for 30 days unless told otherwise (days_active / seconds_active). A page still open
    // after the order expired takes money for a cancelled order.
    const order = await h.placeOrder({ method: 'multisafepay' });
    const row = await h.order(order.id);
    const windowSeconds = (row.expires_at.getTime() - h.clock.now().getTime()) / 1000;
    expect(windowSeconds).toBe(24 * 3600);
    const request = h.msp.calls.filter((c) => c.method === 'POST' && c.path === '/orders').at(-1)?.body as Record<string, unknown>;
    const activeSeconds = typeof request.seconds_active === 'number' ? request.seconds_active : typeof request.days_active === 'number' ? request.days_active * 86_400 : 30 * 86_400;
    expect(activeSeconds).toBeLessThanOrEqual(windowSeconds);
  });

  it('MultiSafepay down while confirming: the notification is still answered OK, and the job retries until it can ask', async () => {
    const order = await h.placeOrder({ method: 'multisafepay' });
    h.msp.setStatus(order.reference, 'completed');
    h.msp.failNext('GET', 503, 1);
    expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });
    await h.waitFor(() => h.logs.some((l) => /payment-confirmation job .* failed \(attempt 1\): MultiSafepay GET/.test(l)), { what: 'the first attempt to fail' });
    await h.orderReaches(order.id, 'fulfilled', 15_000);
    expect((await h.effects(order.id)).invoices).toHaveLength(1);
  }, 20_000);

  it.each(['multisafepay', 'card'] as const)('%s unreachable at checkout: nothing is ordered, the coupon stays free, and paying again works', async (method) => {
    await h.toPaymentChoice({ coupon: 'FIXED50' });
    const orders = (await h.demo.knex('orders').select('id')).length;
    const redemptions = (await h.demo.knex('coupon_redemptions').select('id')).length;
    if (method === 'multisafepay') h.msp.failNext('POST', 503, 1);
    else h.stripe.failNext('POST', 500, 2); // opening a session is retried once
    const errors = h.engineErrors.length;
    const stripeCreates = () => h.stripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/checkout/sessions');
    const createsBefore = stripeCreates().length;

    const refused = await h.chat.press(h.methodLabel(method));
    expect(h.chat.text(refused)).toContain('The payment provider could not be reached, so nothing was ordered.');
    // Not a dead end: the order summary again, with a fresh message to pay again, pay otherwise, or go to the cart.
    const summary = refused.at(-1);
    expect(summary?.text).toMatch(/^Order summary:/);
    expect(summary?.buttons.flat().map((b) => b.label)).toEqual(expect.arrayContaining([h.methodLabel(method), 'Bank transfer (offline)', 'Change coupon', 'View cart']));
    expect(h.engineErrors.length).toBe(errors + 1);
    expect(await h.demo.knex('orders').select('id')).toHaveLength(orders);
    expect(await h.demo.knex('coupon_redemptions').select('id')).toHaveLength(redemptions);
    expect(await h.demo.knex('cart_lines').select('id')).toHaveLength(1);
    if (method === 'card') {
      // The Stripe client tried twice, with the same idempotency key.
      const tries = stripeCreates().slice(createsBefore);
      expect(tries.map((c) => c.status)).toEqual([500, 500]);
      expect(new Set(tries.map((c) => c.idempotencyKey)).size).toBe(1);
    }

    // The summary is still there: paying again places the order.
    const order = await h.pay(method);
    expect(order.paymentUrl).toBeDefined();
    expect((await h.effects(order.id)).coupon).toMatchObject({ status: 'reserved' });
    expect(await h.demo.knex('cart_lines').select('id')).toHaveLength(0);
  }, 20_000);
});
