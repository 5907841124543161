// Documents in the chat: an invoice opened (its PDF, how to pay it), paying it online, the
// yearly statement, and the quote for the reseller's own customer.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectOutOfRange, expectRefused, expectShown, expectStale, last, message, press, type } from './drive';
import { A_DOCUMENT, aSession, anAnnualLicense, anInvoicePayment, exampleState, someInvoices } from './states';

describe('an invoice opened', () => {
  const list = exampleState('invoices');

  it('Open N asks for that entry; its answer sends the PDF, then the invoice with how to pay it', () => {
    const entry = list.step.name === 'invoices' ? list.step.items[1] : undefined;
    expectCommand(list, press(list, 'invoices.open.1'), { kind: 'invoice_open', entry: { id: entry?.id, kind: 'invoice' } });
    const [first] = someInvoices();
    const opened = answer(list, { kind: 'invoice_opened', result: { kind: 'ok', entry: first!, document: A_DOCUMENT, payment: anInvoicePayment() } });
    expectShown(list, opened, { name: 'invoice_card', entry: first!, hasDocument: true, payment: anInvoicePayment() });
    expect(opened.replies[0]).toMatchObject({ text: 'INV-2026-000042.pdf', document: A_DOCUMENT });
    const card = last(opened).text;
    expect(card).toMatch(/^Invoice 2026-001 — 2026-10-01, EUR 100\.00, unpaid, due 2026-10-15\nThe PDF is above\./);
    expect(card).toContain('transfer it with the payment reference TCX-000042-17');
    expect(card).toContain('IBAN: NL91ABNA0417164300');
    expect(actionsOf(last(opened))).toEqual(['invoices.pay.card', 'invoices.pay.multisafepay', 'invoices.list', 'nav.menu']);
  });

  it('a paid one, or one without a PDF, has no Pay and says why there is no file', () => {
    const [, paid] = someInvoices();
    const opened = answer(list, { kind: 'invoice_opened', result: { kind: 'ok', entry: paid!, document: null, payment: null } });
    expect(opened.replies).toHaveLength(1);
    expect(last(opened).text).toMatch(/There is no PDF of this one/);
    expect(actionsOf(last(opened))).toEqual(['invoices.list', 'nav.menu']);
    const gone = answer(list, { kind: 'invoice_opened', result: { kind: 'not_found' } });
    expect(gone.replies[0]?.text).toBe(t.invoices.notFound);
    expect(gone.command).toEqual({ kind: 'invoices', page: 0 });
  });

  it('Pay asks for a payment page of that method; its link comes with the card again; a forged method does nothing', () => {
    const card = exampleState('invoice_card');
    const entry = card.step.name === 'invoice_card' ? card.step.entry : undefined;
    expectCommand(card, press(card, 'invoices.pay.card'), { kind: 'invoice_pay', invoiceId: entry?.id, method: 'card' });
    expectStale(card, press(card, 'invoices.pay.offline'));
    const noOnline = exampleState('invoice_card');
    if (noOnline.step.name === 'invoice_card') noOnline.step = { ...noOnline.step, payment: anInvoicePayment({ online: [] }) };
    expectStale(noOnline, press(noOnline, 'invoices.pay.card'));
    const page = answer(card, { kind: 'invoice_payment', result: { kind: 'ok', url: 'https://pay.example/s/1', method: 'card' } });
    expect(page.replies[0]).toMatchObject({ buttons: [[{ url: 'https://pay.example/s/1', label: t.invoices.openPaymentPage }]] });
    expect(page.state.step.name).toBe('invoice_card');
    expect(answer(card, { kind: 'invoice_payment', result: { kind: 'not_payable' } }).replies[0]?.text).toBe(t.invoices.notPayable);
  });
});

describe('the statement', () => {
  it('asks for the year (this one and two before, or typed), sends the CSV and says how many documents', () => {
    const list = exampleState('invoices');
    expectShown(list, press(list, 'invoices.statement'), { name: 'statement_year', years: [2026, 2025, 2024] });
    const year = exampleState('statement_year');
    expectCommand(year, press(year, 'invoices.year.2025'), { kind: 'statement', year: 2025 });
    expectCommand(year, type(year, '2019'), { kind: 'statement', year: 2019 });
    expectStale(year, press(year, 'invoices.year.1999'));
    const sent = answer(year, { kind: 'statement', result: { kind: 'ok', year: 2025, entries: 3, document: { ...A_DOCUMENT, filename: 'statement.csv', mimeType: 'text/csv' } } });
    expect(sent.replies.map((r) => r.text)).toEqual(['statement.csv', t.invoices.statementDone(2025, 3)]);
    expect(sent.replies[0]?.document?.mimeType).toBe('text/csv');
    expect(sent.command).toEqual({ kind: 'invoices', page: 0 });
    expect(answer(year, { kind: 'statement', result: { kind: 'invalid_year', earliest: 2000, latest: 2026 } }).replies[0]?.text).toBe(t.invoices.invalidYear(2000, 2026));
  });
});

describe('a quote for my customer', () => {
  it('starts from the cart (every line) or a license\'s card (its renewal, years asked), for roles that quote', () => {
    const cart = exampleState('cart');
    expectShown(cart, press(cart, 'cart.quote'), { name: 'quote_company', source: { kind: 'cart' }, lines: 3 });
    const licenseCard = exampleState('license_card');
    expectShown(licenseCard, press(licenseCard, 'card.quote'), { name: 'quote_years', key: anAnnualLicense().key });
    const years = exampleState('quote_years');
    expectShown(years, press(years, 'cquote.years.2'), { name: 'quote_company', source: { kind: 'license', key: anAnnualLicense().key, years: 2 }, lines: 1 });
    expectShown(years, type(years, '3'), { name: 'quote_company', source: { kind: 'license', key: anAnnualLicense().key, years: 3 }, lines: 1 });
    expectOutOfRange(years, type(years, '7'), 7, 1, 5);
    const support = exampleState('license_card', { session: aSession('support') });
    expect(actionsOf(message(support))).not.toContain('card.quote');
    expectRefused(support, press(support, 'card.quote'), t.notAllowed('support'));
  });

  it('takes the customer\'s name (and a contact after a comma), then a markup or per-line prices', () => {
    const company = exampleState('quote_company');
    expectShown(company, type(company, 'Harbor Dental, Dr. Hart'), { name: 'quote_pricing', source: { kind: 'cart' }, lines: 2, company: 'Harbor Dental', contact: 'Dr. Hart' });
    expect(type(company, 'X').replies[0]?.text).toBe(t.notUnderstood(t.customerQuote.invalidCompany));
    const pricing = exampleState('quote_pricing');
    expect(actionsOf(message(pricing))).toEqual(['cquote.markup.0', 'cquote.markup.10', 'cquote.markup.20', 'cquote.markup.30', 'cquote.lines', 'nav.back', 'nav.cancel']);
    const base = { kind: 'customer_quote', source: { kind: 'cart' }, company: 'Harbor Dental', contact: 'Dr. Hart' };
    expectCommand(pricing, press(pricing, 'cquote.markup.20'), { ...base, pricing: { kind: 'markup', percentBp: 2000 } });
    expectCommand(pricing, type(pricing, '12,5 %'), { ...base, pricing: { kind: 'markup', percentBp: 1250 } });
    expectCommand(pricing, type(pricing, '-5%'), { ...base, pricing: { kind: 'markup', percentBp: -500 } });
    const prices = exampleState('quote_prices');
    expectCommand(prices, type(prices, 'EUR 420.00; 180'), { kind: 'customer_quote', source: { kind: 'cart' }, company: 'Harbor Dental', contact: null, pricing: { kind: 'prices', lineCents: [42_000, 18_000] } });
    expect(type(prices, 'a lot').replies[0]?.text).toBe(t.notUnderstood(t.customerQuote.invalidPrices(2)));
  });

  it('sends the PDF and goes back to the cart; a refusal is said where it can be fixed', () => {
    const pricing = exampleState('quote_pricing');
    const done = answer(pricing, { kind: 'customer_quote', source: { kind: 'cart' }, result: { kind: 'ok', company: 'Harbor Dental', document: A_DOCUMENT } });
    expect(done.replies[0]).toMatchObject({ text: t.customerQuote.done('Harbor Dental'), document: A_DOCUMENT });
    expect(done.command).toEqual({ kind: 'cart' });
    const count = answer(exampleState('quote_prices'), { kind: 'customer_quote', source: { kind: 'cart' }, result: { kind: 'wrong_price_count', expected: 2, given: 3 } });
    expect(count.replies[0]?.text).toBe('Your cart has 2 lines, and 3 prices were given.');
    expect(count.state.step.name).toBe('quote_prices');
    const refused = answer(pricing, { kind: 'customer_quote', source: { kind: 'license', key: 'ABCD-EFGH-JKLM-NP23', years: 1 }, result: { kind: 'line_refused', description: null, refusal: { kind: 'not_found' } } });
    expect(refused.replies[0]?.text).toBe(`${t.keyRefused({ kind: 'not_found' }, null)} The quote was not made.`);
    expect(refused.command).toEqual({ kind: 'menu' });
  });
});
