// Documents in the JSONL console: an invoice opened (its PDF written, how to pay it), a bank
// transfer's invoice paid by card after all (and a card page left to expire changing nothing),
// the yearly statement as CSV, and a quote for the reseller's own customer.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, labels, lastText, newLicenseSummary, textOf } from '../../support/console-flows';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';
import { pdfPages } from '../../support/pdf-text';

const savedFile = (text: string) => /Saved as (\S+)/.exec(text)?.[1] ?? '';
const pdfText = async (file: string) => (await pdfPages(await readFile(file))).flatMap((p) => p.runs.map((r) => r.text)).join(' ');

describe('documents in the chat', () => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'postgres' });
    await h.login();
  }, 60_000);
  afterAll(async () => h?.close());

  it('opens the invoice of a bank transfer: its PDF is written, the text says how to pay it, and it is paid by card after all', async () => {
    const order = await h.placeOrder({ method: 'offline', quantity: 2, years: 2, sc: 16 });
    expect(order.totalCents).toBe(215_985);
    await h.chat.send('invoices');
    const opened = await h.chat.press('Open 1');
    const file = savedFile(textOf(opened));
    expect(file).toMatch(/INV-\d{4}-\d{6}\.pdf$/);
    const pdf = await pdfText(file);
    expect(pdf).toContain('2,159.85');
    expect(pdf).toContain(order.reference);
    const card = lastText(opened);
    expect(card).toMatch(/^Invoice INV-\d{4}-\d{6} — 2026-11-26, EUR 2,159\.85, unpaid, due 2026-12-10/);
    expect(card).toContain(`transfer it with the payment reference ${order.reference}`);
    expect(labels(opened)).toEqual(['Pay by card', 'Pay with MultiSafepay', '« Invoices', 'Main menu']);

    // A card page left to expire leaves the order waiting for the transfer.
    const first = await h.chat.press('Pay by card');
    const link = first.flatMap((m) => m.buttons.flat()).find((b) => b.url);
    expect(link?.label).toBe('Open the payment page');
    const expired = h.stripe.lastSession();
    h.stripe.setState(expired.id, 'expired');
    expect(await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionExpired(expired.id))).toEqual({ status: 200, body: 'ok' });
    await h.confirmationsIdle();
    expect((await h.order(order.id)).status).toBe('awaiting_payment');

    // Pressed again while the page is open, the same page; once it expired, a new one.
    await h.chat.send('invoices');
    await h.chat.press('Open 1');
    await h.chat.press('Pay by card');
    const session = h.stripe.lastSession();
    expect(session.id).not.toBe(expired.id);
    const again = await h.chat.press('Pay by card');
    expect(again.flatMap((m) => m.buttons.flat()).find((b) => b.url)?.url).toBe(session.url);
    h.stripe.setState(session.id, 'paid');
    expect(await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionCompleted(session.id))).toEqual({ status: 200, body: 'ok' });
    await h.orderReaches(order.id, 'fulfilled');
    const invoice = await h.demo.knex('invoices').where({ order_id: order.id }).first();
    expect(invoice.status).toBe('paid');
    // Paid now: opened again, it offers no payment.
    await h.chat.send('invoices');
    const paid = await h.chat.press('Open 1');
    expect(lastText(paid)).toMatch(/, paid on 2026-11-26/);
    expect(labels(paid)).toEqual(['« Invoices', 'Main menu']);
  });

  it('a demo invoice imported without details has no PDF, says so, and is paid by bank transfer with its number', async () => {
    const list = await h.chat.send('invoices');
    const unpaidLine = textOf(list).split('\n').find((l) => l.includes('INV-DEMO-0003'));
    const n = Number(/^(\d+)\./.exec(unpaidLine ?? '')?.[1]);
    const opened = await h.chat.press(`Open ${n}`);
    expect(lastText(opened)).toContain('There is no PDF of this one');
    expect(lastText(opened)).toContain('transfer it with the payment reference INV-DEMO-0003');
    expect(labels(opened)).toEqual(['« Invoices', 'Main menu']);
  });

  it('sends the statement of a year as CSV: a header and a row per invoice and credit note', async () => {
    await h.chat.send('invoices');
    await h.chat.press('Statement (CSV)');
    const sent = await h.chat.press('2026');
    const csv = await readFile(savedFile(textOf(sent)), 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/number/i);
    expect(rows.some((r) => /INV-2026-\d{6}/.test(r) || /INV-DEMO-0003/.test(r))).toBe(true);
    expect(textOf(sent)).toMatch(/Your statement of 2026: \d+ documents?\./);
  });

  it('makes a quote for the reseller\'s customer from the cart, at list + 20 %: the reseller\'s name, none of the distributor\'s', async () => {
    await newLicenseSummary(h.chat, { edition: 'Professional', sc: 8, quantity: 1, years: 1 });
    await addToCart(h.chat);
    await h.chat.send('/cart');
    await h.chat.press('Quote for my customer');
    await h.chat.send('Harbor Dental, Dr. Hart');
    const quoted = await h.chat.press('List + 20 %');
    expect(textOf(quoted)).toContain('Here is your quote for Harbor Dental');
    const pdf = await pdfText(savedFile(textOf(quoted)));
    expect(pdf).toContain('Harbor Dental');
    expect(pdf).toContain('Acme Telecom');
    expect(pdf).toContain('420.00'); // 350.00 list + 20 %
    expect(pdf).not.toContain('Demo Distribution');
    expect(await h.demo.knex('cart_lines')).toHaveLength(1);
    expect(lastText(quoted)).toMatch(/^Your cart:/);
  });
});
