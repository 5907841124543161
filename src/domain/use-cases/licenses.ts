import type { LicenseProvider, Page, Repositories } from '../ports';
import { addDays, type LocalDate } from '../pricing/dates';
import { EXPIRING_WINDOW_DAYS, LAPSED_WINDOW_DAYS } from '../dashboard/dashboard';
import type { License } from '../pricing/license';
import { normaliseLicenseKey } from '../pricing/license-key';
import { verifyLicenseFor, type Purpose, type Verification } from '../pricing/verification';

/**
 * Verifies a license key a reseller typed for a purpose: normalised, looked up at the
 * license provider, and checked. Another reseller's key is `not_found`, like a missing one.
 */
export async function verifyLicenseKey(
  repos: Repositories,
  provider: LicenseProvider,
  input: { resellerId: string; typedKey: string; purpose: Purpose; today: LocalDate },
): Promise<Verification> {
  const normalised = normaliseLicenseKey(input.typedKey);
  if (normalised.kind !== 'ok') return { kind: 'invalid_format' };
  const found = await provider.lookup(normalised.key, repos);
  return verifyLicenseFor(input.purpose, found, input.resellerId, input.today);
}

/**
 * A page of the reseller's licenses, ordered by the date their term ends; `expiringOn` keeps
 * those still running on that day whose term ends within the dashboard's expiring window.
 */
export function listLicenses(repos: Repositories, resellerId: string, page: { offset: number; limit: number }, expiringOn?: LocalDate): Promise<Page<License>> {
  return repos.licenses.listFor(resellerId, page, expiringOn ? { termEnd: { from: expiringOn, to: addDays(expiringOn, EXPIRING_WINDOW_DAYS) } } : {});
}

/**
 * A page of the reseller's licenses to renew: those whose term (an annual license's expiry, a
 * perpetual one's maintenance) ends within the expiring window from `today`, and those whose term
 * ended within the last LAPSED_WINDOW_DAYS, the longest lapsed first.
 */
export function listLicensesToRenew(repos: Repositories, resellerId: string, page: { offset: number; limit: number }, today: LocalDate): Promise<Page<License>> {
  return repos.licenses.listFor(resellerId, page, { termEnd: { from: addDays(today, -LAPSED_WINDOW_DAYS), to: addDays(today, EXPIRING_WINDOW_DAYS) } });
}
