// An order a coupon pays in full (pricing.md: a fixed coupon is min(f, subtotal)): the user
// confirms it without choosing a payment method, it is paid when placed, and the licenses
// follow as for any paid order: at once with the sandbox, placed at 3CX by a job with 3CX.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, newLicenseSummary, toCouponStep } from '../../support/console-flows';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';

describe.each([{ threecx: false }, { threecx: true }])('an order with nothing to pay (3CX: $threecx)', ({ threecx }) => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'redis', threecx });
    // A coupon worth more than any order (the demo has none).
    await h.demo.knex('coupons').insert({ code: 'GIFT5000', amount_cents: 500_000, valid_from: '2026-01-01', valid_until: '2027-12-31' });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is confirmed without a payment method, paid at once, and the keys follow', async () => {
    await newLicenseSummary(h.chat, { edition: 'Professional', sc: 8, quantity: 1, years: 1 });
    await addToCart(h.chat);
    await toCouponStep(h.chat);
    const review = await h.chat.send('GIFT5000');
    expect(h.chat.text(review)).toMatch(/^Order summary:/m);
    // The only way on is the confirmation: no card, no bank transfer for EUR 0.00.
    const labels = review.at(-1)?.buttons.flat().map((b) => b.label) ?? [];
    expect(labels).toContain('Confirm the order (nothing to pay)');
    expect(labels).not.toContain('Bank transfer (offline)');
    expect(labels).not.toContain('Credit or debit card');

    const from = h.chat.transcript.length;
    const placed = await h.chat.press('Confirm the order (nothing to pay)');
    const number = Number(/Order (\d+) is confirmed/.exec(h.chat.text(placed))?.[1]);
    expect(number).toBeGreaterThan(0);
    expect(h.chat.text(placed)).toMatch(/nothing to pay/);
    expect(h.chat.text(placed)).not.toMatch(/transfer|payment reference/i);

    const row = await h.demo.knex('orders').where({ number }).first();
    expect(row).toMatchObject({ total_cents: 0, coupon_code: 'GIFT5000' });
    await h.orderReaches(row.id, 'fulfilled');
    const effects = await h.effects(row.id);
    expect(effects.payments).toEqual([expect.objectContaining({ method: 'offline', status: 'completed', amount_cents: 0, provider_ref: `no-payment-due-${number}` })]);
    expect(effects.invoices).toEqual([expect.objectContaining({ total_cents: 0, status: 'paid' })]);
    expect(effects.coupon).toMatchObject({ status: 'redeemed' });
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    if (threecx) expect(h.threecx?.placements()).toHaveLength(1);
    const message = await h.printed(new RegExp(`Payment received for order ${number}\\b`), { from });
    expect(message.text).toMatch(/Professional 8 SC, expires 2027-11-26/);
  });
});
