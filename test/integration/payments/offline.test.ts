// Offline bank transfer end to end (queues on BullMQ's PostgreSQL backend): the order placed in
// the JSONL console waits for staff to confirm the money, as `npm run ops -- payment:confirm`
// does (a staff confirmation job, waited for); the job fulfils the order and the console prints
// the keys. An order not paid in time expires through the maintenance sweep, freeing its coupon.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../src/domain/pricing/money';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

describe('offline bank transfer', () => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'postgres' });
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  /** What `npm run ops -- payment:confirm <order> --reference <ref>` queues and waits for. */
  async function staffConfirms(order: PlacedOrder, reference: string, amountCents = order.totalCents) {
    const jobId = await h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference, amountCents, currency: 'EUR', confirmedBy: 'staff:alice' });
    return (await h.jobs.waitFor(jobId, 10_000)) as { kind: string };
  }

  it('staff confirm the transfer: the order is fulfilled, keys issued, invoice INV-2026-000001, the console prints the keys', async () => {
    const order = await h.placeOrder({ method: 'offline', coupon: 'FIXED50', quantity: 2, years: 2 });
    expect(h.chat.text(order.messages)).toContain(`with the payment reference ${order.reference}`);
    expect(order.paymentUrl).toBeUndefined();
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', payment_method: 'offline' });
    // A bank transfer is invoiced when it is placed: unpaid, due on the order's deadline.
    expect((await h.effects(order.id)).invoices).toEqual([expect.objectContaining({ number: 'INV-2026-000001', status: 'unpaid', due_on: '2026-12-10', paid_on: null })]);

    const from = h.chat.transcript.length;
    expect(await staffConfirms(order, 'NL-BANK-20261126-0001')).toMatchObject({ kind: 'fulfilled' });

    const fulfilled = await h.order(order.id);
    expect(fulfilled).toMatchObject({ status: 'fulfilled' });
    expect(fulfilled.paid_at).toEqual(new Date('2026-11-26T10:00:00Z'));
    const effects = await h.effects(order.id);
    expect(effects.payments).toEqual([expect.objectContaining({ method: 'offline', provider_ref: 'NL-BANK-20261126-0001', status: 'completed', confirmed_by: 'staff:alice', amount_cents: order.totalCents })]);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.invoices[0]).toMatchObject({ number: 'INV-2026-000001', status: 'paid', total_cents: order.totalCents, issued_on: '2026-11-26', paid_on: '2026-11-26' });
    expect(effects.coupon).toMatchObject({ status: 'redeemed' });
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued', 'issued']);
    const licenses = await h.demo.knex('licenses').whereIn('id', effects.licenseEvents.map((e) => e.license_id)).orderBy('license_key');
    expect(licenses).toHaveLength(2);
    for (const license of licenses) {
      // Two years in total from today (pricing.md: the quote said so too).
      expect(license).toMatchObject({ edition: 'professional', sc: 8, type: 'annual', expires_on: '2028-11-26', payment_flag: null });
    }

    const message = await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    for (const license of licenses) expect(message.text).toContain(`• ${license.license_key} — Professional 8 SC, expires 2028-11-26`);
    expect(message.text).toContain('Invoice INV-2026-000001 is in Invoices.');
    expect(message.text).toMatch(/Sandbox/);
    await h.waitForDelivered(effects.outbox[0].id);
  });

  it('a second confirmation of the same transfer changes nothing', async () => {
    const [order] = await h.demo.knex('orders').where({ status: 'fulfilled' }).select('id', 'number', 'total_cents', 'payment_reference');
    const placed = { id: order.id, number: order.number, reference: order.payment_reference, totalCents: order.total_cents, couponCode: null, messages: [], paymentUrl: undefined };
    const from = h.chat.transcript.length;
    expect(await staffConfirms(placed, 'NL-BANK-20261126-0001')).toMatchObject({ kind: 'already_settled' });
    const effects = await h.effects(order.id);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.licenseEvents).toHaveLength(2);
    expect(effects.outbox).toHaveLength(1);
    expect(await h.allPrinted(/Payment received/, { from })).toHaveLength(0);
  });

  it('a transfer of less than the total is kept as a part payment; the rest pays the order, fulfilled once', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    const part = 10_001;
    let from = h.chat.transcript.length;
    expect(await staffConfirms(order, 'NL-BANK-PART-1', part)).toMatchObject({ kind: 'part_payment', receivedCents: part, dueCents: order.totalCents - part });
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', paid_at: null });
    let effects = await h.effects(order.id);
    expect(effects.payments).toEqual([expect.objectContaining({ provider_ref: 'NL-BANK-PART-1', status: 'partial', amount_cents: part, confirmed_by: 'staff:alice' })]);
    expect(effects.licenseEvents).toHaveLength(0);
    expect(effects.invoices).toEqual([expect.objectContaining({ status: 'unpaid' })]);
    await h.printed(new RegExp(`We received EUR 100\\.01 of the EUR [\\d,.]+ for order ${order.number}\\. EUR [\\d,.]+ is still due`), { from });
    // The same job run again (a retry) records nothing more.
    expect(await staffConfirms(order, 'NL-BANK-PART-1', part)).toMatchObject({ kind: 'part_payment', receivedCents: part });
    expect(await h.demo.knex('audit_log').where({ action: 'payment.partial', subject: `order:${order.id}` }).count('* as n').first()).toEqual({ n: 1 });

    from = h.chat.transcript.length;
    expect(await staffConfirms(order, 'NL-BANK-PART-2', order.totalCents - part)).toMatchObject({ kind: 'fulfilled' });
    expect(await h.order(order.id)).toMatchObject({ status: 'fulfilled' });
    await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    // Once more for the rest: nothing more is issued, invoiced or said.
    expect(await staffConfirms(order, 'NL-BANK-PART-2', order.totalCents - part)).toMatchObject({ kind: 'already_settled' });
    effects = await h.effects(order.id);
    expect(effects.payments.map((p) => [p.provider_ref, p.status]).sort()).toEqual([['NL-BANK-PART-1', 'partial'], ['NL-BANK-PART-2', 'completed']]);
    expect(effects.licenseEvents.map((e) => e.kind)).toEqual(['issued']);
    expect(effects.invoices).toEqual([expect.objectContaining({ status: 'paid', total_cents: order.totalCents })]);
    expect(effects.outbox.map((m) => m.kind).sort()).toEqual(['order_fulfilled', 'payment_part_received']);
  });

  it('npm run ops: orders:show says what came in part and what is still due; payment:confirm refuses more than that, changing nothing', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    const part = 2_500;
    const due = order.totalCents - part;
    expect(await staffConfirms(order, 'NL-BANK-OPS-1', part)).toMatchObject({ kind: 'part_payment' });
    const shown = await runOps(['orders:show', String(order.number)]);
    expect(shown.stdout).toContain(`received in part ${formatMoney(part, 'EUR')}, still due ${formatMoney(due, 'EUR')}`);
    const refused = await runOps(['payment:confirm', String(order.number), '--reference', 'NL-BANK-OPS-2', '--amount', ((due + 1) / 100).toFixed(2)]);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe(`${formatMoney(due + 1, 'EUR')} is more than the ${formatMoney(due, 'EUR')} order ${order.number} still owes: an overpayment is not recorded (confirm what is due and refund the difference outside the product); nothing changed\n`);
    expect((await h.effects(order.id)).payments.map((p) => p.provider_ref)).toEqual(['NL-BANK-OPS-1']);
    // The rest, as payment:confirm without --amount queues it (what is still due), pays the order.
    expect(await staffConfirms(order, 'NL-BANK-OPS-2', due)).toMatchObject({ kind: 'fulfilled' });
  });

  /** Runs `npm run ops -- …` on the harness's database (commands that queue nothing). */
  async function runOps(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/ops.ts', ...args], {
        cwd: process.cwd(), env: { ...process.env, DATABASE_URL: h.demo.url, LOG_LEVEL: 'warn' }, timeout: 60_000,
      }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });
  }

  it('an order past its payment window expires in the maintenance sweep: coupon released, the user told', async () => {
    const order = await h.placeOrder({ method: 'offline', coupon: 'FIXED50' });
    const row = await h.order(order.id);
    // 14 days (the distributor's setting) to the end of that day.
    expect(row.expires_at).toEqual(new Date('2026-12-10T23:59:59Z'));
    expect((await h.effects(order.id)).coupon).toMatchObject({ status: 'reserved' });

    // A second before the end of the window the sweep leaves it alone.
    h.clock.set('2026-12-10T23:59:58Z');
    await h.sweep();
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment' });

    h.clock.set('2026-12-11T00:00:01Z');
    const from = h.chat.transcript.length;
    await h.sweep();
    const expired = await h.orderReaches(order.id, 'expired');
    expect(expired.paid_at).toBeNull();
    const effects = await h.effects(order.id);
    expect(effects.coupon).toMatchObject({ status: 'released' });
    expect(effects.invoices).toEqual([expect.objectContaining({ status: 'void' })]);
    expect(effects.outbox.map((m) => m.kind)).toEqual(['order_expired']);
    const message = await h.printed(new RegExp(`Order ${order.number} \\(EUR [\\d,.]+, reference ${order.reference}\\) was not paid in time`), { from });
    expect(message.text).toMatch(/coupon is free again/i);

    // A second sweep tells nobody twice.
    await h.sweep();
    expect((await h.effects(order.id)).outbox).toHaveLength(1);
    expect(await h.allPrinted(new RegExp(`Order ${order.number} .*not paid in time`), { from })).toHaveLength(1);
  });

  it('money that arrives after the order expired pays nothing and is kept for staff', async () => {
    const [row] = await h.demo.knex('orders').where({ status: 'expired' }).select('id', 'number', 'total_cents', 'payment_reference');
    const order = { id: row.id, number: row.number, reference: row.payment_reference, totalCents: row.total_cents, couponCode: 'FIXED50', messages: [], paymentUrl: undefined };
    const from = h.chat.transcript.length;
    expect(await staffConfirms(order, 'NL-BANK-LATE-0002')).toMatchObject({ kind: 'kept_for_staff' });
    expect(await h.order(order.id)).toMatchObject({ status: 'expired', paid_at: null });
    const effects = await h.effects(order.id);
    // Invoiced when it was placed, that invoice was cancelled by a credit note when the order expired: nothing paid it.
    expect(effects.invoices).toEqual([expect.objectContaining({ status: 'void', paid_on: null })]);
    expect(await h.demo.knex('credit_notes').where({ order_id: order.id }).select('reason', 'total_cents')).toEqual([{ reason: 'cancellation', total_cents: -order.totalCents }]);
    expect(effects.licenseEvents).toHaveLength(0);
    expect(effects.coupon).toMatchObject({ status: 'released' });
    expect(effects.payments).toEqual([expect.objectContaining({ provider_ref: 'NL-BANK-LATE-0002', status: 'completed_unmatched' })]);
    await h.printed(new RegExp(`payment for order ${order.number} that could not be applied automatically`), { from });
  });
});
