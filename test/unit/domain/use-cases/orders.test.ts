import { describe, expect, it } from 'vitest';
import type { ResellerUser } from '../../../../src/domain/accounts/accounts';
import type { PaymentMethod } from '../../../../src/domain/orders/order';
import type { Coupon } from '../../../../src/domain/pricing/coupon';
import type { LineRequest } from '../../../../src/domain/pricing/line';
import { viewCart } from '../../../../src/domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals } from '../../../../src/domain/use-cases/checkout';
import { applyOrderEvent, cancelOrder, expireOrder, fulfilOrder, markOrderPaid } from '../../../../src/domain/use-cases/orders';
import { NOW, TODAY, aCoupon, aPerpetualLicense, anAnnualLicense, testUuid } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense, paymentOf } from './world';

const LATER = new Date('2026-11-27T09:00:00Z');
const upgradeOf = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
const running = anAnnualLicense({ edition: 'professional', sc: 8, expiresOn: '2027-03-01' });
const lapsed = anAnnualLicense({ edition: 'enterprise', sc: 4, expiresOn: '2026-10-01' });
const perpetual = aPerpetualLicense({ edition: 'enterprise', sc: 32, maintenanceUntil: '2027-03-01' });
const keyLine = (license: typeof upgradeOf, rest: Record<string, unknown>) => ({ licenseId: license.id, licenseKey: license.key, ...rest }) as LineRequest;

function setUp(coupons: Coupon[] = [aCoupon()]) {
  const world = aWorldWithUsers({ licenses: [upgradeOf, running, lapsed, perpetual], coupons });
  /**
   * Fills the user's cart and places it at the total it shows; paid by card unless told (a bank
   * transfer is invoiced when it is placed, see invoicing.test.ts).
   */
  async function order(lines: LineRequest[], options: { user?: ResellerUser; couponCode?: string; method?: PaymentMethod } = {}) {
    const user = options.user ?? world.owner;
    for (const line of lines) expectKind(await world.add(user, line), 'added');
    const totals = await world.run(async (repos) => {
      const { lines: cart } = await viewCart(repos, { user, reseller: world.reseller });
      const coupon = options.couponCode ? await checkCouponForCart(repos, { reseller: world.reseller, code: options.couponCode, lines: cart, today: TODAY }) : null;
      return checkoutTotals(cart, world.reseller, coupon);
    });
    return expectKind(await world.place(user, { couponCode: options.couponCode ?? null, confirmedTotalCents: totals.totalCents, method: options.method ?? 'card' }), 'placed').order;
  }
  const pay = (o: { id: string }, payment: Parameters<typeof markOrderPaid>[1]['payment'], at = NOW) =>
    world.run((repos) => markOrderPaid(repos, { orderId: o.id, payment, at, actor: 'staff:ann' }));
  const fulfil = (o: { id: string }, today = TODAY, at = NOW) => world.run((repos) => fulfilOrder(repos, world.provider, { orderId: o.id, at, today, actor: 'system' }));
  const license = (id: string) => world.store.state.licenses.find((l) => l.id === id);
  const orderRow = (id: string) => world.store.state.orders.find((o) => o.id === id);
  const redemption = (orderId: string) => world.store.state.couponRedemptions.find((r) => r.orderId === orderId);
  return { ...world, order, pay, fulfil, license, orderRow, redemption };
}

const everyKind: LineRequest[] = [
  newLicense({ quantity: 2, additionalYears: 1 }),
  keyLine(upgradeOf, { kind: 'upgrade', toEdition: 'professional', toSc: 32 }),
  keyLine(running, { kind: 'renew_annual', years: 2 }),
  keyLine(lapsed, { kind: 'renew_annual', years: 1 }),
  keyLine(perpetual, { kind: 'renew_maintenance', years: 1 }),
];

describe('markOrderPaid', () => {
  it('records the payment, marks the order paid and redeems its coupon', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()], { couponCode: 'WELCOME10' });
    const paid = expectKind(await world.pay(placed, paymentOf(placed, 'bank-1')), 'changed');
    expect(paid.transition).toEqual({ kind: 'changed', from: 'awaiting_payment', to: 'paid', effects: ['redeem_coupon'] });
    expect(paid.order).toMatchObject({ id: placed.id, status: 'paid', paidAt: NOW });
    expect(world.redemption(placed.id)).toMatchObject({ status: 'redeemed', redeemedAt: NOW });
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status, p.amountCents])).toEqual([['bank-1', 'completed', placed.totalCents]]);
  });

  it('changes nothing when the same payment is reported again', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()]);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    expect(await world.pay(placed, paymentOf(placed, 'bank-1'), LATER)).toMatchObject({ kind: 'unchanged', order: { status: 'paid', paidAt: NOW } });
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status])).toEqual([['bank-1', 'completed']]);
  });

  it('keeps a second payment of a paid order for a refund, as completed_unmatched', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()]);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    // Reported apart, so that staff refund it and the user is told.
    expect(await world.pay(placed, paymentOf(placed, 'card-2', { method: 'card' }), LATER)).toMatchObject({ kind: 'duplicate_payment', order: { status: 'paid' } });
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status])).toEqual([['bank-1', 'completed'], ['card-2', 'completed_unmatched']]);
    expect(world.store.state.audit.filter((a) => a.action.startsWith('payment.')).map((a) => [a.action, a.details])).toEqual([
      ['payment.completed_unmatched', { providerRef: 'card-2', amountCents: placed.totalCents, orderStatus: 'paid' }],
    ]);
  });

  it('pays nothing with another amount or currency, and records why', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()], { couponCode: 'WELCOME10' });
    const short = await world.pay(placed, paymentOf(placed, 'bank-1', { amountCents: placed.totalCents - 1 }));
    expect(short).toMatchObject({ kind: 'amount_mismatch', paidCents: placed.totalCents - 1, order: { status: 'awaiting_payment' } });
    const dollars = await world.pay(placed, paymentOf(placed, 'bank-2', { currency: 'USD' }));
    expect(dollars).toMatchObject({ kind: 'amount_mismatch', paidCents: placed.totalCents });
    expect(world.orderRow(placed.id)).toMatchObject({ status: 'awaiting_payment', paidAt: null });
    expect(world.redemption(placed.id)).toMatchObject({ status: 'reserved' });
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status])).toEqual([['bank-1', 'amount_mismatch'], ['bank-2', 'amount_mismatch']]);
    expect(world.store.state.audit.filter((a) => a.action.startsWith('payment.')).map((a) => a.action)).toEqual(['payment.amount_mismatch', 'payment.amount_mismatch']);
    // The right amount still pays it.
    expect(await world.pay(placed, paymentOf(placed, 'bank-3'))).toMatchObject({ kind: 'changed', order: { status: 'paid' } });
  });

  it('keeps a payment of a cancelled order for a refund and leaves the order cancelled', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()]);
    await world.run((repos) => cancelOrder(repos, { orderId: placed.id, at: NOW, reason: 'no longer needed', actor: 'user' }));
    expect(await world.pay(placed, paymentOf(placed, 'bank-1'), LATER)).toMatchObject({ kind: 'refused', reason: 'order_closed' });
    expect(world.store.state.payments.map((p) => p.status)).toEqual(['completed_unmatched']);
    expect(world.orderRow(placed.id)?.status).toBe('cancelled');
  });

  it('answers not_found for an order that does not exist', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()]);
    expect(await world.pay({ id: testUuid(999_999) }, paymentOf(placed, 'bank-1'))).toEqual({ kind: 'not_found' });
  });
});

describe('fulfilOrder', () => {
  it('issues new keys, renews and upgrades, numbers the invoice and marks the order fulfilled', async () => {
    const world = setUp();
    const placed = await world.order(everyKind);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    const done = expectKind(await world.fulfil(placed, TODAY, LATER), 'fulfilled');

    const newLine = placed.lines[0];
    expect(done.issued).toEqual([{ lineId: newLine?.id, keys: ['TEST-0000-0000-0001', 'TEST-0000-0000-0002'] }]);
    expect(done.problems).toEqual([]);
    expect(done.order).toMatchObject({ status: 'fulfilled', paidAt: NOW, fulfilledAt: LATER });
    const issued = world.store.state.licenses.filter((l) => l.key.startsWith('TEST-'));
    expect(issued.map(({ id: _id, ...l }) => l)).toEqual(
      ['TEST-0000-0000-0001', 'TEST-0000-0000-0002'].map((key) => ({
        key, resellerId: world.reseller.id, customerId: null, type: 'annual', edition: 'professional', sc: 16, expiresOn: '2028-11-26',
        maintenanceUntil: null, paymentFlag: null, remindersStopped: false,
      })),
    );
    expect(world.license(upgradeOf.id)).toMatchObject({ edition: 'professional', sc: 32, expiresOn: '2027-06-14' });
    expect(world.license(running.id)).toMatchObject({ sc: 8, expiresOn: '2029-03-01' });
    expect(world.license(lapsed.id)).toMatchObject({ expiresOn: '2027-11-26' });
    expect(world.license(perpetual.id)).toMatchObject({ maintenanceUntil: '2028-03-01', expiresOn: null });

    expect(done.invoice).toEqual({
      id: expect.any(String), number: 'INV-2026-000001', resellerId: world.reseller.id, orderId: placed.id, status: 'paid',
      issuedOn: TODAY, paidOn: TODAY, currency: 'EUR', totalCents: placed.totalCents,
    });
    expect(world.store.state.invoices[0]).toMatchObject({ seriesYear: 2026, seriesNumber: 1, subtotalCents: placed.subtotalCents, vatCents: placed.vatCents });
    const events = world.store.state.licenseEvents.filter((e) => e.orderId === placed.id);
    expect(events.map((e) => [e.kind, e.licenseId, e.orderLineId, e.before, e.after])).toEqual([
      ['issued', issued[0]?.id, newLine?.id, null, { edition: 'professional', sc: 16, expiresOn: '2028-11-26' }],
      ['issued', issued[1]?.id, newLine?.id, null, { edition: 'professional', sc: 16, expiresOn: '2028-11-26' }],
      ['upgraded', upgradeOf.id, placed.lines[1]?.id, { edition: 'professional', sc: 16 }, { edition: 'professional', sc: 32 }],
      ['renewed', running.id, placed.lines[2]?.id, { expiresOn: '2027-03-01' }, { expiresOn: '2029-03-01', years: 2 }],
      ['renewed', lapsed.id, placed.lines[3]?.id, { expiresOn: '2026-10-01' }, { expiresOn: '2027-11-26', years: 1 }],
      ['maintenance_renewed', perpetual.id, placed.lines[4]?.id, { maintenanceUntil: '2027-03-01' }, { maintenanceUntil: '2028-03-01', years: 1 }],
    ]);
    expect(world.store.state.audit.map((a) => a.action)).toEqual(['order.placed', 'order.paid', 'order.fulfilled']);
  });

  it('runs new keys from the day of fulfilment', async () => {
    const world = setUp();
    const placed = await world.order([newLicense({ additionalYears: 2 })]);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    await world.fulfil(placed, '2028-02-29');
    expect(world.store.state.licenses.filter((l) => l.key.startsWith('TEST-')).map((l) => l.expiresOn)).toEqual(['2031-02-28']);
    expect(world.store.state.invoices.map((i) => i.number)).toEqual(['INV-2028-000001']);
  });

  it('does everything once: a second fulfilment is unchanged', async () => {
    const world = setUp();
    const placed = await world.order(everyKind);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    expectKind(await world.fulfil(placed), 'fulfilled');
    const before = structuredClone(world.store.state.licenses);
    expect(await world.fulfil(placed, TODAY, LATER)).toMatchObject({ kind: 'unchanged', order: { status: 'fulfilled', fulfilledAt: NOW } });
    expect(world.store.state.licenses).toEqual(before);
    expect(world.provider.issued).toHaveLength(1);
    expect(world.store.state.invoices).toHaveLength(1);
  });

  it('numbers invoices gaplessly per year', async () => {
    const world = setUp();
    const numbers: string[] = [];
    for (const today of [TODAY, TODAY, '2027-01-02', '2027-01-02']) {
      const placed = await world.order([newLicense()]);
      await world.pay(placed, paymentOf(placed, `bank-${numbers.length}`));
      numbers.push(expectKind(await world.fulfil(placed, today), 'fulfilled').invoice.number);
    }
    expect(numbers).toEqual(['INV-2026-000001', 'INV-2026-000002', 'INV-2027-000001', 'INV-2027-000002']);
  });

  it('gives the invoice number back when the transaction fails after taking it', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()]);
    const crash = world.run(async (repos) => {
      await markOrderPaid(repos, { orderId: placed.id, payment: paymentOf(placed, 'bank-1'), at: NOW, actor: 'staff' });
      await fulfilOrder(repos, world.provider, { orderId: placed.id, at: NOW, today: TODAY, actor: 'system' });
      throw new Error('the connection dropped before commit');
    });
    await expect(crash).rejects.toThrow('the connection dropped before commit');
    expect(world.orderRow(placed.id)?.status).toBe('awaiting_payment');
    expect(world.store.state.invoices).toEqual([]);
    expect(world.store.state.invoiceSeries).toEqual({});
    expect(world.store.state.payments).toEqual([]);
    expect(world.store.state.licenses.filter((l) => l.key.startsWith('TEST-'))).toEqual([]);

    await world.pay(placed, paymentOf(placed, 'bank-1'));
    const done = expectKind(await world.fulfil(placed), 'fulfilled');
    expect(done.invoice.number).toBe('INV-2026-000001');
    // Keys the provider made in the failed attempt are not handed out again.
    expect(done.issued[0]?.keys).toEqual(['TEST-0000-0000-0002']);
  });

  it('extends the term the key has by then, so two renewals of one key both count', async () => {
    const world = setUp();
    const first = await world.order([keyLine(running, { kind: 'renew_annual', years: 1 })]);
    const second = await world.order([keyLine(running, { kind: 'renew_annual', years: 1 })]);
    expect([first.lines[0]?.newTermEnd, second.lines[0]?.newTermEnd]).toEqual(['2028-03-01', '2028-03-01']);
    for (const [i, placed] of [first, second].entries()) {
      await world.pay(placed, paymentOf(placed, `bank-${i}`));
      await world.fulfil(placed);
    }
    expect(world.license(running.id)?.expiresOn).toBe('2029-03-01');
  });

  it('reports an upgrade whose key changed since, and fulfils the rest', async () => {
    const world = setUp();
    const placed = await world.order([keyLine(upgradeOf, { kind: 'upgrade', toEdition: 'enterprise', toSc: 16 }), newLicense()]);
    const other = await world.order([keyLine(upgradeOf, { kind: 'upgrade', toEdition: 'professional', toSc: 24 })]);
    await world.pay(other, paymentOf(other, 'bank-0'));
    await world.fulfil(other);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    const done = expectKind(await world.fulfil(placed), 'fulfilled');
    expect(done.problems.map((p) => [p.line.id, p.reason])).toEqual([[placed.lines[0]?.id, 'license_changed']]);
    expect(done.issued).toHaveLength(1);
    expect(world.license(upgradeOf.id)).toMatchObject({ edition: 'professional', sc: 24 });
    expect(world.store.state.audit.filter((a) => a.action === 'order.fulfilment_problem').map((a) => a.details)).toEqual([
      { problems: [{ line: placed.lines[0]?.id, key: upgradeOf.key, reason: 'license_changed' }] },
    ]);
  });

  it('refuses an unpaid or closed order', async () => {
    const world = setUp();
    const unpaid = await world.order([newLicense()]);
    expect(await world.fulfil(unpaid)).toMatchObject({ kind: 'refused', reason: 'not_paid' });
    await world.run((repos) => cancelOrder(repos, { orderId: unpaid.id, at: NOW, reason: 'x', actor: 'user' }));
    expect(await world.fulfil(unpaid)).toMatchObject({ kind: 'refused', reason: 'order_closed' });
    expect(await world.fulfil({ id: testUuid(999_998) })).toEqual({ kind: 'not_found' });
    expect(world.store.state.invoices).toEqual([]);
  });

  it('flags the licenses of a fulfilled order that is refunded', async () => {
    const world = setUp();
    const placed = await world.order([newLicense(), keyLine(running, { kind: 'renew_annual', years: 1 })]);
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    await world.fulfil(placed);
    const refunded = await world.run((repos) => applyOrderEvent(repos, placed.id, { kind: 'refund', at: LATER, reason: 'chargeback' }, 'staff:ann'));
    expect(refunded).toMatchObject({ kind: 'changed', order: { status: 'refunded', closedAt: LATER, closeReason: 'chargeback' } });
    // The flag says what happened to the money: here a chargeback.
    const flagged = world.store.state.licenses.filter((l) => l.paymentFlag === 'chargeback').map((l) => l.key).sort();
    expect(flagged).toEqual([running.key, 'TEST-0000-0000-0001'].sort());
  });
});

describe('cancelOrder and expireOrder', () => {
  it('cancel an unpaid order once and release its coupon for someone else', async () => {
    const world = setUp([aCoupon({ maxRedemptions: 1 })]);
    const placed = await world.order([newLicense()], { couponCode: 'WELCOME10' });
    const cancel = () => world.run((repos) => cancelOrder(repos, { orderId: placed.id, at: LATER, reason: 'changed my mind', actor: `user:${world.owner.id}` }));
    expect(await cancel()).toMatchObject({ kind: 'changed', transition: { effects: ['release_coupon'] }, order: { status: 'cancelled', closedAt: LATER, closeReason: 'changed my mind' } });
    expect(world.redemption(placed.id)).toMatchObject({ status: 'released', releasedAt: LATER });
    expect(await cancel()).toMatchObject({ kind: 'unchanged', order: { status: 'cancelled' } });
    const again = await world.order([newLicense()], { user: world.purchase, couponCode: 'WELCOME10' });
    expect(again.couponCode).toBe('WELCOME10');
    expect(world.store.state.couponRedemptions.map((r) => r.status)).toEqual(['released', 'reserved']);
  });

  it('expire an unpaid order only when its payment window has passed, releasing its coupon', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()], { couponCode: 'WELCOME10' });
    const due = placed.expiresAt as Date;
    expect(due).toEqual(new Date('2026-12-10T10:00:00Z'));
    expect(await world.run((repos) => repos.orders.dueForExpiry(new Date(due.getTime() - 1), 10))).toEqual([]);
    expect(await world.run((repos) => expireOrder(repos, { orderId: placed.id, at: new Date(due.getTime() - 1) }))).toMatchObject({ kind: 'refused', reason: 'not_yet_due' });
    expect(world.redemption(placed.id)?.status).toBe('reserved');
    expect(await world.run((repos) => repos.orders.dueForExpiry(due, 10))).toEqual([placed.id]);
    expect(await world.run((repos) => expireOrder(repos, { orderId: placed.id, at: due }))).toMatchObject({ kind: 'changed', order: { status: 'expired', closedAt: due, closeReason: 'expired' } });
    expect(world.redemption(placed.id)).toMatchObject({ status: 'released', releasedAt: due });
    expect(await world.run((repos) => expireOrder(repos, { orderId: placed.id, at: due }))).toMatchObject({ kind: 'unchanged' });
    expect(await world.run((repos) => repos.coupons.usage(world.store.state.coupons[0]?.id ?? '', world.reseller.id))).toEqual({ total: 0, byReseller: 0 });
  });

  it('refuse to cancel or expire a paid order, whose coupon stays redeemed', async () => {
    const world = setUp();
    const placed = await world.order([newLicense()], { couponCode: 'WELCOME10' });
    await world.pay(placed, paymentOf(placed, 'bank-1'));
    const far = new Date('2027-01-01T00:00:00Z');
    expect(await world.run((repos) => cancelOrder(repos, { orderId: placed.id, at: far, reason: 'x', actor: 'user' }))).toMatchObject({ kind: 'refused', reason: 'already_paid' });
    expect(await world.run((repos) => expireOrder(repos, { orderId: placed.id, at: far }))).toMatchObject({ kind: 'refused', reason: 'already_paid' });
    expect(world.redemption(placed.id)?.status).toBe('redeemed');
    expect(await world.run((repos) => repos.orders.dueForExpiry(far, 10))).toEqual([]);
  });
});
