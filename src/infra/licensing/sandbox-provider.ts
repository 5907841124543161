import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { LocalLicenseProvider, RandomBytes } from '../../domain/ports';
import { placeLocally } from '../../domain/orders/fulfilment';
import { licenseKeyFromRandomBytes, type LicenseKey } from '../../domain/pricing/license-key';

/**
 * The sandbox license provider: licenses live in our own database and new keys are made
 * here, in the real format, from a cryptographic random source. It lets the product run
 * end to end without a 3CX partner account; it is labelled as such wherever keys are shown.
 * Every change it is asked about is possible (pricing.md's rules are checked before), and an
 * order is carried out inside the fulfilment transaction.
 */
export function sandboxLicenseProvider(randomBytes: RandomBytes = (n) => nodeRandomBytes(n)): LocalLicenseProvider {
  return {
    name: 'sandbox',
    placement: 'local',
    lookup: (key, repos) => repos.licenses.findByKey(key),
    check: async (changes) => changes.map(() => undefined),
    place: (request, repos) =>
      placeLocally(request.steps, async (count) => {
        const keys: LicenseKey[] = [];
        while (keys.length < count) {
          const key = licenseKeyFromRandomBytes(randomBytes(32));
          // 36^16 keys make a clash practically impossible; it is still checked, never assumed.
          if (!keys.includes(key) && !(await repos.licenses.keyExists(key))) keys.push(key);
        }
        return keys;
      }),
  };
}
