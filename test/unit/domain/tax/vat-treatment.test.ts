import { describe, expect, it } from 'vitest';
import { EU_STANDARD_VAT_BP, isEuMember } from '../../../../src/domain/tax/eu';
import { resolveVat, vatMention, type VatFacts } from '../../../../src/domain/tax/vat-treatment';

const facts = (overrides: Partial<VatFacts>): VatFacts => ({ distributorCountry: 'NL', resellerCountry: 'NL', resellerVatId: null, explicitRateBp: null, ...overrides });

describe('VAT treatment (pricing.md, "VAT treatment")', () => {
  // [what, facts, treatment, rate, source]
  const table: Array<[string, Partial<VatFacts>, string, number, string]> = [
    ['same country as the distributor', { resellerCountry: 'NL', resellerVatId: 'NL001234567B02' }, 'domestic', 2100, 'derived'],
    ['another EU country with a VAT ID (Rhein Telefonie)', { resellerCountry: 'DE', resellerVatId: 'DE123456789' }, 'reverse_charge', 0, 'derived'],
    ['another EU country without one', { resellerCountry: 'DE' }, 'domestic', 2100, 'derived'],
    ['Greece (GR) with a VAT ID (EL…)', { resellerCountry: 'GR', resellerVatId: 'EL123456789' }, 'reverse_charge', 0, 'derived'],
    ['outside the EU (the United Kingdom)', { resellerCountry: 'GB', resellerVatId: 'GB123456789' }, 'outside_eu', 0, 'derived'],
    ['outside the EU without a VAT ID (Switzerland)', { resellerCountry: 'CH' }, 'outside_eu', 0, 'derived'],
    ['a German distributor selling at home', { distributorCountry: 'DE', resellerCountry: 'DE' }, 'domestic', 1900, 'derived'],
    ['a Finnish distributor selling at home (25.5 %)', { distributorCountry: 'FI', resellerCountry: 'FI' }, 'domestic', 2550, 'derived'],
    ['an explicit 0 outside the EU (Bright Voice)', { resellerCountry: 'GB', resellerVatId: 'GB123456789', explicitRateBp: 0 }, 'outside_eu', 0, 'explicit'],
    ['an explicit 21 % at home (Acme)', { resellerCountry: 'NL', explicitRateBp: 2100 }, 'domestic', 2100, 'explicit'],
    ['an explicit rate charged to an EU business with a VAT ID', { resellerCountry: 'DE', resellerVatId: 'DE123456789', explicitRateBp: 1900 }, 'domestic', 1900, 'explicit'],
    ['an explicit 0 to an EU business with a VAT ID', { resellerCountry: 'BE', resellerVatId: 'BE0123456789', explicitRateBp: 0 }, 'reverse_charge', 0, 'explicit'],
    ['an explicit 0 at home', { resellerCountry: 'NL', explicitRateBp: 0 }, 'domestic', 0, 'explicit'],
    ['an explicit rate where the distributor\'s country is not set', { distributorCountry: null, resellerCountry: 'DE', explicitRateBp: 2100 }, 'domestic', 2100, 'explicit'],
  ];
  it.each(table)('%s', (_what, given, treatment, rateBp, source) => {
    expect(resolveVat(facts(given))).toEqual({ kind: 'resolved', treatment, rateBp, source });
  });

  it('cannot derive a rate without the distributor\'s country, or for a distributor outside the EU', () => {
    expect(resolveVat(facts({ distributorCountry: null }))).toEqual({ kind: 'unresolved', reason: 'distributor_country_unknown' });
    expect(resolveVat(facts({ distributorCountry: 'CH', resellerCountry: 'CH' }))).toEqual({ kind: 'unresolved', reason: 'distributor_outside_eu' });
  });

  it('refuses an explicit rate outside 0–100 %: that is a bug', () => {
    expect(() => resolveVat(facts({ explicitRateBp: 10_001 }))).toThrow(RangeError);
    expect(() => resolveVat(facts({ explicitRateBp: 20.5 }))).toThrow(RangeError);
  });

  it('knows the 27 member states and their standard rates', () => {
    expect(Object.keys(EU_STANDARD_VAT_BP)).toHaveLength(27);
    expect(EU_STANDARD_VAT_BP.NL).toBe(2100);
    expect(EU_STANDARD_VAT_BP.DE).toBe(1900);
    expect(isEuMember('GB')).toBe(false);
    expect(isEuMember('XI')).toBe(false);
    expect(isEuMember('GR')).toBe(true);
  });

  it('words the mention each treatment needs, naming both VAT IDs for a reverse charge', () => {
    expect(vatMention('domestic', { seller: 'NL859652349B01', buyer: 'NL001234567B02' })).toBeNull();
    expect(vatMention('reverse_charge', { seller: 'NL859652349B01', buyer: 'DE123456789' })).toBe(
      'VAT reverse charged (Art. 196 Directive 2006/112/EC). Supplier VAT ID NL859652349B01, customer VAT ID DE123456789.',
    );
    expect(vatMention('outside_eu', { seller: 'NL859652349B01', buyer: 'GB123456789' })).toBe("Outside the scope of EU VAT: place of supply is the customer's country.");
  });
});
