// Buying: the buy step and a new license chosen step by step, up to its quote.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, labelsOf, last, press, said, stepAt, type } from './drive';
import { aDraft, aNewLicenseQuote, aNewLicenseRequest, aState, exampleState, someCustomers } from './states';

describe('buy', () => {
  const state = exampleState('buy');

  it('offers the four kinds of purchase and a Back button', () => {
    expect(actionsOf(last(press(state, 'x', 0)))).toEqual(['new', 'upg', 'ren', 'mnt', 'back']);
  });

  it('New license asks for the edition; the three others ask for a key for their purpose', () => {
    expectShown(state, press(state, 'new'), { name: 'new_edition' });
    expectShown(state, press(state, 'upg'), { name: 'key_entry', purpose: 'upgrade', offers: [] });
    expectShown(state, press(state, 'ren'), { name: 'key_entry', purpose: 'renew_annual', offers: [] });
    expectShown(state, press(state, 'mnt'), { name: 'key_entry', purpose: 'renew_maintenance', offers: [] });
  });

  it('a typed label works as the button', () => {
    expectShown(state, type(state, 'renew maintenance'), { name: 'key_entry', purpose: 'renew_maintenance', offers: [] });
  });
});

describe('new_edition', () => {
  const state = exampleState('new_edition');

  it.each(['startup', 'professional', 'enterprise'] as const)('e.%s starts the draft with that edition', (edition) => {
    expectShown(state, press(state, `e.${edition}`), { name: 'new_sc', draft: { edition } });
  });

  it('a typed edition name works as the button', () => {
    expectShown(state, type(state, 'Enterprise'), { name: 'new_sc', draft: { edition: 'enterprise' } });
  });

  it('offers the three editions, Back and Cancel', () => {
    expect(actionsOf(last(press(state, 'x', 0)))).toEqual(['e.startup', 'e.professional', 'e.enterprise', 'back', 'cancel']);
  });
});

describe('new_sc', () => {
  it('s.<tier> of the edition keeps the edition and asks for the quantity', () => {
    const state = aState({ name: 'new_sc', draft: { edition: 'professional' } });
    expectShown(state, press(state, 's.16'), { name: 'new_quantity', draft: { edition: 'professional', sc: 16 } });
    expectShown(state, type(state, '1024 SC'), { name: 'new_quantity', draft: { edition: 'professional', sc: 1024 } });
  });

  it('Startup is sold with 4 SC only', () => {
    const state = aState({ name: 'new_sc', draft: { edition: 'startup' } });
    expect(actionsOf(last(press(state, 'x', 0)))).toEqual(['s.4', 'back', 'cancel']);
    expectShown(state, press(state, 's.4'), { name: 'new_quantity', draft: { edition: 'startup', sc: 4 } });
    const refused = press(state, 's.8');
    expect(refused.command).toBeNull();
    expect(refused.replies[0]?.text).toBe(t.staleButton);
    expect(refused.state.step).toEqual(state.step);
  });

  it('a number of calls that is not a tier is not taken', () => {
    const state = exampleState('new_sc');
    for (const action of ['s.5', 's.0', 's.', 's.abc', 's.-4']) expect(stepAt(press(state, action), 'new_sc')).toEqual(state.step);
  });
});

describe('new_quantity', () => {
  const state = exampleState('new_quantity');

  it('a number button or a typed number from 1 to 50 keeps the draft and asks for the years', () => {
    expectShown(state, press(state, 'n.3'), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 3 } });
    expectShown(state, type(state, ' 50 '), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 50 } });
    expectShown(state, type(state, '1'), { name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 1 } });
  });

  it.each(['0', '51', '2.5', '-3', 'three', '1e1', '0x10', '007a', ''])('%j is not a quantity', (text) => {
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.state.step).toEqual(state.step);
    expect(out.state.misses).toBe(1);
    expect(out.replies[0]?.text).toBe(t.notUnderstood(t.expectNumber(1, 50)));
  });

  it('offers the numbers 1 to 5, and Back and Cancel like every other step of the purchase', () => {
    const actions = actionsOf(last(press(state, 'x', 0)));
    expect(actions.slice(0, 5)).toEqual(['n.1', 'n.2', 'n.3', 'n.4', 'n.5']);
    expect(actions).toEqual(expect.arrayContaining(['back', 'cancel']));
  });
});

describe('new_years', () => {
  const state = exampleState('new_years');

  it('a number from 1 to 5 is kept in the draft and the end customers are asked for', () => {
    for (const [out, years] of [[press(state, 'n.2'), 2], [type(state, '5'), 5], [type(state, '1'), 1]] as const) {
      expectCommand(state, out, { kind: 'customers' });
      expect(out.state.step).toEqual({ name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 2, years } });
    }
  });

  it.each(['0', '6', '10', 'two'])('%j is not a number of years', (text) => {
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.notUnderstood(t.expectNumber(1, 5)));
  });

  it('offers the numbers 1 to 5, and Back and Cancel like every other step of the purchase', () => {
    const actions = actionsOf(last(press(state, 'x', 0)));
    expect(actions.slice(0, 5)).toEqual(['n.1', 'n.2', 'n.3', 'n.4', 'n.5']);
    expect(actions).toEqual(expect.arrayContaining(['back', 'cancel']));
  });

  it('the customers answer lists the end customers on their first page, keeping the draft', () => {
    const waiting = aState({ name: 'new_years', draft: aDraft() });
    const out = answer(waiting, { kind: 'customers', customers: someCustomers() });
    expectShown(waiting, out, { name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });
    expect(actionsOf(last(out))).toEqual(['c.0', 'c.1', 'c.2', 'c.3', 'c.4', 'next', 'cnew', 'cskip', 'back', 'cancel']);
  });

  it('a customers answer that arrives at another step only shows that step again', () => {
    const state = exampleState('cart');
    expectShown(state, answer(state, { kind: 'customers', customers: someCustomers() }), state.step);
  });

  it('with no end customers yet, only New customer and Skip are offered', () => {
    const waiting = aState({ name: 'new_years', draft: aDraft() });
    expect(actionsOf(last(answer(waiting, { kind: 'customers', customers: [] })))).toEqual(['cnew', 'cskip', 'back', 'cancel']);
  });
});

describe('new_customer', () => {
  const firstPage = aState({ name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });
  const secondPage = exampleState('new_customer');

  it('a customer quotes the draft for that customer (years in total → additional years)', () => {
    expectCommand(firstPage, press(firstPage, 'c.1'), { kind: 'quote', request: aNewLicenseRequest({ customerId: 'cust-2', additionalYears: 1 }) });
    expectCommand(secondPage, press(secondPage, 'c.6'), { kind: 'quote', request: aNewLicenseRequest({ customerId: 'cust-7' }) });
  });

  it('a typed company name on the page works as its button', () => {
    expectCommand(secondPage, type(secondPage, 'customer 6 bv'), { kind: 'quote', request: aNewLicenseRequest({ customerId: 'cust-6' }) });
  });

  it('Skip quotes the draft for no end customer', () => {
    const oneYear = aState({ name: 'new_customer', draft: aDraft({ years: 1, quantity: 7, sc: 4, edition: 'startup' }), customers: [], page: 0 });
    expectCommand(oneYear, press(oneYear, 'cskip'), {
      kind: 'quote', request: { kind: 'new_license', edition: 'startup', sc: 4, quantity: 7, additionalYears: 0, customerId: null },
    });
  });

  it('New customer asks for the company name, keeping the draft and the list', () => {
    expectShown(secondPage, press(secondPage, 'cnew'), { name: 'new_customer_name', draft: aDraft(), customers: someCustomers() });
  });

  it('Next and Previous page through the customers and stop at either end', () => {
    expectShown(firstPage, press(firstPage, 'next'), { ...firstPage.step, page: 1 } as typeof firstPage.step);
    expectShown(secondPage, press(secondPage, 'prev'), { ...secondPage.step, page: 0 } as typeof secondPage.step);
    expect(stepAt(press(secondPage, 'next'), 'new_customer').page).toBe(1);
    expect(stepAt(press(firstPage, 'prev'), 'new_customer').page).toBe(0);
    expect(actionsOf(last(press(secondPage, 'x', 0)))).toEqual(['c.5', 'c.6', 'prev', 'cnew', 'cskip', 'back', 'cancel']);
  });

  it('a customer that is not in the list is not taken', () => {
    const out = press(secondPage, 'c.7');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.staleButton);
  });
});

describe('new_customer_name', () => {
  const state = exampleState('new_customer_name');

  it('a company name of 2 to 200 characters adds the customer and quotes the draft for it', () => {
    expectCommand(state, type(state, '  Globex Corporation  '), { kind: 'add_customer', company: 'Globex Corporation', request: aNewLicenseRequest({ customerId: null }) });
    expectCommand(state, type(state, 'AB'), { kind: 'add_customer', company: 'AB', request: aNewLicenseRequest({ customerId: null }) });
    expect(type(state, 'x'.repeat(200)).command).toMatchObject({ kind: 'add_customer', company: 'x'.repeat(200) });
  });

  it.each(['X', 'x'.repeat(201), '  '])('%j is not a company name', (text) => {
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.notUnderstood(t.invalidCustomerName));
  });
});

describe('quoted, for a new license', () => {
  const from = aState({ name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 });

  it('ok: shows the line summary, remembering the step it was asked from', () => {
    const out = answer(from, { kind: 'quoted', request: aNewLicenseRequest(), result: { kind: 'ok', quote: aNewLicenseQuote() }, customerName: 'Customer 1 BV' });
    expectShown(from, out, { name: 'line_summary', request: aNewLicenseRequest(), quote: aNewLicenseQuote(), customerName: 'Customer 1 BV', from: from.step });
    expect(last(out).text).toBe([
      'Professional 16 SC, 2 licenses, 2 years',
      'End customer: Customer 1 BV',
      'List price: EUR 2,380.00',
      'Your partner discount (25 %) is applied in the cart.',
      'The keys expire on 2028-11-26 if paid today.',
    ].join('\n'));
    expect(actionsOf(last(out))).toEqual(['add', 'cart', 'back', 'cancel']);
  });

  it('ok after a new end customer was added: back from the summary leads to the name prompt it came from', () => {
    const naming = exampleState('new_customer_name');
    const out = answer(naming, { kind: 'quoted', request: aNewLicenseRequest({ customerId: 'cust-new' }), result: { kind: 'ok', quote: aNewLicenseQuote() }, customerName: 'Globex' });
    expect(stepAt(out, 'line_summary').from).toEqual(naming.step);
  });

  it('refused: says why and starts the new license again from the edition', () => {
    const out = answer(from, { kind: 'quoted', request: aNewLicenseRequest(), result: { kind: 'price_missing' }, customerName: null });
    expectShown(from, out, { name: 'new_edition' });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'price_missing' }, null, '2026-11-26'));
    expect(said(out)).toContain('There is no price for that product');
  });

  it('keeps labels on every customer button, even for long company names', () => {
    const long = someCustomers(2).map((c) => ({ ...c, company: `${c.company} ${'Holding '.repeat(20)}` }));
    const out = answer(aState({ name: 'new_years', draft: aDraft() }), { kind: 'customers', customers: long });
    for (const label of labelsOf(last(out))) expect(label.length).toBeGreaterThan(0);
  });
});
