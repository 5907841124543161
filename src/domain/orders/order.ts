import type { Cents } from '../pricing/money';
import type { LocalDate } from '../pricing/dates';
import type { Edition } from '../pricing/catalog';
import type { LineKind } from '../pricing/line';
import type { VatTreatment } from '../tax/vat-treatment';
import type { Amounts } from '../pricing/totals';

export type OrderStatus = 'awaiting_payment' | 'paid' | 'fulfilled' | 'cancelled' | 'expired' | 'refunded';
export type PaymentMethod = 'offline' | 'card' | 'multisafepay';
export type Channel = 'telegram' | 'slack' | 'console';

/** One line of a placed order: a frozen copy of what was quoted and agreed. */
export interface OrderLine {
  id: string;
  position: number;
  kind: LineKind;
  description: string;
  edition: Edition;
  sc: number;
  quantity: number;
  years: number;
  licenseId: string | null;
  licenseKey: string | null;
  fromEdition: Edition | null;
  fromSc: number | null;
  remainingDays: number | null;
  endCustomerId: string | null;
  unitPriceCents: Cents;
  listCents: Cents;
  partnerDiscountCents: Cents;
  netCents: Cents;
  newTermEnd: LocalDate | null;
}

/** The figures of an order, fixed when it is placed. */
export interface OrderFigures extends Amounts {
  currency: string;
  partnerDiscountBp: number;
  vatRateBp: number;
  /** The reseller's VAT treatment when the order was placed; null for orders placed before it was kept. */
  vatTreatment: VatTreatment | null;
}

export interface Order extends OrderFigures {
  id: string;
  number: number;
  resellerId: string;
  placedBy: string;
  channel: Channel;
  chatId: string | null;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  paymentReference: string;
  couponId: string | null;
  couponCode: string | null;
  placedOn: LocalDate;
  placedAt: Date;
  expiresAt: Date | null;
  paidAt: Date | null;
  fulfilledAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
  lines: OrderLine[];
}

/** Something that happens to an order. */
export type OrderEvent =
  | { kind: 'cancel'; at: Date; reason: string }
  | { kind: 'expire'; at: Date }
  | { kind: 'mark_paid'; at: Date }
  | { kind: 'fulfil'; at: Date }
  | { kind: 'refund'; at: Date; reason: string };

/** What the store must do besides saving the order's new status. */
export type OrderEffect = 'release_coupon' | 'redeem_coupon' | 'fulfil_lines' | 'flag_licenses';

/** The decision for one event: a change with its effects, nothing to do, or a refusal. */
export type OrderTransition =
  | { kind: 'changed'; from: OrderStatus; to: OrderStatus; effects: OrderEffect[] }
  | { kind: 'unchanged'; status: OrderStatus }
  | { kind: 'refused'; status: OrderStatus; reason: 'order_closed' | 'not_paid' | 'not_yet_due' | 'already_paid' };

const CLOSED: readonly OrderStatus[] = ['cancelled', 'expired', 'refunded'];

/**
 * Decides what an event does to an order in `status`. Repeating an event that already
 * happened is `unchanged`, so every caller is safe to retry; the store applies a change only
 * if the order is still in `from` (a conditional update), so two racing callers change it once.
 */
export function decideOrderTransition(order: Pick<Order, 'status' | 'expiresAt' | 'couponId'>, event: OrderEvent): OrderTransition {
  const { status } = order;
  const withCoupon = (effect: OrderEffect): OrderEffect[] => (order.couponId ? [effect] : []);
  switch (event.kind) {
    case 'cancel':
      if (status === 'cancelled') return { kind: 'unchanged', status };
      if (status === 'awaiting_payment') return { kind: 'changed', from: status, to: 'cancelled', effects: withCoupon('release_coupon') };
      return { kind: 'refused', status, reason: CLOSED.includes(status) ? 'order_closed' : 'already_paid' };
    case 'expire':
      if (status === 'expired') return { kind: 'unchanged', status };
      if (status !== 'awaiting_payment') return { kind: 'refused', status, reason: CLOSED.includes(status) ? 'order_closed' : 'already_paid' };
      if (!order.expiresAt || order.expiresAt.getTime() > event.at.getTime()) return { kind: 'refused', status, reason: 'not_yet_due' };
      return { kind: 'changed', from: status, to: 'expired', effects: withCoupon('release_coupon') };
    case 'mark_paid':
      if (status === 'paid' || status === 'fulfilled' || status === 'refunded') return { kind: 'unchanged', status };
      if (status === 'awaiting_payment') return { kind: 'changed', from: status, to: 'paid', effects: withCoupon('redeem_coupon') };
      return { kind: 'refused', status, reason: 'order_closed' };
    case 'fulfil':
      if (status === 'fulfilled') return { kind: 'unchanged', status };
      if (status === 'paid') return { kind: 'changed', from: status, to: 'fulfilled', effects: ['fulfil_lines'] };
      return { kind: 'refused', status, reason: CLOSED.includes(status) ? 'order_closed' : 'not_paid' };
    case 'refund':
      if (status === 'refunded') return { kind: 'unchanged', status };
      if (status === 'paid' || status === 'fulfilled') {
        return { kind: 'changed', from: status, to: 'refunded', effects: status === 'fulfilled' ? ['flag_licenses'] : [] };
      }
      return { kind: 'refused', status, reason: 'not_paid' };
    default: {
      const never: never = event;
      throw new Error(`unknown order event ${JSON.stringify(never)}`);
    }
  }
}

/** Whether an order no longer waits for anything. */
export function isClosed(status: OrderStatus): boolean {
  return CLOSED.includes(status) || status === 'fulfilled';
}
