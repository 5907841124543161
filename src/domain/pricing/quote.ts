import type { PriceList } from './catalog';
import { isEdition, isTierOf, yearlyRenewalPrice } from './catalog';
import type { LocalDate } from './dates';
import { addYears, compareDates, daysBetween } from './dates';
import type { License } from './license';
import { normaliseLicenseKey } from './license-key';
import type {
  KeyRequest,
  LineQuoteResult,
  LineRequest,
  NewLicenseRequest,
  RenewAnnualRequest,
  RenewMaintenanceRequest,
  UpgradeRequest,
} from './line';
import {
  ADDITIONAL_YEARS_MAX,
  ADDITIONAL_YEARS_MIN,
  QUANTITY_MAX,
  QUANTITY_MIN,
  RENEWAL_YEARS_MAX,
  RENEWAL_YEARS_MIN,
} from './line';
import { multiplyCents, roundMulDiv } from './money';
import type { Purpose, Verification } from './verification';
import { verifyLicenseFor } from './verification';
import { isAllowedUpgrade } from './upgrade-paths';

/**
 * Prices one line by pricing.md. Checks run in this order, the first failure is the answer:
 * the request's own numbers (quantity, years, SC tier), then the license for the purpose,
 * then whether the upgrade goes up, then whether the price list has the price.
 */

const DAYS_PER_YEAR = 365;

const isWithin = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

function quoteNewLicense(request: NewLicenseRequest, prices: PriceList, today: LocalDate): LineQuoteResult {
  const { edition, sc, quantity, additionalYears } = request;
  if (!isWithin(quantity, QUANTITY_MIN, QUANTITY_MAX)) return { kind: 'invalid_quantity' };
  if (!isWithin(additionalYears, ADDITIONAL_YEARS_MIN, ADDITIONAL_YEARS_MAX)) return { kind: 'invalid_years' };
  if (!isEdition(edition) || !isTierOf(edition, sc)) return { kind: 'invalid_tier' };
  const annual = prices.annual(edition, sc);
  if (annual === undefined) return { kind: 'price_missing' };
  const years = 1 + additionalYears;
  return {
    kind: 'ok',
    quote: {
      kind: 'new_license',
      listCents: multiplyCents(multiplyCents(annual, years), quantity),
      unitPriceCents: annual,
      newExpiresOn: addYears(today, years),
      quantity,
      years,
      edition,
      sc,
    },
  };
}

// The key in the request must be the license's key, or the caller looked up the wrong one.
function verifyKey(
  request: KeyRequest,
  purpose: Purpose,
  license: License | undefined,
  today: LocalDate,
  resellerId: string | undefined,
): Verification {
  const parsed = normaliseLicenseKey(request.licenseKey);
  if (parsed.kind === 'invalid_format') return parsed;
  const matches = license !== undefined && license.key === parsed.key && license.id === request.licenseId;
  return verifyLicenseFor(purpose, matches ? license : undefined, resellerId ?? license?.resellerId ?? '', today);
}

function quoteUpgrade(
  request: UpgradeRequest,
  found: License | undefined,
  prices: PriceList,
  today: LocalDate,
  resellerId: string | undefined,
): LineQuoteResult {
  const { toEdition, toSc } = request;
  if (!isEdition(toEdition) || !isTierOf(toEdition, toSc)) return { kind: 'invalid_tier' };
  const verification = verifyKey(request, 'upgrade', found, today, resellerId);
  if (verification.kind !== 'ok') return verification;
  const license = verification.license;
  if (!isAllowedUpgrade(license, toEdition, toSc)) return { kind: 'not_allowed_upgrade' };
  const current = prices.annual(license.edition, license.sc);
  const target = prices.annual(toEdition, toSc);
  if (current === undefined || target === undefined) return { kind: 'price_missing' };
  // Verified active, so expiresOn is set and not before today.
  const expiresOn = license.expiresOn ?? today;
  const remainingDays = Math.max(1, daysBetween(today, expiresOn));
  // Amounts are never negative: should a price list make the target cheaper, the upgrade is free.
  const yearlyDifference = Math.max(0, target - current);
  return {
    kind: 'ok',
    quote: {
      kind: 'upgrade',
      listCents: roundMulDiv(yearlyDifference, remainingDays, DAYS_PER_YEAR),
      unitPriceCents: yearlyDifference,
      remainingDays,
      newExpiresOn: expiresOn,
      quantity: 1,
      years: 0,
      edition: toEdition,
      sc: toSc,
      licenseKey: license.key,
      fromEdition: license.edition,
      fromSc: license.sc,
    },
  };
}

// A lapsed term restarts today; a running one is extended from its end.
const renewalBase = (end: LocalDate | null, today: LocalDate): LocalDate =>
  end !== null && compareDates(end, today) >= 0 ? end : today;

function quoteRenewal(
  request: RenewAnnualRequest | RenewMaintenanceRequest,
  found: License | undefined,
  prices: PriceList,
  today: LocalDate,
  resellerId: string | undefined,
): LineQuoteResult {
  const { years } = request;
  if (!isWithin(years, RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX)) return { kind: 'invalid_years' };
  const verification = verifyKey(request, request.kind, found, today, resellerId);
  if (verification.kind !== 'ok') return verification;
  const license = verification.license;
  const annual = request.kind === 'renew_annual';
  // The verification above made sure the license's type fits the renewal kind.
  const yearly = yearlyRenewalPrice(prices, license);
  if (yearly === undefined) return { kind: 'price_missing' };
  const common = {
    listCents: multiplyCents(yearly, years),
    unitPriceCents: yearly,
    quantity: 1,
    years,
    edition: license.edition,
    sc: license.sc,
    licenseKey: license.key,
  };
  if (annual) {
    return {
      kind: 'ok',
      quote: {
        kind: 'renew_annual',
        newExpiresOn: addYears(renewalBase(license.expiresOn, today), years),
        ...common,
      },
    };
  }
  return {
    kind: 'ok',
    quote: {
      kind: 'renew_maintenance',
      newMaintenanceUntil: addYears(renewalBase(license.maintenanceUntil, today), years),
      ...common,
    },
  };
}

/**
 * Prices one line on `today` with the price list in force. For a line on an existing key,
 * `license` is what the key was found to be (or `undefined`), and it is verified again for
 * the line's purpose: a license whose key or id does not match the request is `not_found`.
 * Pass `resellerId` so that a license of another reseller is `not_found` as well; without it
 * the caller vouches that `license` was looked up among the reseller's own keys.
 *
 * - new license: `annual × (1 + additional years) × quantity`, keys expire `today + (1 + additional years)`;
 * - upgrade: `round((annual(target) − annual(current)) × max(1, expiresOn − today) / 365)`, expiry unchanged;
 * - renew annual / maintenance: `yearly × years`, from the term end if not before today, else from today.
 */
export function quoteLine(
  request: LineRequest,
  license: License | undefined,
  prices: PriceList,
  today: LocalDate,
  resellerId?: string,
): LineQuoteResult {
  switch (request.kind) {
    case 'new_license':
      return quoteNewLicense(request, prices, today);
    case 'upgrade':
      return quoteUpgrade(request, license, prices, today, resellerId);
    case 'renew_annual':
    case 'renew_maintenance':
      return quoteRenewal(request, license, prices, today, resellerId);
    default: {
      const unknown: never = request;
      throw new Error(`unknown line kind ${JSON.stringify(unknown)}`);
    }
  }
}
