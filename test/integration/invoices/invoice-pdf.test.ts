import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, viewCart } from '../../../src/domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals, placeOrder } from '../../../src/domain/use-cases/checkout';
import { fulfilOrder, markOrderPaid } from '../../../src/domain/use-cases/orders';
import { verifyLicenseKey } from '../../../src/domain/use-cases/licenses';
import type { Order } from '../../../src/domain/orders/order';
import type { Edition } from '../../../src/domain/pricing/catalog';
import { formatMoney } from '../../../src/domain/pricing/money';
import { invoicePdfFor } from '../../../src/infra/invoices/invoice-pdf';
import type { JobDeps } from '../../../src/jobs/workers';
import { demoStore } from '../../support/demo-store';
import { t } from '../../../src/conversation/wording';
import { pdfPages } from '../../support/pdf-text';

const NOW = new Date('2026-11-26T10:00:00Z');
type Demo = Awaited<ReturnType<typeof demoStore>>;

function paymentOf(order: Order) {
  return { orderId: order.id, method: order.paymentMethod, providerRef: order.paymentReference, status: 'completed', amountCents: order.totalCents, currency: order.currency, confirmedBy: 'staff', details: {} };
}

type NewLicense = { edition: Edition; sc: number; quantity: number; additionalYears: number };

/** Fills `username`'s cart (new licenses, and an upgrade of a key when given) and places the order, paying offline. */
async function placeOrderOf(demo: Demo, username: string, lines: NewLicense[], extra: { upgradeKey?: string; couponCode?: string; method?: 'offline' | 'card' } = {}): Promise<Order> {
  const { user, reseller } = await demo.userNamed(username);
  return demo.store.transaction(async (repos) => {
    for (const line of lines) {
      const added = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'new_license', ...line, customerId: null } });
      if (added.kind !== 'added') throw new Error(`not added: ${added.kind}`);
    }
    if (extra.upgradeKey) {
      const key = await verifyLicenseKey(repos, demo.provider, { resellerId: user.resellerId, typedKey: extra.upgradeKey, purpose: 'upgrade', today: demo.today });
      if (key.kind !== 'ok') throw new Error(`verification: ${key.kind}`);
      const added = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'upgrade', licenseId: key.license.id, licenseKey: key.license.key, toEdition: 'professional', toSc: 32 } });
      if (added.kind !== 'added') throw new Error(`not added: ${added.kind}`);
    }
    const { lines: cart } = await viewCart(repos, { user, reseller });
    const coupon = extra.couponCode ? await checkCouponForCart(repos, { reseller, code: extra.couponCode, lines: cart, today: demo.today }) : null;
    const placed = await placeOrder(repos, demo.provider, {
      user, reseller, currency: 'EUR', method: extra.method ?? 'offline', couponCode: extra.couponCode ?? null, confirmedTotalCents: checkoutTotals(cart, reseller, coupon).totalCents,
      idempotencyKey: `place-${username}-${Math.random()}`, channel: 'console', chatId: 'local', now: NOW, today: demo.today,
      expiresAt: new Date(NOW.getTime() + 14 * 86_400_000), describeLine: t.describeLine,
    });
    if (placed.kind !== 'placed') throw new Error(`not placed: ${placed.kind}`);
    return placed.order;
  });
}

async function payAndFulfil(demo: Demo, order: Order): Promise<string> {
  const fulfilled = await demo.store.transaction(async (repos) => {
    await markOrderPaid(repos, { orderId: order.id, payment: paymentOf(order), at: NOW, actor: 'staff' });
    return fulfilOrder(repos, demo.provider, { orderId: order.id, at: NOW, today: demo.today, actor: 'test' });
  });
  if (fulfilled.kind !== 'fulfilled') throw new Error(`not fulfilled: ${fulfilled.kind}`);
  return fulfilled.invoice.number;
}

describe('invoice PDFs of fulfilled orders, from PostgreSQL', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  it('renders the invoice of pricing.md\'s coupon example, named after its number, for the notifications job', async () => {
    const order = await placeOrderOf(demo, 'demo', [{ edition: 'professional', sc: 16, quantity: 2, additionalYears: 1 }], { upgradeKey: 'H3LT-9W2E-6RQ1-PK7V', couponCode: 'WELCOME10' });
    expect(order.totalCents).toBe(221239);
    expect(await payAndFulfil(demo, order)).toBe('INV-2026-000001');

    const invoicePdf: NonNullable<JobDeps['invoicePdf']> = invoicePdfFor(demo.knex, { compress: false, sandbox: demo.provider.name === 'sandbox' });
    const attachment = await invoicePdf(order.id);
    expect(attachment?.filename).toBe('INV-2026-000001.pdf');
    const pdf = attachment!.content;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const texts = (await pdfPages(pdf)).flatMap((p) => p.runs.map((r) => r.text));
    const { reseller } = await demo.userNamed('demo');
    expect(texts).toEqual(expect.arrayContaining([
      'INV-2026-000001', reseller.company, `Partner ID ${reseller.partnerId}`, String(order.number), order.paymentReference,
      'H3LT-9W2E-6RQ1-PK7V', 'Coupon WELCOME10', 'EUR 2,031.58', 'EUR -203.16', 'EUR 383.97', 'EUR 2,212.39', 'VAT 21 %', 'Total (EUR)',
      'Sandbox license keys: not issued by 3CX',
    ]));
  });

  it('has no PDF for an order without an invoice', async () => {
    // A card payment is invoiced when it is paid (a bank transfer would be invoiced now).
    const unpaid = await placeOrderOf(demo, 'bright', [{ edition: 'enterprise', sc: 8, quantity: 1, additionalYears: 0 }], { method: 'card' });
    expect(await invoicePdfFor(demo.knex)(unpaid.id)).toBeUndefined();
  });

  it('breaks the twenty lines of a full cart over pages between rows, every row once and nothing overlapping', async () => {
    const tiers = [4, 8, 16, 24, 32, 48, 64, 96, 128, 192];
    const lines = (['professional', 'enterprise'] as const).flatMap((edition) => tiers.map((sc) => ({ edition, sc, quantity: 1, additionalYears: 4 })));
    const order = await placeOrderOf(demo, 'demo', lines);
    expect(order.lines).toHaveLength(20);
    const number = await payAndFulfil(demo, order);

    const attachment = await invoicePdfFor(demo.knex, { compress: false })(order.id);
    expect(attachment?.filename).toBe(`${number}.pdf`);
    const pages = await pdfPages(attachment!.content);
    expect(pages.length).toBeGreaterThan(1);

    // Every position once, in order, each on the row of its own amounts.
    const positions = pages.flatMap((page, p) => page.runs.filter((r) => /^\d+$/.test(r.text) && r.x < 60).map((r) => ({ ...r, page: p })));
    expect(positions.map((r) => r.text)).toEqual(lines.map((_, i) => String(i + 1)));
    for (const [i, line] of order.lines.entries()) {
      const at = positions[i]!;
      const row = pages[at.page]!.runs.filter((r) => Math.abs(r.y - at.y) < 0.5).map((r) => r.text);
      expect(row).toEqual(expect.arrayContaining([formatMoney(line.listCents), formatMoney(line.partnerDiscountCents), formatMoney(line.netCents)]));
    }
    for (const [p, page] of pages.entries()) {
      const onPage = positions.filter((r) => r.page === p);
      // Rows follow one another at least a line apart, below the table's header on every page.
      onPage.slice(1).forEach((row, i) => expect(row.y - onPage[i]!.y).toBeGreaterThanOrEqual(20));
      const header = page.runs.find((r) => r.text === 'Description');
      if (onPage.length > 0) expect(header && header.y < onPage[0]!.y).toBe(true);
      // No text runs into the footer (the last line above it is the text area's bottom).
      const footer = page.runs.find((r) => r.text.startsWith('Page '))!;
      expect(footer.text).toBe(`Page ${p + 1} of ${pages.length}`);
      const body = page.runs.filter((r) => r !== footer && !r.text.includes(`Invoice ${number}`));
      expect(Math.max(...body.map((r) => r.y))).toBeLessThan(page.height - 50 - 42);
      // No two runs start at the same place.
      const places = body.map((r) => `${r.x.toFixed(1)},${r.y.toFixed(1)}`);
      expect(new Set(places).size).toBe(places.length);
    }
    // The totals come after the last row, on the last page with rows.
    const last = positions.at(-1)!;
    const total = pages[last.page]!.runs.find((r) => r.text === 'Total (EUR)');
    expect(total && total.y > last.y).toBe(true);
  });
});
