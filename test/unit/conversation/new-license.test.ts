// The new-license flow: edition → simultaneous calls → quantity → years → end customer, up to
// the quote; and what a typed "buy 3 pro 16 for 2 years" fills in, refusing what does not fit.
import { describe, expect, it } from 'vitest';
import type { NewLicenseDraft } from '../../../src/conversation/flows/new-license/steps';
import type { ConversationState } from '../../../src/conversation/state';
import type { Outcome } from '../../../src/conversation/step';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectAgain, expectMissed, expectOutOfRange, expectRefused, expectShown, expectStale, labelsOf, last, message, press, said, stepAt, type } from './drive';
import { aDraft, aNewLicenseQuote, aNewLicenseRequest, aSession, aState, asRole, exampleState, someCustomers } from './states';

const NAV = ['nav.back', 'nav.cancel'];

/** A complete draft: the end customers are asked for, the draft kept at the years step meanwhile. */
function expectCustomersAsked(before: ConversationState, out: Outcome, draft: NewLicenseDraft): void {
  expectCommand(before, out, { kind: 'customers' });
  expect(out.state.step).toEqual({ name: 'new_years', draft });
}

describe('new_edition', () => {
  const state = aState({ name: 'new_edition', draft: {} });

  it('asks for the edition, offering the three, Back and Cancel', () => {
    const shown = message(state);
    expect(shown.text).toBe(t.newLicense.askEdition);
    expect(actionsOf(shown)).toEqual(['new.edition.startup', 'new.edition.professional', 'new.edition.enterprise', ...NAV]);
    expect(labelsOf(shown)).toEqual(['Startup', 'Professional', 'Enterprise', t.back, t.cancel]);
  });

  it.each(['startup', 'professional', 'enterprise'] as const)('new.edition.%s starts the draft with that edition and asks for its SC', (edition) => {
    expectShown(state, press(state, `new.edition.${edition}`), { name: 'new_sc', draft: { edition } });
  });

  it('a typed edition name works as the button', () => {
    expectShown(state, type(state, 'Enterprise'), { name: 'new_sc', draft: { edition: 'enterprise' } });
  });

  it('a step without a draft (as a purchase started elsewhere leaves it) takes the edition too', () => {
    const bare = aState({ name: 'new_edition' });
    expectShown(bare, press(bare, 'new.edition.professional'), { name: 'new_sc', draft: { edition: 'professional' } });
  });

  it('an edition that does not exist is not taken', () => {
    for (const action of ['new.edition.platinum', 'new.edition', 'new.sc.16']) expectStale(state, press(state, action));
    expectMissed(state, type(state, 'platinum'), t.expectChoice);
  });

  it('with a draft from a typed intent, the edition fills in only what is missing', () => {
    const prefilled = exampleState('new_edition');
    expect(prefilled.step).toEqual({ name: 'new_edition', draft: { quantity: 3, years: 2 } });
    expectShown(prefilled, press(prefilled, 'new.edition.professional'), { name: 'new_sc', draft: { edition: 'professional', quantity: 3, years: 2 } });
    const withSc = aState({ name: 'new_edition', draft: { quantity: 3, sc: 16, years: 2 } });
    const out = press(withSc, 'new.edition.professional');
    expectCustomersAsked(withSc, out, { edition: 'professional', sc: 16, quantity: 3, years: 2 });
  });

  it('a prefilled SC that is not a tier of the chosen edition is refused, and the SC asked for', () => {
    const withSc = aState({ name: 'new_edition', draft: { sc: 16 } });
    const out = press(withSc, 'new.edition.startup');
    expectShown(withSc, out, { name: 'new_sc', draft: { edition: 'startup' } });
    expect(out.replies[0]?.text).toBe('Startup is not sold with 16 SC. Choose one of its sizes.');
  });

  it('Back and /back show the Buy menu', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'buy' });
    expectShown(exampleState('new_edition'), type(exampleState('new_edition'), '/back'), { name: 'buy' });
  });
});

describe('new_sc', () => {
  const professional = aState({ name: 'new_sc', draft: { edition: 'professional' } });
  const startup = aState({ name: 'new_sc', draft: { edition: 'startup' } });

  it('offers the tiers of the edition, four to a row, with Back and Cancel', () => {
    const shown = message(professional);
    expect(shown.text).toBe(t.newLicense.askSc('professional'));
    expect(actionsOf(shown)).toEqual([4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024].map((sc) => `new.sc.${sc}`).concat(NAV));
    expect(shown.buttons.slice(0, -1).every((row) => row.length <= 4)).toBe(true);
  });

  it('a tier of the edition keeps the edition and asks for the quantity: by button, label or number', () => {
    expectShown(professional, press(professional, 'new.sc.16'), { name: 'new_quantity', draft: { edition: 'professional', sc: 16 } });
    expectShown(professional, type(professional, '1024 SC'), { name: 'new_quantity', draft: { edition: 'professional', sc: 1024 } });
    expectShown(professional, type(professional, '32'), { name: 'new_quantity', draft: { edition: 'professional', sc: 32 } });
    expectShown(professional, type(professional, '48sc'), { name: 'new_quantity', draft: { edition: 'professional', sc: 48 } });
  });

  it('Startup is sold with 4 SC only', () => {
    expect(actionsOf(message(startup))).toEqual(['new.sc.4', ...NAV]);
    expectShown(startup, press(startup, 'new.sc.4'), { name: 'new_quantity', draft: { edition: 'startup', sc: 4 } });
    expectStale(startup, press(startup, 'new.sc.8'));
    expectAgain(startup, type(startup, '8'), t.newLicense.notATier('startup', 8));
  });

  it('a number of calls that is not a tier is not taken', () => {
    const state = exampleState('new_sc');
    for (const action of ['new.sc.5', 'new.sc.0', 'new.sc.', 'new.sc.abc', 'new.sc.-4', 'new.sc']) expectStale(state, press(state, action));
    for (const text of ['16.0', '0x10', 'lots']) expectMissed(state, type(state, text), t.expectChoice);
    for (const [text, sc] of [['20 SC', 20], [' 20 ', 20], ['5', 5]] as const) expectAgain(state, type(state, text), t.newLicense.notATier('enterprise', sc));
  });

  it('keeps the rest of a prefilled draft: a quantity and years given before are not asked again', () => {
    const prefilled = aState({ name: 'new_sc', draft: { edition: 'professional', quantity: 3, years: 2 } });
    const out = press(prefilled, 'new.sc.16');
    expectCustomersAsked(prefilled, out, { edition: 'professional', sc: 16, quantity: 3, years: 2 });
  });

  it('Back and /back go to the edition, with an empty draft', () => {
    expectShown(professional, press(professional, 'nav.back'), { name: 'new_edition', draft: {} });
    expectShown(professional, type(professional, '/back'), { name: 'new_edition', draft: {} });
  });
});

describe('new_quantity', () => {
  const state = exampleState('new_quantity');

  it('asks for the number of licenses, with the numbers 1 to 5, Back and Cancel', () => {
    const shown = message(state);
    expect(shown.text).toBe(t.newLicense.askQuantity('professional', 16));
    expect(actionsOf(shown)).toEqual(['new.quantity.1', 'new.quantity.2', 'new.quantity.3', 'new.quantity.4', 'new.quantity.5', ...NAV]);
  });

  it('a number button or a typed number from 1 to 50 keeps the draft and asks for the years', () => {
    expectShown(state, press(state, 'new.quantity.3'), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 3 } });
    expectShown(state, type(state, ' 50 '), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 50 } });
    expectShown(state, type(state, '1'), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 1 } });
  });

  it.each(['2.5', '-3', 'three', '1e1', '0x10', '007a', '', 'a few', '12345'])('%j is not a quantity', (text) => {
    expectMissed(state, type(state, text), t.expectNumber(1, 50));
  });

  it.each([['0', 0], ['51', 51], [' 0051 ', 51], ['9999', 9999]] as const)('%j is a quantity out of range, said so', (text, n) => {
    expectOutOfRange(state, type(state, text), n, 1, 50);
  });

  it('a forged quantity button out of range is not used', () => {
    for (const action of ['new.quantity.0', 'new.quantity.51', 'new.quantity', 'new.years.3']) expectStale(state, press(state, action));
  });

  it('with years given before, a quantity asks for the end customers at once', () => {
    const prefilled = aState({ name: 'new_quantity', draft: { edition: 'professional', sc: 16, years: 3 } });
    const out = type(prefilled, '4');
    expectCustomersAsked(prefilled, out, { edition: 'professional', sc: 16, quantity: 4, years: 3 });
  });

  it('Back goes to the SC, keeping the edition', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'new_sc', draft: { edition: 'professional' } });
    expectShown(state, type(state, '/back'), { name: 'new_sc', draft: { edition: 'professional' } });
  });
});

describe('new_years', () => {
  const state = exampleState('new_years');

  it('asks for the years in total, with the numbers 1 to 5, Back and Cancel', () => {
    const shown = message(state);
    expect(shown.text).toBe(t.newLicense.askYears);
    expect(actionsOf(shown)).toEqual(['new.years.1', 'new.years.2', 'new.years.3', 'new.years.4', 'new.years.5', ...NAV]);
  });

  it('a number from 1 to 5 is kept in the draft and the end customers are asked for', () => {
    for (const [out, years] of [[press(state, 'new.years.2'), 2], [type(state, '5'), 5], [type(state, '1'), 1]] as const) {
      expectCustomersAsked(state, out, { edition: 'professional', sc: 16, quantity: 2, years });
    }
  });

  it.each(['two', '1.5'])('%j is not a number of years', (text) => {
    expectMissed(state, type(state, text), t.expectNumber(1, 5));
  });

  it.each([['0', 0], ['6', 6], ['10', 10]] as const)('%j years are out of range, said so', (text, n) => {
    expectOutOfRange(state, type(state, text), n, 1, 5);
  });

  it('a forged years button out of range is not used', () => {
    for (const action of ['new.years.0', 'new.years.6', 'new.quantity.2']) expectStale(state, press(state, action));
  });

  it('the customers answer lists the end customers on their first page, keeping the draft', () => {
    const waiting = aState({ name: 'new_years', draft: aDraft() });
    const out = answer(waiting, { kind: 'customers', customers: someCustomers() });
    expectShown(waiting, out, { name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });
    expect(actionsOf(last(out))).toEqual(['new.customer.0', 'new.customer.1', 'new.customer.2', 'new.customer.3', 'new.customer.4', 'new.page.1', 'new.add', 'new.skip', ...NAV]);
  });

  it('with no end customers yet, only New customer and Skip are offered', () => {
    const waiting = aState({ name: 'new_years', draft: aDraft() });
    const out = answer(waiting, { kind: 'customers', customers: [] });
    expect(actionsOf(last(out))).toEqual(['new.add', 'new.skip', ...NAV]);
    expect(labelsOf(last(out))).toEqual([t.newLicense.newCustomer, t.skip, t.back, t.cancel]);
  });

  it('a customers answer that arrives at another step only shows that step again', () => {
    const cart = exampleState('cart');
    const out = answer(cart, { kind: 'customers', customers: someCustomers() });
    expectShown(cart, out, cart.step);
    expect(out.replies).toHaveLength(1);
  });

  it('keeps labels on every customer button, even for long company names', () => {
    const long = someCustomers(2).map((c) => ({ ...c, company: `${c.company} ${'Holding '.repeat(20)}` }));
    const out = answer(aState({ name: 'new_years', draft: aDraft() }), { kind: 'customers', customers: long });
    for (const label of labelsOf(last(out))) expect(label.length).toBeGreaterThan(0);
  });

  it('Back goes to the quantity, keeping edition and SC', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'new_quantity', draft: { edition: 'professional', sc: 16 } });
  });
});

describe('new_customer', () => {
  const firstPage = aState({ name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });
  const secondPage = exampleState('new_customer');

  it('a customer quotes the draft for that customer (years in total → additional years)', () => {
    expectCommand(firstPage, press(firstPage, 'new.customer.1'), { kind: 'quote', request: aNewLicenseRequest({ customerId: 'cust-2', additionalYears: 1 }) });
    expectCommand(secondPage, press(secondPage, 'new.customer.6'), { kind: 'quote', request: aNewLicenseRequest({ customerId: 'cust-7' }) });
  });

  it('a typed company name on the page works as its button', () => {
    expectCommand(secondPage, type(secondPage, 'customer 6 bv'), { kind: 'quote', request: aNewLicenseRequest({ customerId: 'cust-6' }) });
  });

  it('Skip quotes the draft for no end customer', () => {
    const oneYear = aState({ name: 'new_customer', draft: aDraft({ years: 1, quantity: 7, sc: 4, edition: 'startup' }), customers: [], page: 0 });
    expectCommand(oneYear, press(oneYear, 'new.skip'), {
      kind: 'quote', request: { kind: 'new_license', edition: 'startup', sc: 4, quantity: 7, additionalYears: 0, customerId: null },
    });
    expectCommand(oneYear, type(oneYear, 'skip'), expect.objectContaining({ kind: 'quote' }));
  });

  it('New customer asks for the company name, keeping the draft and the list', () => {
    expectShown(secondPage, press(secondPage, 'new.add'), { name: 'new_customer_name', draft: aDraft(), customers: someCustomers() });
  });

  it('Next and Previous page through the customers and never leave the list', () => {
    expectShown(firstPage, press(firstPage, 'new.page.1'), { ...firstPage.step, page: 1 } as typeof firstPage.step);
    expectShown(secondPage, press(secondPage, 'new.page.0'), { ...secondPage.step, page: 0 } as typeof secondPage.step);
    expect(stepAt(press(secondPage, 'new.page.9'), 'new_customer').page).toBe(1);
    expectStale(firstPage, press(firstPage, 'new.page.-1'));
    expect(actionsOf(message(secondPage))).toEqual(['new.customer.5', 'new.customer.6', 'new.page.0', 'new.add', 'new.skip', ...NAV]);
  });

  it('a customer that is not in the list is not taken', () => {
    for (const action of ['new.customer.7', 'new.customer.x', 'new.customer', 'new.years.2']) expectStale(secondPage, press(secondPage, action));
    expectMissed(secondPage, type(secondPage, 'Initech'), t.expectChoice);
  });

  it('Back goes to the years, keeping the rest of the draft', () => {
    const out = press(secondPage, 'nav.back');
    expectShown(secondPage, out, { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 2 } });
    expect(stepAt(out, 'new_years').draft.years).toBeUndefined();
  });
});

describe('new_customer_name', () => {
  const state = exampleState('new_customer_name');

  it('asks for the company name with Back and Cancel', () => {
    expect(message(state).text).toBe(t.newLicense.askCustomerName);
    expect(actionsOf(message(state))).toEqual(NAV);
  });

  it('a company name of 2 to 200 characters adds the customer and quotes the draft for it', () => {
    expectCommand(state, type(state, '  Globex Corporation  '), { kind: 'add_customer', company: 'Globex Corporation', request: aNewLicenseRequest({ customerId: null }) });
    expectCommand(state, type(state, 'AB'), { kind: 'add_customer', company: 'AB', request: aNewLicenseRequest({ customerId: null }) });
    expect(type(state, 'x'.repeat(200)).command).toMatchObject({ kind: 'add_customer', company: 'x'.repeat(200) });
  });

  it('every text is a company name here, even one that reads like an intent or a key', () => {
    for (const company of ['Renew ABCD-EFGH-JKLM-NP23 for 2 years', 'My Licenses BV', 'ABCD-EFGH-JKLM-NP23', 'Buy 3 Pro 16 Ltd']) {
      expect(type(state, company).command).toEqual({ kind: 'add_customer', company, request: aNewLicenseRequest({ customerId: null }) });
    }
  });

  it.each(['X', 'x'.repeat(201), '  '])('%j is not a company name', (text) => {
    expectMissed(state, type(state, text), t.newLicense.invalidCustomerName);
  });

  it('Back goes to the first page of the end customers', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });
  });
});

describe('the whole purchase by buttons, as a sales user', () => {
  it('buy → new → edition → SC → quantity → years → customers → skip asks for the quote of what was chosen', () => {
    const start = exampleState('buy', { session: aSession('sales') });
    const edition = press(start, 'buy.new');
    const sc = press(edition.state, 'new.edition.enterprise');
    const quantity = press(sc.state, 'new.sc.8');
    const years = press(quantity.state, 'new.quantity.4');
    const customers = press(years.state, 'new.years.3');
    expect(customers.command).toEqual({ kind: 'customers' });
    const listed = answer(customers.state, { kind: 'customers', customers: someCustomers(2) });
    const quote = press(listed.state, 'new.customer.1');
    expect(quote.command).toEqual({ kind: 'quote', request: { kind: 'new_license', edition: 'enterprise', sc: 8, quantity: 4, additionalYears: 2, customerId: 'cust-2' } });
  });
});

describe('a new license stated in words', () => {
  const menu = exampleState('menu');

  it('"buy 3 pro 16 for 2 years" asks only for the end customer', () => {
    const out = type(menu, 'buy 3 pro 16 for 2 years');
    expectCustomersAsked(menu, out, { edition: 'professional', sc: 16, quantity: 3, years: 2 });
    const listed = answer(out.state, { kind: 'customers', customers: [] });
    expect(stepAt(listed, 'new_customer').draft).toEqual({ edition: 'professional', sc: 16, quantity: 3, years: 2 });
  });

  it('only what is missing is asked: the SC, the quantity, the years, or the edition', () => {
    expectShown(menu, type(menu, 'buy 3 pro'), { name: 'new_sc', draft: { edition: 'professional', quantity: 3 } });
    expectShown(menu, type(menu, 'buy pro 16'), { name: 'new_quantity', draft: { edition: 'professional', sc: 16 } });
    expectShown(menu, type(menu, 'buy 3 pro 16'), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 3 } });
    expectShown(menu, type(menu, 'buy 3 for 2 years'), { name: 'new_edition', draft: { quantity: 3, years: 2 } });
    expectShown(menu, type(menu, 'new license'), { name: 'new_edition', draft: {} });
  });

  it('51 licenses are refused with the quantity refusal, and the quantity is asked again', () => {
    const out = type(menu, 'buy 51 pro 16');
    expectShown(menu, out, { name: 'new_quantity', draft: { edition: 'professional', sc: 16 } });
    expect(out.replies[0]?.text).toBe('The quantity must be a whole number from 1 to 50.');
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'invalid_quantity' }, null));
  });

  it('an SC that is not a tier of the edition is refused, and the SC asked again with the edition\'s tiers', () => {
    const out = type(menu, 'buy 2 startup 8 sc');
    expectShown(menu, out, { name: 'new_sc', draft: { edition: 'startup', quantity: 2 } });
    expect(out.replies[0]?.text).toBe('Startup is not sold with 8 SC. Choose one of its sizes.');
    expect(actionsOf(last(out))).toEqual(['new.sc.4', ...NAV]);
    expect(said(type(menu, 'buy pro 17'))).toContain('Professional is not sold with 17 SC.');
  });

  it.each(['0', '6', '9'])('%s years in total are out of range: refused, and the years asked again', (years) => {
    const out = type(menu, `buy 2 pro 16 for ${years} years`);
    expectShown(menu, out, { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 2 } });
    expect(out.replies[0]?.text).toBe(t.expectNumber(1, 5));
  });

  // "Only what is missing is asked": a refused value is asked again, the valid ones stay.
  it('a refused quantity keeps the years that were given: after a good quantity the end customers are asked', () => {
    const quantity = type(menu, 'buy 51 pro 16 for 2 years');
    expectCustomersAsked(quantity.state, type(quantity.state, '5'), { edition: 'professional', sc: 16, quantity: 5, years: 2 });
  });

  it('a refused SC keeps the quantity and years that were given: after a good SC the end customers are asked', () => {
    const tier = type(menu, 'buy 3 startup 8 for 2 years');
    expectCustomersAsked(tier.state, press(tier.state, 'new.sc.4'), { edition: 'startup', sc: 4, quantity: 3, years: 2 });
  });

  it('works from any step, not only the menu, and replaces a purchase under way', () => {
    const midway = exampleState('new_quantity');
    expectShown(midway, type(midway, 'buy enterprise'), { name: 'new_sc', draft: { edition: 'enterprise' } });
  });

  it('a sales user may state a purchase; a support user is refused by role, like the buttons', () => {
    const sales = asRole(menu, 'sales');
    expect(type(sales, 'buy 3 pro 16 for 2 years').command).toEqual({ kind: 'customers' });
    const support = asRole(menu, 'support');
    expectRefused(support, type(support, 'buy 3 pro 16'), t.notAllowed('support'));
  });
});

describe('quoted, for a new license', () => {
  const from = aState({ name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });

  it('ok: shows the line summary, remembering the step it was asked from', () => {
    const out = answer(from, { kind: 'quoted', request: aNewLicenseRequest(), result: { kind: 'ok', quote: aNewLicenseQuote() }, customerName: 'Customer 1 BV' });
    expectShown(from, out, { name: 'line_summary', request: aNewLicenseRequest(), quote: aNewLicenseQuote(), customerName: 'Customer 1 BV', from: from.step });
  });

  it('ok after a new end customer was added: Back from the summary leads to the name prompt it came from', () => {
    const naming = exampleState('new_customer_name');
    const out = answer(naming, { kind: 'quoted', request: aNewLicenseRequest({ customerId: 'cust-new' }), result: { kind: 'ok', quote: aNewLicenseQuote() }, customerName: 'Globex' });
    expect(stepAt(out, 'line_summary').from).toEqual(naming.step);
    expectShown(out.state, press(out.state, 'nav.back'), naming.step);
  });

  it.each([
    [{ kind: 'price_missing' } as const, 'There is no price for that product'],
    [{ kind: 'invalid_tier' } as const, 'That edition is not sold with that number of simultaneous calls.'],
    [{ kind: 'invalid_quantity' } as const, 'The quantity must be a whole number from 1 to 50.'],
  ])('refused (%j): says why and starts the new license again from the edition', (result, why) => {
    const out = answer(from, { kind: 'quoted', request: aNewLicenseRequest(), result, customerName: null });
    expectShown(from, out, { name: 'new_edition', draft: {} });
    expect(out.replies[0]?.text).toBe(t.keyRefused(result, null));
    expect(said(out)).toContain(why);
  });
});
