// The quote flow, the end of every purchase: the quoted line (line_summary) with Add to cart,
// what was added (added), the answers `quoted` and `added`, and how a line is worded.
import { resellerOf } from '../../../src/conversation/session';
import { describe, expect, it } from 'vitest';
import type { LineQuote } from '../../../src/domain/pricing/line';
import { formatMoney } from '../../../src/domain/pricing/money';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectRefused, expectShown, expectStale, last, message, press, said, stepAt, type } from './drive';
import {
  EXAMPLE_STEPS,
  aNewLicenseQuote,
  aNewLicenseRequest,
  aPerpetualLicense,
  aRenewalQuote,
  aRenewalRequest,
  aSession,
  aState,
  anAnnualLicense,
  anExpiredLicense,
  anUpgradeQuote,
  anUpgradeRequest,
  asRole,
  exampleState,
  someCartLines,
} from './states';

describe('t.describeLine words each kind of line as the domain used to', () => {
  const KEY = 'ABCD-EFGH-JKLM-NP23';
  it.each<[string, LineQuote]>([
    ['Professional 16 SC, 2 licenses, 2 years', { kind: 'new_license', listCents: 238_000, unitPriceCents: 59_500, quantity: 2, years: 2, edition: 'professional', sc: 16 }],
    ['Startup 4 SC, 1 license, 1 year', { kind: 'new_license', listCents: 1, unitPriceCents: 1, quantity: 1, years: 1, edition: 'startup', sc: 4 }],
    [`Upgrade ${KEY}: Professional 16 SC to Professional 32 SC, 200 days remaining`, {
      kind: 'upgrade', listCents: 1, unitPriceCents: 1, remainingDays: 200, years: 0, quantity: 1, edition: 'professional', sc: 32, licenseKey: KEY, fromEdition: 'professional', fromSc: 16,
    }],
    [`Upgrade ${KEY}: Startup 4 SC to Enterprise 8 SC, 1 day remaining`, {
      kind: 'upgrade', listCents: 1, unitPriceCents: 1, remainingDays: 1, edition: 'enterprise', sc: 8, licenseKey: KEY, fromEdition: 'startup', fromSc: 4,
    }],
    [`Renew ${KEY}: Professional 16 SC, 2 years`, { kind: 'renew_annual', listCents: 1, unitPriceCents: 1, years: 2, quantity: 1, edition: 'professional', sc: 16, licenseKey: KEY }],
    [`Renew ${KEY}: Professional 16 SC, 1 year`, { kind: 'renew_annual', listCents: 1, unitPriceCents: 1, years: 1, edition: 'professional', sc: 16, licenseKey: KEY }],
    ['Renew maintenance PERP-0000-1111-2222: Enterprise 32 SC, 2 years', { kind: 'renew_maintenance', listCents: 1, unitPriceCents: 1, years: 2, edition: 'enterprise', sc: 32, licenseKey: 'PERP-0000-1111-2222' }],
  ])('%s', (words, quote) => {
    expect(t.describeLine(quote)).toBe(words);
  });

  it('a quote of the real price list carries what its words need', () => {
    expect(t.describeLine(aNewLicenseQuote())).toBe('Professional 16 SC, 2 licenses, 2 years');
    expect(t.describeLine(anUpgradeQuote(anAnnualLicense(), 'professional', 32))).toBe(`Upgrade ${KEY}: Professional 16 SC to Professional 32 SC, 200 days remaining`);
    expect(t.describeLine(aRenewalQuote(anAnnualLicense(), 2))).toBe(`Renew ${KEY}: Professional 16 SC, 2 years`);
    expect(t.describeLine(aRenewalQuote(aPerpetualLicense(), 2))).toBe('Renew maintenance PERP-0000-1111-2222: Enterprise 32 SC, 2 years');
  });
});

describe('line_summary', () => {
  const state = exampleState('line_summary');

  it('shows the line, its end customer, list price, the partner discount to come and the expiry, with Add to cart and View cart', () => {
    const shown = message(state);
    expect(shown.text).toBe([
      'Professional 16 SC, 2 licenses, 2 years',
      'End customer: Customer 1 BV',
      'List price: EUR 2,380.00',
      'Your partner discount (25 %) is applied in the cart.',
      'The keys expire on 2028-11-26 if paid today.',
    ].join('\n'));
    expect(actionsOf(shown)).toEqual(['quote.add', 'quote.cart', 'nav.back', 'nav.cancel']);
  });

  it('words each kind of line: upgrade (prorated, expiry unchanged), renewal (new expiry), maintenance (new date)', () => {
    const upgrade = message(aState({ name: 'line_summary', request: anUpgradeRequest(), quote: anUpgradeQuote(), customerName: null, from: { name: 'menu' } }));
    expect(upgrade.text).toContain('Prorated for 200 days until the license expires');
    expect(upgrade.text).toContain('The expiry date stays 2027-06-14.');
    expect(upgrade.text).not.toContain('End customer');
    const renewal = message(aState({ name: 'line_summary', request: aRenewalRequest(), quote: aRenewalQuote(), customerName: 'Acme BV', from: { name: 'menu' } }));
    expect(renewal.text).toContain(`New expiry date: ${aRenewalQuote().newExpiresOn}`);
    const maintenance = message(aState({ name: 'line_summary', request: aRenewalRequest(aPerpetualLicense()), quote: aRenewalQuote(aPerpetualLicense()), customerName: null, from: { name: 'menu' } }));
    expect(maintenance.text).toContain(`New maintenance date: ${aRenewalQuote(aPerpetualLicense()).newMaintenanceUntil}`);
  });

  it('a reseller without a partner discount is not told about one', () => {
    const noDiscount = exampleState('line_summary', { session: aSession('owner', { discountBp: 0 }) });
    expect(message(noDiscount).text).not.toContain('partner discount');
  });

  it('Add to cart adds the quoted request; View cart asks for the cart', () => {
    expectCommand(state, press(state, 'quote.add'), { kind: 'add_to_cart', request: aNewLicenseRequest() });
    expectCommand(state, type(state, 'add to cart'), { kind: 'add_to_cart', request: aNewLicenseRequest() });
    expectCommand(state, press(state, 'quote.cart'), { kind: 'cart' });
  });

  it('a verb the summary does not have is not used', () => {
    for (const action of ['quote.more', 'quote.remove.0', 'quote.added']) expectStale(state, press(state, action));
  });

  it.each(['sales', 'purchase'] as const)('a %s user may add to the cart too', (role) => {
    const other = asRole(state, role);
    expectCommand(other, press(other, 'quote.add'), { kind: 'add_to_cart', request: aNewLicenseRequest() });
  });

  it('Back shows the step the quote was asked from; /back too', () => {
    const from = EXAMPLE_STEPS.line_summary().from;
    expectShown(state, press(state, 'nav.back'), from);
    expectShown(state, type(state, '/back'), from);
  });
});

describe('quoted', () => {
  it('ok: the summary remembers the step it was asked from, for Back', () => {
    const from = exampleState('renew_years');
    const out = answer(from, { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'ok', quote: aRenewalQuote() }, customerName: 'Acme BV' });
    expectShown(from, out, { name: 'line_summary', request: aRenewalRequest(), quote: aRenewalQuote(), customerName: 'Acme BV', from: from.step });
  });

  it('ok for a key already in orders waiting for payment: the note first, then the same summary', () => {
    const from = exampleState('renew_years');
    const out = answer(from, { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'ok', quote: aRenewalQuote() }, customerName: null, waitingOrders: [3, 7] });
    expectShown(from, out, { name: 'line_summary', request: aRenewalRequest(), quote: aRenewalQuote(), customerName: null, from: from.step });
    expect(out.replies[0]?.text).toBe(t.quote.keyInWaitingOrder([3, 7]));
    expect(t.quote.keyInWaitingOrder([3, 7])).toMatch(/^Note: this key is already in orders 3 and 7, which wait for payment\./);
    const none = answer(from, { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'ok', quote: aRenewalQuote() }, customerName: null, waitingOrders: [] });
    expect(none.replies).toHaveLength(1);
  });

  it('ok at the summary itself (quoted again): keeps where the first quote was asked from', () => {
    const summary = exampleState('line_summary');
    const out = answer(summary, { kind: 'quoted', request: aNewLicenseRequest(), result: { kind: 'ok', quote: aNewLicenseQuote() }, customerName: null });
    expect(stepAt(out, 'line_summary').from).toEqual(EXAMPLE_STEPS.line_summary().from);
  });

  it('ok for an upgrade asked for from the SC: Back leads there', () => {
    const from = aState({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    const out = answer(from, { kind: 'quoted', request: anUpgradeRequest(), result: { kind: 'ok', quote: anUpgradeQuote() }, customerName: null });
    expect(stepAt(out, 'line_summary').from).toEqual(from.step);
    expect(said(out)).toContain('Prorated for 200 days until the license expires');
  });

  it('refused for a key: says why and asks for a key for the same purpose', () => {
    const state = exampleState('renew_years');
    const out = answer(state, { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'not_found' }, customerName: null });
    expectShown(state, out, { name: 'key_entry', purpose: 'renew_annual', offers: [] });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'not_found' }, null));
  });

  it('refused with the license known: worded with that license, with the same offers as a verification', () => {
    const state = aState({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    const request = anUpgradeRequest(aPerpetualLicense(), 'enterprise', 64);
    const out = answer(state, { kind: 'quoted', request, result: { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, customerName: null });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'wrong_type' }, aPerpetualLicense()));
    expect(said(out)).not.toContain('This is an annual license');
    expect(stepAt(out, 'key_entry')).toEqual({ name: 'key_entry', purpose: 'upgrade', offers: [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }] });
  });
});

describe('added', () => {
  const summary = exampleState('line_summary');
  const line = someCartLines()[0];
  if (!line) throw new Error('no example line');

  it('added: says what was added and how many lines the cart has now', () => {
    const out = answer(summary, { kind: 'added', result: { kind: 'added', line, lineCount: 3 } });
    expectShown(summary, out, { name: 'added', quote: line.quote });
    expect(resellerOf(out.state)?.cartCount).toBe(3);
    expect(last(out).text).toBe(t.quote.added(line.quote, 3));
    expect(last(out).text).toBe('Added to your cart: Professional 16 SC, 2 licenses, 2 years.\nYour cart has 3 lines.');
    expect(actionsOf(last(out))).toEqual(['quote.cart', 'quote.more', 'nav.menu']);
  });

  it('cart_full and duplicate_key: say so and keep the summary', () => {
    const full = answer(summary, { kind: 'added', result: { kind: 'cart_full' } });
    expectShown(summary, full, summary.step);
    expect(full.replies[0]?.text).toBe(t.quote.cartFull);
    const duplicate = answer(summary, { kind: 'added', result: { kind: 'duplicate_key', licenseKey: 'ABCD-EFGH-JKLM-NP23' } });
    expectShown(summary, duplicate, summary.step);
    expect(duplicate.replies[0]?.text).toBe(t.quote.duplicateKey('ABCD-EFGH-JKLM-NP23'));
  });

  it('not_allowed: refused by role, at the menu', () => {
    const support = asRole(summary, 'support');
    expectRefused(support, answer(support, { kind: 'added', result: { kind: 'not_allowed' } }), t.notAllowed('support'));
  });

  it('refused, for a new license: says why and goes back to the Buy menu', () => {
    const out = answer(summary, { kind: 'added', result: { kind: 'refused', quote: { kind: 'price_missing' } } });
    expectShown(summary, out, { name: 'buy' });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'price_missing' }, null));
  });

  it('refused, for a key: says why and asks for a key for the same purpose, with the offers that fit', () => {
    const renewal = aState({ name: 'line_summary', request: aRenewalRequest(anExpiredLicense()), quote: aRenewalQuote(), customerName: null, from: { name: 'menu' } });
    const out = answer(renewal, { kind: 'added', result: { kind: 'refused', quote: { kind: 'expired', license: anExpiredLicense() } } });
    expectShown(renewal, out, { name: 'key_entry', purpose: 'renew_annual', offers: [{ kind: 'renew_annual', key: anExpiredLicense().key }] });
    expect(said(out)).toContain('expired');
  });

  it('at the added step, View cart asks for the cart, Buy more shows the Buy menu, Main menu asks for the menu', () => {
    const state = exampleState('added');
    expectCommand(state, press(state, 'quote.cart'), { kind: 'cart' });
    expectShown(state, press(state, 'quote.more'), { name: 'buy' });
    expectShown(state, type(state, 'buy more'), { name: 'buy' });
    expectCommand(state, press(state, 'nav.menu'), { kind: 'menu' });
    expectStale(state, press(state, 'quote.add'));
  });

  it('/back at the added step asks for the menu', () => {
    const state = exampleState('added');
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });

  it('the list price is shown in the reseller\'s currency', () => {
    const usd = exampleState('line_summary', { session: aSession('owner', { currency: 'USD' }) });
    expect(message(usd).text).toContain(`List price: ${formatMoney(aNewLicenseQuote().listCents, 'USD')}`);
  });
});
