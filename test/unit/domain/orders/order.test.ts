import { describe, expect, it } from 'vitest';
import { decideOrderTransition, isClosed, type OrderEvent, type OrderStatus, type OrderTransition } from '../../../../src/domain/orders/order';

const AT = new Date('2026-12-10T12:00:00Z');
const DUE = new Date('2026-12-10T00:00:00Z');
const COUPON_ID = 'a0000000-0000-4000-8000-000000000099';

const events: Record<OrderEvent['kind'], OrderEvent> = {
  cancel: { kind: 'cancel', at: AT, reason: 'changed my mind' },
  expire: { kind: 'expire', at: AT },
  mark_paid: { kind: 'mark_paid', at: AT },
  fulfil: { kind: 'fulfil', at: AT },
  refund: { kind: 'refund', at: AT, reason: 'chargeback' },
};

const changed = (from: OrderStatus, to: OrderStatus, effects: string[] = []): OrderTransition => ({ kind: 'changed', from, to, effects } as OrderTransition);
const unchanged = (status: OrderStatus): OrderTransition => ({ kind: 'unchanged', status });
const refused = (status: OrderStatus, reason: string): OrderTransition => ({ kind: 'refused', status, reason } as OrderTransition);

// Every status × every event, for an order without a coupon whose payment window has passed.
const table: Record<OrderStatus, Record<OrderEvent['kind'], OrderTransition>> = {
  awaiting_payment: {
    cancel: changed('awaiting_payment', 'cancelled'),
    expire: changed('awaiting_payment', 'expired'),
    mark_paid: changed('awaiting_payment', 'paid'),
    fulfil: refused('awaiting_payment', 'not_paid'),
    refund: refused('awaiting_payment', 'not_paid'),
  },
  paid: {
    cancel: refused('paid', 'already_paid'),
    expire: refused('paid', 'already_paid'),
    mark_paid: unchanged('paid'),
    fulfil: changed('paid', 'fulfilled', ['fulfil_lines']),
    refund: changed('paid', 'refunded'),
  },
  fulfilled: {
    cancel: refused('fulfilled', 'already_paid'),
    expire: refused('fulfilled', 'already_paid'),
    mark_paid: unchanged('fulfilled'),
    fulfil: unchanged('fulfilled'),
    refund: changed('fulfilled', 'refunded', ['flag_licenses']),
  },
  cancelled: {
    cancel: unchanged('cancelled'),
    expire: refused('cancelled', 'order_closed'),
    mark_paid: refused('cancelled', 'order_closed'),
    fulfil: refused('cancelled', 'order_closed'),
    refund: refused('cancelled', 'not_paid'),
  },
  expired: {
    cancel: refused('expired', 'order_closed'),
    expire: unchanged('expired'),
    mark_paid: refused('expired', 'order_closed'),
    fulfil: refused('expired', 'order_closed'),
    refund: refused('expired', 'not_paid'),
  },
  refunded: {
    cancel: refused('refunded', 'order_closed'),
    expire: refused('refunded', 'order_closed'),
    mark_paid: unchanged('refunded'),
    fulfil: refused('refunded', 'order_closed'),
    refund: unchanged('refunded'),
  },
};

const cases = Object.entries(table).flatMap(([status, byEvent]) =>
  Object.entries(byEvent).map(([event, expected]) => ({ status: status as OrderStatus, event: event as OrderEvent['kind'], expected })),
);

describe('decideOrderTransition', () => {
  it('has a row for all 6 statuses × 5 events', () => {
    expect(cases).toHaveLength(30);
  });

  it.each(cases)('$status + $event', ({ status, event, expected }) => {
    expect(decideOrderTransition({ status, expiresAt: DUE, couponId: null }, events[event])).toEqual(expected);
  });

  describe('with a coupon', () => {
    const order = (status: OrderStatus) => ({ status, expiresAt: DUE, couponId: COUPON_ID });

    it('releases the reservation when an unpaid order is cancelled or expires', () => {
      expect(decideOrderTransition(order('awaiting_payment'), events.cancel)).toEqual(changed('awaiting_payment', 'cancelled', ['release_coupon']));
      expect(decideOrderTransition(order('awaiting_payment'), events.expire)).toEqual(changed('awaiting_payment', 'expired', ['release_coupon']));
    });

    it('turns the reservation into a redemption when the order is paid', () => {
      expect(decideOrderTransition(order('awaiting_payment'), events.mark_paid)).toEqual(changed('awaiting_payment', 'paid', ['redeem_coupon']));
    });

    it('has no coupon effect on fulfilment or refund', () => {
      expect(decideOrderTransition(order('paid'), events.fulfil)).toEqual(changed('paid', 'fulfilled', ['fulfil_lines']));
      expect(decideOrderTransition(order('paid'), events.refund)).toEqual(changed('paid', 'refunded'));
      expect(decideOrderTransition(order('fulfilled'), events.refund)).toEqual(changed('fulfilled', 'refunded', ['flag_licenses']));
    });

    it('repeats nothing for a repeated event', () => {
      expect(decideOrderTransition(order('cancelled'), events.cancel)).toEqual(unchanged('cancelled'));
      expect(decideOrderTransition(order('paid'), events.mark_paid)).toEqual(unchanged('paid'));
    });
  });

  describe('expiry', () => {
    it('is not due before expiresAt', () => {
      const order = { status: 'awaiting_payment' as const, expiresAt: new Date(AT.getTime() + 1), couponId: COUPON_ID };
      expect(decideOrderTransition(order, events.expire)).toEqual(refused('awaiting_payment', 'not_yet_due'));
    });

    it('is due at expiresAt exactly', () => {
      const order = { status: 'awaiting_payment' as const, expiresAt: AT, couponId: null };
      expect(decideOrderTransition(order, events.expire)).toEqual(changed('awaiting_payment', 'expired'));
    });

    it('never comes for an order without a payment window', () => {
      const order = { status: 'awaiting_payment' as const, expiresAt: null, couponId: null };
      expect(decideOrderTransition(order, events.expire)).toEqual(refused('awaiting_payment', 'not_yet_due'));
    });

    it('reports a paid order as paid before looking at the date', () => {
      const order = { status: 'paid' as const, expiresAt: new Date(AT.getTime() + 86_400_000), couponId: null };
      expect(decideOrderTransition(order, events.expire)).toEqual(refused('paid', 'already_paid'));
    });
  });
});

describe('isClosed', () => {
  it.each([
    ['awaiting_payment', false],
    ['paid', false],
    ['fulfilled', true],
    ['cancelled', true],
    ['expired', true],
    ['refunded', true],
  ] as const)('%s → %s', (status, closed) => {
    expect(isClosed(status)).toBe(closed);
  });
});
