// From a quoted line to the cart: line_summary, added, cart, and the answers about them.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { formatMoney } from '../../../src/domain/pricing/money';
import { actionsOf, answer, expectCommand, expectShown, last, press, said, stepAt, type } from './drive';
import {
  aNewLicenseQuote,
  aNewLicenseRequest,
  aSession,
  aState,
  anExpiredLicense,
  emptyTotals,
  exampleState,
  someCartLines,
  totalsOf,
} from './states';

describe('line_summary', () => {
  const state = exampleState('line_summary');

  it('Add to cart adds the quoted request; View cart asks for the cart', () => {
    expectCommand(state, press(state, 'add'), { kind: 'add_to_cart', request: aNewLicenseRequest() });
    expectCommand(state, type(state, 'add to cart'), { kind: 'add_to_cart', request: aNewLicenseRequest() });
    expectCommand(state, press(state, 'cart'), { kind: 'cart' });
  });

  it('a sales user may add to the cart too', () => {
    const sales = exampleState('line_summary', { session: aSession('sales') });
    expectCommand(sales, press(sales, 'add'), { kind: 'add_to_cart', request: aNewLicenseRequest() });
  });
});

describe('added', () => {
  const summary = exampleState('line_summary');

  it('added: says what was added and how many lines the cart has now', () => {
    const line = someCartLines()[0];
    if (!line) throw new Error('no line');
    const out = answer(summary, { kind: 'added', result: { kind: 'added', line, lineCount: 3 } });
    expectShown(summary, out, { name: 'added', quote: line.quote });
    expect(out.state.session?.cartCount).toBe(3);
    expect(last(out).text).toBe(t.added(line.quote.description, 3));
    expect(actionsOf(last(out))).toEqual(['cart', 'buy', 'menu']);
  });

  it('cart_full and duplicate_key: say so and keep the summary', () => {
    const full = answer(summary, { kind: 'added', result: { kind: 'cart_full' } });
    expectShown(summary, full, summary.step);
    expect(full.replies[0]?.text).toBe(t.cartFull);
    const duplicate = answer(summary, { kind: 'added', result: { kind: 'duplicate_key', licenseKey: 'ABCD-EFGH-JKLM-NP23' } });
    expectShown(summary, duplicate, summary.step);
    expect(duplicate.replies[0]?.text).toBe(t.duplicateKey('ABCD-EFGH-JKLM-NP23'));
  });

  it('not_allowed: refused by role, at the menu', () => {
    const support = exampleState('line_summary', { session: aSession('support') });
    const out = answer(support, { kind: 'added', result: { kind: 'not_allowed' } });
    expectShown(support, out, { name: 'menu' });
    expect(out.replies[0]?.text).toBe(t.notAllowed('support'));
  });

  it('refused: says why and goes back to the buy step', () => {
    const out = answer(summary, { kind: 'added', result: { kind: 'refused', quote: { kind: 'expired', license: anExpiredLicense() } } });
    expectShown(summary, out, { name: 'buy' });
    expect(said(out)).toContain('expired');
  });

  it('at the added step, View cart asks for the cart, Buy more shows the buy step, Main menu asks for the menu', () => {
    const state = exampleState('added');
    expectCommand(state, press(state, 'cart'), { kind: 'cart' });
    expectShown(state, press(state, 'buy'), { name: 'buy' });
    expectShown(state, type(state, 'buy more'), { name: 'buy' });
    expectCommand(state, press(state, 'menu'), { kind: 'menu' });
  });
});

describe('cart', () => {
  const state = exampleState('cart');

  it('Remove n removes the n-th line by its id', () => {
    expectCommand(state, press(state, 'rm.0'), { kind: 'remove_line', lineId: 'line-1' });
    expectCommand(state, press(state, 'rm.2'), { kind: 'remove_line', lineId: 'line-3' });
    expectCommand(state, type(state, 'remove 2'), { kind: 'remove_line', lineId: 'line-2' });
  });

  it('a line that is not in the cart is not removed', () => {
    const out = press(state, 'rm.3');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.staleButton);
  });

  it('Add more shows the buy step; Empty cart empties it; Proceed to checkout prices it again; Main menu', () => {
    expectShown(state, press(state, 'more'), { name: 'buy' });
    expectCommand(state, press(state, 'empty'), { kind: 'empty_cart' });
    expectCommand(state, press(state, 'go'), { kind: 'requote' });
    expectCommand(state, type(state, 'Proceed to checkout'), { kind: 'requote' });
    expectCommand(state, press(state, 'menu'), { kind: 'menu' });
  });

  it('shows every line with its list and net amount and the totals', () => {
    const text = last(press(state, 'x', 0)).text;
    expect(text).toContain('1. Professional 16 SC, 2 licenses, 2 years\n   EUR 2,380.00, after partner discount EUR 1,785.00');
    expect(text).toContain(`Total: ${formatMoney(totalsOf().totalCents, 'EUR')}`);
    expect(actionsOf(last(press(state, 'x', 0)))).toEqual(['rm.0', 'rm.1', 'rm.2', 'more', 'empty', 'go', 'menu']);
  });

  it('an empty cart offers Buy and Main menu', () => {
    const empty = aState({ name: 'cart', lines: [], totals: emptyTotals() });
    expect(last(press(empty, 'x', 0)).text).toBe(t.cartEmpty);
    expectShown(empty, press(empty, 'buy'), { name: 'buy' });
    expectCommand(empty, press(empty, 'menu'), { kind: 'menu' });
  });
});

describe('the cart answer', () => {
  const lines = someCartLines();

  it('shows the cart and keeps the session\'s cart count', () => {
    const from = exampleState('menu');
    const out = answer(from, { kind: 'cart', lines, totals: totalsOf(lines) });
    expectShown(from, out, { name: 'cart', lines, totals: totalsOf(lines) });
    expect(out.state.session?.cartCount).toBe(3);
    expect(out.replies).toHaveLength(1);
  });

  it('after a removal says the line was removed; after emptying says the cart is empty', () => {
    const cart = exampleState('cart');
    const fewer = lines.slice(1);
    const removed = answer(cart, { kind: 'cart', lines: fewer, totals: totalsOf(fewer) });
    expect(removed.replies.map((r) => r.text)[0]).toBe(t.lineRemoved);
    expect(removed.state.session?.cartCount).toBe(2);
    const emptied = answer(cart, { kind: 'cart', lines: [], totals: emptyTotals() });
    expect(emptied.replies[0]?.text).toBe(t.cartEmptied);
    expect(emptied.state.session?.cartCount).toBe(0);
    expect(stepAt(emptied, 'cart').lines).toEqual([]);
  });

  it('from the summary, the cart is shown without a removal message', () => {
    const out = answer(exampleState('line_summary'), { kind: 'cart', lines: [{ id: 'x', request: aNewLicenseRequest(), quote: aNewLicenseQuote() }], totals: totalsOf([]) });
    expect(out.replies).toHaveLength(1);
  });
});
