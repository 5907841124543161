import type { Reseller, ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import type { Channel, Order, OrderLine, PaymentMethod } from '../orders/order';
import { paymentReference } from '../orders/payment-reference';
import type { LicenseProvider, NewOrder, Repositories } from '../ports';
import { requote, type CartLine, type RequoteChange } from '../pricing/cart';
import { priceListOn } from '../pricing/catalog';
import { checkCoupon, normaliseCouponCode, type CouponCheck } from '../pricing/coupon';
import type { LocalDate } from '../pricing/dates';
import type { License } from '../pricing/license';
import type { LineQuote, LineQuoteResult, LineRequest } from '../pricing/line';
import { bindRequest, checkWithProvider } from './quotes';
import { quoteLine } from '../pricing/quote';
import type { Totals } from '../pricing/totals';
import { cartTotals } from './cart';
import { invoicedWhenPlaced, issueInvoice } from './invoicing';

/** The cart priced again today, with what changed since each line was quoted. */
export interface Requoted {
  lines: CartLine[];
  changes: RequoteChange[];
  licenses: Map<string, License>;
}

/**
 * Prices every cart line again (a price, a key's expiry or a key's owner may have changed)
 * and saves the new figures: changed quotes are updated, lines that can no longer be bought
 * are removed. The caller shows `changes` and asks the user to confirm before placing.
 */
export async function requoteCart(repos: Repositories, provider: LicenseProvider, input: { user: ResellerUser; today: LocalDate }): Promise<Requoted> {
  const current = await repos.carts.lines(input.user.id, { forUpdate: true });
  const prices = priceListOn(await repos.prices.entries(), input.today);
  const licenses = new Map<string, License>();
  const bound = new Map<string, LineRequest>();
  const priced: Array<{ request: LineRequest; license: License | undefined; result: LineQuoteResult }> = [];
  for (const line of current) {
    const { request, license } = await bindRequest(repos, provider, input.user.resellerId, line.request);
    if (license) licenses.set(license.id, license);
    bound.set(line.id, request);
    priced.push({ request, license, result: quoteLine(request, license, prices, input.today) });
  }
  const checked = await checkWithProvider(repos, provider, input.user.resellerId, priced);
  // One answer per line, in order (checkWithProvider keeps the lines it was given).
  const fresh = new Map<string, LineQuoteResult>(checked.map((result, i) => [current[i]?.id ?? '', result]));
  const requoted = requote(current, fresh);
  const result = { ...requoted, lines: requoted.lines.map((l) => ({ ...l, request: bound.get(l.id) ?? l.request })) };
  const kept = new Set(result.lines.map((l) => l.id));
  for (const line of current) {
    if (!kept.has(line.id)) await repos.carts.remove(input.user.id, line.id);
  }
  for (const change of result.changes) {
    const line = result.lines.find((l) => l.id === change.lineId);
    if (line) await repos.carts.updateQuote(input.user.id, line.id, line.quote, input.today);
  }
  return { lines: result.lines, changes: result.changes, licenses };
}

/**
 * Checks a coupon code against the user's cart as priced now. Usage counts reservations
 * and redemptions of every order; `forUpdate` locks the coupon so that the check and the
 * reservation that follows it cannot be overtaken by another reseller.
 */
export async function checkCouponForCart(
  repos: Repositories,
  input: { reseller: Reseller; code: string; lines: readonly CartLine[]; today: LocalDate; forUpdate?: boolean },
): Promise<CouponCheck> {
  const coupon = await repos.coupons.findByCode(normaliseCouponCode(input.code), { forUpdate: input.forUpdate ?? false });
  const usage = coupon ? await repos.coupons.usage(coupon.id, input.reseller.id) : { total: 0, byReseller: 0 };
  return checkCoupon(coupon, {
    today: input.today,
    subtotalCents: cartTotals(input.lines, input.reseller, null).subtotalCents,
    lineKinds: input.lines.map((l) => l.request.kind),
    usedTotal: usage.total,
    usedByReseller: usage.byReseller,
  });
}

/** The breakdown the user confirms: subtotal, partner discount, coupon, VAT, total. */
export function checkoutTotals(lines: readonly CartLine[], reseller: Reseller, coupon: CouponCheck | null): Totals {
  return cartTotals(lines, reseller, coupon?.kind === 'ok' ? coupon.coupon.value : null);
}

export type PlaceOrderResult =
  | { kind: 'placed'; order: Order }
  | { kind: 'already_placed'; order: Order }
  | { kind: 'not_allowed' }
  | { kind: 'cart_empty' }
  | { kind: 'changed'; changes: RequoteChange[]; lines: CartLine[] }
  | { kind: 'coupon_refused'; check: Exclude<CouponCheck, { kind: 'ok' }> }
  | { kind: 'total_changed'; totals: Totals };

export interface PlaceOrderInput {
  /** Who places the order (and pays it): an owner or purchase user. */
  user: ResellerUser;
  /** Whose cart is ordered: a teammate's, when an approver places it (their own when unset). */
  cartOwner?: ResellerUser;
  reseller: Reseller;
  currency: string;
  method: PaymentMethod;
  couponCode: string | null;
  /** The total the user saw and confirmed; the order is placed only at that total. */
  confirmedTotalCents: number;
  /** One per confirmation the user gave: pressing "place order" twice places one order. */
  idempotencyKey: string;
  channel: Channel;
  chatId: string | null;
  now: Date;
  today: LocalDate;
  expiresAt: Date | null;
  /**
   * The words an order line keeps for its documents (the invoice), in the language of the
   * conversation that placed it: the domain keeps quotes as data and does not word them.
   */
  describeLine(quote: LineQuote): string;
}

/**
 * Places the user's cart as an order, in the caller's transaction: re-prices every line, checks
 * and reserves the coupon, freezes every figure on the order and empties the cart.
 * Anything that changed since the user confirmed stops it with the new figures, so that
 * nobody is charged an amount they did not see.
 */
export async function placeOrder(repos: Repositories, provider: LicenseProvider, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  if (!may(input.user.role, 'place_order')) return { kind: 'not_allowed' };
  const owner = input.cartOwner ?? input.user;
  if (owner.resellerId !== input.user.resellerId) return { kind: 'not_allowed' };
  // Lock the cart first: a second press of the same button waits here, then finds the order.
  await repos.carts.lines(owner.id, { forUpdate: true });
  const earlier = await repos.orders.findByIdempotencyKey(input.idempotencyKey);
  if (earlier) return { kind: 'already_placed', order: earlier };

  const requoted = await requoteCart(repos, provider, { user: owner, today: input.today });
  if (requoted.changes.length > 0) return { kind: 'changed', changes: requoted.changes, lines: requoted.lines };
  if (requoted.lines.length === 0) return { kind: 'cart_empty' };

  let coupon: CouponCheck | null = null;
  if (input.couponCode) {
    coupon = await checkCouponForCart(repos, { reseller: input.reseller, code: input.couponCode, lines: requoted.lines, today: input.today, forUpdate: true });
    if (coupon.kind !== 'ok') return { kind: 'coupon_refused', check: coupon };
  }
  const totals = checkoutTotals(requoted.lines, input.reseller, coupon);
  if (totals.totalCents !== input.confirmedTotalCents) return { kind: 'total_changed', totals };

  const order = await repos.orders.insert(
    newOrder(input, requoted, totals, coupon?.kind === 'ok' ? coupon.coupon : null),
    (orderNumber) => paymentReference(orderNumber),
  );
  if (!order) {
    const placed = await repos.orders.findByIdempotencyKey(input.idempotencyKey);
    if (placed) return { kind: 'already_placed', order: placed };
    throw new Error('order insert reported a duplicate that cannot be found');
  }
  if (order.couponId) await repos.coupons.reserve(order.couponId, input.reseller.id, order.id, input.now);
  await repos.carts.clear(owner.id);
  await repos.audit.append({ actor: `user:${input.user.id}`, action: 'order.placed', subject: `order:${order.id}`, details: { number: order.number, totalCents: order.totalCents, method: order.paymentMethod } });
  // A bank transfer is invoiced now: the reseller pays the invoice, due on the order's deadline.
  if (invoicedWhenPlaced(order)) await issueInvoice(repos, { order, today: input.today });
  return { kind: 'placed', order };
}

function newOrder(input: PlaceOrderInput, requoted: Requoted, totals: Totals, coupon: { id: string; code: string } | null): NewOrder {
  return {
    resellerId: input.reseller.id,
    placedBy: input.user.id,
    channel: input.channel,
    chatId: input.chatId,
    idempotencyKey: input.idempotencyKey,
    paymentMethod: input.method,
    currency: input.currency,
    partnerDiscountBp: input.reseller.discountBp,
    vatRateBp: input.reseller.vatRateBp,
    vatTreatment: input.reseller.vatTreatment,
    listCents: totals.listCents,
    partnerDiscountCents: totals.partnerDiscountCents,
    subtotalCents: totals.subtotalCents,
    couponId: coupon?.id ?? null,
    couponCode: coupon?.code ?? null,
    couponCents: totals.couponCents,
    taxableCents: totals.taxableCents,
    vatCents: totals.vatCents,
    totalCents: totals.totalCents,
    placedOn: input.today,
    placedAt: input.now,
    expiresAt: input.expiresAt,
    lines: requoted.lines.map((line, i) => orderLine(line, requoted.licenses, totals.lines[i] ?? failMissing(i), input.describeLine)),
  };
}

function orderLine(line: CartLine, licenses: Map<string, License>, figures: Totals['lines'][number], describeLine: (quote: LineQuote) => string): Omit<OrderLine, 'id' | 'position'> {
  const { request, quote } = line;
  const license = request.kind === 'new_license' ? undefined : licenses.get(request.licenseId);
  if (request.kind !== 'new_license' && !license) throw new Error(`requoted line ${line.id} has no license`);
  const edition = request.kind === 'new_license' ? request.edition : request.kind === 'upgrade' ? request.toEdition : license!.edition;
  const sc = request.kind === 'new_license' ? request.sc : request.kind === 'upgrade' ? request.toSc : license!.sc;
  return {
    kind: request.kind,
    description: describeLine(quote),
    edition,
    sc,
    quantity: request.kind === 'new_license' ? request.quantity : 1,
    years: request.kind === 'new_license' ? 1 + request.additionalYears : request.kind === 'upgrade' ? 0 : request.years,
    licenseId: license?.id ?? null,
    licenseKey: license?.key ?? null,
    fromEdition: request.kind === 'upgrade' ? license!.edition : null,
    fromSc: request.kind === 'upgrade' ? license!.sc : null,
    remainingDays: quote.remainingDays ?? null,
    endCustomerId: request.kind === 'new_license' ? request.customerId : license!.customerId,
    unitPriceCents: quote.unitPriceCents,
    listCents: figures.listCents,
    partnerDiscountCents: figures.partnerDiscountCents,
    netCents: figures.netCents,
    newTermEnd: quote.newExpiresOn ?? quote.newMaintenanceUntil ?? null,
  };
}

function failMissing(index: number): never {
  throw new Error(`totals have no line ${index}`);
}
