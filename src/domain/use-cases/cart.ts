import type { Reseller, ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import type { LicenseProvider, Repositories } from '../ports';
import { canAddLine, type CartLine } from '../pricing/cart';
import type { LocalDate } from '../pricing/dates';
import type { LineRequest } from '../pricing/line';
import type { LineQuoteResult } from '../pricing/line';
import { computeTotals, type Totals } from '../pricing/totals';
import { lapseOnCartChange } from './approvals';
import { quoteRequest } from './quotes';

export type AddToCartResult =
  | { kind: 'added'; line: CartLine; lineCount: number }
  | { kind: 'not_allowed' }
  | { kind: 'cart_full' }
  | { kind: 'duplicate_key'; licenseKey: string }
  | { kind: 'refused'; quote: Exclude<LineQuoteResult, { kind: 'ok' }> };

/**
 * Prices a line afresh and puts it in the user's cart, if the cart's rules allow it. A changed
 * cart lets the user's pending approval request lapse (it was for the cart as it was).
 */
export async function addToCart(
  repos: Repositories,
  provider: LicenseProvider,
  input: { user: ResellerUser; request: LineRequest; today: LocalDate; now: Date },
): Promise<AddToCartResult> {
  if (!may(input.user.role, 'fill_cart')) return { kind: 'not_allowed' };
  const lines = await repos.carts.lines(input.user.id, { forUpdate: true });
  const { result, request } = await quoteRequest(repos, provider, { resellerId: input.user.resellerId, request: input.request, today: input.today });
  const allowed = canAddLine(lines, request);
  if (allowed.kind !== 'ok') return allowed;
  if (result.kind !== 'ok') return { kind: 'refused', quote: result };
  const line = await repos.carts.add(input.user.id, input.user.resellerId, { request, quote: result.quote, quotedOn: input.today });
  await lapseOnCartChange(repos, input.user.id, input.now);
  return { kind: 'added', line, lineCount: lines.length + 1 };
}

/** The user's cart with the totals it would have without a coupon. */
export async function viewCart(repos: Repositories, input: { user: ResellerUser; reseller: Reseller }): Promise<{ lines: CartLine[]; totals: Totals }> {
  const lines = await repos.carts.lines(input.user.id);
  return { lines, totals: cartTotals(lines, input.reseller, null) };
}

/** The totals of cart lines for a reseller (its discount, its VAT rate and treatment), with an optional coupon value. */
export function cartTotals(lines: readonly CartLine[], reseller: Reseller, coupon: Parameters<typeof computeTotals>[3]): Totals {
  const totals = computeTotals(
    lines.map((l) => ({ kind: l.request.kind, listCents: l.quote.listCents })),
    reseller.discountBp,
    reseller.vatRateBp,
    coupon,
  );
  return { ...totals, vatTreatment: reseller.vatTreatment };
}

/** Removes one line; false when it was not (or no longer) in the cart. */
export async function removeFromCart(repos: Repositories, input: { user: ResellerUser; lineId: string; now: Date }): Promise<boolean> {
  const removed = await repos.carts.remove(input.user.id, input.lineId);
  if (removed) await lapseOnCartChange(repos, input.user.id, input.now);
  return removed;
}

/** Empties the user's cart. */
export async function emptyCart(repos: Repositories, input: { user: ResellerUser; now: Date }): Promise<void> {
  await repos.carts.clear(input.user.id);
  await lapseOnCartChange(repos, input.user.id, input.now);
}
