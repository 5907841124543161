// pricing.md's worked examples, end to end through the public index.
import { describe, it, expect } from 'vitest';
import { computeTotals, formatMoney, quoteLine, type LineQuoteResult, type Totals } from '../../../../src/domain/pricing';
import { RESELLER, TODAY, anAnnualLicense, defaultPrices } from './fixtures';

const GOLD = 2500;
const VAT_21 = 2100;
const prices = defaultPrices(TODAY);

function listOf(result: LineQuoteResult): number {
  if (result.kind !== 'ok') throw new Error(`expected a quote, got ${result.kind}`);
  return result.quote.listCents;
}

const shown = (t: Totals): string[] =>
  [t.listCents, t.partnerDiscountCents, t.subtotalCents, t.couponCents, t.taxableCents, t.vatCents, t.totalCents].map((c) => formatMoney(c));

describe('worked examples (Gold 25 %, VAT 21 %, today 2026-11-26)', () => {
  const newLicense = quoteLine({ kind: 'new_license', edition: 'professional', sc: 16, quantity: 2, additionalYears: 1, customerId: null }, undefined, prices, TODAY);
  const license = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
  const upgrade = quoteLine({ kind: 'upgrade', licenseId: license.id, licenseKey: license.key, toEdition: 'professional', toSc: 32 }, license, prices, TODAY, RESELLER);

  it('new license: 2,380.00 − 595.00 = 1,785.00 + VAT 374.85 = 2,159.85, keys expire 2028-11-26', () => {
    expect(newLicense.kind === 'ok' && newLicense.quote.newExpiresOn).toBe('2028-11-26');
    const totals = computeTotals([{ kind: 'new_license', listCents: listOf(newLicense) }], GOLD, VAT_21, null);
    expect(shown(totals)).toEqual(['EUR 2,380.00', 'EUR 595.00', 'EUR 1,785.00', 'EUR 0.00', 'EUR 1,785.00', 'EUR 374.85', 'EUR 2,159.85']);
  });

  it('upgrade: 328.77 − 82.19 = 246.58 + VAT 51.78 = 298.36, expiry stays 2027-06-14', () => {
    expect(upgrade.kind === 'ok' && upgrade.quote.newExpiresOn).toBe('2027-06-14');
    expect(upgrade.kind === 'ok' && upgrade.quote.remainingDays).toBe(200);
    const totals = computeTotals([{ kind: 'upgrade', listCents: listOf(upgrade) }], GOLD, VAT_21, null);
    expect(shown(totals)).toEqual(['EUR 328.77', 'EUR 82.19', 'EUR 246.58', 'EUR 0.00', 'EUR 246.58', 'EUR 51.78', 'EUR 298.36']);
  });

  it('coupon: subtotal 2,031.58, coupon 203.16, taxable 1,828.42, VAT 383.97, total 2,212.39', () => {
    const totals = computeTotals(
      [
        { kind: 'new_license', listCents: listOf(newLicense) },
        { kind: 'upgrade', listCents: listOf(upgrade) },
      ],
      GOLD,
      VAT_21,
      { type: 'percent', basisPoints: 1000 },
    );
    expect(shown(totals)).toEqual(['EUR 2,708.77', 'EUR 677.19', 'EUR 2,031.58', 'EUR 203.16', 'EUR 1,828.42', 'EUR 383.97', 'EUR 2,212.39']);
  });
});
