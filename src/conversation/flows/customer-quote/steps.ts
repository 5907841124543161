// A quote for the reseller's own customer: from the cart (every line) or from a license (its
// renewal for N years): the customer's name, then the reseller's prices (a markup on list, or a
// price per line), then a PDF to forward. Nothing is ordered.
import { RENEWAL_YEARS_MAX, RENEWAL_YEARS_MIN } from '../../../domain/pricing/line';
import { flowButtons, navButton } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { typedNumber, wholeNumber } from '../../numbers';
import { say } from '../../reply';
import { t } from '../../wording';
import type { QuoteSource } from './commands';

export type CustomerQuoteStep =
  | { name: 'quote_years'; key: string }
  | { name: 'quote_company'; source: QuoteSource; lines: number }
  | { name: 'quote_pricing'; source: QuoteSource; lines: number; company: string; contact: string | null }
  | { name: 'quote_prices'; source: QuoteSource; lines: number; company: string; contact: string | null };

const MARKUPS = [0, 10, 20, 30] as const;
const button = flowButtons('cquote', ['years', 'markup', 'lines'] as const);
const nav = () => [navButton('back', t.back), navButton('cancel', t.cancel)];

/** "12.5 %", "12,5", "-5%" as basis points; undefined otherwise. */
function percentBp(text: string): number | undefined {
  const match = /^\s*([+-]?\d{1,4})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match?.[1]) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + (whole < 0 || match[1].startsWith('-') ? -fraction : fraction);
}

/** "420.00; 180" as cents; undefined when any amount is not one. */
function amounts(text: string): number[] | undefined {
  const parts = text.split(';').map((p) => p.trim().replace(/^(?:eur|€)\s*/i, ''));
  const cents = parts.map((p) => (/^\d{1,8}(?:[.,]\d{1,2})?$/.test(p) ? Math.round(Number(p.replace(',', '.')) * 100) : Number.NaN));
  return cents.some((c) => !Number.isSafeInteger(c)) ? undefined : cents;
}

/** Starts a quote from the cart (its lines) or from a license's card. */
export function startCustomerQuote(source: { kind: 'cart'; lines: number } | { kind: 'license'; key: string }): Next {
  return source.kind === 'cart' ? next.show({ name: 'quote_company', source: { kind: 'cart' }, lines: source.lines }) : next.show({ name: 'quote_years', key: source.key });
}

export const customerQuoteFlow: Flow<CustomerQuoteStep['name'], 'customer_quote'> = {
  steps: {
    quote_years: {
      flow: 'cquote',
      view: () => ({
        text: t.customerQuote.askYears,
        buttons: [Array.from({ length: RENEWAL_YEARS_MAX - RENEWAL_YEARS_MIN + 1 }, (_, i) => button('years', String(RENEWAL_YEARS_MIN + i), RENEWAL_YEARS_MIN + i)), nav()],
        secret: false,
      }),
      press: (verb, arg, step) => {
        const years = verb === 'years' ? wholeNumber(arg ?? '', RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX) : undefined;
        return years === undefined ? undefined : next.show({ name: 'quote_company', source: { kind: 'license', key: step.key, years }, lines: 1 });
      },
      text: (text, step) => typedNumber(text, RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX, (years) => next.show({ name: 'quote_company', source: { kind: 'license', key: step.key, years }, lines: 1 })),
      expects: () => t.expectNumber(RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX),
    },
    quote_company: {
      flow: 'cquote',
      view: () => ({ text: t.customerQuote.askCompany, buttons: [nav()], secret: false }),
      text: (text, step) => {
        const [company = '', ...rest] = text.split(',');
        const name = company.trim();
        if (name.length < 2 || name.length > 200) return next.miss(t.customerQuote.invalidCompany);
        const contact = rest.join(',').trim().slice(0, 200) || null;
        return next.show({ name: 'quote_pricing', source: step.source, lines: step.lines, company: name, contact });
      },
      expects: () => t.customerQuote.invalidCompany,
      back: (step) => (step.source.kind === 'license' ? next.show({ name: 'quote_years', key: step.source.key }) : next.run({ kind: 'cart' })),
      ownsText: true,
    },
    quote_pricing: {
      flow: 'cquote',
      view: () => ({
        text: `${t.customerQuote.askPricing}\n${t.customerQuote.typedMarkup}`,
        buttons: [MARKUPS.map((m) => button('markup', t.customerQuote.markup(m), m)), [button('lines', t.customerQuote.perLine)], nav()],
        secret: false,
      }),
      press: (verb, arg, step) => {
        if (verb === 'lines') return next.show({ ...step, name: 'quote_prices' });
        const markup = verb === 'markup' ? MARKUPS.find((m) => String(m) === arg) : undefined;
        return markup === undefined ? undefined : next.run({ kind: 'customer_quote', source: step.source, company: step.company, contact: step.contact, pricing: { kind: 'markup', percentBp: markup * 100 } });
      },
      text: (text, step) => {
        const bp = percentBp(text);
        return bp === undefined ? undefined : next.run({ kind: 'customer_quote', source: step.source, company: step.company, contact: step.contact, pricing: { kind: 'markup', percentBp: bp } });
      },
      expects: () => t.customerQuote.typedMarkup,
      back: (step) => next.show({ name: 'quote_company', source: step.source, lines: step.lines }),
    },
    quote_prices: {
      flow: 'cquote',
      view: (step) => ({ text: t.customerQuote.askPrices(step.lines), buttons: [nav()], secret: false }),
      text: (text, step) => {
        const cents = amounts(text);
        if (!cents) return next.miss(t.customerQuote.invalidPrices(step.lines));
        return next.run({ kind: 'customer_quote', source: step.source, company: step.company, contact: step.contact, pricing: { kind: 'prices', lineCents: cents } });
      },
      expects: (step) => t.customerQuote.invalidPrices(step.lines),
      back: (step) => next.show({ ...step, name: 'quote_pricing' }),
      ownsText: true,
    },
  },
  answers: {
    customer_quote: (a, state) => {
      const r = a.result;
      const back = a.source.kind === 'cart' ? { kind: 'cart' as const } : { kind: 'menu' as const };
      if (r.kind === 'ok') return next.run(back, { say: [{ ...say(t.customerQuote.done(r.company)), document: r.document }] });
      const s = state.step;
      const again = (text: string) => (s.name === 'quote_prices' || s.name === 'quote_pricing' ? next.again(say(text)) : next.run(back, { say: [say(text)] }));
      switch (r.kind) {
        case 'line_refused': return next.run(back, { say: [say(t.customerQuote.lineRefused(r.description, t.keyRefused(r.refusal, null)))] });
        case 'invalid_price': return again(t.customerQuote.refused.invalid_price(r.line));
        case 'wrong_price_count': return again(t.customerQuote.refused.wrong_price_count(r.expected, r.given));
        default: return r.why === 'invalid_markup' ? again(t.customerQuote.refused.invalid_markup) : next.run(back, { say: [say(t.customerQuote.refused[r.why])] });
      }
    },
  },
  intents: {},
};
