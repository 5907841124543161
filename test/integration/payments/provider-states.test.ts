// What the order does for each MultiSafepay status the job reads (queues on BullMQ's PostgreSQL
// backend), and what happens when a provider cannot be reached: at checkout the order is placed
// and waits, and the user is offered its card (pay again, or cancel); while confirming, the job
// retries.
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

  it.each(['multisafepay', 'card'] as const)('%s unreachable at checkout: the order waits (coupon reserved), the user gets its card to pay again or cancel, and paying again opens one page', async (method) => {
    await h.toPaymentChoice({ coupon: 'FIXED50' });
    const orders = (await h.demo.knex('orders').select('id')).length;
    if (method === 'multisafepay') h.msp.failNext('POST', 503, 1);
    else h.stripe.failNext('POST', 500, 2); // opening a session is retried once
    const errors = h.engineErrors.length;
    const stripeCreates = () => h.stripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/checkout/sessions');
    const createsBefore = stripeCreates().length;

    const refused = await h.chat.press(h.methodLabel(method));
    const number = Number(/Order (\d+) is placed and waits for your payment, but its payment page could not be opened/.exec(h.chat.text(refused))?.[1]);
    expect(number).toBeGreaterThan(0);
    expect(h.chat.text(refused)).toContain('Nothing was charged.');
    // Not a dead end: the order's card, to pay it again (either online method) or cancel it.
    const card = refused.at(-1);
    expect(card?.text).toMatch(new RegExp(`^Order ${number} — placed 2026-11-26, waiting for payment`));
    expect(card?.buttons.flat().map((b) => b.label)).toEqual(expect.arrayContaining(['Pay by card', 'Pay with MultiSafepay', 'Cancel this order', '« Orders']));
    expect(h.engineErrors.length).toBe(errors + 1);
    // The order was placed and committed before the provider was asked: it waits, its coupon reserved, the cart emptied.
    const row = await h.demo.knex('orders').where({ number }).first();
    expect(row).toMatchObject({ status: 'awaiting_payment', payment_method: method });
    expect(await h.demo.knex('orders').select('id')).toHaveLength(orders + 1);
    expect((await h.effects(String(row.id))).coupon).toMatchObject({ status: 'reserved' });
    expect((await h.effects(String(row.id))).payments).toEqual([]);
    expect(await h.demo.knex('cart_lines').select('id')).toHaveLength(0);
    if (method === 'card') {
      // The Stripe client tried twice, with the same idempotency key.
      const tries = stripeCreates().slice(createsBefore);
      expect(tries.map((c) => c.status)).toEqual([500, 500]);
      expect(new Set(tries.map((c) => c.idempotencyKey)).size).toBe(1);
    }

    // The provider answers again: paying from the card opens the page, for the same order.
    const paid = await h.chat.press(method === 'card' ? 'Pay by card' : 'Pay with MultiSafepay');
    const url = paid.flatMap((m) => m.buttons.flat()).find((b) => b.url)?.url;
    expect(url).toBeDefined();
    const payments = (await h.effects(String(row.id))).payments;
    expect(payments).toEqual([expect.objectContaining({ method, status: 'initialized', payment_url: url })]);
    if (method === 'card') {
      // The same attempt asked again: the same idempotency key, now answered.
      expect(stripeCreates().slice(createsBefore).map((c) => c.idempotencyKey)).toEqual([`checkout-${row.id}`, `checkout-${row.id}`, `checkout-${row.id}`]);
    }
    expect(await h.demo.knex('orders').select('id')).toHaveLength(orders + 1);
  }, 20_000);

  it('a provider that fails leaves the order to be cancelled from its card: the coupon is released', async () => {
    await h.toPaymentChoice({ coupon: 'FIXED50' });
    h.msp.failNext('POST', 503, 1);
    const refused = await h.chat.press(h.methodLabel('multisafepay'));
    const number = Number(/Order (\d+) is placed and waits/.exec(h.chat.text(refused))?.[1]);
    await h.chat.press('Cancel this order');
    const cancelled = await h.chat.press(`Yes, cancel order ${number}`);
    expect(h.chat.text(cancelled)).toContain(`Order ${number} is cancelled.`);
    const row = await h.demo.knex('orders').where({ number }).first();
    expect(row.status).toBe('cancelled');
    expect((await h.effects(String(row.id))).coupon).toMatchObject({ status: 'released' });
  }, 20_000);
});
