// Object Mother for unit tests against the memory store: sensible defaults, override what
// the test is about. Ids are uuids (the store refuses anything else, as PostgreSQL does);
// the ones a test refers to are constants, the others come from a counter.
import type { DistributorSettings, EndCustomer, Invoice, Reseller, ResellerUser } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import type { Referral } from '../../src/domain/dashboard/dashboard';
import { DEFAULT_PRICE_ENTRIES, type PriceEntry } from '../../src/domain/pricing/catalog';
import type { Coupon } from '../../src/domain/pricing/coupon';
import type { LocalDate } from '../../src/domain/pricing/dates';
import type { License } from '../../src/domain/pricing/license';
import { plainHash } from './fake-hasher';
import type { MemorySeed, ReferralRow } from './memory-store';

/** The day most tests run on: the worked examples' day in pricing.md. */
export const TODAY: LocalDate = '2026-11-26';
export const NOW = new Date('2026-11-26T10:00:00Z');
/** Every mothered user's password. */
export const PASSWORD = 'correct horse battery staple';

/** A fixed, valid uuid for test number `n` (a0000000-0000-4000-8000-000000000042). */
export function testUuid(n: number): string {
  return `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const RESELLER_ID = testUuid(1);
export const OTHER_RESELLER_ID = testUuid(2);

let counter = 1000;
const next = () => ++counter;
const pad4 = (n: number) => String(n % 10_000).padStart(4, '0');

/** The distributor, with bank details for local, international and online payment. */
export function aDistributor(overrides: Partial<DistributorSettings> = {}): DistributorSettings {
  return {
    name: 'Test Distribution BV',
    currency: 'EUR',
    timezone: 'UTC',
    bankAccounts: {
      local: { label: 'Local transfer', holder: 'Test Distribution BV', iban: 'NL91ABNA0417164300', bank: 'ABN AMRO' },
      international: { label: 'International transfer', holder: 'Test Distribution BV', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
      online: { label: 'Card or MultiSafepay', note: 'Pay online from the order.' },
    },
    offlinePaymentDays: 14,
    legalName: 'Test Distribution B.V.',
    address: { street: 'Keizersgracht 123', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
    vatId: 'NL859652349B01',
    chamberOfCommerce: 'KvK 81234567',
    ...overrides,
  };
}

/**
 * A Gold reseller (25 % partner discount) in the Netherlands, like the distributor, so paying
 * 21 % VAT (derived: no explicit rate), as in pricing.md's worked examples.
 */
export function aReseller(overrides: Partial<Reseller> = {}): Reseller {
  const id = overrides.id ?? RESELLER_ID;
  return {
    id,
    partnerId: `P-${id.slice(-6)}`,
    company: 'Acme Telecom BV',
    country: 'NL',
    levelCode: 'gold',
    discountBp: 2500,
    vatRateBp: 2100,
    vatTreatment: 'domestic',
    explicitVatRateBp: null,
    timezone: 'UTC',
    remindSalesUsers: false,
    legalName: 'Acme Telecom B.V.',
    address: { street: 'Stationsplein 45', postcode: '3511 ED', city: 'Utrecht', country: 'NL' },
    vatId: 'NL001234567B02',
    vatIdVerified: null,
    vatIdCheckedAt: null,
    suspendedAt: null,
    currency: null,
    ...overrides,
  };
}

/** An active user of RESELLER_ID with `role` (owner by default) and PASSWORD, never locked. */
export function aUser(overrides: Partial<ResellerUser> = {}): ResellerUser {
  const n = next();
  const role: Role = overrides.role ?? 'owner';
  return {
    id: testUuid(n),
    resellerId: RESELLER_ID,
    username: `${role}-${n}`,
    name: `Test ${role} ${n}`,
    role,
    passwordHash: plainHash(PASSWORD),
    failedAttempts: 0,
    lockedUntil: null,
    active: true,
    ...overrides,
  };
}

/** An annual Professional 16 SC license of RESELLER_ID expiring 2027-06-14 (200 days after TODAY). */
export function anAnnualLicense(overrides: Partial<License> = {}): License {
  const n = next();
  return {
    id: testUuid(n),
    key: `ANNU-0000-0000-${pad4(n)}`,
    resellerId: RESELLER_ID,
    customerId: null,
    type: 'annual',
    edition: 'professional',
    sc: 16,
    expiresOn: '2027-06-14',
    maintenanceUntil: null,
    ...overrides,
  };
}

/** A perpetual Enterprise 32 SC license of RESELLER_ID with maintenance until 2027-03-01. */
export function aPerpetualLicense(overrides: Partial<License> = {}): License {
  const n = next();
  return {
    id: testUuid(n),
    key: `PERP-0000-0000-${pad4(n)}`,
    resellerId: RESELLER_ID,
    customerId: null,
    type: 'perpetual',
    edition: 'enterprise',
    sc: 32,
    expiresOn: null,
    maintenanceUntil: '2027-03-01',
    ...overrides,
  };
}

/** WELCOME10: 10 % off, valid through 2026, no limits. */
export function aCoupon(overrides: Partial<Coupon> = {}): Coupon {
  return {
    id: testUuid(next()),
    code: 'WELCOME10',
    value: { type: 'percent', basisPoints: 1000 },
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
    maxRedemptions: null,
    perResellerLimit: null,
    minSubtotalCents: null,
    appliesTo: null,
    ...overrides,
  };
}

/** An end customer of RESELLER_ID. */
export function aCustomer(overrides: Partial<EndCustomer> = {}): EndCustomer {
  const n = next();
  return { id: testUuid(n), resellerId: RESELLER_ID, company: `Customer ${n} Ltd`, email: null, ...overrides };
}

/** A pending referral of RESELLER_ID. */
export function aReferral(overrides: Partial<Referral> & { resellerId?: string } = {}): ReferralRow {
  const n = next();
  return {
    id: testUuid(n),
    resellerId: RESELLER_ID,
    referredCompany: `Referred ${n} BV`,
    referredOn: '2026-10-01',
    commissionCents: 10_000,
    status: 'pending',
    paidOn: null,
    ...overrides,
  };
}

/** An unpaid imported invoice (no gapless series number) of RESELLER_ID. */
export function anInvoice(overrides: Partial<Invoice> = {}): Invoice {
  const n = next();
  return {
    id: testUuid(n),
    number: `OLD-${n}`,
    resellerId: RESELLER_ID,
    orderId: null,
    status: 'unpaid',
    issuedOn: '2026-10-01',
    paidOn: null,
    currency: 'EUR',
    totalCents: 10_000,
    ...overrides,
  };
}

/** pricing.md's default price list, as rows a test may change. */
export function defaultPriceEntries(): PriceEntry[] {
  return DEFAULT_PRICE_ENTRIES.map((entry) => ({ ...entry }));
}

/** A world to start from: the distributor, the default price list and one reseller (no users). */
export function aWorld(overrides: MemorySeed = {}): MemorySeed {
  return { distributor: aDistributor(), prices: defaultPriceEntries(), resellers: [aReseller()], ...overrides };
}
