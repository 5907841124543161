import { describe, expect, it } from 'vitest';
import type { Reseller } from '../../../../src/domain/accounts/accounts';
import type { InvoiceDetails } from '../../../../src/domain/invoicing/documents';
import type { PaymentMethod } from '../../../../src/domain/orders/order';
import type { ProviderPayment } from '../../../../src/domain/ports';
import { viewCart } from '../../../../src/domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals, placeOrder } from '../../../../src/domain/use-cases/checkout';
import { cancelOrder, expireOrder, fulfilOrder, markOrderPaid } from '../../../../src/domain/use-cases/orders';
import { settlePayment } from '../../../../src/domain/use-cases/settle-payment';
import { NOW, TODAY, aCoupon, aReseller, aUser, testUuid } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense, paymentOf } from './world';
import { t } from '../../../../src/conversation/wording';

const LATER = new Date('2026-11-28T09:00:00Z');
const RHEIN_ID = testUuid(3);
const rhein: Reseller = aReseller({
  id: RHEIN_ID, partnerId: '100003', company: 'Rhein Telefonie GmbH', legalName: 'Rhein Telefonie GmbH', country: 'DE', levelCode: 'bronze', discountBp: 1500,
  address: { street: 'Domstraße 7', postcode: '50668', city: 'Köln', country: 'DE' }, vatId: 'DE123456789', vatRateBp: 0, vatTreatment: 'reverse_charge',
});
const rheinOwner = aUser({ resellerId: RHEIN_ID, role: 'owner' });

function setUp() {
  const world = aWorldWithUsers({ coupons: [aCoupon(), aCoupon({ code: 'ALLFREE', value: { type: 'percent', basisPoints: 10_000 } })], resellers: [rhein], users: [rheinOwner] });
  /** Places a Professional 16 SC order (the worked example's first line when `quantity` 2 and 1 more year). */
  async function order(method: PaymentMethod, options: { couponCode?: string; reseller?: Reseller; quantity?: number } = {}) {
    const reseller = options.reseller ?? world.reseller;
    const user = reseller.id === RHEIN_ID ? rheinOwner : world.owner;
    expectKind(await world.add(user, newLicense({ quantity: options.quantity ?? 2, additionalYears: 1 })), 'added');
    const totals = await world.run(async (repos) => {
      const current = await repos.resellers.get(reseller.id);
      const { lines } = await viewCart(repos, { user, reseller: current! });
      const coupon = options.couponCode ? await checkCouponForCart(repos, { reseller: current!, code: options.couponCode, lines, today: TODAY }) : null;
      return checkoutTotals(lines, current!, coupon);
    });
    const current = await world.run((repos) => repos.resellers.get(reseller.id));
    return expectKind(await world.run((repos) => placeOrder(repos, world.provider, {
      user, reseller: current!, currency: 'EUR', method, couponCode: options.couponCode ?? null, idempotencyKey: `k-${Math.random()}`,
      channel: 'console', chatId: 'local', now: NOW, today: TODAY, expiresAt: new Date('2026-12-10T23:59:59Z'), confirmedTotalCents: totals.totalCents, describeLine: t.describeLine,
    })), 'placed').order;
  }
  const settle = (o: { id: string; paymentMethod: PaymentMethod; totalCents: number }, payment: Partial<ProviderPayment> & Pick<ProviderPayment, 'outcome'>, providerRef = 'pay-1', at = NOW) =>
    world.run((repos) => settlePayment(repos, world.provider, {
      orderId: o.id, method: o.paymentMethod, providerRef, confirmedBy: null, at, today: TODAY,
      payment: { providerStatus: payment.outcome, amountCents: o.totalCents, currency: 'EUR', ...payment },
    }));
  const invoices = () => world.store.state.invoices;
  const creditNotes = () => world.store.state.creditNotes;
  const list = (resellerId = world.reseller.id) => world.run((repos) => repos.invoices.listFor(resellerId, { offset: 0, limit: 20 }));
  return { ...world, order, settle, invoices, creditNotes, list };
}

describe('when invoices are issued', () => {
  it('invoices a bank-transfer order when it is placed: unpaid, due on its deadline, with seller, buyer and VAT frozen', async () => {
    const world = setUp();
    const placed = await world.order('offline');
    expect(placed.totalCents).toBe(215985);
    expect(world.invoices()).toEqual([expect.objectContaining({
      number: 'INV-2026-000001', orderId: placed.id, status: 'unpaid', paidOn: null, dueOn: '2026-12-10', issuedOn: TODAY, totalCents: 215985,
      taxableCents: 178500, vatRateBp: 2100, vatCents: 37485, vatTreatment: 'domestic',
    })]);
    const details = world.invoices()[0]!.details as unknown as InvoiceDetails;
    expect(details.seller).toEqual({
      name: 'Test Distribution BV', legalName: 'Test Distribution B.V.', address: { street: 'Keizersgracht 123', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
      vatId: 'NL859652349B01', chamberOfCommerce: 'KvK 81234567', bankAccounts: expect.objectContaining({ local: expect.objectContaining({ iban: 'NL91ABNA0417164300' }) }),
    });
    expect(details.buyer).toMatchObject({ legalName: 'Acme Telecom B.V.', vatId: 'NL001234567B02', address: { city: 'Utrecht' } });
    expect(details).toMatchObject({ supplyDate: null, dueOn: '2026-12-10', paymentReference: placed.paymentReference, vat: { treatment: 'domestic', rateBp: 2100, mention: null } });
    expect(details.lines).toEqual([expect.objectContaining({ quantity: 2, unitListCents: 119000, listCents: 238000, partnerDiscountCents: 59500, netCents: 178500 })]);
    expect((await world.list()).items).toEqual([expect.objectContaining({ kind: 'invoice', number: 'INV-2026-000001', status: 'unpaid', dueOn: '2026-12-10', creditedInvoiceNumber: null })]);
  });

  it('turns the same invoice paid when the transfer is confirmed: no second number, not at fulfilment either', async () => {
    const world = setUp();
    const placed = await world.order('offline');
    await world.run((repos) => markOrderPaid(repos, { orderId: placed.id, payment: paymentOf(placed, 'bank-1'), at: LATER, actor: 'staff' }));
    expect(world.invoices()).toEqual([expect.objectContaining({ number: 'INV-2026-000001', status: 'paid', paidOn: '2026-11-28', issuedOn: TODAY })]);
    const done = expectKind(await world.run((repos) => fulfilOrder(repos, world.provider, { orderId: placed.id, at: LATER, today: '2026-11-28', actor: 'system' })), 'fulfilled');
    expect(done.invoice).toMatchObject({ number: 'INV-2026-000001', status: 'paid', paidOn: '2026-11-28' });
    expect(world.invoices()).toHaveLength(1);
    expect(world.store.state.invoiceSeries).toEqual({ 2026: 1 });
    expect(world.store.state.audit.filter((a) => a.action === 'invoice.paid').map((a) => a.details)).toEqual([{ invoice: 'INV-2026-000001', paidOn: '2026-11-28' }]);
  });

  it('invoices card orders and orders with nothing to pay at payment, as before', async () => {
    const world = setUp();
    const card = await world.order('card');
    const free = await world.order('offline', { couponCode: 'ALLFREE' });
    expect(free.totalCents).toBe(0);
    expect(world.invoices()).toEqual([]);
    expectKind(await world.settle(card, { outcome: 'completed' }, 'cs_1'), 'fulfilled');
    expectKind(await world.settle(free, { outcome: 'completed' }, 'no-payment-due-2'), 'fulfilled');
    expect(world.invoices().map((i) => [i.number, i.orderId, i.status, (i.details as { supplyDate: string }).supplyDate])).toEqual([
      ['INV-2026-000001', card.id, 'paid', TODAY],
      ['INV-2026-000002', free.id, 'paid', TODAY],
    ]);
  });

  it('invoices a reseller elsewhere in the EU with a VAT ID at 0 %, reverse charged, naming both VAT IDs', async () => {
    const world = setUp();
    expectKind(await world.add(rheinOwner, newLicense()), 'added');
    const cart = await world.run(async (repos) => viewCart(repos, { user: rheinOwner, reseller: (await repos.resellers.get(RHEIN_ID))! }));
    // What the cart and the checkout summary show: 0 %, and why.
    expect(cart.totals).toMatchObject({ vatCents: 0, vatTreatment: 'reverse_charge' });
    await world.run((repos) => repos.carts.clear(rheinOwner.id));
    const placed = await world.order('offline', { reseller: rhein });
    // 2,380.00 list, 15 % partner discount (357.00): 2,023.00, no VAT.
    expect(placed).toMatchObject({ listCents: 238000, partnerDiscountCents: 35700, taxableCents: 202300, vatRateBp: 0, vatCents: 0, totalCents: 202300, vatTreatment: 'reverse_charge' });
    expect(world.invoices()[0]).toMatchObject({ vatTreatment: 'reverse_charge', vatRateBp: 0, details: { vat: {
      treatment: 'reverse_charge', rateBp: 0,
      mention: 'VAT reverse charged (Art. 196 Directive 2006/112/EC). Supplier VAT ID NL859652349B01, customer VAT ID DE123456789.',
    } } });
  });

  it('keeps an issued invoice as it was when the reseller\'s address changes later', async () => {
    const world = setUp();
    await world.order('offline');
    await world.run((repos) => repos.resellers.updateProfile(world.reseller.id, { address: { street: 'Nieuwe Gracht 1', postcode: '3512 LC', city: 'Utrecht', country: 'NL' } }));
    expect((world.invoices()[0]!.details as { buyer: { address: { street: string } } }).buyer.address.street).toBe('Stationsplein 45');
  });
});

describe('credit notes', () => {
  it('cancel the invoice of a bank-transfer order that expires: CN-2026-000001, the whole amount negative, the invoice void', async () => {
    const world = setUp();
    const placed = await world.order('offline', { couponCode: 'WELCOME10' });
    const at = new Date('2026-12-11T00:00:01Z');
    expectKind(await world.run((repos) => expireOrder(repos, { orderId: placed.id, at })), 'changed');
    expect(world.invoices()).toEqual([expect.objectContaining({ number: 'INV-2026-000001', status: 'void', paidOn: null })]);
    expect(world.creditNotes()).toEqual([expect.objectContaining({
      number: 'CN-2026-000001', seriesYear: 2026, seriesNumber: 1, invoiceId: world.invoices()[0]!.id, orderId: placed.id, reason: 'cancellation',
      issuedOn: '2026-12-11', taxableCents: -placed.taxableCents, vatCents: -placed.vatCents, totalCents: -placed.totalCents, vatRateBp: 2100, vatTreatment: 'domestic',
    })]);
    // The invoice's lines taken back, and its coupon added again: they add up to the taxable amount.
    const lines = (world.creditNotes()[0]!.details as { lines: Array<{ description: string; netCents: number }> }).lines;
    expect(lines.map((l) => [l.description, l.netCents])).toEqual([['Professional 16 SC, 2 licenses, 2 years', -178500], ['Coupon WELCOME10', 17850]]);
    expect(lines.reduce((sum, l) => sum + l.netCents, 0)).toBe(-placed.taxableCents);
    // Newest first: the credit note, then its invoice.
    expect((await world.list()).items.map((e) => [e.kind, e.number, e.status, e.totalCents, e.creditedInvoiceNumber])).toEqual([
      ['credit_note', 'CN-2026-000001', 'issued', -placed.totalCents, 'INV-2026-000001'],
      ['invoice', 'INV-2026-000001', 'void', placed.totalCents, null],
    ]);
    // Expiring or cancelling again credits nothing more.
    await world.run((repos) => expireOrder(repos, { orderId: placed.id, at }));
    await world.run((repos) => cancelOrder(repos, { orderId: placed.id, at, reason: 'again', actor: 'user' }));
    expect(world.creditNotes()).toHaveLength(1);
  });

  it('cancel the invoice of a bank-transfer order the user cancels, and none for an order that had no invoice', async () => {
    const world = setUp();
    const offline = await world.order('offline');
    const card = await world.order('card');
    await world.run((repos) => cancelOrder(repos, { orderId: offline.id, at: LATER, reason: 'no longer needed', actor: 'user' }));
    await world.run((repos) => cancelOrder(repos, { orderId: card.id, at: LATER, reason: 'payment cancelled', actor: 'user' }));
    expect(world.creditNotes().map((c) => [c.number, c.orderId, c.reason])).toEqual([['CN-2026-000001', offline.id, 'cancellation']]);
  });

  it('take back a refund once, and a chargeback after it credits nothing more', async () => {
    const world = setUp();
    const placed = await world.order('card');
    await world.settle(placed, { outcome: 'completed' }, 'cs_1');
    expectKind(await world.settle(placed, { outcome: 'refunded' }, 'cs_1', LATER), 'reversed');
    await world.settle(placed, { outcome: 'refunded' }, 'cs_1', LATER);
    await world.settle(placed, { outcome: 'chargedback' }, 'cs_1', LATER);
    expect(world.creditNotes()).toEqual([expect.objectContaining({
      number: 'CN-2026-000001', reason: 'refund', eventKey: 'refund:card:cs_1', issuedOn: '2026-11-28', totalCents: -placed.totalCents,
      taxableCents: -placed.taxableCents, vatCents: -placed.vatCents,
    })]);
    expect(world.invoices()).toEqual([expect.objectContaining({ status: 'paid' })]);
  });

  it('credit partial refunds by what was refunded so far (rounding: taxable = gross / 1.21, half up), then the rest on a full refund', async () => {
    const world = setUp();
    const placed = await world.order('card');
    await world.settle(placed, { outcome: 'completed' }, 'cs_1');
    await world.settle(placed, { outcome: 'partially_refunded', refundedCents: 1200 }, 'cs_1', LATER);
    await world.settle(placed, { outcome: 'partially_refunded', refundedCents: 1200 }, 'cs_1', LATER);
    await world.settle(placed, { outcome: 'partially_refunded', refundedCents: 2000 }, 'cs_1', LATER);
    await world.settle(placed, { outcome: 'refunded', refundedCents: placed.totalCents }, 'cs_1', LATER);
    expect(world.creditNotes().map((c) => [c.number, c.reason, c.taxableCents, c.vatCents, c.totalCents])).toEqual([
      ['CN-2026-000001', 'partial_refund', -992, -208, -1200],
      ['CN-2026-000002', 'partial_refund', -661, -139, -800],
      ['CN-2026-000003', 'refund', -(placed.taxableCents - 992 - 661), -(placed.vatCents - 208 - 139), -(placed.totalCents - 2000)],
    ]);
    expect(world.creditNotes().reduce((sum, c) => sum + c.totalCents, 0)).toBe(-placed.totalCents);
    expect((world.creditNotes()[0]!.details as { lines: unknown[] }).lines).toEqual([{ description: 'Partial refund of invoice INV-2026-000001', licenseKey: null, netCents: -992 }]);
  });

  it('leave a partial refund without an amount to staff (MultiSafepay does not say it)', async () => {
    const world = setUp();
    const placed = await world.order('multisafepay');
    await world.settle(placed, { outcome: 'completed' }, 'msp-1');
    await world.settle(placed, { outcome: 'partially_refunded' }, 'msp-1', LATER);
    expect(world.creditNotes()).toEqual([]);
    expect(world.store.state.audit.map((a) => a.action)).toContain('credit_note.amount_unknown');
  });

  it('give their number back when the transaction fails after taking it', async () => {
    const world = setUp();
    const first = await world.order('offline');
    const second = await world.order('offline');
    await expect(world.run(async (repos) => {
      await cancelOrder(repos, { orderId: first.id, at: LATER, reason: 'x', actor: 'user' });
      throw new Error('the connection dropped before commit');
    })).rejects.toThrow('dropped');
    expect(world.store.state.creditNoteSeries).toEqual({});
    await world.run((repos) => cancelOrder(repos, { orderId: second.id, at: LATER, reason: 'x', actor: 'user' }));
    expect(world.creditNotes().map((c) => [c.number, c.orderId])).toEqual([['CN-2026-000001', second.id]]);
  });
});
