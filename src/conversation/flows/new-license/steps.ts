// A new license, chosen step by step: edition → simultaneous calls → quantity → years → end
// customer, then its quote. What the user already said ("buy 3 pro 16") is filled in and only
// what is missing is asked.
import { mayDo } from '../../session';
import type { EndCustomer } from '../../../domain/accounts/accounts';
import { EDITIONS, isEdition, isTierOf, tiersOf, type Edition } from '../../../domain/pricing/catalog';
import { ADDITIONAL_YEARS_MAX, ADDITIONAL_YEARS_MIN, QUANTITY_MAX, QUANTITY_MIN, type LineRequest } from '../../../domain/pricing/line';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { say, type ActionButton, type Reply } from '../../reply';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';
import { typedNumber, wholeNumber } from '../../numbers';
import { endCustomerName } from '../../../domain/accounts/end-customer-name';

/** What the user is choosing for a new license, filled in step by step. */
export interface NewLicenseDraft {
  edition: Edition;
  sc?: number;
  quantity?: number;
  /** Years in total, the first included. */
  years?: number;
}

/** A draft before the edition is known (what a typed "buy 3 for 2 years" gave). */
export type PartialDraft = Partial<NewLicenseDraft>;

export type NewLicenseStep =
  | { name: 'new_edition'; draft?: PartialDraft }
  | { name: 'new_sc'; draft: NewLicenseDraft }
  | { name: 'new_quantity'; draft: NewLicenseDraft }
  | { name: 'new_years'; draft: NewLicenseDraft }
  | { name: 'new_customer'; draft: NewLicenseDraft; customers: EndCustomer[]; page: number }
  | { name: 'new_customer_name'; draft: NewLicenseDraft; customers: EndCustomer[] };

const YEARS_MIN = 1 + ADDITIONAL_YEARS_MIN;
const YEARS_MAX = 1 + ADDITIONAL_YEARS_MAX;
const NUMBER_BUTTONS = 5;

const button = flowButtons('new', ['edition', 'sc', 'quantity', 'years', 'customer', 'page', 'add', 'skip'] as const);
const nav = (): ActionButton[] => [navButton('back', t.back), navButton('cancel', t.cancel)];
const numbers = (verb: 'quantity' | 'years') => [Array.from({ length: NUMBER_BUTTONS }, (_, i) => button(verb, String(i + 1), i + 1)), nav()];
const message = (text: string, buttons: ActionButton[][]): Reply => ({ text, buttons: buttons.filter((r) => r.length > 0), secret: false });

/** The request a complete draft stands for. */
export function newLicenseRequest(draft: NewLicenseDraft, customerId: string | null): LineRequest {
  return { kind: 'new_license', edition: draft.edition, sc: draft.sc ?? 0, quantity: draft.quantity ?? 0, additionalYears: (draft.years ?? YEARS_MIN) - 1, customerId };
}

/**
 * The first step a draft still needs, with what was wrong in what the user gave: an SC that
 * is not a tier of the edition, a quantity or years out of range. A complete draft asks the
 * domain for the reseller's end customers.
 */
export function advance(draft: PartialDraft): Next {
  const { edition } = draft;
  if (!edition) return next.show({ name: 'new_edition', draft });
  // A refused value is asked for again; what else was given is kept.
  if (draft.sc === undefined) return next.show({ name: 'new_sc', draft: { ...draft, edition } });
  if (!isTierOf(edition, draft.sc)) return next.show({ name: 'new_sc', draft: { ...draft, edition, sc: undefined } }, { say: [say(t.newLicense.notATier(edition, draft.sc))] });
  const withSc = { ...draft, edition, sc: draft.sc };
  if (draft.quantity === undefined) return next.show({ name: 'new_quantity', draft: withSc });
  if (!inRange(draft.quantity, QUANTITY_MIN, QUANTITY_MAX)) {
    return next.show({ name: 'new_quantity', draft: { ...withSc, quantity: undefined } }, { say: [say(t.keyRefused({ kind: 'invalid_quantity' }, null))] });
  }
  const withQuantity = { ...withSc, quantity: draft.quantity };
  if (draft.years === undefined) return next.show({ name: 'new_years', draft: withQuantity });
  if (!inRange(draft.years, YEARS_MIN, YEARS_MAX)) {
    return next.show({ name: 'new_years', draft: { ...withQuantity, years: undefined } }, { say: [say(t.expectNumber(YEARS_MIN, YEARS_MAX))] });
  }
  return next.run({ kind: 'customers' }, { patch: { step: { name: 'new_years', draft: { ...withQuantity, years: draft.years } } } });
}

const inRange = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

export const newLicenseFlow: Flow<NewLicenseStep['name'], 'customers', 'new_license'> = {
  steps: {
    new_edition: {
      flow: 'new',
      view: () => message(t.newLicense.askEdition, [EDITIONS.map((e) => button('edition', t.edition(e), e)), nav()]),
      press: (verb, arg, step) => (verb === 'edition' && isEdition(arg) ? advance({ ...step.draft, edition: arg }) : undefined),
      expects: () => t.expectChoice,
      back: () => next.show({ name: 'buy' }),
    },
    new_sc: {
      flow: 'new',
      view: (step) => message(t.newLicense.askSc(step.draft.edition), [...rows(tiersOf(step.draft.edition).map((sc) => button('sc', t.sc(sc), sc)), 4), nav()]),
      press: (verb, arg, step) => {
        const sc = Number(arg);
        return verb === 'sc' && isTierOf(step.draft.edition, sc) ? advance({ ...step.draft, sc }) : undefined;
      },
      text: (text, step) => {
        const sc = wholeNumber(text.trim().replace(/\s*sc$/i, ''), 1, 9999);
        if (sc === undefined) return undefined;
        // A number of calls was understood: one the edition is not sold with is refused as such.
        return isTierOf(step.draft.edition, sc) ? advance({ ...step.draft, sc }) : next.again(say(t.newLicense.notATier(step.draft.edition, sc)));
      },
      expects: () => t.expectChoice,
      back: () => next.show({ name: 'new_edition', draft: {} }),
    },
    new_quantity: {
      flow: 'new',
      view: (step) => message(t.newLicense.askQuantity(step.draft.edition, step.draft.sc ?? 0), numbers('quantity')),
      press: (verb, arg, step) => (verb === 'quantity' ? quantityGiven(arg ?? '', step.draft) : undefined),
      text: (text, step) => typedNumber(text, QUANTITY_MIN, QUANTITY_MAX, (quantity) => advance({ ...step.draft, quantity })),
      expects: () => t.expectNumber(QUANTITY_MIN, QUANTITY_MAX),
      back: (step) => next.show({ name: 'new_sc', draft: { edition: step.draft.edition } }),
    },
    new_years: {
      flow: 'new',
      view: () => message(t.newLicense.askYears, numbers('years')),
      press: (verb, arg, step) => (verb === 'years' ? yearsGiven(arg ?? '', step.draft) : undefined),
      text: (text, step) => typedNumber(text, YEARS_MIN, YEARS_MAX, (years) => advance({ ...step.draft, years })),
      expects: () => t.expectNumber(YEARS_MIN, YEARS_MAX),
      back: (step) => next.show({ name: 'new_quantity', draft: { edition: step.draft.edition, sc: step.draft.sc } }),
    },
    new_customer: {
      flow: 'new',
      view: (step) => {
        const first = step.page * PAGE_SIZE;
        const paging = [
          ...(step.page > 0 ? [button('page', t.previous, step.page - 1)] : []),
          ...(first + PAGE_SIZE < step.customers.length ? [button('page', t.next, step.page + 1)] : []),
        ];
        return message(t.newLicense.askCustomer, [
          ...rows(step.customers.slice(first, first + PAGE_SIZE).map((c, i) => button('customer', c.company, first + i)), 2),
          paging,
          [button('add', t.newLicense.newCustomer), button('skip', t.skip)],
          nav(),
        ]);
      },
      press: (verb, arg, step) => {
        const index = indexArg(arg);
        switch (verb) {
          case 'page': {
            const last = Math.floor(Math.max(0, step.customers.length - 1) / PAGE_SIZE);
            return index === undefined ? undefined : next.show({ ...step, page: Math.min(index, last) });
          }
          case 'add': return next.show({ name: 'new_customer_name', draft: step.draft, customers: step.customers });
          case 'skip': return next.run({ kind: 'quote', request: newLicenseRequest(step.draft, null) });
          case 'customer': {
            const customer = index === undefined ? undefined : step.customers[index];
            return customer ? next.run({ kind: 'quote', request: newLicenseRequest(step.draft, customer.id) }) : undefined;
          }
          default: return undefined;
        }
      },
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'new_years', draft: { ...step.draft, years: undefined } }),
    },
    new_customer_name: {
      flow: 'new',
      view: () => message(t.newLicense.askCustomerName, [nav()]),
      text: (text, step) => {
        const company = endCustomerName(text);
        if (company === undefined) return next.miss(t.newLicense.invalidCustomerName);
        return next.run({ kind: 'add_customer', company, request: newLicenseRequest(step.draft, null) });
      },
      expects: () => t.newLicense.invalidCustomerName,
      back: (step) => next.show({ name: 'new_customer', draft: step.draft, customers: step.customers, page: 0 }),
      ownsText: true,
    },
  },
  answers: {
    customers: (a, state) => {
      const s = state.step;
      if (s.name !== 'new_years') return next.again();
      return next.show({ name: 'new_customer', draft: s.draft, customers: a.customers, page: 0 });
    },
  },
  intents: {
    new_license: (intent, state) => {
      if (!mayDo(state, 'fill_cart')) return next.refuse('fill_cart');
      return advance({ edition: intent.edition, sc: intent.sc, quantity: intent.quantity, years: intent.years });
    },
  },
};

// A button's number, in range (a button out of range is not this step's).
function quantityGiven(text: string, draft: NewLicenseDraft): Next | undefined {
  const quantity = wholeNumber(text.trim(), QUANTITY_MIN, QUANTITY_MAX);
  return quantity === undefined ? undefined : advance({ ...draft, quantity });
}

function yearsGiven(text: string, draft: NewLicenseDraft): Next | undefined {
  const years = wholeNumber(text.trim(), YEARS_MIN, YEARS_MAX);
  return years === undefined ? undefined : advance({ ...draft, years });
}
