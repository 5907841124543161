import type { Edition } from './catalog';
import type { LocalDate } from './dates';
import type { LicenseKey } from './license-key';
import type { Cents } from './money';
import type { VerificationFailure } from './verification';

/**
 * A cart line: what the user asked for (`LineRequest`) and what it costs (`LineQuote`).
 * A quote is data only: the conversation's wording describes it to people.
 */

export const LINE_KINDS = ['new_license', 'upgrade', 'renew_annual', 'renew_maintenance'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** Bounds of pricing.md, all inclusive and all whole numbers. */
export const QUANTITY_MIN = 1;
export const QUANTITY_MAX = 50;
export const ADDITIONAL_YEARS_MIN = 0;
export const ADDITIONAL_YEARS_MAX = 4;
export const RENEWAL_YEARS_MIN = 1;
export const RENEWAL_YEARS_MAX = 5;

export interface NewLicenseRequest {
  kind: 'new_license';
  edition: Edition;
  sc: number;
  quantity: number;
  additionalYears: number;
  customerId: string | null;
}

export interface UpgradeRequest {
  kind: 'upgrade';
  licenseId: string;
  licenseKey: LicenseKey;
  toEdition: Edition;
  toSc: number;
}

export interface RenewAnnualRequest {
  kind: 'renew_annual';
  licenseId: string;
  licenseKey: LicenseKey;
  years: number;
}

export interface RenewMaintenanceRequest {
  kind: 'renew_maintenance';
  licenseId: string;
  licenseKey: LicenseKey;
  years: number;
}

export type LineRequest = NewLicenseRequest | UpgradeRequest | RenewAnnualRequest | RenewMaintenanceRequest;

/** The requests that act on an existing key. */
export type KeyRequest = UpgradeRequest | RenewAnnualRequest | RenewMaintenanceRequest;

/** The priced figures of one line, as shown to the user and copied onto the order. */
export interface LineQuote {
  kind: LineKind;
  /** The line's list amount before any discount. */
  listCents: Cents;
  /**
   * The yearly price the line is computed from: the annual or maintenance price, or for an
   * upgrade the yearly difference annual(target) − annual(current).
   */
  unitPriceCents: Cents;
  /** Upgrade: the days charged, max(1, expiresOn − today). */
  remainingDays?: number;
  /** New license: expiry of each issued key; renew annual: the new expiry; upgrade: the unchanged expiry. */
  newExpiresOn?: LocalDate;
  /** Renew maintenance: the new maintenance date. */
  newMaintenanceUntil?: LocalDate;
  /** New license: the number of keys; otherwise 1. */
  quantity?: number;
  /** Years paid for: new license 1 + additional years, renewals the years; upgrade 0. */
  years?: number;
  /** The edition and SC the line ends up with (upgrade: the target). */
  edition?: Edition;
  sc?: number;
  /** The key the line acts on (upgrade and renewals). */
  licenseKey?: LicenseKey;
  /** Upgrade: the edition and SC the license has before it. */
  fromEdition?: Edition;
  fromSc?: number;
}

export type LineRefusal =
  | { kind: 'invalid_quantity' }
  | { kind: 'invalid_years' }
  | { kind: 'invalid_tier' }
  | { kind: 'price_missing' }
  | { kind: 'not_allowed_upgrade' }
  | VerificationFailure;

export type LineQuoteResult = { kind: 'ok'; quote: LineQuote } | LineRefusal;

/**
 * The license key a request acts on, or `null` for a new license.
 */
export function requestLicenseKey(request: LineRequest): LicenseKey | null {
  return request.kind === 'new_license' ? null : request.licenseKey;
}
