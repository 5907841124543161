import type { LicenseProvider } from '../../src/domain/ports';
import type { LicenseKey } from '../../src/domain/pricing/license-key';

/** The `n`th key the fake provider makes: 1 → TEST-0000-0000-0001, 123456 → TEST-0000-0012-3456. */
export function testLicenseKey(n: number): LicenseKey {
  if (!Number.isSafeInteger(n) || n < 1 || n > 999_999_999_999) throw new RangeError(`no test key number ${n}`);
  const digits = String(n).padStart(12, '0');
  return `TEST-${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}`;
}

export interface IssueCall {
  orderId: string;
  lineId: string;
  count: number;
  keys: LicenseKey[];
}

/**
 * The sandbox provider's twin: licenses are looked up in the store's own table, and new
 * keys come from a counter (TEST-0000-0000-0001, …0002, …) instead of random bytes, skipping
 * any key the store already holds. The counter is the provider's own, outside the store, so
 * — like a real provider's side effect — a rolled-back transaction does not give keys back.
 * `issued` records every call, in order.
 */
export function fakeLicenseProvider(options: { firstKey?: number } = {}): LicenseProvider & { readonly issued: IssueCall[] } {
  let next = options.firstKey ?? 1;
  const issued: IssueCall[] = [];
  return {
    name: 'sandbox',
    issued,
    lookup: (key, repos) => repos.licenses.findByKey(key),
    async issueKeys(request, repos) {
      const keys: LicenseKey[] = [];
      while (keys.length < request.count) {
        const key = testLicenseKey(next);
        next += 1;
        if (!(await repos.licenses.keyExists(key))) keys.push(key);
      }
      issued.push({ ...request, keys: [...keys] });
      return keys;
    },
  };
}
