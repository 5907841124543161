// The cart: every line with its end customer and price, remove a line, add more, empty it,
// and on to checkout (owner and purchase users).
import { may } from '../../../domain/accounts/roles';
import type { CartLine } from '../../../domain/pricing/cart';
import type { Totals } from '../../../domain/pricing/totals';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow } from '../../flow';
import { say } from '../../reply';
import { mayDo, resellerOf, withCartCount } from '../../session';
import { t } from '../../wording';
import type { PendingApproval } from './commands';
import { startCustomerQuote } from '../customer-quote/steps';

export type CartStep = { name: 'cart'; lines: CartLine[]; totals: Totals; customers?: Array<string | null>; pending?: PendingApproval | null };

const button = flowButtons('cart', ['remove', 'more', 'empty', 'checkout', 'withdraw', 'quote'] as const);

export const cartFlow: Flow<'cart', 'cart'> = {
  steps: {
    cart: {
      flow: 'cart',
      view: (step, state) => {
        if (step.lines.length === 0) return { text: t.cart.empty, buttons: [[button('more', t.menu.buy), navButton('menu', t.toMenu)]], secret: false };
        const session = resellerOf(state);
        const mayOrder = session ? may(session.role, 'place_order') : false;
        const mayCheckOut = session ? may(session.role, 'fill_cart') : false;
        const pending = step.pending ?? null;
        const lines = step.lines.map((l, i) => ({
          description: t.describeLine(l.quote), customerName: step.customers?.[i] ?? null, listCents: l.quote.listCents, netCents: step.totals.lines[i]?.netCents ?? l.quote.listCents,
        }));
        return {
          text: [t.cart.cart(lines, step.totals, session?.currency ?? 'EUR', session?.discountBp ?? 0, mayOrder), ...(pending ? [t.approvals.pendingInCart(pending.requestedAt, pending.lapsesAt)] : [])].join('\n'),
          buttons: [
            ...rows(step.lines.map((_, i) => button('remove', t.cart.removeLine(i + 1), i)), 5),
            [button('more', t.cart.addMore), button('empty', t.cart.emptyCart)],
            ...(mayCheckOut ? [[button('checkout', t.cart.proceed)]] : []),
            ...(pending ? [[button('withdraw', t.approvals.withdraw)]] : []),
            ...(session && may(session.role, 'quote') ? [[button('quote', t.customerQuote.start)]] : []),
            [navButton('menu', t.toMenu)],
          ],
          secret: false,
        };
      },
      press: (verb, arg, step, state) => {
        const index = indexArg(arg);
        const line = verb === 'remove' && index !== undefined ? step.lines[index] : undefined;
        if (line) return next.run({ kind: 'remove_line', lineId: line.id });
        if (verb === 'more') return next.show({ name: 'buy' });
        if (verb === 'empty') return next.run({ kind: 'empty_cart' });
        if (verb === 'checkout') {
          const role = resellerOf(state)?.role ?? 'support';
          return may(role, 'fill_cart') ? next.run({ kind: 'requote' }) : next.again(say(t.cannotPlaceOrder(role)));
        }
        if (verb === 'withdraw' && step.pending) return next.run({ kind: 'withdraw_approval' });
        if (verb === 'quote' && step.lines.length > 0) return mayDo(state, 'quote') ? startCustomerQuote({ kind: 'cart', lines: step.lines.length }) : next.refuse('quote');
        return undefined;
      },
      expects: () => t.expectChoice,
    },
  },
  answers: {
    cart: (a, state) => {
      const s = state.step;
      const before = s.name === 'cart' && a.lines.length < s.lines.length ? [say(a.lines.length === 0 ? t.cart.emptied : t.cart.lineRemoved)] : [];
      return next.show({ name: 'cart', lines: a.lines, totals: a.totals, customers: a.customers, pending: a.pending }, { say: before, patch: withCartCount(state, a.lines.length) });
    },
  },
  intents: {},
};
