import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, viewCart } from '../../../src/domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals, placeOrder, requoteCart, type PlaceOrderInput } from '../../../src/domain/use-cases/checkout';
import { fulfilOrder, markOrderPaid, cancelOrder, cancelOwnOrder, expireOrder } from '../../../src/domain/use-cases/orders';
import { verifyLicenseKey } from '../../../src/domain/use-cases/licenses';
import type { Order } from '../../../src/domain/orders/order';
import { demoStore } from '../../support/demo-store';
import { t } from '../../../src/conversation/wording';

const NOW = new Date('2026-11-26T10:00:00Z');
type Demo = Awaited<ReturnType<typeof demoStore>>;

async function fillWorkedExampleCart(demo: Demo, username = 'demo') {
  const { user } = await demo.userNamed(username);
  return demo.store.transaction(async (repos) => {
    const upgradeKey = await verifyLicenseKey(repos, demo.provider, { resellerId: user.resellerId, typedKey: 'h3lt 9w2e 6rq1 pk7v', purpose: 'upgrade', today: demo.today });
    if (upgradeKey.kind !== 'ok') throw new Error(`verification: ${upgradeKey.kind}`);
    const a = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'professional', sc: 16, quantity: 2, additionalYears: 1, customerId: null } });
    const b = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'upgrade', licenseId: upgradeKey.license.id, licenseKey: upgradeKey.license.key, toEdition: 'professional', toSc: 32 } });
    return [a, b];
  });
}

async function place(demo: Demo, username: string, overrides: Partial<PlaceOrderInput> = {}) {
  const { user, reseller } = await demo.userNamed(username);
  return demo.store.transaction(async (repos) => {
    const { lines } = await viewCart(repos, { user, reseller });
    const coupon = overrides.couponCode ? await checkCouponForCart(repos, { reseller, code: overrides.couponCode, lines, today: demo.today }) : null;
    const totals = checkoutTotals(lines, reseller, coupon);
    return placeOrder(repos, demo.provider, {
      user, reseller, currency: 'EUR', method: 'offline', couponCode: null, confirmedTotalCents: totals.totalCents,
      idempotencyKey: `place-${username}-${Math.random()}`, channel: 'console', chatId: 'local', now: NOW, today: demo.today,
      expiresAt: new Date(NOW.getTime() + 14 * 86_400_000), describeLine: t.describeLine, ...overrides,
    });
  });
}

function paymentOf(order: Order, ref: string) {
  return { orderId: order.id, method: order.paymentMethod, providerRef: ref, status: 'completed', amountCents: order.totalCents, currency: order.currency, confirmedBy: 'staff', details: {} };
}

describe('ordering on PostgreSQL with the demo data', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  it('reproduces the worked examples of pricing.md from cart to fulfilled order and invoice', async () => {
    const [a, b] = await fillWorkedExampleCart(demo);
    expect(a?.kind).toBe('added');
    expect(b?.kind).toBe('added');
    const { user, reseller } = await demo.userNamed('demo');
    const totalsWithCoupon = await demo.store.transaction(async (repos) => {
      const { lines, totals } = await viewCart(repos, { user, reseller });
      expect(totals.lines.map((l) => [l.listCents, l.partnerDiscountCents, l.netCents])).toEqual([[238000, 59500, 178500], [32877, 8219, 24658]]);
      const coupon = await checkCouponForCart(repos, { reseller, code: ' welcome10 ', lines, today: demo.today });
      expect(coupon.kind).toBe('ok');
      return checkoutTotals(lines, reseller, coupon);
    });
    expect(totalsWithCoupon).toMatchObject({ subtotalCents: 203158, couponCents: 20316, taxableCents: 182842, vatCents: 38397, totalCents: 221239 });

    const placed = await place(demo, 'demo', { couponCode: 'WELCOME10', confirmedTotalCents: 221239 });
    if (placed.kind !== 'placed') throw new Error(`not placed: ${placed.kind}`);
    const order = placed.order;
    expect(order).toMatchObject({ status: 'awaiting_payment', subtotalCents: 203158, couponCents: 20316, vatCents: 38397, totalCents: 221239, couponCode: 'WELCOME10' });
    expect(order.paymentReference).toMatch(/^TCX-\d{6}-\d{2}$/);
    expect(order.lines.map((l) => l.kind)).toEqual(['new_license', 'upgrade']);

    const fulfilled = await demo.store.transaction(async (repos) => {
      const paid = await markOrderPaid(repos, { orderId: order.id, payment: paymentOf(order, order.paymentReference), at: NOW, actor: 'staff' });
      expect(paid.kind).toBe('changed');
      return fulfilOrder(repos, demo.provider, { orderId: order.id, at: NOW, today: demo.today, actor: 'test' });
    });
    if (fulfilled.kind !== 'fulfilled') throw new Error(`not fulfilled: ${fulfilled.kind}`);
    expect(fulfilled.invoice.number).toBe('INV-2026-000001');
    expect(fulfilled.invoice.totalCents).toBe(221239);
    const newKeys = fulfilled.issued[0]?.keys ?? [];
    expect(newKeys).toHaveLength(2);
    const issued = await demo.knex('licenses').whereIn('license_key', newKeys);
    expect(issued.map((l) => l.expires_on)).toEqual(['2028-11-26', '2028-11-26']);
    const upgraded = await demo.knex('licenses').where({ license_key: 'H3LT-9W2E-6RQ1-PK7V' }).first();
    expect(upgraded).toMatchObject({ sc: 32, edition: 'professional', expires_on: '2027-06-14' });
    expect(await demo.knex('coupon_redemptions').where({ order_id: order.id }).first()).toMatchObject({ status: 'redeemed' });
  });

  it('answers not_found for another reseller\'s key, exactly as for a missing one', async () => {
    const { user } = await demo.userNamed('bright');
    await demo.store.transaction(async (repos) => {
      for (const purpose of ['upgrade', 'renew_annual', 'lookup'] as const) {
        const other = await verifyLicenseKey(repos, demo.provider, { resellerId: user.resellerId, typedKey: '7Q2M-4K8P-ZX3N-1A9B', purpose, today: demo.today });
        const missing = await verifyLicenseKey(repos, demo.provider, { resellerId: user.resellerId, typedKey: 'AAAA-BBBB-CCCC-DDDD', purpose, today: demo.today });
        expect(other).toEqual({ kind: 'not_found' });
        expect(missing).toEqual({ kind: 'not_found' });
      }
      const sneaky = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'renew_annual', licenseId: 'x', licenseKey: '7Q2M-4K8P-ZX3N-1A9B', years: 1 } });
      expect(sneaky).toMatchObject({ kind: 'refused', quote: { kind: 'not_found' } });
    });
  });

  it('fulfils once when two payments of one order race', async () => {
    const { user } = await demo.userNamed('demo');
    await demo.store.transaction((repos) => addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'enterprise', sc: 8, quantity: 3, additionalYears: 0, customerId: null } }));
    const placed = await place(demo, 'demo');
    if (placed.kind !== 'placed') throw new Error(placed.kind);
    const order = placed.order;
    const pay = (ref: string) =>
      demo.store.transaction(async (repos) => {
        await markOrderPaid(repos, { orderId: order.id, payment: paymentOf(order, ref), at: NOW, actor: 'staff' });
        return fulfilOrder(repos, demo.provider, { orderId: order.id, at: NOW, today: demo.today, actor: 'test' });
      });
    const results = await Promise.all([pay('first'), pay('second'), pay('first'), pay('third')]);
    expect(results.filter((r) => r.kind === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'unchanged')).toHaveLength(3);
    const events = await demo.knex('license_events').where({ order_id: order.id });
    expect(events).toHaveLength(3);
    expect(await demo.knex('invoices').where({ order_id: order.id })).toHaveLength(1);
    const payments = await demo.knex('payments').where({ order_id: order.id }).orderBy('provider_ref');
    expect(payments.map((p) => [p.provider_ref, p.status])).toEqual([['first', 'completed'], ['second', 'completed_unmatched'], ['third', 'completed_unmatched']].sort());
  });

  it('lets only one of two resellers racing for a coupon\'s last redemption have it', async () => {
    const demoUser = await demo.userNamed('demo');
    const bright = await demo.userNamed('bright');
    for (const who of [demoUser, bright]) {
      await demo.store.transaction((repos) => addToCart(repos, demo.provider, { user: who.user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'professional', sc: 4, quantity: 1, additionalYears: 0, customerId: null } }));
    }
    const results = await Promise.all([place(demo, 'demo', { couponCode: 'LASTONE' }), place(demo, 'bright', { couponCode: 'lastone' })]);
    expect(results.map((r) => r.kind).sort()).toEqual(['coupon_refused', 'placed']);
    const refused = results.find((r) => r.kind === 'coupon_refused');
    expect(refused).toMatchObject({ check: { kind: 'used_up' } });
    expect(await demo.knex('coupon_redemptions').join('coupons', 'coupons.id', 'coupon_redemptions.coupon_id').where('coupons.code', 'LASTONE')).toHaveLength(1);
  });

  it('releases the coupon when an order is cancelled or expires, and the coupon can be used again', async () => {
    const { user } = await demo.userNamed('bright');
    const addLine = () => demo.store.transaction((repos) => addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'professional', sc: 8, quantity: 1, additionalYears: 0, customerId: null } }));
    await addLine();
    const first = await place(demo, 'bright', { couponCode: 'WELCOME10' });
    if (first.kind !== 'placed') throw new Error(first.kind);
    await addLine();
    const refused = await place(demo, 'bright', { couponCode: 'WELCOME10' });
    expect(refused).toMatchObject({ kind: 'coupon_refused', check: { kind: 'already_used' } });
    const cancelled = await demo.store.transaction((repos) => cancelOrder(repos, { orderId: first.order.id, at: NOW, reason: 'changed my mind', actor: 'user' }));
    expect(cancelled.kind).toBe('changed');
    const again = await demo.store.transaction((repos) => cancelOrder(repos, { orderId: first.order.id, at: NOW, reason: 'again', actor: 'user' }));
    expect(again.kind).toBe('unchanged');
    const second = await place(demo, 'bright', { couponCode: 'WELCOME10' });
    if (second.kind !== 'placed') throw new Error(second.kind);
    const early = await demo.store.transaction((repos) => expireOrder(repos, { orderId: second.order.id, at: NOW }));
    expect(early).toMatchObject({ kind: 'refused', reason: 'not_yet_due' });
    const late = await demo.store.transaction((repos) => expireOrder(repos, { orderId: second.order.id, at: new Date(NOW.getTime() + 15 * 86_400_000) }));
    expect(late.kind).toBe('changed');
    const payLate = await demo.store.transaction((repos) => markOrderPaid(repos, { orderId: second.order.id, payment: paymentOf(second.order, 'late'), at: NOW, actor: 'staff' }));
    expect(payLate).toMatchObject({ kind: 'refused', reason: 'order_closed' });
    expect(await demo.knex('payments').where({ provider_ref: 'late' }).first()).toMatchObject({ status: 'completed_unmatched' });
    const statuses = await demo.knex('coupon_redemptions').whereIn('order_id', [first.order.id, second.order.id]).select('status');
    expect(statuses.map((s) => s.status)).toEqual(['released', 'released']);
  });

  it('lets a reseller\'s owner or purchase user cancel their own waiting order only: not a sales user, not another reseller, not a paid one', async () => {
    const { user: owner } = await demo.userNamed('rhein');
    await demo.store.transaction((repos) => addToCart(repos, demo.provider, { user: owner, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'startup', sc: 4, quantity: 1, additionalYears: 0, customerId: null } }));
    const placed = await place(demo, 'rhein');
    if (placed.kind !== 'placed') throw new Error(placed.kind);
    const orderId = placed.order.id;
    const cancel = async (username: string) => {
      const { user } = await demo.userNamed(username);
      return demo.store.transaction((repos) => cancelOwnOrder(repos, { user, orderId, at: NOW }));
    };
    expect(await cancel('sales1')).toEqual({ kind: 'not_allowed' });
    // Acme's owner asks for Rhein's order: as if it did not exist.
    expect(await cancel('demo')).toEqual({ kind: 'not_found' });
    const done = await cancel('rhein');
    expect(done).toMatchObject({ kind: 'cancelled', order: { status: 'cancelled', closeReason: 'cancelled by the reseller' } });
    expect(await cancel('rhein')).toEqual({ kind: 'not_waiting', status: 'cancelled' });
    const audit = await demo.knex('audit_log').where({ subject: `order:${orderId}`, action: 'order.cancelled' }).first('actor');
    expect(audit.actor).toBe(`user:${owner.id}`);
  });

  it('asks to confirm again when a price changed after the line was quoted, and places one order per confirmation', async () => {
    const { user, reseller } = await demo.userNamed('demo');
    await demo.store.transaction((repos) => addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'renew_annual', licenseId: 'ignored', licenseKey: '7Q2M-4K8P-ZX3N-1A9B', years: 1 } }));
    await demo.knex('catalog_prices').insert({ edition: 'professional', sc: 8, kind: 'annual', price_cents: 36000, effective_from: demo.today });
    const changed = await place(demo, 'demo', { confirmedTotalCents: 1 });
    expect(changed).toMatchObject({ kind: 'changed', changes: expect.arrayContaining([expect.objectContaining({ kind: 'price_changed', fromCents: 35000, toCents: 36000 })]) });
    const requoted = await demo.store.transaction((repos) => requoteCart(repos, demo.provider, { user, today: demo.today }));
    expect(requoted.changes).toEqual([]);
    const total = checkoutTotals(requoted.lines, reseller, null).totalCents;
    const key = 'confirm-once';
    const [x, y] = await Promise.all([place(demo, 'demo', { idempotencyKey: key, confirmedTotalCents: total }), place(demo, 'demo', { idempotencyKey: key, confirmedTotalCents: total })]);
    expect([x.kind, y.kind].sort()).toEqual(['already_placed', 'placed']);
    expect(await demo.knex('orders').where({ idempotency_key: key })).toHaveLength(1);
  });

  it('never attaches another reseller\'s end customer, nor takes a payment that belongs to another order', async () => {
    const bright = await demo.userNamed('bright');
    const acmeCustomer = await demo.knex('end_customers').where({ company: 'Harbor Dental' }).first();
    const added = await demo.store.transaction((repos) =>
      addToCart(repos, demo.provider, { user: bright.user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'professional', sc: 4, quantity: 1, additionalYears: 0, customerId: acmeCustomer.id } }));
    expect(added).toMatchObject({ kind: 'added', line: { request: { customerId: null } } });
    const forged = await demo.store.transaction((repos) =>
      addToCart(repos, demo.provider, { user: bright.user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'professional', sc: 8, quantity: 1, additionalYears: 0, customerId: 'not-a-uuid' } }));
    expect(forged).toMatchObject({ kind: 'added', line: { request: { customerId: null } } });

    const first = await place(demo, 'bright');
    if (first.kind !== 'placed') throw new Error(first.kind);
    await demo.store.transaction((repos) => addToCart(repos, demo.provider, { user: bright.user, today: demo.today, now: new Date(), request: { kind: 'new_license', edition: 'professional', sc: 4, quantity: 1, additionalYears: 0, customerId: null } }));
    const second = await place(demo, 'bright');
    if (second.kind !== 'placed') throw new Error(second.kind);
    await demo.store.transaction((repos) => markOrderPaid(repos, { orderId: first.order.id, payment: paymentOf(first.order, 'BANK-TX-1'), at: NOW, actor: 'staff' }));
    const reused = await demo.store.transaction((repos) => markOrderPaid(repos, { orderId: second.order.id, payment: { ...paymentOf(second.order, 'BANK-TX-1') }, at: NOW, actor: 'staff' }));
    expect(reused).toMatchObject({ kind: 'payment_of_another_order', otherOrderId: first.order.id });
    expect(await demo.knex('orders').where({ id: second.order.id }).first()).toMatchObject({ status: 'awaiting_payment' });
  });
});
