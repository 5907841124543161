// The invoices flow: the reseller's invoices, paged, with their status and amount.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectRefused, expectShown, expectStale, last, message, press, type } from './drive';
import { aSession, aState, exampleState, someInvoices } from './states';

describe('invoices', () => {
  const state = exampleState('invoices');

  it('the invoices answer shows the page with its place in the list, each invoice\'s date, amount and status', () => {
    const menu = exampleState('menu');
    const out = answer(menu, { kind: 'invoices', page: 2, result: { items: someInvoices().slice(0, 2), total: 12 } });
    expectShown(menu, out, { name: 'invoices', page: 2, total: 12, items: someInvoices().slice(0, 2) });
    expect(last(out).text).toBe(['Your invoices (11–12 of 12):', '11. 2026-001 — 2026-10-01, EUR 100.00, unpaid, due 2026-10-15', '12. 2026-002 — 2026-10-01, EUR 200.00, paid on 2026-10-05'].join('\n'));
    expect(actionsOf(last(out))).toEqual(['invoices.open.0', 'invoices.open.1', 'invoices.page.1', 'invoices.statement', 'nav.menu']);
  });

  it('a void (cancelled) invoice says so', () => {
    const voided = aState({ name: 'invoices', page: 0, total: 1, items: someInvoices().slice(0, 1).map((inv) => ({ ...inv, status: 'void' as const })) });
    expect(message(voided).text).toBe('Your invoices (1–1 of 1):\n1. 2026-001 — 2026-10-01, EUR 100.00, cancelled');
  });

  it('Next and Previous ask for the neighbouring page, by button or label; Main menu asks for the menu', () => {
    expect(actionsOf(message(state))).toEqual(['invoices.open.0', 'invoices.open.1', 'invoices.open.2', 'invoices.open.3', 'invoices.open.4', 'invoices.page.0', 'invoices.page.2', 'invoices.statement', 'nav.menu']);
    expectCommand(state, press(state, 'invoices.page.2'), { kind: 'invoices', page: 2 });
    expectCommand(state, press(state, 'invoices.page.0'), { kind: 'invoices', page: 0 });
    expectCommand(state, type(state, 'next ›'), { kind: 'invoices', page: 2 });
    expectCommand(state, type(state, '‹ previous'), { kind: 'invoices', page: 0 });
    expectCommand(state, press(state, 'nav.menu'), { kind: 'menu' });
  });

  it('the first page offers only Next; a page that is not a number is not used', () => {
    const first = aState({ name: 'invoices', page: 0, total: 12, items: someInvoices() });
    expect(actionsOf(message(first))).toEqual(['invoices.open.0', 'invoices.open.1', 'invoices.open.2', 'invoices.open.3', 'invoices.open.4', 'invoices.page.1', 'invoices.statement', 'nav.menu']);
    for (const action of ['invoices.page.x', 'invoices.page', 'invoices.page.-1', 'invoices.open.9', 'invoices.pay.card']) expectStale(first, press(first, action));
  });

  it('with no invoices it says so and offers the main menu', () => {
    const out = answer(exampleState('menu'), { kind: 'invoices', page: 0, result: { items: [], total: 0 } });
    expect(last(out).text).toBe(t.invoices.none);
    expect(actionsOf(last(out))).toEqual(['nav.menu']);
  });

  it('/back asks for the main menu', () => {
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });

  it.each(['owner', 'purchase'] as const)('%s may see the invoices', (role) => {
    const menu = exampleState('menu', { session: aSession(role) });
    expectCommand(menu, press(menu, 'menu.invoices'), { kind: 'invoices', page: 0 });
  });

  it.each(['sales', 'support'] as const)('%s is refused the invoices, by button or by word', (role) => {
    const menu = exampleState('menu', { session: aSession(role) });
    expectRefused(menu, press(menu, 'menu.invoices'), t.notAllowed(role));
    expectRefused(menu, type(menu, 'show my invoices'), t.notAllowed(role));
  });
});
