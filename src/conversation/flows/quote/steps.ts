// The end of every Buy flow: the quoted line with its price, Add to cart, and what was added.
import type { LineQuote, LineRequest } from '../../../domain/pricing/line';
import { flowButtons, navButton } from '../../buttons';
import { next, type Flow } from '../../flow';
import { say } from '../../reply';
import type { Step } from '../../state';
import { resellerOf, withCartCount } from '../../session';
import { t } from '../../wording';
import { keyRefusal } from '../license-key/steps';

export type QuoteStep =
  | { name: 'line_summary'; request: LineRequest; quote: LineQuote; customerName: string | null; from: Step }
  | { name: 'added'; quote: LineQuote };

const button = flowButtons('quote', ['add', 'cart', 'more'] as const);

export const quoteFlow: Flow<QuoteStep['name'], 'quoted' | 'added'> = {
  steps: {
    line_summary: {
      flow: 'quote',
      view: (step, state) => ({
        text: t.quote.summary(step.quote, { currency: resellerOf(state)?.currency ?? 'EUR', customerName: step.customerName, discountBp: resellerOf(state)?.discountBp ?? 0 }),
        buttons: [[button('add', t.quote.addToCart), button('cart', t.quote.viewCart)], [navButton('back', t.back), navButton('cancel', t.cancel)]],
        secret: false,
      }),
      press: (verb, _arg, step) => {
        if (verb === 'add') return next.run({ kind: 'add_to_cart', request: step.request });
        if (verb === 'cart') return next.run({ kind: 'cart' });
        return undefined;
      },
      expects: () => t.expectChoice,
      back: (step) => next.show(step.from),
    },
    added: {
      flow: 'quote',
      view: (step, state) => ({
        text: t.quote.added(step.quote, resellerOf(state)?.cartCount ?? 0),
        buttons: [[button('cart', t.quote.viewCart), button('more', t.quote.buyMore)], [navButton('menu', t.toMenu)]],
        secret: false,
      }),
      press: (verb) => {
        if (verb === 'cart') return next.run({ kind: 'cart' });
        if (verb === 'more') return next.show({ name: 'buy' });
        return undefined;
      },
      expects: () => t.expectChoice,
    },
  },
  answers: {
    quoted: (a, state) => {
      const s = state.step;
      if (a.result.kind === 'ok') {
        // A key already in an order that waits for its payment: paying both would renew or upgrade it twice.
        const waiting = a.waitingOrders ?? [];
        return next.show(
          { name: 'line_summary', request: a.request, quote: a.result.quote, customerName: a.customerName, from: s.name === 'line_summary' ? s.from : s },
          { say: waiting.length > 0 ? [say(t.quote.keyInWaitingOrder(waiting))] : [] },
        );
      }
      if (a.request.kind === 'new_license') return next.show({ name: 'new_edition', draft: {} }, { say: [say(t.keyRefused(a.result, null))] });
      return keyRefusal(a.request.kind, a.result);
    },
    added: (a, state) => {
      const r = a.result;
      switch (r.kind) {
        case 'added': return next.show({ name: 'added', quote: r.line.quote }, { patch: withCartCount(state, r.lineCount) });
        case 'cart_full': return next.again(say(t.quote.cartFull));
        case 'duplicate_key': return next.again(say(t.quote.duplicateKey(r.licenseKey)));
        case 'not_allowed': return next.refuse('fill_cart');
        case 'refused': {
          const request = state.step.name === 'line_summary' ? state.step.request : undefined;
          if (request && request.kind !== 'new_license') return keyRefusal(request.kind, r.quote);
          return next.show({ name: 'buy' }, { say: [say(t.keyRefused(r.quote, null))] });
        }
        default: {
          const never: never = r;
          throw new Error(`unknown add result ${JSON.stringify(never)}`);
        }
      }
    },
  },
  intents: {},
};
