import type { LocalDate } from './dates';
import type { License, LicenseType } from './license';
import { isActive } from './license';
import { upgradeTargets } from './upgrade-paths';

/**
 * Whether a license found by key may be used for what the user wants to do with it.
 * The answer is data; the conversation words it.
 */

export type Purpose = 'upgrade' | 'renew_annual' | 'renew_maintenance' | 'lookup';

export type Verification =
  | { kind: 'ok'; license: License }
  | { kind: 'invalid_format' }
  | { kind: 'not_found' }
  | { kind: 'expired'; license: License }
  | { kind: 'wrong_type'; license: License; expected: LicenseType }
  | { kind: 'no_upgrade_path'; license: License }
  /** The license provider (3CX) would not carry the change out; `code` is its own error code. */
  | { kind: 'provider_refused'; license: License | null; reason: ProviderRefusalReason; code: string };

/**
 * What a provider's refusal means: 3CX's `UpgradeIsNotAvailable`,
 * `CannotUpgradeKeyWithExpiredMaintenance`, `CanNotUpgradeKeyWithAdditionalMaintenance`,
 * `KeyVersionIsDeprecated`, and any other code.
 */
export type ProviderRefusalReason = 'upgrade_not_available' | 'maintenance_expired' | 'additional_maintenance' | 'version_deprecated' | 'other';

/** A verification that refuses the license. */
export type VerificationFailure = Exclude<Verification, { kind: 'ok' }>;

/**
 * Checks the license found for a key (or `undefined`) against the reseller and purpose.
 * A key of another reseller is `not_found`, the same answer as a missing key, so nobody can
 * probe other resellers' keys. Upgrade: perpetual → `wrong_type` (expected annual), then
 * expired (`expiresOn` before today) → `expired`, then nothing higher → `no_upgrade_path`.
 * Renew annual: perpetual → `wrong_type` (expired keys are fine). Renew maintenance: annual →
 * `wrong_type` (expected perpetual). Lookup: any license of the reseller.
 */
export function verifyLicenseFor(
  purpose: Purpose,
  found: License | undefined,
  resellerId: string,
  today: LocalDate,
): Verification {
  if (found === undefined || found.resellerId !== resellerId) return { kind: 'not_found' };
  switch (purpose) {
    case 'lookup':
      return { kind: 'ok', license: found };
    case 'upgrade':
      if (found.type !== 'annual') return { kind: 'wrong_type', license: found, expected: 'annual' };
      if (!isActive(found, today)) return { kind: 'expired', license: found };
      if (upgradeTargets(found).length === 0) return { kind: 'no_upgrade_path', license: found };
      return { kind: 'ok', license: found };
    case 'renew_annual':
      if (found.type !== 'annual') return { kind: 'wrong_type', license: found, expected: 'annual' };
      return { kind: 'ok', license: found };
    case 'renew_maintenance':
      if (found.type !== 'perpetual') return { kind: 'wrong_type', license: found, expected: 'perpetual' };
      return { kind: 'ok', license: found };
    default: {
      const unknown: never = purpose;
      throw new Error(`unknown purpose ${String(unknown)}`);
    }
  }
}
