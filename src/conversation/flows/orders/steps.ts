// The reseller's orders, paged, newest first; one of them opened (its lines and figures, and
// while it waits for its payment, the bank details with its reference or a payment page).
// A card or MultiSafepay order whose page was closed is paid from here.
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow } from '../../flow';
import { goTo } from '../menu/steps';
import { pagingButtons } from '../../paging';
import { say } from '../../reply';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';
import type { OrderCard, OrderEntry } from './commands';

export type OrdersStep =
  | { name: 'orders'; page: number; total: number; items: OrderEntry[] }
  | { name: 'order_card'; card: OrderCard }
  | { name: 'order_cancel_confirm'; card: OrderCard };

const button = flowButtons('orders', ['page', 'open', 'pay', 'list', 'cancel', 'yes', 'no'] as const);
const toList = () => next.run({ kind: 'orders', page: 0 });

export const ordersFlow: Flow<OrdersStep['name'], 'orders' | 'order_opened' | 'order_payment' | 'order_cancelled', 'open_order'> = {
  steps: {
    orders: {
      flow: 'orders',
      view: (step) => {
        if (step.total === 0) return { text: t.orders.none, buttons: [[navButton('menu', t.toMenu)]], secret: false };
        const first = step.page * PAGE_SIZE;
        const paging = pagingButtons(step.page, step.total, (label, page) => button('page', label === 'previous' ? t.previous : t.next, page));
        return {
          text: [t.orders.title(first + 1, first + step.items.length, step.total), ...step.items.map((o, i) => t.orders.line(first + i + 1, o))].join('\n'),
          buttons: [...rows(step.items.map((_, i) => button('open', t.orders.open(first + i + 1), i)), 5), paging, [navButton('menu', t.toMenu)]].filter((r) => r.length > 0),
          secret: false,
        };
      },
      press: (verb, arg, step) => {
        const index = indexArg(arg);
        if (verb === 'page' && index !== undefined) return next.run({ kind: 'orders', page: index });
        const entry = verb === 'open' && index !== undefined ? step.items[index] : undefined;
        return entry ? next.run({ kind: 'order_open', orderId: entry.id }) : undefined;
      },
      expects: () => t.expectChoice,
    },
    order_card: {
      flow: 'orders',
      view: (step) => ({
        text: t.orders.card(step.card),
        buttons: [
          (step.card.payment?.online ?? []).map((m) => button('pay', t.orders.payWith[m], m)),
          ...(step.card.payment ? [[button('cancel', t.orders.cancel)]] : []),
          [button('list', t.orders.backToList), navButton('menu', t.toMenu)],
        ].filter((r) => r.length > 0),
        secret: false,
      }),
      press: (verb, arg, step) => {
        const method = step.card.payment?.online.find((m) => m === arg);
        if (verb === 'pay' && method) return next.run({ kind: 'order_pay', orderId: step.card.id, method });
        if (verb === 'cancel' && step.card.payment) return next.show({ name: 'order_cancel_confirm', card: step.card });
        if (verb === 'list') return toList();
        return undefined;
      },
      expects: () => t.expectChoice,
      back: toList,
    },
    order_cancel_confirm: {
      flow: 'orders',
      view: (step) => ({ text: t.orders.confirmCancel(step.card), buttons: [[button('yes', t.orders.yesCancel(step.card.number)), button('no', t.orders.noKeep)]], secret: false }),
      press: (verb, _arg, step) => {
        if (verb === 'yes') return next.run({ kind: 'order_cancel', orderId: step.card.id });
        if (verb === 'no') return next.show({ name: 'order_card', card: step.card });
        return undefined;
      },
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'order_card', card: step.card }),
    },
  },
  answers: {
    orders: (a) => next.show({ name: 'orders', page: a.page, total: a.result.total, items: a.result.items }),
    order_opened: (a) => {
      if (a.result.kind === 'ok') return next.show({ name: 'order_card', card: a.result.card });
      return next.run({ kind: 'orders', page: 0 }, { say: [say(a.result.kind === 'no_such_number' ? t.orders.noSuchNumber(a.result.number) : t.orders.notFound)] });
    },
    // The order opened again, as it is now (cancelled, or paid meanwhile).
    order_cancelled: (a) => next.run({ kind: 'order_open', orderId: a.orderId }, {
      say: [say(a.result.kind === 'cancelled' ? t.orders.cancelled(a.result.number, a.result.creditNote) : t.orders.notCancellable)],
    }),
    order_payment: (a) => {
      const r = a.result;
      if (r.kind !== 'ok') return next.again(say(t.orders.notPayable));
      return next.again({ text: t.orders.payPage(r.method), buttons: [[{ url: r.url, label: t.orders.openPaymentPage }]], secret: false });
    },
  },
  intents: {
    // Whoever may see the Orders list may open one by its number; staff and others are answered as for Orders.
    open_order: (intent, state) => {
      const listed = goTo('orders', state);
      return listed.kind === 'run' && listed.command.kind === 'orders' ? next.run({ kind: 'order_find', number: intent.number }) : listed;
    },
  },
};
