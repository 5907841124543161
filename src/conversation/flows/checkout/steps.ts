// Checkout: the cart priced again (changes shown and confirmed), a coupon or Skip, the order
// summary with the payment methods, and the placed order with how to pay it.
import type { BankDetails } from '../../../domain/dashboard/dashboard';
import type { PaymentMethod } from '../../../domain/orders/order';
import type { RequoteChange } from '../../../domain/pricing/cart';
import type { LineQuote } from '../../../domain/pricing/line';
import type { Totals } from '../../../domain/pricing/totals';
import { flowButtons, navButton } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import type { ConversationState } from '../../state';
import { mayDo, resellerOf, withCartCount } from '../../session';
import { t } from '../../wording';
import type { ChangedAnswer, RefusedCoupon } from './commands';

/** A placed order as the user is shown it. */
export interface PlacedOrder {
  number: number;
  reference: string;
  method: PaymentMethod;
  totalCents: number;
  currency: string;
  expiresAt: string | null;
  /** A payment page to open, for card and MultiSafepay. */
  paymentUrl: string | null;
}

/** A change found when the cart was priced again, with the line (as quoted before) it is about. */
export interface ChangeNote {
  quote: LineQuote;
  change: RequoteChange;
}

export type CheckoutStep =
  /** `lapsedCoupon`: the coupon of the order the changes stopped, which no longer applies. */
  | { name: 'checkout_changes'; changes: ChangeNote[]; totals: Totals; methods: PaymentMethod[]; lapsedCoupon?: RefusedCoupon }
  | { name: 'checkout_coupon'; totals: Totals; methods: PaymentMethod[] }
  | { name: 'checkout_review'; couponCode: string | null; totals: Totals; methods: PaymentMethod[] }
  | { name: 'order_placed'; order: PlacedOrder; bankDetails: BankDetails };

const PAYMENT_METHODS: readonly PaymentMethod[] = ['offline', 'card', 'multisafepay'];
const MAX_COUPON_CODE = 60;
const button = flowButtons('checkout', ['continue', 'cart', 'skip', 'pay', 'coupon', 'invoices', 'ask'] as const);
const mayOrder = (state: ConversationState) => (mayDo(state, 'place_order'));
const currencyOf = (state: ConversationState) => resellerOf(state)?.currency ?? 'EUR';
const methodsAt = (state: ConversationState): PaymentMethod[] =>
  state.step.name === 'checkout_coupon' || state.step.name === 'checkout_review' || state.step.name === 'checkout_changes' ? state.step.methods : ['offline'];
const emptyTotals = (): Totals => ({ lines: [], listCents: 0, partnerDiscountCents: 0, subtotalCents: 0, couponCents: 0, taxableCents: 0, vatCents: 0, totalCents: 0 });
/** A coupon refused (typed, or found no longer applying when paying or asking for approval): why, and the coupon asked for again at `totals`. */
export const refuseCoupon = (r: { check: RefusedCoupon; totals: Totals }, state: ConversationState): Next =>
  next.show({ name: 'checkout_coupon', totals: r.totals, methods: methodsAt(state) }, { say: [say(`${t.checkout.couponRefused(r.check, currencyOf(state))} ${t.checkout.couponTryAgain}`)] });

/** Changed prices (with a coupon that no longer applies) to confirm; Continue goes on with `methods`. */
export const showChanges = (r: ChangedAnswer, methods: PaymentMethod[]): Next =>
  next.show({ name: 'checkout_changes', changes: r.changes, totals: r.totals, methods, ...(r.lapsedCoupon ? { lapsedCoupon: r.lapsedCoupon } : {}) });

export const checkoutFlow: Flow<CheckoutStep['name'], 'requoted' | 'coupon_checked' | 'order' | 'payment_page_needed' | 'payment_page_failed'> = {
  steps: {
    checkout_changes: {
      flow: 'checkout',
      view: (step, state) => ({
        text: [
          t.checkout.changesTitle, ...step.changes.map((c) => t.checkout.change(c, currencyOf(state))), '',
          ...(step.lapsedCoupon ? [t.checkout.couponRefused(step.lapsedCoupon, currencyOf(state))] : []),
          t.checkout.newTotal(step.totals.totalCents, currencyOf(state)),
        ].join('\n'),
        buttons: [[button('continue', t.checkout.confirmChanges), button('cart', t.quote.viewCart)]],
        secret: false,
      }),
      press: (verb, _arg, step) => {
        if (verb === 'continue') return next.show({ name: 'checkout_coupon', totals: step.totals, methods: step.methods });
        if (verb === 'cart') return next.run({ kind: 'cart' });
        return undefined;
      },
      expects: () => t.expectChoice,
      back: () => next.run({ kind: 'cart' }),
    },
    checkout_coupon: {
      flow: 'checkout',
      view: () => ({ text: t.checkout.askCoupon, buttons: [[button('skip', t.skip), button('cart', t.quote.viewCart)]], secret: false }),
      press: (verb, _arg, step) => {
        if (verb === 'skip') return next.show({ name: 'checkout_review', couponCode: null, totals: step.totals, methods: step.methods });
        if (verb === 'cart') return next.run({ kind: 'cart' });
        return undefined;
      },
      text: (text) => (text.trim() ? next.run({ kind: 'check_coupon', code: text.trim().slice(0, MAX_COUPON_CODE) }) : undefined),
      expects: () => t.checkout.expectCoupon,
      back: () => next.run({ kind: 'cart' }),
    },
    checkout_review: {
      flow: 'checkout',
      view: (step, state) => {
        const review = t.checkout.review(step.totals, currencyOf(state), step.couponCode, resellerOf(state)?.discountBp ?? 0, resellerOf(state)?.vatBp ?? 0, mayOrder(state));
        // A sales user asks an owner or purchase user, who approves it by paying it.
        const pay = !mayOrder(state) ? [[button('ask', t.approvals.askApproval)]]
          // Nothing to pay: no payment method, just the confirmation (recorded as an offline order).
          : step.totals.totalCents === 0 ? [[button('pay', t.checkout.confirmFree, 'offline')]] : step.methods.map((m) => [button('pay', t.checkout.payWith[m], m)]);
        return { text: review, buttons: [...pay, [button('coupon', t.checkout.changeCoupon), button('cart', t.quote.viewCart)]], secret: false };
      },
      press: (verb, arg, step, state) => {
        if (verb === 'ask') return mayOrder(state) ? undefined : next.run({ kind: 'request_approval', couponCode: step.couponCode, confirmedTotalCents: step.totals.totalCents });
        const offered: PaymentMethod[] = step.totals.totalCents === 0 ? ['offline'] : step.methods;
        const method = PAYMENT_METHODS.find((m) => m === arg);
        if (verb === 'pay' && method && offered.includes(method) && mayOrder(state)) {
          // The nonce of the summary the user confirmed: the same confirmation places one order.
          return next.run({ kind: 'place_order', method, couponCode: step.couponCode, confirmedTotalCents: step.totals.totalCents, attempt: state.nonce });
        }
        // Priced again without the coupon, so that Skip shows the figures without it.
        if (verb === 'coupon') return next.run({ kind: 'requote' });
        if (verb === 'cart') return next.run({ kind: 'cart' });
        return undefined;
      },
      expects: () => t.expectChoice,
      back: () => next.run({ kind: 'requote' }),
    },
    order_placed: {
      flow: 'checkout',
      view: (step) => ({
        text: t.checkout.placed(step.order, step.bankDetails),
        buttons: [
          ...(step.order.paymentUrl ? [[{ url: step.order.paymentUrl, label: t.checkout.openPaymentPage }]] : []),
          [button('invoices', t.menu.invoices), navButton('menu', t.toMenu)],
        ],
        secret: false,
      }),
      press: (verb) => (verb === 'invoices' ? next.run({ kind: 'invoices', page: 0 }) : undefined),
      expects: () => t.expectChoice,
    },
  },
  answers: {
    requoted: (a, state) => {
      const patch = withCartCount(state, a.lines.length);
      if (a.lines.length === 0) {
        const say_ = a.changes.length ? [say([t.checkout.changesTitle, ...a.changes.map((c) => t.checkout.change(c, currencyOf(state)))].join('\n'))] : [];
        return next.show({ name: 'cart', lines: [], totals: a.totals, customers: [] }, { say: say_, patch });
      }
      if (a.changes.length > 0) return next.show({ name: 'checkout_changes', changes: a.changes, totals: a.totals, methods: a.methods }, { patch });
      return next.show({ name: 'checkout_coupon', totals: a.totals, methods: a.methods }, { patch });
    },
    coupon_checked: (a, state) => {
      if (a.check.kind === 'ok') return next.show({ name: 'checkout_review', couponCode: a.check.coupon.code, totals: a.totals, methods: methodsAt(state) });
      return refuseCoupon({ check: a.check, totals: a.totals }, state);
    },
    order: (a, state) => {
      const r = a.result;
      switch (r.kind) {
        case 'placed':
          return next.show({ name: 'order_placed', order: r.order, bankDetails: r.bankDetails }, { say: r.alreadyPlaced ? [say(t.checkout.alreadyPlaced)] : [], patch: withCartCount(state, 0) });
        case 'changed':
          return showChanges(r, methodsAt(state));
        case 'coupon_refused':
          return refuseCoupon(r, state);
        case 'total_changed':
          return next.show({ name: 'checkout_review', couponCode: r.couponCode, totals: r.totals, methods: methodsAt(state) }, { say: [say(t.checkout.totalChanged)] });
        case 'cart_empty':
          return next.show({ name: 'cart', lines: [], totals: emptyTotals(), customers: [] }, { patch: withCartCount(state, 0) });
        case 'not_allowed':
          return next.refuse('place_order');
        case 'method_unavailable':
          return next.again(say(t.checkout.methodUnavailable));
        default: {
          const never: never = r;
          throw new Error(`unknown order result ${JSON.stringify(never)}`);
        }
      }
    },
    // The order is committed, waiting for its payment, and its page is opened with no transaction
    // open (the engine's outside step): its cart is empty from now on, whatever the provider says.
    payment_page_needed: (a, state) => next.run({ kind: 'open_payment_page', page: a.page }, {
      patch: a.page.then.kind === 'placed' && a.page.then.flow === 'checkout' ? withCartCount(state, 0) : {},
    }),
    // No page: the order as it is now, with its ways on (pay it again, another way, cancel it).
    payment_page_failed: (a) => next.run({ kind: 'order_open', orderId: a.orderId }, {
      say: [say(a.why === 'not_waiting' ? t.checkout.pageNotWaiting(a.number) : t.checkout.pageFailed(a.number, a.page.method, a.page.then.kind === 'placed'))],
    }),
  },
  intents: {},
};
