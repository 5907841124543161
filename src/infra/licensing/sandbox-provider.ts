import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { LicenseProvider, RandomBytes } from '../../domain/ports';
import { licenseKeyFromRandomBytes, type LicenseKey } from '../../domain/pricing/license-key';

/**
 * The sandbox license provider: licenses live in our own database and new keys are made
 * here, in the real format, from a cryptographic random source. It lets the product run
 * end to end without a 3CX partner account; it is labelled as such wherever keys are shown.
 */
export function sandboxLicenseProvider(randomBytes: RandomBytes = (n) => nodeRandomBytes(n)): LicenseProvider {
  return {
    name: 'sandbox',
    lookup: (key, repos) => repos.licenses.findByKey(key),
    async issueKeys(request, repos) {
      const keys: LicenseKey[] = [];
      while (keys.length < request.count) {
        const key = licenseKeyFromRandomBytes(randomBytes(32));
        // 36^16 keys make a clash practically impossible; it is still checked, never assumed.
        if (!keys.includes(key) && !(await repos.licenses.keyExists(key))) keys.push(key);
      }
      return keys;
    },
  };
}
