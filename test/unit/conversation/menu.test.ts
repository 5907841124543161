// The menu flow: the main menu, the Buy menu, where a typed place ("cart", "expiring",
// "checkout") leads, the global commands, and what each role may do there.
import { resellerOf } from '../../../src/conversation/session';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/accounts/roles';
import type { Command } from '../../../src/conversation/commands';
import type { Step } from '../../../src/conversation/state';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectRefused, expectShown, expectStale, labelsOf, last, message, press, type } from './drive';
import { aSession, asRole, exampleState } from './states';

const atMenu = (role: Role = 'owner') => exampleState('menu', { session: aSession(role) });

describe('menu', () => {
  const state = atMenu();

  it.each([
    ['menu.dashboard', { kind: 'dashboard' }],
    ['menu.cart', { kind: 'cart' }],
    ['menu.licenses', { kind: 'licenses', page: 0, filter: 'all' }],
    ['menu.invoices', { kind: 'invoices', page: 0 }],
    ['menu.orders', { kind: 'orders', page: 0 }],
    ['menu.logout', { kind: 'logout' }],
  ])('%s asks the domain for %j', (action, command) => {
    expectCommand(state, press(state, action), command);
  });

  it('Buy and Help show their step without asking the domain', () => {
    expectShown(state, press(state, 'menu.buy'), { name: 'buy' });
    expectShown(state, press(state, 'menu.help'), { name: 'help' });
  });

  it('a verb the menu does not have is not used', () => {
    for (const action of ['menu.admin', 'menu.menu', 'menu.checkout', 'menu.expiring']) expectStale(state, press(state, action));
  });

  it('a typed button label, in any case, is the same as pressing it', () => {
    expectCommand(state, type(state, 'dashboard'), { kind: 'dashboard' });
    expectCommand(state, type(state, 'My Licenses'), { kind: 'licenses', page: 0, filter: 'all' });
    expectCommand(state, type(state, 'Cart (2)'), { kind: 'cart' });
    expectShown(state, type(state, ' Buy '), { name: 'buy' });
  });

  it('/menu and /start ask for the menu; /help shows help; /cart asks for the cart', () => {
    expectCommand(state, type(state, '/menu'), { kind: 'menu' });
    expectCommand(state, type(state, '/start'), { kind: 'menu' });
    expectCommand(state, type(state, '/cart'), { kind: 'cart' });
    expectShown(state, type(state, '/help'), { name: 'help' });
  });

  it('/back and /cancel at the menu ask for the menu again', () => {
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
    expect(type(state, '/cancel').command).toEqual({ kind: 'menu' });
  });

  it('the menu answer shows the menu with the cart count, wherever it arrives', () => {
    const cart = exampleState('cart');
    const out = answer(cart, { kind: 'menu', cartCount: 5 });
    expectShown(cart, out, { name: 'menu' });
    expect(resellerOf(out.state)?.cartCount).toBe(5);
    expect(last(out).text).toBe(t.menu.title);
    expect(labelsOf(last(out))).toContain('Cart (5)');
    expect(labelsOf(last(answer(state, { kind: 'menu', cartCount: 0 })))).toContain('Cart');
  });

  it('the not_allowed answer goes to the menu and names the role', () => {
    const state = exampleState('line_summary', { session: aSession('sales') });
    expectRefused(state, answer(state, { kind: 'not_allowed' }), t.notAllowed('sales'));
  });
});

describe('the menu of each role', () => {
  it.each([
    ['owner', ['menu.dashboard', 'menu.buy', 'menu.cart', 'menu.licenses', 'menu.customers', 'menu.orders', 'menu.invoices', 'menu.team', 'menu.help', 'menu.logout']],
    ['purchase', ['menu.dashboard', 'menu.buy', 'menu.cart', 'menu.licenses', 'menu.customers', 'menu.orders', 'menu.invoices', 'menu.help', 'menu.logout']],
    ['sales', ['menu.dashboard', 'menu.buy', 'menu.cart', 'menu.licenses', 'menu.customers', 'menu.help', 'menu.logout']],
    ['support', ['menu.dashboard', 'menu.licenses', 'menu.customers', 'menu.help', 'menu.logout']],
  ] as const)('%s is offered %j', (role, actions) => {
    expect(actionsOf(last(answer(atMenu(role), { kind: 'menu', cartCount: 0 })))).toEqual(actions);
  });

  it('support pressing Buy or Cart, typing /cart or typing "Buy" (a button it does not have) is refused for its role', () => {
    const state = atMenu('support');
    for (const out of [press(state, 'menu.buy'), press(state, 'menu.cart'), type(state, '/cart'), type(state, 'Buy')]) {
      expectRefused(state, out, t.notAllowed('support'));
    }
  });

  it('sales pressing Invoices (a button it is not offered) is refused', () => {
    const state = atMenu('sales');
    expectRefused(state, press(state, 'menu.invoices'), t.notAllowed('sales'));
  });

  it('sales and support pressing Orders (a button they are not offered) are refused: an order\'s figures are its invoice\'s', () => {
    for (const role of ['sales', 'support'] as const) {
      const state = atMenu(role);
      expectRefused(state, press(state, 'menu.orders'), t.notAllowed(role));
    }
  });

  it('every role may see the dashboard, the licenses and help, and log out', () => {
    for (const role of ['owner', 'purchase', 'sales', 'support'] as const) {
      expect(press(atMenu(role), 'menu.dashboard').command).toEqual({ kind: 'dashboard' });
      expect(press(atMenu(role), 'menu.licenses').command).toEqual({ kind: 'licenses', page: 0, filter: 'all' });
      expect(press(atMenu(role), 'menu.help').state.step).toEqual({ name: 'help' });
      expect(press(atMenu(role), 'menu.logout').command).toEqual({ kind: 'logout' });
    }
  });
});

describe('buy', () => {
  const state = exampleState('buy');

  it('offers the four kinds of purchase and a Back button', () => {
    const shown = message(state);
    expect(shown.text).toBe(t.menu.buyTitle);
    expect(actionsOf(shown)).toEqual(['buy.new', 'buy.upgrade', 'buy.renew', 'buy.maintenance', 'nav.back']);
    expect(labelsOf(shown)).toEqual([t.lineKinds.new_license, t.lineKinds.upgrade, t.lineKinds.renew_annual, t.lineKinds.renew_maintenance, t.back]);
  });

  it('New license asks for the edition with an empty draft; the three others ask for a key for their purpose', () => {
    expectShown(state, press(state, 'buy.new'), { name: 'new_edition', draft: {} });
    expectShown(state, press(state, 'buy.upgrade'), { name: 'key_entry', purpose: 'upgrade', offers: [] });
    expectShown(state, press(state, 'buy.renew'), { name: 'key_entry', purpose: 'renew_annual', offers: [] });
    expectShown(state, press(state, 'buy.maintenance'), { name: 'key_entry', purpose: 'renew_maintenance', offers: [] });
  });

  it('a typed label works as the button', () => {
    expectShown(state, type(state, 'renew maintenance'), { name: 'key_entry', purpose: 'renew_maintenance', offers: [] });
    expectShown(state, type(state, 'New License'), { name: 'new_edition', draft: {} });
  });

  it('a verb the Buy menu does not have is not used', () => {
    for (const action of ['buy.other', 'buy.renew_annual', 'menu.buy']) expectStale(state, press(state, action));
  });

  it('Back and /back ask for the main menu', () => {
    expectCommand(state, press(state, 'nav.back'), { kind: 'menu' });
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });

  it.each(['sales', 'purchase'] as const)('%s may buy', (role) => {
    const sales = asRole(state, role);
    expectShown(sales, press(sales, 'buy.new'), { name: 'new_edition', draft: {} });
  });

  it('support is refused at every purchase', () => {
    const support = asRole(state, 'support');
    for (const action of ['buy.new', 'buy.upgrade', 'buy.renew', 'buy.maintenance']) expectRefused(support, press(support, action), t.notAllowed('support'));
  });
});

/** Where a typed place leads, for each role: a command, a step shown, or a refusal. */
type Lead = { run: Command } | { show: Step } | { refused: string };

const PLACES: Array<[string, Record<Role, Lead>]> = [
  ['dashboard', { owner: { run: { kind: 'dashboard' } }, purchase: { run: { kind: 'dashboard' } }, sales: { run: { kind: 'dashboard' } }, support: { run: { kind: 'dashboard' } } }],
  ['shop', { owner: { show: { name: 'buy' } }, purchase: { show: { name: 'buy' } }, sales: { show: { name: 'buy' } }, support: { refused: t.notAllowed('support') } }],
  ['show my basket', { owner: { run: { kind: 'cart' } }, purchase: { run: { kind: 'cart' } }, sales: { run: { kind: 'cart' } }, support: { refused: t.notAllowed('support') } }],
  ['checkout', { owner: { run: { kind: 'requote' } }, purchase: { run: { kind: 'requote' } }, sales: { run: { kind: 'requote' } }, support: { refused: t.notAllowed('support') } }],
  ['my licenses', {
    owner: { run: { kind: 'licenses', page: 0, filter: 'all' } }, purchase: { run: { kind: 'licenses', page: 0, filter: 'all' } },
    sales: { run: { kind: 'licenses', page: 0, filter: 'all' } }, support: { run: { kind: 'licenses', page: 0, filter: 'all' } },
  }],
  ['expiring', {
    owner: { run: { kind: 'licenses', page: 0, filter: 'expiring' } }, purchase: { run: { kind: 'licenses', page: 0, filter: 'expiring' } },
    sales: { run: { kind: 'licenses', page: 0, filter: 'expiring' } }, support: { run: { kind: 'licenses', page: 0, filter: 'expiring' } },
  }],
  ['invoices', { owner: { run: { kind: 'invoices', page: 0 } }, purchase: { run: { kind: 'invoices', page: 0 } }, sales: { refused: t.notAllowed('sales') }, support: { refused: t.notAllowed('support') } }],
  ['log out', { owner: { run: { kind: 'logout' } }, purchase: { run: { kind: 'logout' } }, sales: { run: { kind: 'logout' } }, support: { run: { kind: 'logout' } } }],
  ['go to the main menu', { owner: { run: { kind: 'menu' } }, purchase: { run: { kind: 'menu' } }, sales: { run: { kind: 'menu' } }, support: { run: { kind: 'menu' } } }],
];

describe.each(PLACES)('typing %j, from a step that has no such button', (text, leads) => {
  it.each(['owner', 'purchase', 'sales', 'support'] as const)('as %s', (role) => {
    const state = exampleState('invoices', { session: aSession(role) });
    const out = type(state, text);
    const lead = leads[role];
    if ('run' in lead) expectCommand(state, out, lead.run);
    else if ('show' in lead) expectShown(state, out, lead.show);
    else expectRefused(state, out, lead.refused);
  });
});
