// My licenses and Invoices: paged lists, and renewing or upgrading from the list.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, last, press, said, type } from './drive';
import { aPerpetualLicense, aSession, aState, aTopLicense, anAnnualLicense, anExpiredLicense, exampleState, someInvoices, someLicenses } from './states';

describe('licenses', () => {
  const state = exampleState('licenses');

  it('the licenses answer shows the page with renew and upgrade buttons for a buyer', () => {
    const from = exampleState('menu');
    const out = answer(from, { kind: 'licenses', page: 0, result: { items: someLicenses(), total: 12 } });
    expectShown(from, out, { name: 'licenses', page: 0, total: 12, items: someLicenses() });
    expect(last(out).text.split('\n')[0]).toBe('Your licenses (1–5 of 12):');
    expect(said(out)).toContain('1. ABCD-EFGH-JKLM-NP23 — Professional 16 SC, expires 2027-06-14 (200 days left)\n   End customer: Acme BV');
    expect(said(out)).toContain('3. EXPD-2222-3333-4444 — Startup 4 SC, expires 2026-10-01 (expired 56 days ago)');
    // Upgrade only where it can succeed: not for the perpetual one (2nd), the expired one (3rd)
    // or one at the top edition and size.
    const upgradable = someLicenses().map((l, i) => (l.type === 'annual' && (l.expiresOn ?? '') >= '2026-11-26' && !(l.edition === 'enterprise' && l.sc === 1024) ? [`r.${i}`, `u.${i}`] : [`r.${i}`])).flat();
    expect(actionsOf(last(out))).toEqual([...upgradable, 'next', 'menu']);
  });

  it('Renew verifies the key for an annual renewal, or for maintenance when perpetual; Upgrade for an upgrade', () => {
    expectCommand(state, press(state, 'r.0'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
    expectCommand(state, press(state, 'r.1'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
    expectCommand(state, press(state, 'r.2'), { kind: 'verify', key: anExpiredLicense().key, purpose: 'renew_annual' });
    expectCommand(state, press(state, 'u.3'), { kind: 'verify', key: aTopLicense().key, purpose: 'upgrade' });
    expectCommand(state, type(state, 'Renew PERP…'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
  });

  it('Next and Previous ask for the neighbouring page, never below the first', () => {
    expectCommand(state, press(state, 'next'), { kind: 'licenses', page: 2 });
    expectCommand(state, press(state, 'prev'), { kind: 'licenses', page: 0 });
    const first = aState({ name: 'licenses', page: 0, total: 12, items: someLicenses() });
    expectCommand(first, press(first, 'prev'), { kind: 'licenses', page: 0 });
    expectCommand(state, press(state, 'menu'), { kind: 'menu' });
  });

  it('a line that is not on the page is not used', () => {
    const out = press(state, 'r.5');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.staleButton);
  });

  it('support sees the list without renew or upgrade buttons, and cannot use them', () => {
    const support = exampleState('licenses', { session: aSession('support') });
    expect(actionsOf(last(press(support, 'x', 0)))).toEqual(['prev', 'next', 'menu']);
    for (const action of ['r.0', 'u.0']) expect(press(support, action).command).toBeNull();
  });

  it('with no licenses it says so and offers the main menu', () => {
    const out = answer(exampleState('menu'), { kind: 'licenses', page: 0, result: { items: [], total: 0 } });
    expect(last(out).text).toBe(t.noLicenses);
    expect(actionsOf(last(out))).toEqual(['menu']);
  });
});

describe('invoices', () => {
  const state = exampleState('invoices');

  it('the invoices answer shows the page with its place in the list', () => {
    const from = exampleState('menu');
    const out = answer(from, { kind: 'invoices', page: 2, result: { items: someInvoices().slice(0, 2), total: 12 } });
    expectShown(from, out, { name: 'invoices', page: 2, total: 12, items: someInvoices().slice(0, 2) });
    expect(last(out).text).toBe(['Your invoices (11–12 of 12):', '11. 2026-001 — 2026-10-01, EUR 100.00, unpaid', '12. 2026-002 — 2026-10-01, EUR 200.00, paid on 2026-10-05'].join('\n'));
    expect(actionsOf(last(out))).toEqual(['prev', 'menu']);
  });

  it('Next and Previous ask for the neighbouring page', () => {
    expectCommand(state, press(state, 'next'), { kind: 'invoices', page: 2 });
    expectCommand(state, press(state, 'prev'), { kind: 'invoices', page: 0 });
    expectCommand(state, type(state, 'next ›'), { kind: 'invoices', page: 2 });
    expectCommand(state, press(state, 'menu'), { kind: 'menu' });
  });

  it('with no invoices it says so', () => {
    expect(last(answer(exampleState('menu'), { kind: 'invoices', page: 0, result: { items: [], total: 0 } })).text).toBe(t.noInvoices);
  });
});
