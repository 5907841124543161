// The quote a reseller forwards to its customer, in English.
import { DEFAULT_QUOTE_DAYS } from '../../../domain/use-cases/customer-quote';
import { RENEWAL_YEARS_MAX, RENEWAL_YEARS_MIN } from '../../../domain/pricing/line';

export const customerQuoteWords = {
  start: 'Quote for my customer',
  askYears: `A quote to renew this license for how many years (${RENEWAL_YEARS_MIN}–${RENEWAL_YEARS_MAX})?`,
  askCompany: 'Which company is the quote for? Type its name (and, if you like, a contact person after a comma: "Harbor Dental, Dr. Hart").',
  invalidCompany: 'Type the company name (2 to 200 characters).',
  askPricing: `Your prices: a markup on the list price for every line, or a price you type per line. (Your partner discount and the distributor are not shown on the quote; it is valid ${DEFAULT_QUOTE_DAYS} days.)`,
  markup: (percent: number) => (percent === 0 ? 'List price' : `List + ${percent} %`),
  typedMarkup: 'Or type a markup like "12.5 %".',
  perLine: 'Prices per line',
  askPrices: (lines: number) => `Type the price of ${lines === 1 ? 'the line' : `each of the ${lines} lines, in cart order, separated by semicolons`} (for example ${lines === 1 ? '420.00' : '420.00; 180'}), without VAT.`,
  invalidPrices: (lines: number) => `Type ${lines === 1 ? 'one amount' : `${lines} amounts separated by semicolons`}, like 420.00.`,
  done: (company: string) => `Here is your quote for ${company}: forward it as it is. Nothing was ordered and your cart is unchanged.`,
  refused: {
    invalid_markup: 'That markup cannot be used: give a percentage from −99.99 to 1000.',
    invalid_price: (line: number) => `The price of line ${line} cannot be used: give an amount like 420.00 (at most 10,000,000.00).`,
    wrong_price_count: (expected: number, given: number) => `Your cart has ${expected} ${expected === 1 ? 'line' : 'lines'}, and ${given} ${given === 1 ? 'price was' : 'prices were'} given.`,
    cart_empty: 'Your cart is empty: add the lines to quote first.',
    not_allowed: 'Your role does not make quotes.',
    invalid_customer: 'The company name is not valid. Type it again.',
    other: 'That quote cannot be made.',
  },
  lineRefused: (what: string | null, why: string) => `${what ? `${what}: ` : ''}${why} The quote was not made.`,
};
