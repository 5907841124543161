// Card payments through Stripe Checkout end to end, the real `stripe` client talking to a
// fake Stripe: the order placed in the JSONL console opens a Checkout Session, the user gets
// its URL as a link button, the signed checkout.session.completed webhook makes the job
// retrieve the session and fulfil the order, and the console prints the keys. An expired
// session cancels the order; a refund or a dispute flags the licenses and tells the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';

describe('card payments through Stripe Checkout', () => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'redis' });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function paidCardOrder(coupon: string | null = 'FIXED50') {
    const order = await h.placeOrder({ method: 'card', coupon });
    const session = h.stripe.lastSession();
    h.stripe.setState(session.id, 'paid');
    const from = h.chat.transcript.length;
    expect(await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionCompleted(session.id))).toEqual({ status: 200, body: 'ok' });
    await h.orderReaches(order.id, 'fulfilled');
    await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    return { order, session };
  }

  it('pays by card: a Checkout Session, its URL as a link, the signed webhook, fulfilled once, keys printed', async () => {
    const order = await h.placeOrder({ method: 'card', coupon: 'FIXED50' });
    expect(h.chat.text(order.messages)).toContain(`Order ${order.number} is placed`);

    // One session, created with the secret key and an idempotency key, for the order's total.
    const creates = h.stripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/checkout/sessions');
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ authorized: true, idempotencyKey: `checkout-${order.id}`, status: 200 });
    const session = h.stripe.lastSession();
    expect(session).toMatchObject({ status: 'open', payment_status: 'unpaid', amount_total: order.totalCents, currency: 'eur', client_reference_id: order.id });
    expect(session.metadata).toEqual({ orderId: order.id, orderNumber: String(order.number), reference: order.reference });
    expect(session.request).toMatchObject({
      mode: 'payment',
      success_url: `${h.publicUrl}/payments/return?order=${order.number}`,
      cancel_url: `${h.publicUrl}/payments/cancel?order=${order.number}`,
      line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: String(order.totalCents) } }],
    });
    expect(order.messages.flatMap((m) => m.buttons.flat()).find((b) => b.url)).toEqual({ url: session.url, label: 'Open the payment page' });
    expect((await h.effects(order.id)).payments).toEqual([expect.objectContaining({ method: 'card', provider_ref: session.id, status: 'initialized', payment_url: session.url })]);

    h.stripe.setState(session.id, 'paid');
    const from = h.chat.transcript.length;
    expect(await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionCompleted(session.id))).toEqual({ status: 200, body: 'ok' });

    await h.orderReaches(order.id, 'fulfilled');
    const message = await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    // The job asked Stripe, expanding the charge (refund and dispute are read from it).
    const retrieval = h.stripe.retrievals(session.id).at(-1);
    expect(retrieval?.query.expand).toEqual(['payment_intent.latest_charge']);

    const effects = await h.effects(order.id);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.invoices[0]).toMatchObject({ number: 'INV-2026-000001', total_cents: order.totalCents, paid_on: '2026-11-26' });
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    expect(effects.payments).toEqual([expect.objectContaining({ method: 'card', provider_ref: session.id, status: 'completed', amount_cents: order.totalCents, currency: 'EUR' })]);
    expect(effects.coupon).toMatchObject({ status: 'redeemed' });
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled']);
    const license = await h.demo.knex('licenses').where({ id: effects.licenseEvents[0].license_id }).first();
    expect(license).toMatchObject({ edition: 'professional', sc: 8, expires_on: '2027-11-26' });
    expect(message.text).toContain(`• ${license.license_key} — Professional 8 SC, expires 2027-11-26`);
    expect(message.text).toContain('Invoice INV-2026-000001 is in Invoices.');
  });

  it('an expired Checkout Session cancels the order, releases its coupon and tells the user', async () => {
    const order = await h.placeOrder({ method: 'card', coupon: 'FIXED50' });
    const session = h.stripe.lastSession();
    h.stripe.setState(session.id, 'expired');
    const from = h.chat.transcript.length;
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionExpired(session.id))).status).toBe(200);

    await h.orderReaches(order.id, 'cancelled');
    const message = await h.printed(new RegExp(`payment for order ${order.number} was not completed \\(expired\\)`), { from });
    expect(message.text).toMatch(/coupon is free again/);
    const effects = await h.effects(order.id);
    expect(effects.coupon).toMatchObject({ status: 'released' });
    expect(effects.invoices).toHaveLength(0);
    expect(effects.licenseEvents).toHaveLength(0);
  });

  it('a checkout.session.completed for a session that is not paid yet changes nothing', async () => {
    const order = await h.placeOrder({ method: 'card' });
    const session = h.stripe.lastSession();
    const retrievals = h.stripe.retrievals(session.id).length;
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionCompleted(session.id))).status).toBe(200);
    await h.confirmationsIdle();
    await h.waitFor(() => h.stripe.retrievals(session.id).length > retrievals, { what: 'the job to ask Stripe' });
    await h.confirmationsIdle();
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', paid_at: null });
    expect((await h.effects(order.id)).outbox).toHaveLength(0);
  });

  it('a refund (charge.refunded) marks the order refunded, flags its licenses and tells the user', async () => {
    const { order, session } = await paidCardOrder();
    h.stripe.setState(session.id, 'refunded');
    const from = h.chat.transcript.length;
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.chargeRefunded(session.id))).status).toBe(200);

    await h.orderReaches(order.id, 'refunded');
    const message = await h.printed(new RegExp(`payment for order ${order.number} was refunded`), { from });
    expect(message.text).toMatch(/licenses are marked/);
    const effects = await h.effects(order.id);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued', 'payment_flagged']);
    const license = await h.demo.knex('licenses').where({ id: effects.licenseEvents[0].license_id }).first();
    expect(license.payment_flag).toBe('refunded');
    expect(effects.invoices).toHaveLength(1);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled', 'payment_reversed']);
    // Without STAFF_CHAT the message for staff stays in the outbox, given up with the reason.
    const staff = await h.waitFor(async () => (await h.effects(order.id)).staffOutbox.find((m) => m.given_up_at !== null), { what: 'the staff message to be given up' });
    expect(staff).toMatchObject({ kind: 'payment_reversed', last_error: 'no staff chat is set (STAFF_CHAT)' });
  });

  it('a partial refund (charge.refunded, not all of it) leaves the order and its licenses, and tells the user the amount', async () => {
    const { order, session } = await paidCardOrder();
    h.stripe.setState(session.id, 'partially_refunded');
    const from = h.chat.transcript.length;
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.chargeRefunded(session.id))).status).toBe(200);

    const refunded = Math.floor(order.totalCents / 3);
    const amount = `EUR ${(refunded / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const message = await h.printed(new RegExp(`Part of the payment for order ${order.number} was refunded`), { from });
    expect(message.text).toContain(amount);
    expect(await h.order(order.id)).toMatchObject({ status: 'fulfilled' });
    const effects = await h.effects(order.id);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    expect(effects.payments).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(effects.audit.map((a) => [a.action, a.details])).toContainEqual(['payment.partially_refunded', expect.objectContaining({ refundedCents: refunded })]);
    // The same webhook again tells nobody twice.
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.chargeRefunded(session.id))).status).toBe(200);
    await h.confirmationsIdle();
    expect((await h.effects(order.id)).outbox.map((m) => m.kind)).toEqual(['order_fulfilled', 'payment_partially_refunded']);
  });

  it('a payment already partly refunded when it is first confirmed (a late webhook): paid and fulfilled, then the refund told', async () => {
    const order = await h.placeOrder({ method: 'card' });
    const session = h.stripe.lastSession();
    h.stripe.setState(session.id, 'partially_refunded');
    const from = h.chat.transcript.length;
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionCompleted(session.id))).status).toBe(200);
    await h.orderReaches(order.id, 'fulfilled');
    await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    await h.printed(new RegExp(`Part of the payment for order ${order.number} was refunded`), { from });
    const effects = await h.effects(order.id);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_fulfilled', 'payment_partially_refunded']);
  });

  it('a dispute (charge.dispute.created) reverses the order and tells the user', async () => {
    const { order, session } = await paidCardOrder(null);
    h.stripe.setState(session.id, 'disputed');
    const from = h.chat.transcript.length;
    expect((await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.chargeDisputeCreated(session.id))).status).toBe(200);

    await h.orderReaches(order.id, 'refunded');
    const message = await h.printed(new RegExp(`payment for order ${order.number} was reversed \\(disputed\\)`), { from });
    expect(message.text).toMatch(/staff have been told/);
    expect((await h.effects(order.id)).licenseEvents.map((e) => e.kind)).toEqual(['issued', 'payment_flagged']);
  });
});
