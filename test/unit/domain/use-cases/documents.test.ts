import { describe, expect, it } from 'vitest';
import type { CustomerQuote } from '../../../../src/domain/invoicing/customer-quote';
import type { DocumentRenderer } from '../../../../src/domain/ports';
import { quoteForCustomer, type CustomerQuoteInput } from '../../../../src/domain/use-cases/customer-quote';
import { yearlyStatement } from '../../../../src/domain/use-cases/statement';
import { TODAY, aCoupon, anAnnualLicense, anInvoice, aPerpetualLicense, aReseller, OTHER_RESELLER_ID } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense } from './world';
import { t } from '../../../../src/conversation/wording';

/** The renderer's twin: keeps every quote it was asked to draw, and gives its JSON as the "PDF". */
function recordingRenderer(): DocumentRenderer & { quotes: CustomerQuote[] } {
  const quotes: CustomerQuote[] = [];
  return {
    quotes,
    async invoicePdf() {
      return undefined;
    },
    async customerQuotePdf(quote) {
      quotes.push(quote);
      return { filename: 'quote.pdf', mimeType: 'application/pdf', content: new TextEncoder().encode(JSON.stringify(quote)) };
    },
  };
}

const running = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
const perpetual = aPerpetualLicense({ edition: 'enterprise', sc: 32 });
const theirs = anAnnualLicense({ resellerId: OTHER_RESELLER_ID });

function setUp() {
  const world = aWorldWithUsers({ licenses: [running, perpetual, theirs], resellers: [aReseller({ id: OTHER_RESELLER_ID, partnerId: 'P-other' })], coupons: [aCoupon()] });
  const renderer = recordingRenderer();
  const quote = (input: Partial<CustomerQuoteInput>) =>
    world.run((repos) => quoteForCustomer(repos, world.provider, renderer, {
      user: world.owner, source: { kind: 'cart' }, pricing: { kind: 'markup', percentBp: 2000 }, customer: { company: 'Harbor Dental' }, today: TODAY, describeLine: t.describeLine, ...input,
    }));
  return { ...world, renderer, quote };
}

describe('a quote for the reseller\'s customer', () => {
  it('prices the cart at list plus the markup, in the reseller\'s name, valid 30 days, and leaves the cart as it is', async () => {
    const world = setUp();
    expectKind(await world.add(world.owner, newLicense({ quantity: 2, additionalYears: 1 })), 'added');
    expectKind(await world.add(world.owner, { kind: 'renew_annual', licenseId: running.id, licenseKey: running.key, years: 1 }), 'added');
    const before = structuredClone(world.store.state);
    const result = expectKind(await world.quote({ customer: { company: '  Harbor Dental ', contact: 'Dr. Hart' }, reference: 'Q-7' }), 'ok');
    expect(result.quote).toEqual({
      reference: 'Q-7', issuedOn: TODAY, validUntil: '2026-12-26', currency: 'EUR',
      from: { company: 'Acme Telecom BV', legalName: 'Acme Telecom B.V.', address: { street: 'Stationsplein 45', postcode: '3511 ED', city: 'Utrecht', country: 'NL' }, vatId: 'NL001234567B02' },
      to: { company: 'Harbor Dental', contact: 'Dr. Hart' },
      // 2,380.00 and 595.00 list, plus 20 %.
      lines: [
        { description: 'Professional 16 SC, 2 licenses, 2 years', quantity: 2, amountCents: 285600 },
        { description: expect.stringMatching(/^Renew ANNU-/), quantity: 1, amountCents: 71400 },
      ],
      totalCents: 357000,
    });
    expect(result.file).toMatchObject({ filename: 'quote.pdf', mimeType: 'application/pdf' });
    // Nothing of the distributor: its name, the partner discount, the reseller's own price.
    const printed = JSON.stringify(result.quote);
    for (const secret of ['Test Distribution', '2500', '178500', '0.25']) expect(printed).not.toContain(secret);
    expect(world.store.state).toEqual(before);
  });

  it('takes a price typed per line, and a license\'s renewal instead of the cart', async () => {
    const world = setUp();
    const typed = expectKind(await world.quote({ source: { kind: 'license', key: perpetual.key.toLowerCase(), years: 2 }, pricing: { kind: 'prices', lineCents: [99_900] }, validUntil: '2027-01-31' }), 'ok');
    expect(typed.quote.lines).toEqual([{ description: expect.stringMatching(/^Renew maintenance PERP-/), quantity: 1, amountCents: 99_900 }]);
    expect(typed.quote.validUntil).toBe('2027-01-31');
    const markedDown = expectKind(await world.quote({ source: { kind: 'license', key: running.key, years: 1 }, pricing: { kind: 'markup', percentBp: -1000 } }), 'ok');
    // 595.00 less 10 %.
    expect(markedDown.quote.totalCents).toBe(53550);
  });

  it('answers every mistake with what was wrong, and draws nothing', async () => {
    const world = setUp();
    expect(await world.quote({})).toEqual({ kind: 'cart_empty' });
    expectKind(await world.add(world.owner, newLicense()), 'added');
    expect(await world.quote({ pricing: { kind: 'markup', percentBp: -10_000 } })).toEqual({ kind: 'invalid_markup' });
    expect(await world.quote({ pricing: { kind: 'markup', percentBp: 12.5 } })).toEqual({ kind: 'invalid_markup' });
    expect(await world.quote({ pricing: { kind: 'prices', lineCents: [1, 2] } })).toEqual({ kind: 'wrong_price_count', expected: 1, given: 2 });
    expect(await world.quote({ pricing: { kind: 'prices', lineCents: [-5] } })).toEqual({ kind: 'invalid_price', line: 1 });
    expect(await world.quote({ customer: { company: 'X' } })).toEqual({ kind: 'invalid_customer' });
    expect(await world.quote({ reference: 'a'.repeat(41) })).toEqual({ kind: 'invalid_reference' });
    expect(await world.quote({ validUntil: '2026-11-25' })).toEqual({ kind: 'invalid_validity', earliest: TODAY, latest: '2027-11-26' });
    expect(await world.quote({ validUntil: '2027-11-27' })).toMatchObject({ kind: 'invalid_validity' });
    expect(await world.quote({ source: { kind: 'license', key: theirs.key, years: 1 } })).toEqual({ kind: 'line_refused', description: null, refusal: { kind: 'not_found' } });
    expect(await world.quote({ source: { kind: 'license', key: 'nope', years: 1 } })).toMatchObject({ kind: 'line_refused', refusal: { kind: 'invalid_format' } });
    expect(await world.quote({ source: { kind: 'license', key: running.key, years: 9 } })).toMatchObject({ kind: 'line_refused', refusal: { kind: 'invalid_years' } });
    expect(await world.run((repos) => quoteForCustomer(repos, world.provider, world.renderer, {
      user: world.support, source: { kind: 'cart' }, pricing: { kind: 'markup', percentBp: 0 }, customer: { company: 'Harbor Dental' }, today: TODAY, describeLine: t.describeLine,
    }))).toEqual({ kind: 'not_allowed' });
    expect(world.renderer.quotes).toEqual([]);
  });
});

describe('the yearly statement', () => {
  it('lists the year\'s invoices and credit notes as CSV, for owners and purchase users', async () => {
    const world = aWorldWithUsers({
      invoices: [
        anInvoice({ number: 'OLD-1', issuedOn: '2026-03-01', totalCents: 23595 }),
        anInvoice({ number: 'OLD-2', issuedOn: '2025-12-31', totalCents: 100 }),
        anInvoice({ number: 'THEIRS', resellerId: OTHER_RESELLER_ID, issuedOn: '2026-05-01' }),
      ],
      resellers: [aReseller({ id: OTHER_RESELLER_ID, partnerId: 'P-other' })],
    });
    const result = expectKind(await world.run((repos) => yearlyStatement(repos, { user: world.purchase, year: 2026, today: TODAY })), 'ok');
    expect(result.entries).toBe(1);
    expect(result.file).toMatchObject({ filename: 'statement-P-000001-2026.csv', mimeType: 'text/csv' });
    expect(new TextDecoder().decode(result.file.content)).toBe(
      'number,kind,date,order,taxable,vat_rate_percent,vat,total,currency,status,credits_invoice\r\nOLD-1,invoice,2026-03-01,,,,,235.95,EUR,unpaid,\r\n',
    );
    expect(await world.run((repos) => yearlyStatement(repos, { user: world.sales, year: 2026, today: TODAY }))).toEqual({ kind: 'not_allowed' });
    expect(await world.run((repos) => yearlyStatement(repos, { user: world.owner, year: 2027, today: TODAY }))).toEqual({ kind: 'invalid_year', earliest: 2000, latest: 2026 });
    expect(await world.run((repos) => yearlyStatement(repos, { user: world.owner, year: 1999, today: TODAY }))).toMatchObject({ kind: 'invalid_year' });
  });
});
