// Object mothers for the pricing tests.
import { DEFAULT_PRICE_ENTRIES, priceListOn, type PriceList } from '../../../../src/domain/pricing/catalog';
import type { LocalDate } from '../../../../src/domain/pricing/dates';
import type { License } from '../../../../src/domain/pricing/license';

export const RESELLER = 'reseller-1';
export const OTHER_RESELLER = 'reseller-2';
export const TODAY: LocalDate = '2026-11-26';

/** An annual Professional 16 SC license of RESELLER expiring 2027-06-14 (200 days after TODAY). */
export function anAnnualLicense(overrides: Partial<License> = {}): License {
  return {
    id: 'lic-1',
    key: 'ABCD-EFGH-JKLM-NP23',
    resellerId: RESELLER,
    customerId: 'cust-1',
    customerName: 'Acme BV',
    type: 'annual',
    edition: 'professional',
    sc: 16,
    expiresOn: '2027-06-14',
    maintenanceUntil: null,
    ...overrides,
  };
}

/** A perpetual Enterprise 32 SC license of RESELLER with maintenance until 2027-03-01. */
export function aPerpetualLicense(overrides: Partial<License> = {}): License {
  return {
    id: 'lic-2',
    key: 'PERP-0000-1111-2222',
    resellerId: RESELLER,
    customerId: null,
    type: 'perpetual',
    edition: 'enterprise',
    sc: 32,
    expiresOn: null,
    maintenanceUntil: '2027-03-01',
    ...overrides,
  };
}

/** The default price list of pricing.md. */
export function defaultPrices(today: LocalDate = TODAY): PriceList {
  return priceListOn(DEFAULT_PRICE_ENTRIES, today);
}

/** Euros as written in pricing.md ("1165.00") to cents, without floating point. */
export function euros(text: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(text.replace(/,/g, ''));
  if (match === null) throw new Error(`not an amount: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}
