import { describe, it, expect } from 'vitest';
import { SC_TIERS, priceListOn } from '../../../../src/domain/pricing/catalog';
import { addDays, addYears } from '../../../../src/domain/pricing/dates';
import type { License } from '../../../../src/domain/pricing/license';
import type { LineQuote, LineQuoteResult, LineRequest } from '../../../../src/domain/pricing/line';
import { quoteLine } from '../../../../src/domain/pricing/quote';
import { OTHER_RESELLER, RESELLER, TODAY, aPerpetualLicense, anAnnualLicense, defaultPrices } from './fixtures';
import { t } from '../../../../src/conversation/wording';

const prices = defaultPrices();
const noPrices = priceListOn([], TODAY);

function quoted(result: LineQuoteResult): LineQuote {
  if (result.kind !== 'ok') throw new Error(`expected a quote, got ${result.kind}`);
  return result.quote;
}

const newLicense = (overrides: Partial<Extract<LineRequest, { kind: 'new_license' }>> = {}): LineRequest => ({
  kind: 'new_license',
  edition: 'professional',
  sc: 16,
  quantity: 1,
  additionalYears: 0,
  customerId: null,
  ...overrides,
});
const upgrade = (license: License, toEdition: License['edition'], toSc: number): LineRequest => ({
  kind: 'upgrade',
  licenseId: license.id,
  licenseKey: license.key,
  toEdition,
  toSc,
});
const renewAnnual = (license: License, years: number): LineRequest => ({ kind: 'renew_annual', licenseId: license.id, licenseKey: license.key, years });
const renewMaintenance = (license: License, years: number): LineRequest => ({ kind: 'renew_maintenance', licenseId: license.id, licenseKey: license.key, years });

describe('quoteLine: new license', () => {
  it('prices the worked example', () => {
    const quote = quoted(quoteLine(newLicense({ quantity: 2, additionalYears: 1 }), undefined, prices, TODAY));
    expect(quote).toMatchObject({
      kind: 'new_license',
      listCents: 238_000,
      unitPriceCents: 59_500,
      newExpiresOn: '2028-11-26',
      quantity: 2,
      years: 2,
    });
  });

  it('is annual × (1 + additional years) × quantity for every size and term', () => {
    for (const edition of ['professional', 'enterprise'] as const) {
      for (const sc of SC_TIERS) {
        for (let additionalYears = 0; additionalYears <= 4; additionalYears++) {
          for (const quantity of [1, 3, 50]) {
            const quote = quoted(quoteLine(newLicense({ edition, sc, quantity, additionalYears }), undefined, prices, TODAY));
            expect(quote.listCents).toBe((prices.annual(edition, sc) ?? Number.NaN) * (1 + additionalYears) * quantity);
            expect(quote.newExpiresOn).toBe(addYears(TODAY, 1 + additionalYears));
          }
        }
      }
    }
  });

  it('describes one license for one year in the singular', () => {
    expect(t.describeLine(quoted(quoteLine(newLicense({ edition: 'startup', sc: 4 }), undefined, prices, TODAY)))).toBe('Startup 4 SC, 1 license, 1 year');
  });

  it('keys bought on 29 February expire on 28 February', () => {
    expect(quoted(quoteLine(newLicense(), undefined, prices, '2028-02-29')).newExpiresOn).toBe('2029-02-28');
    expect(quoted(quoteLine(newLicense({ additionalYears: 3 }), undefined, prices, '2028-02-29')).newExpiresOn).toBe('2032-02-29');
  });

  it('accepts quantities 1–50 and refuses anything else', () => {
    for (const quantity of [1, 2, 49, 50]) expect(quoteLine(newLicense({ quantity }), undefined, prices, TODAY).kind).toBe('ok');
    for (const quantity of [0, 51, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(quoteLine(newLicense({ quantity }), undefined, prices, TODAY)).toEqual({ kind: 'invalid_quantity' });
    }
  });

  it('accepts 0–4 additional years and refuses anything else', () => {
    for (const additionalYears of [0, 1, 4]) expect(quoteLine(newLicense({ additionalYears }), undefined, prices, TODAY).kind).toBe('ok');
    for (const additionalYears of [5, 6, 1.5, -1, Number.NaN]) {
      expect(quoteLine(newLicense({ additionalYears }), undefined, prices, TODAY)).toEqual({ kind: 'invalid_years' });
    }
  });

  it('sells Startup only at 4 SC and nobody a size that is not a tier', () => {
    expect(quoteLine(newLicense({ edition: 'startup', sc: 4 }), undefined, prices, TODAY).kind).toBe('ok');
    for (const sc of [8, 16, 1024]) expect(quoteLine(newLicense({ edition: 'startup', sc }), undefined, prices, TODAY)).toEqual({ kind: 'invalid_tier' });
    for (const sc of [0, 5, 12, 2048]) expect(quoteLine(newLicense({ sc }), undefined, prices, TODAY)).toEqual({ kind: 'invalid_tier' });
    const unknownEdition = { ...newLicense(), edition: 'standard' } as unknown as LineRequest;
    expect(quoteLine(unknownEdition, undefined, prices, TODAY)).toEqual({ kind: 'invalid_tier' });
  });

  it('refuses what the price list does not price', () => {
    expect(quoteLine(newLicense(), undefined, noPrices, TODAY)).toEqual({ kind: 'price_missing' });
  });

  it('checks quantity, then years, then the tier', () => {
    expect(quoteLine(newLicense({ quantity: 0, additionalYears: 9, sc: 5 }), undefined, noPrices, TODAY).kind).toBe('invalid_quantity');
    expect(quoteLine(newLicense({ additionalYears: 9, sc: 5 }), undefined, noPrices, TODAY).kind).toBe('invalid_years');
    expect(quoteLine(newLicense({ sc: 5 }), undefined, noPrices, TODAY).kind).toBe('invalid_tier');
  });
});

describe('quoteLine: upgrade', () => {
  it('prices the worked example and keeps the expiry', () => {
    const license = anAnnualLicense();
    const quote = quoted(quoteLine(upgrade(license, 'professional', 32), license, prices, TODAY, RESELLER));
    expect(quote).toMatchObject({
      kind: 'upgrade',
      listCents: 32_877,
      unitPriceCents: 60_000,
      remainingDays: 200,
      newExpiresOn: '2027-06-14',
      edition: 'professional',
      sc: 32,
    });
    // A quote is data: the key and both sizes, which the wording describes.
    expect(quote).toMatchObject({ licenseKey: 'ABCD-EFGH-JKLM-NP23', fromEdition: 'professional', fromSc: 16 });
    expect(t.describeLine(quote)).toBe('Upgrade ABCD-EFGH-JKLM-NP23: Professional 16 SC to Professional 32 SC, 200 days remaining');
  });

  it('is round((annual(target) − annual(current)) × days / 365) for every path and many days', () => {
    const sizes = [{ edition: 'startup' as const, sc: 4 }, ...(['professional', 'enterprise'] as const).flatMap((edition) => SC_TIERS.map((sc) => ({ edition, sc })))];
    for (const days of [1, 2, 100, 182, 183, 200, 364, 365, 366, 1826]) {
      const expiresOn = addDays(TODAY, days);
      for (const from of sizes) {
        const license = anAnnualLicense({ ...from, expiresOn });
        for (const to of sizes) {
          const result = quoteLine(upgrade(license, to.edition, to.sc), license, prices, TODAY);
          if (result.kind === 'not_allowed_upgrade') continue;
          if (result.kind === 'no_upgrade_path') {
            expect(from).toEqual({ edition: 'enterprise', sc: 1024 });
            continue;
          }
          const difference = (prices.annual(to.edition, to.sc) ?? 0) - (prices.annual(from.edition, from.sc) ?? 0);
          const product = difference * days; // exact: well inside the safe range
          const remainder = product % 365;
          const expected = (product - remainder) / 365 + (2 * remainder >= 365 ? 1 : 0);
          const quote = quoted(result);
          expect(quote.listCents).toBe(expected);
          expect(quote.remainingDays).toBe(days);
          expect(quote.newExpiresOn).toBe(expiresOn);
        }
      }
    }
  });

  it('charges one day for a key that expires today', () => {
    const license = anAnnualLicense({ expiresOn: TODAY });
    const quote = quoted(quoteLine(upgrade(license, 'professional', 32), license, prices, TODAY));
    expect(quote.remainingDays).toBe(1);
    expect(quote.listCents).toBe(164); // round(60000 / 365) = round(164.38)
    expect(t.describeLine(quote)).toContain('1 day remaining');
  });

  it('refuses a key that expired yesterday', () => {
    const license = anAnnualLicense({ expiresOn: '2026-11-25' });
    expect(quoteLine(upgrade(license, 'professional', 32), license, prices, TODAY)).toEqual({ kind: 'expired', license });
  });

  it('counts the days to a 29 February expiry', () => {
    const license = anAnnualLicense({ expiresOn: '2028-02-29' });
    expect(quoted(quoteLine(upgrade(license, 'professional', 32), license, prices, '2028-02-28')).remainingDays).toBe(1);
    expect(quoted(quoteLine(upgrade(license, 'professional', 32), license, prices, '2028-02-29')).remainingDays).toBe(1);
    expect(quoted(quoteLine(upgrade(license, 'professional', 32), license, prices, '2027-02-28')).remainingDays).toBe(366);
  });

  it('refuses Enterprise 1024 and perpetual keys', () => {
    const top = anAnnualLicense({ edition: 'enterprise', sc: 1024 });
    expect(quoteLine(upgrade(top, 'enterprise', 1024), top, prices, TODAY)).toEqual({ kind: 'no_upgrade_path', license: top });
    const perpetual = aPerpetualLicense();
    expect(quoteLine(upgrade(perpetual, 'enterprise', 64), perpetual, prices, TODAY)).toEqual({ kind: 'wrong_type', license: perpetual, expected: 'annual' });
  });

  it('takes Professional 1024 only to Enterprise 1024 and Startup 4 to Professional 4', () => {
    const pro = anAnnualLicense({ sc: 1024 });
    expect(quoteLine(upgrade(pro, 'enterprise', 1024), pro, prices, TODAY).kind).toBe('ok');
    expect(quoteLine(upgrade(pro, 'enterprise', 512), pro, prices, TODAY)).toEqual({ kind: 'not_allowed_upgrade' });
    expect(quoteLine(upgrade(pro, 'professional', 1024), pro, prices, TODAY)).toEqual({ kind: 'not_allowed_upgrade' });
    const startup = anAnnualLicense({ edition: 'startup', sc: 4 });
    expect(quoted(quoteLine(upgrade(startup, 'professional', 4), startup, prices, TODAY)).listCents).toBe(1_096); // round(2000 × 200 / 365) = round(1095.89)
    expect(quoteLine(upgrade(startup, 'startup', 8), startup, prices, TODAY)).toEqual({ kind: 'invalid_tier' });
  });

  it('refuses going down or standing still', () => {
    const license = anAnnualLicense({ edition: 'enterprise', sc: 32 });
    for (const [edition, sc] of [['enterprise', 32], ['enterprise', 16], ['professional', 64], ['startup', 4]] as const) {
      expect(quoteLine(upgrade(license, edition, sc), license, prices, TODAY)).toEqual({ kind: 'not_allowed_upgrade' });
    }
  });

  it('never quotes a negative amount, even if a price list makes the target cheaper', () => {
    const license = anAnnualLicense();
    const odd = priceListOn(
      [
        { edition: 'professional', sc: 16, kind: 'annual', priceCents: 1_000_00, effectiveFrom: '2000-01-01' },
        { edition: 'professional', sc: 32, kind: 'annual', priceCents: 900_00, effectiveFrom: '2000-01-01' },
      ],
      TODAY,
    );
    expect(quoted(quoteLine(upgrade(license, 'professional', 32), license, odd, TODAY)).listCents).toBe(0);
  });

  it('needs both prices', () => {
    const license = anAnnualLicense();
    const onlyTarget = priceListOn([{ edition: 'professional', sc: 32, kind: 'annual', priceCents: 1, effectiveFrom: '2000-01-01' }], TODAY);
    expect(quoteLine(upgrade(license, 'professional', 32), license, onlyTarget, TODAY)).toEqual({ kind: 'price_missing' });
  });
});

describe('quoteLine: renew annual', () => {
  it('extends a running license from its expiry', () => {
    const license = anAnnualLicense();
    const quote = quoted(quoteLine(renewAnnual(license, 2), license, prices, TODAY));
    expect(quote).toMatchObject({ kind: 'renew_annual', listCents: 119_000, unitPriceCents: 59_500, newExpiresOn: '2029-06-14', years: 2 });
    expect(quote.licenseKey).toBe('ABCD-EFGH-JKLM-NP23');
    expect(t.describeLine(quote)).toBe('Renew ABCD-EFGH-JKLM-NP23: Professional 16 SC, 2 years');
  });

  it('extends a license expiring today from today’s expiry', () => {
    const license = anAnnualLicense({ expiresOn: TODAY });
    expect(quoted(quoteLine(renewAnnual(license, 1), license, prices, TODAY)).newExpiresOn).toBe('2027-11-26');
  });

  it('restarts a license that expired yesterday from today', () => {
    const license = anAnnualLicense({ expiresOn: '2026-11-25' });
    expect(quoted(quoteLine(renewAnnual(license, 1), license, prices, TODAY)).newExpiresOn).toBe('2027-11-26');
    const longGone = anAnnualLicense({ expiresOn: '2020-03-01' });
    expect(quoted(quoteLine(renewAnnual(longGone, 3), longGone, prices, TODAY)).newExpiresOn).toBe('2029-11-26');
  });

  it('renews from a 29 February expiry to 28 February', () => {
    const license = anAnnualLicense({ expiresOn: '2028-02-29' });
    expect(quoted(quoteLine(renewAnnual(license, 1), license, prices, '2028-01-10')).newExpiresOn).toBe('2029-02-28');
    expect(quoted(quoteLine(renewAnnual(license, 4), license, prices, '2028-02-29')).newExpiresOn).toBe('2032-02-29');
    expect(quoted(quoteLine(renewAnnual(license, 1), license, prices, '2028-03-01')).newExpiresOn).toBe('2029-03-01');
  });

  it('is annual × years for 1–5 years and refuses anything else', () => {
    const license = anAnnualLicense({ edition: 'enterprise', sc: 256 });
    for (let years = 1; years <= 5; years++) {
      expect(quoted(quoteLine(renewAnnual(license, years), license, prices, TODAY)).listCents).toBe(12_475_00 * years);
    }
    for (const years of [0, 6, 1.5, -1, Number.NaN]) {
      expect(quoteLine(renewAnnual(license, years), license, prices, TODAY)).toEqual({ kind: 'invalid_years' });
    }
  });

  it('sends a perpetual key to maintenance', () => {
    const license = aPerpetualLicense();
    expect(quoteLine(renewAnnual(license, 1), license, prices, TODAY)).toEqual({ kind: 'wrong_type', license, expected: 'annual' });
  });

  it('restarts a license with no recorded expiry from today', () => {
    const license = anAnnualLicense({ expiresOn: null });
    expect(quoted(quoteLine(renewAnnual(license, 1), license, prices, TODAY)).newExpiresOn).toBe('2027-11-26');
  });
});

describe('quoteLine: renew maintenance', () => {
  it('extends running maintenance from its date', () => {
    const license = aPerpetualLicense();
    const quote = quoted(quoteLine(renewMaintenance(license, 2), license, prices, TODAY));
    expect(quote).toMatchObject({ kind: 'renew_maintenance', listCents: 155_000, unitPriceCents: 77_500, newMaintenanceUntil: '2029-03-01' });
    expect(quote.newExpiresOn).toBeUndefined();
    expect(t.describeLine(quote)).toBe('Renew maintenance PERP-0000-1111-2222: Enterprise 32 SC, 2 years');
  });

  it('restarts lapsed or unrecorded maintenance from today', () => {
    for (const maintenanceUntil of ['2026-11-25', null]) {
      const license = aPerpetualLicense({ maintenanceUntil });
      expect(quoted(quoteLine(renewMaintenance(license, 1), license, prices, TODAY)).newMaintenanceUntil).toBe('2027-11-26');
    }
    const today = aPerpetualLicense({ maintenanceUntil: TODAY });
    expect(quoted(quoteLine(renewMaintenance(today, 1), today, prices, TODAY)).newMaintenanceUntil).toBe('2027-11-26');
    const leap = aPerpetualLicense({ maintenanceUntil: '2028-02-29' });
    expect(quoted(quoteLine(renewMaintenance(leap, 1), leap, prices, TODAY)).newMaintenanceUntil).toBe('2029-02-28');
  });

  it('is maintenance × years for 1–5 years and refuses anything else', () => {
    const license = aPerpetualLicense({ edition: 'professional', sc: 4 });
    for (let years = 1; years <= 5; years++) {
      expect(quoted(quoteLine(renewMaintenance(license, years), license, prices, TODAY)).listCents).toBe(95_00 * years);
    }
    for (const years of [0, 6, 2.5, -1]) {
      expect(quoteLine(renewMaintenance(license, years), license, prices, TODAY)).toEqual({ kind: 'invalid_years' });
    }
  });

  it('sends an annual key to renew the license', () => {
    const license = anAnnualLicense();
    expect(quoteLine(renewMaintenance(license, 1), license, prices, TODAY)).toEqual({ kind: 'wrong_type', license, expected: 'perpetual' });
  });

  it('has no maintenance price for Startup', () => {
    const license = aPerpetualLicense({ edition: 'startup', sc: 4 });
    expect(quoteLine(renewMaintenance(license, 1), license, prices, TODAY)).toEqual({ kind: 'price_missing' });
  });
});

describe('quoteLine: the key', () => {
  const license = anAnnualLicense();

  it('is not found when missing, another reseller’s, or not the license given', () => {
    for (const request of [renewAnnual(license, 1), upgrade(license, 'professional', 32)]) {
      expect(quoteLine(request, undefined, prices, TODAY)).toEqual({ kind: 'not_found' });
      expect(quoteLine(request, license, prices, TODAY, OTHER_RESELLER)).toEqual({ kind: 'not_found' });
      expect(quoteLine(request, { ...license, id: 'lic-9' }, prices, TODAY)).toEqual({ kind: 'not_found' });
      expect(quoteLine(request, { ...license, key: 'ZZZZ-EFGH-JKLM-NP23' }, prices, TODAY)).toEqual({ kind: 'not_found' });
      expect(quoteLine(request, license, prices, TODAY, RESELLER).kind).toBe('ok');
    }
  });

  it('normalises the key in the request and refuses a malformed one', () => {
    expect(quoteLine({ ...renewAnnual(license, 1), licenseKey: 'abcdefghjklmnp23' } as LineRequest, license, prices, TODAY).kind).toBe('ok');
    expect(quoteLine({ ...renewAnnual(license, 1), licenseKey: 'ABCD-EFGH' } as LineRequest, license, prices, TODAY)).toEqual({ kind: 'invalid_format' });
  });
});
