// The dashboard flow: the figures and bank details, and its two lists of notices (referral
// payments, monthly payments) whose entries can be removed.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, expectStale, labelsOf, last, message, press, type } from './drive';
import { ROLES, aDashboard, aSession, aState, asRole, exampleState } from './states';

describe('dashboard', () => {
  const state = exampleState('dashboard');
  const dashboard = aDashboard();

  it('the dashboard answer shows the figures and bank details, with the two lists of notices as buttons', () => {
    const menu = exampleState('menu');
    const out = answer(menu, { kind: 'dashboard', dashboard });
    expectShown(menu, out, { name: 'dashboard', dashboard });
    const text = last(out).text;
    expect(text).toContain('License keys: 12 in total, 10 active, 2 expiring within 30 days, 2 expired');
    expect(text).toContain('Invoices: 7, of which 1 unpaid (EUR 450.00)');
    expect(text).toContain('Referrals: 3; commission paid EUR 250.00, pending EUR 75.00');
    expect(text).toContain('IBAN: NL91ABNA0417164300');
    expect(text).toContain('Pay online from the order.');
    expect(labelsOf(last(out))).toEqual(['Referral payments (2)', 'Monthly payments (3)', t.toMenu]);
    expect(actionsOf(last(out))).toEqual(['dash.referrals', 'dash.monthly', 'nav.menu']);
  });

  it('every role sees the same dashboard', () => {
    for (const role of ROLES) expect(message(asRole(state, role))).toEqual(message(state));
  });

  it('Referral payments and Monthly payments show the notices of their kind, by button or by label', () => {
    expectShown(state, press(state, 'dash.referrals'), { name: 'notices', kind: 'referral_payment', dashboard });
    expectShown(state, press(state, 'dash.monthly'), { name: 'notices', kind: 'monthly_payment', dashboard });
    expectShown(state, type(state, 'monthly payments (3)'), { name: 'notices', kind: 'monthly_payment', dashboard });
  });

  it('a verb the dashboard does not have is not used', () => {
    for (const action of ['dash.remove.0', 'dash.other', 'notices.remove.0']) expectStale(state, press(state, action));
  });

  it('Main menu and /back ask for the menu', () => {
    expectCommand(state, press(state, 'nav.menu'), { kind: 'menu' });
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });
});

describe('notices', () => {
  const state = exampleState('notices');
  const dashboard = aDashboard();
  const referrals = aState({ name: 'notices', kind: 'referral_payment', dashboard });

  it('lists the notices of the kind shown, each with its Remove button', () => {
    const monthly = message(state);
    expect(monthly.text).toBe([
      'Monthly payments:', '1. 2026-11: EUR 900.00 in 2 paid invoices', '2. 2026-10: EUR 450.00 in 1 paid invoice', '3. 2026-09: EUR 300.00 in 1 paid invoice',
      '', 'Remove an entry to hide it from your dashboard.',
    ].join('\n'));
    expect(actionsOf(monthly)).toEqual(['notices.remove.0', 'notices.remove.1', 'notices.remove.2', 'nav.back', 'nav.menu']);
    expect(message(referrals).text).toContain('1. Globex BV: commission EUR 125.00 paid on 2026-11-02');
  });

  it('Remove n dismisses the n-th notice of the kind shown, by button or by label', () => {
    expectCommand(state, press(state, 'notices.remove.0'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-11' });
    expectCommand(state, press(state, 'notices.remove.2'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-09' });
    expectCommand(referrals, press(referrals, 'notices.remove.1'), { kind: 'dismiss_notice', notice: 'referral_payment', ref: 'ref-2' });
    expectCommand(state, type(state, 'Remove 2'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-10' });
  });

  it('a notice that is not in the list is not dismissed', () => {
    for (const action of ['notices.remove.3', 'notices.remove.x', 'notices.remove', 'notices.dismiss.0']) expectStale(state, press(state, action));
    expectStale(referrals, press(referrals, 'notices.remove.2'));
  });

  it('the dashboard answer after a dismissal stays on the notices, with the new list', () => {
    const fewer = aDashboard({ monthlyPayments: aDashboard().monthlyPayments.slice(1) });
    const out = answer(state, { kind: 'dashboard', dashboard: fewer });
    expectShown(state, out, { name: 'notices', kind: 'monthly_payment', dashboard: fewer });
    expect(actionsOf(last(out))).toEqual(['notices.remove.0', 'notices.remove.1', 'nav.back', 'nav.menu']);
  });

  it('with nothing left it says so, and offers only Back and Main menu', () => {
    const out = answer(state, { kind: 'dashboard', dashboard: aDashboard({ monthlyPayments: [] }) });
    expect(last(out).text).toBe('Monthly payments: nothing to show.');
    expect(actionsOf(last(out))).toEqual(['nav.back', 'nav.menu']);
  });

  it('Back and /back show the dashboard it came from, without asking the domain', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'dashboard', dashboard });
    expectShown(state, type(state, '/back'), { name: 'dashboard', dashboard });
  });

  it('a support user may remove notices too (the dashboard is for every role)', () => {
    const support = exampleState('notices', { session: aSession('support') });
    expectCommand(support, press(support, 'notices.remove.0'), { kind: 'dismiss_notice', notice: 'monthly_payment', ref: '2026-11' });
  });
});
