// Staff are told in their own chat (STAFF_CHAT) what needs them: money to return, licenses 3CX
// has not confirmed, lines not applied. Without STAFF_CHAT those messages are given up, visibly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, renewalSummary, toCouponStep } from '../../support/console-flows';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

describe('staff alerts', () => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'redis', threecx: true, staffChat: 'staff' });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  const staffSaid = (pattern: RegExp) =>
    h.waitFor(() => h.staffMessages.find((m) => pattern.test(m.text)), { what: `staff to be told ${pattern}` });

  async function staffConfirms(order: PlacedOrder) {
    const jobId = await h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference: `BANK-${order.number}`, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' });
    return (await h.jobs.waitFor(jobId, 20_000)) as { kind: string };
  }

  it('a refunded payment: the user and staff are told, staff with the command that shows the order', async () => {
    const order = await h.placeOrder({ method: 'multisafepay' });
    h.msp.setStatus(order.reference, 'completed');
    await h.msp.notify(order.reference);
    await h.orderReaches(order.id, 'fulfilled');
    expect(h.staffMessages).toEqual([]);
    h.msp.setStatus(order.reference, 'refunded');
    await h.msp.notify(order.reference);
    await h.orderReaches(order.id, 'refunded');
    const told = await staffSaid(new RegExp(`^Staff: the payment for order ${order.number} \\(${order.reference}, EUR [\\d,.]+\\) was refunded; its licenses are flagged\\.`));
    expect(told.text).toContain(`npm run ops -- orders:show ${order.number}`);
    const effects = await h.effects(order.id);
    expect(effects.staffOutbox.map((m) => [m.kind, m.delivered_at !== null])).toEqual([['payment_reversed', true]]);
  });

  it('an order 3CX may have placed without answering: staff are told to look', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    h.threecx?.fail({ kind: 'drop_after_placing' }, { placingOnly: true });
    expect(await staffConfirms(order)).toMatchObject({ kind: 'needs_staff' });
    await staffSaid(new RegExp(`^Staff: order ${order.number} .* is paid, but its licenses wait for you`));
  });

  it('a line 3CX refuses once it is paid: the order is fulfilled without it, staff get the line to settle', async () => {
    await renewalSummary(h.chat, 'Renew annual license', 'S7UP-1K4G-8BDR-2YHM', 1);
    await addToCart(h.chat);
    await toCouponStep(h.chat);
    await h.chat.press('Skip');
    const order = await h.pay('offline');
    // Between checkout and payment 3CX stops renewing that key.
    h.threecx?.setKeyError('S7UP-1K4G-8BDR-2YHM', 'KeyVersionIsDeprecated');
    expect(await staffConfirms(order)).toMatchObject({ kind: 'fulfilled' });
    const told = await staffSaid(new RegExp(`^Staff: order ${order.number} .* was fulfilled, but these lines were not applied`));
    expect(told.text).toContain('• S7UP-1K4G-8BDR-2YHM: 3CX refused it (KeyVersionIsDeprecated)');
  });
});
