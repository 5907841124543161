import type { LocalLicenseProvider } from '../../src/domain/ports';
import { placeLocally } from '../../src/domain/orders/fulfilment';
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
 * `issued` records every new-license line it carried out, in order.
 */
export function fakeLicenseProvider(options: { firstKey?: number } = {}): LocalLicenseProvider & { readonly issued: IssueCall[] } {
  let next = options.firstKey ?? 1;
  const issued: IssueCall[] = [];
  return {
    name: 'sandbox',
    placement: 'local',
    issued,
    lookup: (key, repos) => repos.licenses.findByKey(key),
    check: async (changes) => changes.map(() => undefined),
    async place(request, repos) {
      const placement = await placeLocally(request.steps, async (count) => {
        const keys: LicenseKey[] = [];
        while (keys.length < count) {
          const key = testLicenseKey(next);
          next += 1;
          if (!(await repos.licenses.keyExists(key))) keys.push(key);
        }
        return keys;
      });
      for (const step of request.steps) {
        const line = placement.lines.find((l) => l.lineId === step.line.id);
        if (step.kind === 'issue' && line?.outcome === 'done') issued.push({ orderId: request.orderId, lineId: step.line.id, count: step.count, keys: line.licenses.map((l) => l.key) });
      }
      return placement;
    },
  };
}
