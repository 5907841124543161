// The cart flow: every line with its end customer and price, remove a line, add more, empty
// the cart, and on to checkout for the roles that place orders; and the cart answer.
import { resellerOf } from '../../../src/conversation/session';
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { formatMoney } from '../../../src/domain/pricing/money';
import type { Step } from '../../../src/conversation/state';
import { actionsOf, answer, expectCommand, expectRefused, expectShown, expectStale, last, message, press, stepAt, type } from './drive';
import { CART_CUSTOMERS, aNewLicenseQuote, aNewLicenseRequest, aSession, aState, asRole, emptyTotals, exampleState, someCartLines, totalsOf } from './states';

describe('cart', () => {
  const state = exampleState('cart');
  const lines = someCartLines();

  it('shows every line with its end customer, its list and net amount, and the totals', () => {
    const text = message(state).text;
    const net = (i: number) => formatMoney(totalsOf().lines[i]?.netCents ?? -1, 'EUR');
    expect(text).toContain(`1. Professional 16 SC, 2 licenses, 2 years\n   End customer: Customer 1 BV\n   EUR 2,380.00, after partner discount ${net(0)}`);
    expect(text).toContain(`2. Renew RENW-0000-1111-2222: Enterprise 32 SC, 2 years\n   End customer: Globex\n   ${formatMoney(lines[1]?.quote.listCents ?? -1, 'EUR')}`);
    expect(text).toContain(`3. ${t.describeLine(lines[2]?.quote ?? aNewLicenseQuote())}\n   ${formatMoney(lines[2]?.quote.listCents ?? -1, 'EUR')}`);
    expect(text).toContain(`Subtotal: ${formatMoney(totalsOf().subtotalCents, 'EUR')} (partner discount 25 %: −${formatMoney(totalsOf().partnerDiscountCents, 'EUR')})`);
    expect(text).toContain(`VAT: ${formatMoney(totalsOf().vatCents, 'EUR')}`);
    expect(text).toContain(`Total: ${formatMoney(totalsOf().totalCents, 'EUR')}`);
    expect(text).toContain('A coupon code can be entered at checkout.');
  });

  it('offers Remove for each line, Add more, Empty cart, Proceed to checkout and Main menu', () => {
    expect(actionsOf(message(state))).toEqual(['cart.remove.0', 'cart.remove.1', 'cart.remove.2', 'cart.more', 'cart.empty', 'cart.checkout', 'cart.quote', 'nav.menu']);
  });

  it('a cart shown without the end customers (as an earlier state had it) shows the lines without them', () => {
    const old = aState({ name: 'cart', lines, totals: totalsOf() });
    expect(message(old).text).not.toContain('End customer');
  });

  it('Remove n removes the n-th line by its id, by button or label', () => {
    expectCommand(state, press(state, 'cart.remove.0'), { kind: 'remove_line', lineId: 'line-1' });
    expectCommand(state, press(state, 'cart.remove.2'), { kind: 'remove_line', lineId: 'line-3' });
    expectCommand(state, type(state, 'remove 2'), { kind: 'remove_line', lineId: 'line-2' });
  });

  it('a line that is not in the cart is not removed', () => {
    for (const action of ['cart.remove.3', 'cart.remove.x', 'cart.remove', 'cart.delete.0']) expectStale(state, press(state, action));
  });

  it('Add more shows the Buy menu; Empty cart empties it; Proceed to checkout prices it again; Main menu', () => {
    expectShown(state, press(state, 'cart.more'), { name: 'buy' });
    expectCommand(state, press(state, 'cart.empty'), { kind: 'empty_cart' });
    expectCommand(state, press(state, 'cart.checkout'), { kind: 'requote' });
    expectCommand(state, type(state, 'Proceed to checkout'), { kind: 'requote' });
    expectCommand(state, press(state, 'nav.menu'), { kind: 'menu' });
  });

  it('an empty cart says so and offers Buy and Main menu', () => {
    const empty = aState({ name: 'cart', lines: [], totals: emptyTotals(), customers: [] });
    expect(message(empty).text).toBe(t.cart.empty);
    expect(actionsOf(message(empty))).toEqual(['cart.more', 'nav.menu']);
    expectShown(empty, press(empty, 'cart.more'), { name: 'buy' });
    expectShown(empty, type(empty, 'buy'), { name: 'buy' });
    expectCommand(empty, press(empty, 'nav.menu'), { kind: 'menu' });
    expectStale(empty, press(empty, 'cart.remove.0'));
  });

  it('/back asks for the main menu', () => {
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });
});

describe('the cart for each role', () => {
  const state = exampleState('cart');

  it.each(['owner', 'purchase'] as const)('%s may proceed to checkout: the cart is priced again', (role) => {
    const buyer = asRole(state, role);
    expect(actionsOf(message(buyer))).toContain('cart.checkout');
    expectCommand(buyer, press(buyer, 'cart.checkout'), { kind: 'requote' });
  });

  it('sales checks out to ask an owner or purchase user to approve, and is told so; a pending request shows with Withdraw', () => {
    const sales = asRole(state, 'sales');
    expect(actionsOf(message(sales))).toEqual(['cart.remove.0', 'cart.remove.1', 'cart.remove.2', 'cart.more', 'cart.empty', 'cart.checkout', 'cart.quote', 'nav.menu']);
    expect(message(sales).text).toContain('ask an owner or purchase user of your company to approve the order');
    expect(message(sales).text).not.toContain('A coupon code can be entered at checkout.');
    expectCommand(sales, press(sales, 'cart.checkout'), { kind: 'requote' });
    expectCommand(sales, type(sales, 'Proceed to checkout'), { kind: 'requote' });
    expectCommand(sales, press(sales, 'cart.remove.1'), { kind: 'remove_line', lineId: 'line-2' });
    expectStale(sales, press(sales, 'cart.withdraw'));
    const pending = asRole(aState({ ...(state.step as Extract<Step, { name: 'cart' }>), pending: { requestedAt: '2026-11-26T10:00:00.000Z', lapsesAt: '2026-11-29T10:00:00.000Z' } }), 'sales');
    expect(message(pending).text).toContain('Waiting for approval since 2026-11-26 10:00 UTC (lapses on 2026-11-29 10:00 UTC).');
    expect(actionsOf(message(pending))).toContain('cart.withdraw');
    expectCommand(pending, press(pending, 'cart.withdraw'), { kind: 'withdraw_approval' });
  });

  it('/cart asks for the cart for the roles that fill one, and is refused for support', () => {
    for (const role of ['owner', 'purchase', 'sales'] as const) expect(type(exampleState('help', { session: aSession(role) }), '/cart').command).toEqual({ kind: 'cart' });
    const support = exampleState('help', { session: aSession('support') });
    expectRefused(support, type(support, '/cart'), t.notAllowed('support'));
  });
});

describe('the cart answer', () => {
  const lines = someCartLines();

  it('shows the cart with the end customers and keeps the session\'s cart count', () => {
    const from = exampleState('menu');
    const out = answer(from, { kind: 'cart', lines, totals: totalsOf(lines), customers: CART_CUSTOMERS });
    expectShown(from, out, { name: 'cart', lines, totals: totalsOf(lines), customers: CART_CUSTOMERS });
    expect(resellerOf(out.state)?.cartCount).toBe(3);
    expect(out.replies).toHaveLength(1);
  });

  it('after a removal says the line was removed; after emptying says the cart is empty', () => {
    const cart = exampleState('cart');
    const fewer = lines.slice(1);
    const removed = answer(cart, { kind: 'cart', lines: fewer, totals: totalsOf(fewer), customers: CART_CUSTOMERS.slice(1) });
    expect(removed.replies.map((r) => r.text)[0]).toBe(t.cart.lineRemoved);
    expect(resellerOf(removed.state)?.cartCount).toBe(2);
    expect(actionsOf(last(removed))).toEqual(['cart.remove.0', 'cart.remove.1', 'cart.more', 'cart.empty', 'cart.checkout', 'cart.quote', 'nav.menu']);
    const emptied = answer(cart, { kind: 'cart', lines: [], totals: emptyTotals(), customers: [] });
    expect(emptied.replies.map((r) => r.text)).toEqual([t.cart.emptied, t.cart.empty]);
    expect(resellerOf(emptied.state)?.cartCount).toBe(0);
    expect(stepAt(emptied, 'cart').lines).toEqual([]);
  });

  it('from another step, the cart is shown without a removal message', () => {
    const out = answer(exampleState('line_summary'), { kind: 'cart', lines: [{ id: 'x', request: aNewLicenseRequest(), quote: aNewLicenseQuote() }], totals: totalsOf([]), customers: [null] });
    expect(out.replies).toHaveLength(1);
  });
});
