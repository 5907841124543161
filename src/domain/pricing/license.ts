import type { Edition } from './catalog';
import type { LocalDate } from './dates';
import { compareDates, daysBetween } from './dates';
import type { LicenseKey } from './license-key';

/**
 * A 3CX license as the distributor knows it. Annual licenses have `expiresOn`; legacy
 * perpetual ones never expire but have `maintenanceUntil`. Terms are inclusive: a license
 * is active through its `expiresOn` and expired from the day after.
 */

export type LicenseType = 'annual' | 'perpetual';

export interface License {
  id: string;
  key: LicenseKey;
  resellerId: string;
  customerId: string | null;
  customerName?: string | null;
  type: LicenseType;
  edition: Edition;
  sc: number;
  expiresOn: LocalDate | null;
  maintenanceUntil: LocalDate | null;
}

/**
 * The date the license's current term ends: `expiresOn` for an annual license,
 * `maintenanceUntil` for a perpetual one; `null` when that date is not recorded.
 */
export function termEnd(license: License): LocalDate | null {
  return license.type === 'annual' ? license.expiresOn : license.maintenanceUntil;
}

/**
 * Whether the license works on `today`. An annual license is active through its
 * `expiresOn` (inclusive); one without an expiry date is treated as not active, since
 * nothing proves it is. A perpetual license is always active (its maintenance may still
 * have lapsed: see `hasMaintenance`).
 */
export function isActive(license: License, today: LocalDate): boolean {
  if (license.type === 'perpetual') return true;
  return license.expiresOn !== null && compareDates(license.expiresOn, today) >= 0;
}

/**
 * Whether a perpetual license's maintenance runs through `today` (inclusive). Annual
 * licenses include updates, so this is their `isActive`.
 */
export function hasMaintenance(license: License, today: LocalDate): boolean {
  if (license.type === 'annual') return isActive(license, today);
  return license.maintenanceUntil !== null && compareDates(license.maintenanceUntil, today) >= 0;
}

/**
 * Whole days from `today` to the end of the current term (`termEnd − today`): 0 on the
 * last day, negative once lapsed, `null` when no term end is recorded.
 */
export function daysLeft(license: License, today: LocalDate): number | null {
  const end = termEnd(license);
  return end === null ? null : daysBetween(today, end);
}
