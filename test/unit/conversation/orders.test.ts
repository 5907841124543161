// The orders flow's steps and words (the flow end to end is in test/integration/conversation/orders.test.ts).
import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../src/domain/orders/order';
import { t } from '../../../src/conversation/wording';
import { actionsOf, expectCommand, expectShown, expectStale, message, press } from './drive';
import { anOrderCard, exampleState, someOrders } from './states';

describe('orders', () => {
  it('a waiting order offers its online payments and Cancel; a done one only the way back', () => {
    const waiting = exampleState('order_card');
    expect(actionsOf(message(waiting))).toEqual(['orders.pay.card', 'orders.pay.multisafepay', 'orders.cancel', 'orders.list', 'nav.menu']);
    expectCommand(waiting, press(waiting, 'orders.pay.card'), { kind: 'order_pay', orderId: anOrderCard().id, method: 'card' });
    expectShown(waiting, press(waiting, 'orders.cancel'), { name: 'order_cancel_confirm', card: anOrderCard() });
    const done = exampleState('order_card', { step: { name: 'order_card', card: anOrderCard({ status: 'fulfilled', payment: null }) } });
    expect(actionsOf(message(done))).toEqual(['orders.list', 'nav.menu']);
    for (const action of ['orders.pay.card', 'orders.cancel']) expectStale(done, press(done, action));
  });

  it('the confirmation cancels only on Yes; No shows the order again', () => {
    const confirm = exampleState('order_cancel_confirm');
    expectCommand(confirm, press(confirm, 'orders.yes'), { kind: 'order_cancel', orderId: anOrderCard().id });
    expectShown(confirm, press(confirm, 'orders.no'), { name: 'order_card', card: anOrderCard() });
  });

  it.each(['awaiting_payment', 'paid', 'fulfilled', 'cancelled', 'expired', 'refunded'] as OrderStatus[])('names status %s with the same words in the chat and on the home page', (status) => {
    const words = t.orders.line(1, { ...(someOrders()[0] as ReturnType<typeof someOrders>[number]), status }).split(', ').slice(2).join(', ').replace(/ \([^)]*\)$/, '');
    expect(t.home.orderLine(1, '2026-10-01', 10_000, 'EUR', status)).toBe(`#1 — 2026-10-01, EUR 100.00, ${words}`);
  });
});
