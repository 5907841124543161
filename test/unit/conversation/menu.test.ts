// The main menu, the dashboard and its notices, help, roles, and the global commands.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/accounts/roles';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, labelsOf, last, press, said, type } from './drive';
import { aDashboard, aSession, aState, exampleState } from './states';

function asRole(role: Role, name: Parameters<typeof exampleState>[0] = 'menu') {
  return exampleState(name, { session: aSession(role) });
}

describe('menu', () => {
  const state = exampleState('menu');

  it.each([
    ['dash', { kind: 'dashboard' }],
    ['cart', { kind: 'cart' }],
    ['lic', { kind: 'licenses', page: 0 }],
    ['inv', { kind: 'invoices', page: 0 }],
    ['out', { kind: 'logout' }],
    ['menu', { kind: 'menu' }],
  ])('%s asks the domain for %j', (action, command) => {
    expectCommand(state, press(state, action), command);
  });

  it('Buy and Help show their step without asking the domain', () => {
    expectShown(state, press(state, 'buy'), { name: 'buy' });
    expectShown(state, press(state, 'help'), { name: 'help' });
  });

  it('a typed button label, in any case, is the same as pressing it', () => {
    expectCommand(state, type(state, 'dashboard'), { kind: 'dashboard' });
    expectCommand(state, type(state, 'My Licenses'), { kind: 'licenses', page: 0 });
    expectCommand(state, type(state, 'Cart (2)'), { kind: 'cart' });
    expectShown(state, type(state, ' Buy '), { name: 'buy' });
  });

  it('/menu and /start ask for the menu; /help shows help; /cart asks for the cart', () => {
    expectCommand(state, type(state, '/menu'), { kind: 'menu' });
    expectCommand(state, type(state, '/start'), { kind: 'menu' });
    expectCommand(state, type(state, '/cart'), { kind: 'cart' });
    expectShown(state, type(state, '/help'), { name: 'help' });
  });

  it('the menu answer shows the menu with the cart count', () => {
    const out = answer(exampleState('cart'), { kind: 'menu', cartCount: 5 });
    expectShown(exampleState('cart'), out, { name: 'menu' });
    expect(out.state.session?.cartCount).toBe(5);
    expect(labelsOf(last(out))).toContain('Cart (5)');
    expect(labelsOf(last(answer(state, { kind: 'menu', cartCount: 0 })))).toContain('Cart');
  });
});

describe('roles', () => {
  it.each([
    ['owner', ['dash', 'buy', 'cart', 'lic', 'inv', 'help', 'out']],
    ['purchase', ['dash', 'buy', 'cart', 'lic', 'inv', 'help', 'out']],
    ['sales', ['dash', 'buy', 'cart', 'lic', 'help', 'out']],
    ['support', ['dash', 'lic', 'help', 'out']],
  ] as const)('the menu of %s offers %j', (role, actions) => {
    const out = answer(asRole(role), { kind: 'menu', cartCount: 0 });
    expect(actionsOf(last(out))).toEqual(actions);
  });

  it('support pressing Buy or Cart, or typing /cart, is refused with its role named and no command', () => {
    const state = asRole('support');
    for (const out of [press(state, 'buy'), press(state, 'cart'), type(state, '/cart')]) {
      expectShown(state, out, { name: 'menu' });
      expect(out.replies[0]?.text).toBe(t.notAllowed('support'));
    }
  });

  it('support typing "Buy" (a button it does not have) is refused for its role', () => {
    const out = type(asRole('support'), 'Buy');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.notAllowed('support'));
  });

  it('support is refused at the buy step too', () => {
    const state = asRole('support', 'buy');
    for (const action of ['new', 'upg', 'ren', 'mnt']) {
      const out = press(state, action);
      expectShown(state, out, { name: 'menu' });
      expect(out.replies[0]?.text).toBe(t.notAllowed('support'));
    }
  });

  it('sales pressing Invoices is refused', () => {
    const state = asRole('sales');
    const out = press(state, 'inv');
    expectShown(state, out, { name: 'menu' });
    expect(out.replies[0]?.text).toBe(t.notAllowed('sales'));
  });

  it('sales pressing "Proceed to checkout" is told an owner or purchase user places orders, with no command', () => {
    const state = asRole('sales', 'cart');
    const out = press(state, 'go');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.cannotPlaceOrder('sales'));
    expect(said(out)).toMatch(/owner or purchase user/);
    expect(type(state, 'Proceed to checkout').command).toBeNull();
  });

  it.each(['owner', 'purchase'] as const)('%s pressing "Proceed to checkout" has the cart priced again', (role) => {
    const state = asRole(role, 'cart');
    expectCommand(state, press(state, 'go'), { kind: 'requote' });
  });

  it('every role may see the dashboard and the licenses', () => {
    for (const role of ['owner', 'purchase', 'sales', 'support'] as const) {
      expect(press(asRole(role), 'dash').command).toEqual({ kind: 'dashboard' });
      expect(press(asRole(role), 'lic').command).toEqual({ kind: 'licenses', page: 0 });
    }
  });

  it('the not_allowed answer goes to the menu and names the role', () => {
    const state = asRole('sales', 'line_summary');
    const out = answer(state, { kind: 'not_allowed' });
    expectShown(state, out, { name: 'menu' });
    expect(out.replies[0]?.text).toBe(t.notAllowed('sales'));
  });
});

describe('dashboard', () => {
  const state = exampleState('dashboard');
  const dashboard = aDashboard();

  it('shows the figures with the referral and monthly payments as buttons', () => {
    const out = answer(exampleState('menu'), { kind: 'dashboard', dashboard });
    expectShown(exampleState('menu'), out, { name: 'dashboard', dashboard });
    expect(last(out).text).toContain('License keys: 12 in total, 10 active, 2 expiring within 30 days, 2 expired');
    expect(labelsOf(last(out))).toEqual(['Referral payments (2)', 'Monthly payments (3)', t.toMenu]);
  });

  it('nref and nmon show the notices of their kind', () => {
    expectShown(state, press(state, 'nref'), { name: 'notices', kind: 'referral_payment', dashboard });
    expectShown(state, press(state, 'nmon'), { name: 'notices', kind: 'monthly_payment', dashboard });
  });

  it('Main menu asks for the menu', () => {
    expectCommand(state, press(state, 'menu'), { kind: 'menu' });
  });
});

describe('notices', () => {
  const state = exampleState('notices');
  const dashboard = aDashboard();

  it('Remove n dismisses the n-th notice of the kind shown', () => {
    expectCommand(state, press(state, 'rm.0'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-11' });
    expectCommand(state, press(state, 'rm.2'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-09' });
    const referrals = aState({ name: 'notices', kind: 'referral_payment', dashboard });
    expectCommand(referrals, press(referrals, 'rm.1'), { kind: 'dismiss_notice', notice: 'referral_payment', ref: 'ref-2' });
    expectCommand(state, type(state, 'Remove 2'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-10' });
  });

  it('a notice that is not in the list is not dismissed', () => {
    const out = press(state, 'rm.3');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.staleButton);
  });

  it('the dashboard answer after a dismissal stays on the notices, with the new list', () => {
    const fewer = aDashboard({ monthlyPayments: aDashboard().monthlyPayments.slice(1) });
    const out = answer(state, { kind: 'dashboard', dashboard: fewer });
    expectShown(state, out, { name: 'notices', kind: 'monthly_payment', dashboard: fewer });
    expect(actionsOf(last(out))).toEqual(['rm.0', 'rm.1', 'back', 'menu']);
  });

  it('with nothing left it says so', () => {
    const out = answer(state, { kind: 'dashboard', dashboard: aDashboard({ monthlyPayments: [] }) });
    expect(last(out).text).toBe('Monthly payments: nothing to show.');
  });
});

describe('help', () => {
  const state = exampleState('help');

  it('shows the help with a Main menu button that asks for the menu', () => {
    expect(last(press(state, 'x', 0)).text).toBe(t.help);
    expectCommand(state, press(state, 'menu'), { kind: 'menu' });
    expectCommand(state, type(state, 'main menu'), { kind: 'menu' });
  });

  it('is reachable from every step with /help, which keeps the session', () => {
    for (const name of ['cart', 'new_customer', 'checkout_review'] as const) {
      const from = exampleState(name);
      const out = type(from, '/help');
      expectShown(from, out, { name: 'help' });
      expect(out.state.session).toEqual(from.session);
    }
  });
});
