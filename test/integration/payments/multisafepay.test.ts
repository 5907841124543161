// MultiSafepay end to end, on both queue backends: the order placed in the JSONL console opens
// a MultiSafepay redirect order, the user gets its payment page as a link button, MultiSafepay
// notifies (signed), the job asks MultiSafepay for the status and fulfils the order, and the
// console prints the keys. A declined or expired payment cancels the order and frees its coupon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueBackendKind } from '../../../src/infra/queue/connection';
import { expectedBackend } from '../../support/db';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';

describe.each<QueueBackendKind>(['redis', 'postgres'])('MultiSafepay with the queues on %s', (backend) => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('runs the jobs on the backend asked for', async () => {
    expect(h.backend).toBe(await expectedBackend(backend));
  });

  it('pays an order with MultiSafepay: link button, signed notification, "OK", fulfilled once, keys printed', async () => {
    const order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
    const placed = h.chat.text(order.messages);
    expect(placed).toContain(`Order ${order.number} is placed`);
    expect(placed).toMatch(/Open the payment page to pay/);

    // MultiSafepay was asked for a redirect order as domain.md describes, with the API key.
    const msp = h.msp.order(order.reference);
    expect(h.msp.calls.find((c) => c.method === 'POST')?.apiKey).toBe(h.msp.apiKey);
    expect(msp).toMatchObject({
      type: 'redirect', order_id: order.reference, currency: 'EUR', amount: order.totalCents, description: `Order ${order.number}`,
      payment_options: {
        notification_url: h.multisafepayNotificationUrl,
        notification_method: 'POST',
        redirect_url: `${h.publicUrl}/payments/return?order=${order.number}`,
        cancel_url: `${h.publicUrl}/payments/cancel?order=${order.number}`,
      },
    });
    // The console shows the provider's page as a link button.
    const link = order.messages.flatMap((m) => m.buttons.flat()).find((b) => b.url);
    expect(link).toEqual({ url: msp.payment_url, label: 'Open the payment page' });

    const before = await h.effects(order.id);
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', payment_method: 'multisafepay', coupon_code: 'FIXED50' });
    expect(before.payments).toEqual([expect.objectContaining({ method: 'multisafepay', provider_ref: order.reference, status: 'initialized', payment_url: msp.payment_url })]);
    expect(before.coupon).toMatchObject({ status: 'reserved' });

    // The user pays; MultiSafepay notifies.
    h.msp.setStatus(order.reference, 'completed');
    const from = h.chat.transcript.length;
    const answer = await h.msp.notify(order.reference);
    expect(answer).toEqual({ status: 200, body: 'OK' });

    const fulfilled = await h.orderReaches(order.id, 'fulfilled');
    expect(fulfilled.paid_at).not.toBeNull();
    const message = await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    expect(h.msp.statusChecks(order.reference).length).toBeGreaterThanOrEqual(1);

    const after = await h.effects(order.id);
    expect(after.invoices).toHaveLength(1);
    expect(after.invoices[0]).toMatchObject({ number: 'INV-2026-000001', status: 'paid', total_cents: order.totalCents });
    expect(after.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    const license = await h.demo.knex('licenses').where({ id: after.licenseEvents[0].license_id }).first();
    expect(license).toMatchObject({ edition: 'professional', sc: 8, type: 'annual', expires_on: '2027-11-26' });
    expect(after.payments).toEqual([expect.objectContaining({ method: 'multisafepay', status: 'completed', amount_cents: order.totalCents, currency: 'EUR' })]);
    expect(after.coupon).toMatchObject({ status: 'redeemed' });
    expect(after.outbox).toEqual([expect.objectContaining({ kind: 'order_fulfilled' })]);
    await h.waitForDelivered(after.outbox[0].id);

    expect(message.text).toContain(`• ${license.license_key} — Professional 8 SC, expires 2027-11-26`);
    expect(message.text).toContain('Invoice INV-2026-000001 is in Invoices.');
    expect(await h.allPrinted(new RegExp(`Payment received for order ${order.number}\\b`), { from })).toHaveLength(1);
  });

  it.each(['declined', 'expired'] as const)('a %s payment cancels the order, releases its coupon and tells the user', async (status) => {
    const order = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
    expect((await h.effects(order.id)).coupon).toMatchObject({ status: 'reserved' });

    h.msp.setStatus(order.reference, status);
    const from = h.chat.transcript.length;
    expect(await h.msp.notify(order.reference)).toEqual({ status: 200, body: 'OK' });

    const cancelled = await h.orderReaches(order.id, 'cancelled');
    expect(cancelled.paid_at).toBeNull();
    const message = await h.printed(new RegExp(`payment for order ${order.number} was not completed`), { from });
    expect(message.text).toContain(`(${status})`);
    expect(message.text).toMatch(/coupon is free again/);

    const effects = await h.effects(order.id);
    expect(effects.coupon).toMatchObject({ status: 'released' });
    expect(effects.coupon.released_at).not.toBeNull();
    expect(effects.invoices).toHaveLength(0);
    expect(effects.licenseEvents).toHaveLength(0);
    expect(effects.payments).toEqual([expect.objectContaining({ status })]);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['payment_failed']);
  });
});
