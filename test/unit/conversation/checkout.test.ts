// The checkout flow: checkout_changes, checkout_coupon, checkout_review and order_placed, with
// the answers to requote, check_coupon and place_order.
import { resellerOf } from '../../../src/conversation/session';
import { describe, expect, it } from 'vitest';
import type { PaymentMethod } from '../../../src/domain/orders/order';
import { formatMoney } from '../../../src/domain/pricing/money';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectMissed, expectRefused, expectShown, expectStale, idOf, labelsOf, last, message, press, pressId, stepAt, type } from './drive';
import {
  ALL_METHODS,
  BANK_DETAILS,
  NONCE,
  aCoupon,
  aPlacedOrder,
  aPriceChange,
  aRenewalQuote,
  aSession,
  aState,
  anExpiredLicense,
  anUpgradeQuote,
  asRole,
  emptyTotals,
  exampleState,
  someCartLines,
  totalsOf,
} from './states';

const lines = someCartLines();
const plain = totalsOf(lines);
const withCoupon = totalsOf(lines, 1000);

describe('requoted', () => {
  const cart = exampleState('cart');

  it('without changes: asks for a coupon, with the configured payment methods', () => {
    const out = answer(cart, { kind: 'requoted', changes: [], lines, totals: plain, methods: ['offline', 'card'] });
    expectShown(cart, out, { name: 'checkout_coupon', totals: plain, methods: ['offline', 'card'] });
    expect(resellerOf(out.state)?.cartCount).toBe(3);
    expect(last(out).text).toBe(t.checkout.askCoupon);
    expect(actionsOf(last(out))).toEqual(['checkout.skip', 'checkout.cart']);
  });

  it('with changes: shows them, worded from the line as it was quoted, and the new total, to be confirmed', () => {
    const out = answer(cart, { kind: 'requoted', changes: [aPriceChange()], lines, totals: plain, methods: ALL_METHODS });
    expectShown(cart, out, { name: 'checkout_changes', changes: [aPriceChange()], totals: plain, methods: ALL_METHODS });
    expect(last(out).text).toBe([t.checkout.changesTitle, '• Professional 16 SC, 2 licenses, 2 years: EUR 2,380.00 → EUR 2,500.00', '', t.checkout.newTotal(plain.totalCents, 'EUR')].join('\n'));
    expect(actionsOf(last(out))).toEqual(['checkout.continue', 'checkout.cart']);
  });

  it('words a change of terms with the new dates', () => {
    const before = aRenewalQuote();
    const after = { ...before, newExpiresOn: '2029-07-01' };
    const out = answer(cart, { kind: 'requoted', changes: [{ quote: before, change: { lineId: 'line-2', kind: 'terms_changed', fields: ['newExpiresOn'], from: before, to: after } }], lines, totals: plain, methods: ALL_METHODS });
    expect(last(out).text).toContain('• Renew ABCD-EFGH-JKLM-NP23: Professional 16 SC, 2 years: new expiry 2029-07-01');
  });

  it('emptied by the changes: shows the empty cart, after the changes', () => {
    const dropped = { quote: aRenewalQuote(anExpiredLicense()), change: { lineId: 'line-2', kind: 'no_longer_valid' as const, reason: { kind: 'not_found' as const } } };
    const out = answer(cart, { kind: 'requoted', changes: [dropped], lines: [], totals: emptyTotals(), methods: ALL_METHODS });
    expectShown(cart, out, { name: 'cart', lines: [], totals: emptyTotals(), customers: [] });
    expect(resellerOf(out.state)?.cartCount).toBe(0);
    expect(out.replies[0]?.text).toContain(t.checkout.changesTitle);
    expect(out.replies[0]?.text).toContain('• Renew EXPD-2222-3333-4444: Startup 4 SC, 2 years: removed from the cart. License key not found.');
  });

  it('an upgrade dropped because its key expired meanwhile says when it expired', () => {
    const dropped = { quote: anUpgradeQuote(), change: { lineId: 'line-2', kind: 'no_longer_valid' as const, reason: { kind: 'expired' as const, license: anExpiredLicense() } } };
    const out = answer(cart, { kind: 'requoted', changes: [dropped], lines: [], totals: emptyTotals(), methods: ALL_METHODS });
    expect(out.replies[0]?.text).toMatch(/: removed from the cart\. This license expired on 2026-10-01\. An expired key must be renewed before it can be upgraded\.$/m);
  });

  it('emptied with no changes to tell: only the empty cart', () => {
    const out = answer(cart, { kind: 'requoted', changes: [], lines: [], totals: emptyTotals(), methods: ALL_METHODS });
    expect(out.replies.map((r) => r.text)).toEqual([t.cart.empty]);
  });
});

describe('checkout_changes', () => {
  const state = exampleState('checkout_changes');

  it('Continue asks for a coupon with the same totals and methods; View cart asks for the cart', () => {
    expectShown(state, press(state, 'checkout.continue'), { name: 'checkout_coupon', totals: plain, methods: ALL_METHODS });
    expectShown(state, type(state, 'continue'), { name: 'checkout_coupon', totals: plain, methods: ALL_METHODS });
    expectCommand(state, press(state, 'checkout.cart'), { kind: 'cart' });
  });

  it('a verb this step does not have is not used', () => {
    for (const action of ['checkout.skip', 'checkout.pay.offline', 'checkout.ok']) expectStale(state, press(state, action));
  });

  it('/back asks for the cart', () => {
    expectCommand(state, type(state, '/back'), { kind: 'cart' });
  });
});

describe('checkout_coupon', () => {
  const state = exampleState('checkout_coupon');

  it('a typed code is checked, trimmed, at most 60 characters', () => {
    expectCommand(state, type(state, ' winter10 '), { kind: 'check_coupon', code: 'winter10' });
    expectCommand(state, type(state, 'C'.repeat(80)), { kind: 'check_coupon', code: 'C'.repeat(60) });
  });

  it('an empty text is no code', () => {
    expectMissed(state, type(state, '  '), t.checkout.expectCoupon);
  });

  it('Skip goes to the review without a coupon; View cart asks for the cart', () => {
    expectShown(state, press(state, 'checkout.skip'), { name: 'checkout_review', couponCode: null, totals: plain, methods: ALL_METHODS });
    expectShown(state, type(state, 'skip'), { name: 'checkout_review', couponCode: null, totals: plain, methods: ALL_METHODS });
    expectCommand(state, press(state, 'checkout.cart'), { kind: 'cart' });
    expectStale(state, press(state, 'checkout.pay.offline'));
  });

  it('coupon_checked ok: the review with the coupon\'s code and the discounted totals', () => {
    const out = answer(state, { kind: 'coupon_checked', code: 'winter10', check: { kind: 'ok', coupon: aCoupon() }, totals: withCoupon });
    expectShown(state, out, { name: 'checkout_review', couponCode: 'WINTER10', totals: withCoupon, methods: ALL_METHODS });
    expect(last(out).text).toContain(`Coupon WINTER10: −${formatMoney(withCoupon.couponCents, 'EUR')}`);
  });

  it.each([
    [{ kind: 'unknown' as const }, 'That coupon code is not known.'],
    [{ kind: 'not_yet_valid' as const, validFrom: '2027-01-01' }, 'That coupon is valid from 2027-01-01.'],
    [{ kind: 'expired' as const, validUntil: '2026-01-31' }, 'That coupon expired on 2026-01-31.'],
    [{ kind: 'used_up' as const }, 'That coupon has been used up.'],
    [{ kind: 'already_used' as const }, 'Your company has already used that coupon.'],
    [{ kind: 'below_minimum' as const, minSubtotalCents: 1_000_000 }, 'That coupon needs a subtotal of at least EUR 10,000.00.'],
    [{ kind: 'not_applicable' as const, appliesTo: ['renew_annual' as const, 'renew_maintenance' as const] }, 'That coupon is only valid for renew annual license and renew maintenance lines, and your cart has other lines.'],
  ])('coupon_checked refused (%j): says why and asks again', (check, why) => {
    const out = answer(state, { kind: 'coupon_checked', code: 'X', check, totals: plain });
    expectShown(state, out, { name: 'checkout_coupon', totals: plain, methods: ALL_METHODS });
    expect(out.replies[0]?.text).toBe(`${why} ${t.checkout.couponTryAgain}`);
  });

  it('/back asks for the cart', () => {
    expectCommand(state, type(state, '/back'), { kind: 'cart' });
  });
});

describe('checkout_review', () => {
  const state = exampleState('checkout_review');

  it('shows the figures: list, partner discount, subtotal, coupon, VAT and total, and a button per method', () => {
    const shown = message(state);
    expect(shown.text).toBe(t.checkout.review(withCoupon, 'EUR', 'WINTER10', 2500, 2100));
    expect(actionsOf(shown)).toEqual(['checkout.pay.offline', 'checkout.pay.card', 'checkout.pay.multisafepay', 'checkout.coupon', 'checkout.cart']);
    expect(labelsOf(shown).slice(0, 3)).toEqual([t.checkout.payWith.offline, t.checkout.payWith.card, t.checkout.payWith.multisafepay]);
  });

  it.each(ALL_METHODS)('checkout.pay.%s places the order with the coupon and the total the user saw, once per summary', (method) => {
    expectCommand(state, press(state, `checkout.pay.${method}`), {
      kind: 'place_order', method, couponCode: 'WINTER10', confirmedTotalCents: withCoupon.totalCents, attempt: NONCE,
    });
  });

  it('a typed method label places the order too', () => {
    expect(type(state, 'bank transfer (offline)').command).toMatchObject({ kind: 'place_order', method: 'offline' });
  });

  it('only the configured methods are offered and taken', () => {
    const offline = aState({ name: 'checkout_review', couponCode: null, totals: plain, methods: ['offline'] });
    expect(actionsOf(message(offline))).toEqual(['checkout.pay.offline', 'checkout.coupon', 'checkout.cart']);
    for (const method of ['card', 'multisafepay', 'stripe', 'bitcoin'] as Array<PaymentMethod | 'stripe' | 'bitcoin'>) {
      expectStale(offline, press(offline, `checkout.pay.${method}`));
    }
    expectStale(offline, press(offline, 'checkout.pay'));
  });

  it('nothing to pay (a coupon covers it all): only the confirmation is offered, placed as an offline order of 0', () => {
    const free = totalsOf(lines, 10_000);
    expect(free.totalCents).toBe(0);
    const review = aState({ name: 'checkout_review', couponCode: 'GIFT', totals: free, methods: ALL_METHODS });
    const shown = message(review);
    expect(actionsOf(shown)).toEqual(['checkout.pay.offline', 'checkout.coupon', 'checkout.cart']);
    expect(labelsOf(shown)).toContain(t.checkout.confirmFree);
    for (const method of ['card', 'multisafepay'] as PaymentMethod[]) expectStale(review, press(review, `checkout.pay.${method}`));
    expectCommand(review, press(review, 'checkout.pay.offline'), { kind: 'place_order', method: 'offline', couponCode: 'GIFT', confirmedTotalCents: 0, attempt: NONCE });
  });

  it('pressing Pay a second time on the same summary does not place a second order', () => {
    const paid = press(state, 'checkout.pay.card');
    const placed = answer(paid.state, { kind: 'order', result: { kind: 'placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS, alreadyPlaced: false } });
    const again = pressId(placed.state, idOf('checkout.pay.card', NONCE));
    expect(again.command).toBeNull();
    expect(again.replies[0]?.text).toBe(t.staleButton);
  });

  it('a new summary (after the total changed) is a new attempt', () => {
    const changed = answer(press(state, 'checkout.pay.offline').state, { kind: 'order', result: { kind: 'total_changed', totals: plain, couponCode: 'WINTER10' } });
    expect(press(changed.state, 'checkout.pay.offline').command).toMatchObject({ confirmedTotalCents: plain.totalCents, attempt: NONCE + 1 });
  });

  it('Change coupon prices the cart again (without the coupon); View cart asks for the cart', () => {
    expectCommand(state, press(state, 'checkout.coupon'), { kind: 'requote' });
    expectCommand(state, press(state, 'checkout.cart'), { kind: 'cart' });
  });

  it('Change coupon then Skip shows a review without the coupon\'s discount, and confirms that total', () => {
    const coupon = press(state, 'checkout.coupon');
    const priced = answer(coupon.state, { kind: 'requoted', changes: [], lines: someCartLines(), totals: plain, methods: ALL_METHODS });
    const skipped = press(priced.state, 'checkout.skip');
    const review = stepAt(skipped, 'checkout_review');
    expect(review.couponCode).toBeNull();
    expect(review.totals.couponCents).toBe(0);
    expect(review.totals.totalCents).toBe(plain.totalCents);
    expect(press(skipped.state, 'checkout.pay.offline').command).toMatchObject({ couponCode: null, confirmedTotalCents: plain.totalCents });
  });

  it('/back prices the cart again', () => {
    expectCommand(state, type(state, '/back'), { kind: 'requote' });
  });
});

describe('the order answer', () => {
  const review = exampleState('checkout_review');

  it('placed: shows the order, empties the cart count, and offers the payment page when there is one', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS, alreadyPlaced: false } });
    expectShown(review, out, { name: 'order_placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS });
    expect(resellerOf(out.state)?.cartCount).toBe(0);
    expect(out.replies).toHaveLength(1);
    expect(last(out).buttons[0]).toEqual([{ url: aPlacedOrder().paymentUrl, label: t.checkout.openPaymentPage }]);
    expect(actionsOf(last(out))).toEqual(['checkout.invoices', 'nav.menu']);
  });

  it('placed offline: the transfer with its reference and bank details, no payment page', () => {
    const order = aPlacedOrder({ method: 'offline', paymentUrl: null, expiresAt: '2026-12-10T23:59:59.000Z' });
    const out = answer(review, { kind: 'order', result: { kind: 'placed', order, bankDetails: BANK_DETAILS, alreadyPlaced: false } });
    expect(last(out).text).toContain('with the payment reference RF18 5390 0754 7034');
    expect(last(out).text).toContain('IBAN: NL91ABNA0417164300');
    expect(last(out).text).toContain('until 2026-12-10');
    expect(labelsOf(last(out))).not.toContain(t.checkout.openPaymentPage);
  });

  it('placed with nothing to pay: confirmed, with the licenses to follow', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'placed', order: aPlacedOrder({ method: 'offline', paymentUrl: null, totalCents: 0 }), bankDetails: BANK_DETAILS, alreadyPlaced: false } });
    expect(last(out).text).toBe('Order 100234 is confirmed. There is nothing to pay; your licenses follow in a message here in a moment.');
  });

  it('placed before (a repeated confirmation): says so and shows the same order', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS, alreadyPlaced: true } });
    expect(out.replies[0]?.text).toBe(t.checkout.alreadyPlaced);
    expect(stepAt(out, 'order_placed').order).toEqual(aPlacedOrder());
  });

  it('changed: shows the changes to confirm, keeping the methods', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'changed', changes: [aPriceChange()], totals: plain } });
    expectShown(review, out, { name: 'checkout_changes', changes: [aPriceChange()], totals: plain, methods: ALL_METHODS });
  });

  it('coupon_refused: says why and asks for a coupon again', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'coupon_refused', check: { kind: 'used_up' }, totals: plain } });
    expectShown(review, out, { name: 'checkout_coupon', totals: plain, methods: ALL_METHODS });
    expect(out.replies[0]?.text).toBe(`That coupon has been used up. ${t.checkout.couponTryAgain}`);
  });

  it('total_changed: says so and shows the review again with the new figures', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'total_changed', totals: plain, couponCode: 'WINTER10' } });
    expectShown(review, out, { name: 'checkout_review', couponCode: 'WINTER10', totals: plain, methods: ALL_METHODS });
    expect(out.replies[0]?.text).toBe(t.checkout.totalChanged);
  });

  it('cart_empty: shows the empty cart', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'cart_empty' } });
    expectShown(review, out, { name: 'cart', lines: [], totals: emptyTotals(), customers: [] });
    expect(resellerOf(out.state)?.cartCount).toBe(0);
  });

  it('method_unavailable: says so and shows the review again, to choose another', () => {
    const out = answer(review, { kind: 'order', result: { kind: 'method_unavailable' } });
    expect(out.replies[0]?.text).toBe(t.checkout.methodUnavailable);
    expectShown(review, out, review.step);
  });

  it('not_allowed: an owner or purchase user places orders', () => {
    const sales = asRole(review, 'sales');
    expectRefused(sales, answer(sales, { kind: 'order', result: { kind: 'not_allowed' } }), t.cannotPlaceOrder('sales'));
  });
});

describe('order_placed', () => {
  const state = exampleState('order_placed');

  it('Invoices asks for the first page of invoices; Main menu asks for the menu', () => {
    expectCommand(state, press(state, 'checkout.invoices'), { kind: 'invoices', page: 0 });
    expectCommand(state, type(state, 'invoices'), { kind: 'invoices', page: 0 });
    expectCommand(state, press(state, 'nav.menu'), { kind: 'menu' });
    expectStale(state, press(state, 'checkout.pay.card'));
  });

  it('the order\'s total is in the message', () => {
    expect(message(state).text).toContain(`Order 100234 is placed: ${formatMoney(plain.totalCents, 'EUR')}.`);
  });

  it('/back asks for the main menu', () => {
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });
});

describe('checkout for each role', () => {
  it.each(['owner', 'purchase'] as const)('%s typing "checkout" has the cart priced again', (role) => {
    const state = exampleState('menu', { session: aSession(role) });
    expectCommand(state, type(state, 'checkout'), { kind: 'requote' });
  });

  it('sales checks out too (to ask for approval at the end); support may not even fill a cart', () => {
    const sales = exampleState('menu', { session: aSession('sales') });
    expectCommand(sales, type(sales, 'checkout'), { kind: 'requote' });
    const support = exampleState('menu', { session: aSession('support') });
    expectRefused(support, type(support, 'checkout'), t.notAllowed('support'));
  });
});
