import type { LineQuote, LineQuoteResult, LineRefusal, LineRequest } from './line';
import { requestLicenseKey } from './line';
import type { LicenseKey } from './license-key';
import type { Cents } from './money';

/**
 * The cart: at most 20 lines, a given key at most once (one upgrade or one renewal per key
 * per order). At checkout every line is priced again and the differences are shown.
 */

export const MAX_CART_LINES = 20;

export interface CartLine {
  id: string;
  request: LineRequest;
  quote: LineQuote;
}

export type CanAddLine = { kind: 'ok' } | { kind: 'cart_full' } | { kind: 'duplicate_key'; licenseKey: LicenseKey };

/** The quote figures besides the list amount whose change the user must see. */
// The price itself is reported by `price_changed`; these are the other figures a line carries.
export type QuoteTerm = 'remainingDays' | 'newExpiresOn' | 'newMaintenanceUntil' | 'quantity' | 'years';

const TERMS: readonly QuoteTerm[] = ['remainingDays', 'newExpiresOn', 'newMaintenanceUntil', 'quantity', 'years'];

export type RequoteChange =
  | { lineId: string; kind: 'price_changed'; fromCents: Cents; toCents: Cents }
  | { lineId: string; kind: 'no_longer_valid'; reason: LineRefusal }
  | { lineId: string; kind: 'terms_changed'; fields: QuoteTerm[]; from: LineQuote; to: LineQuote };

export interface Requote {
  changes: RequoteChange[];
  lines: CartLine[];
}

/**
 * Whether a line for `request` may join the cart: not when it already holds
 * `MAX_CART_LINES` lines (checked first), nor when another line acts on the same key.
 */
export function canAddLine(lines: readonly CartLine[], request: LineRequest): CanAddLine {
  if (lines.length >= MAX_CART_LINES) return { kind: 'cart_full' };
  const key = requestLicenseKey(request);
  if (key !== null && lines.some((line) => requestLicenseKey(line.request) === key)) {
    return { kind: 'duplicate_key', licenseKey: key };
  }
  return { kind: 'ok' };
}

/**
 * Compares each line's quote with a fresh one (`fresh`, by line id) and returns what
 * changed and the updated lines, in cart order: a refused line is reported
 * `no_longer_valid` and dropped; a changed list amount is `price_changed`; other changed
 * figures (expiry, days charged, yearly price…) are one `terms_changed`, so a line can
 * have both. No changes means the order may be placed as quoted. Throws if a line has no
 * fresh result: the caller must re-price every line.
 */
export function requote(lines: readonly CartLine[], fresh: ReadonlyMap<string, LineQuoteResult>): Requote {
  const changes: RequoteChange[] = [];
  const kept: CartLine[] = [];
  for (const line of lines) {
    const result = fresh.get(line.id);
    if (result === undefined) throw new Error(`cart line ${line.id} was not priced again`);
    if (result.kind !== 'ok') {
      changes.push({ lineId: line.id, kind: 'no_longer_valid', reason: result });
      continue;
    }
    const from = line.quote;
    const to = result.quote;
    if (from.listCents !== to.listCents) {
      changes.push({ lineId: line.id, kind: 'price_changed', fromCents: from.listCents, toCents: to.listCents });
    }
    const fields = TERMS.filter((term) => from[term] !== to[term]);
    if (fields.length > 0) changes.push({ lineId: line.id, kind: 'terms_changed', fields, from, to });
    kept.push({ ...line, quote: to });
  }
  return { changes, lines: kept };
}
