import type { ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import { priceLines, type CustomerQuote, type QuotePricing, type QuotePricingResult } from '../invoicing/customer-quote';
import type { DocumentFile, DocumentRenderer, LicenseProvider, Repositories } from '../ports';
import { addDays, compareDates, isLocalDate, type LocalDate } from '../pricing/dates';
import { normaliseLicenseKey } from '../pricing/license-key';
import type { LineQuote, LineQuoteResult, LineRequest } from '../pricing/line';
import { quoteRequest } from './quotes';

/** How long a quote is valid when the reseller does not say, and the longest it may be. */
export const DEFAULT_QUOTE_DAYS = 30;
export const MAX_QUOTE_DAYS = 365;

export interface CustomerQuoteInput {
  user: ResellerUser;
  /** The lines of the user's cart (priced afresh, the cart left as it is), or a renewal of one of the reseller's licenses. */
  source: { kind: 'cart' } | { kind: 'license'; key: string; years: number };
  pricing: QuotePricing;
  customer: { company: string; contact?: string | null };
  validUntil?: LocalDate | null;
  reference?: string | null;
  today: LocalDate;
  /** How a line is worded on the quote, in the language of the conversation asking for it. */
  describeLine(quote: LineQuote): string;
}

export type CustomerQuoteResult =
  | { kind: 'ok'; quote: CustomerQuote; file: DocumentFile }
  | { kind: 'not_allowed' }
  | { kind: 'cart_empty' }
  /** A line that cannot be sold as it stands (a key expired, a price missing, 3CX refusing it). */
  | { kind: 'line_refused'; description: string | null; refusal: Exclude<LineQuoteResult, { kind: 'ok' }> }
  | { kind: 'invalid_customer' }
  | { kind: 'invalid_reference' }
  | { kind: 'invalid_validity'; earliest: LocalDate; latest: LocalDate }
  | Exclude<QuotePricingResult, { kind: 'ok' }>;

/**
 * A PDF quote a reseller forwards to its customer: the lines priced today at the reseller's own
 * prices (a markup on list, or a price per line), the reseller's name and address, valid until a
 * date (30 days unless given, a year at most). It changes no cart and no order.
 */
export async function quoteForCustomer(repos: Repositories, provider: LicenseProvider, renderer: DocumentRenderer, input: CustomerQuoteInput): Promise<CustomerQuoteResult> {
  if (!may(input.user.role, 'quote')) return { kind: 'not_allowed' };
  const company = input.customer.company.trim();
  const contact = input.customer.contact?.trim() || null;
  if (company.length < 2 || company.length > 200 || (contact !== null && contact.length > 200)) return { kind: 'invalid_customer' };
  const reference = input.reference?.trim() || null;
  if (reference !== null && !/^[\p{L}\p{N} ._/#-]{1,40}$/u.test(reference)) return { kind: 'invalid_reference' };
  const latest = addDays(input.today, MAX_QUOTE_DAYS);
  const validUntil = input.validUntil ?? addDays(input.today, DEFAULT_QUOTE_DAYS);
  if (!isLocalDate(validUntil) || compareDates(validUntil, input.today) < 0 || compareDates(validUntil, latest) > 0) {
    return { kind: 'invalid_validity', earliest: input.today, latest };
  }

  const requests = await requestsOf(repos, input);
  if (requests.kind !== 'ok') return requests;
  const quotes: LineQuote[] = [];
  for (const { request, description } of requests.requests) {
    const { result } = await quoteRequest(repos, provider, { resellerId: input.user.resellerId, request, today: input.today });
    if (result.kind !== 'ok') return { kind: 'line_refused', description, refusal: result };
    quotes.push(result.quote);
  }
  const priced = priceLines(quotes.map((q) => q.listCents), input.pricing);
  if (priced.kind !== 'ok') return priced;

  const reseller = await repos.resellers.get(input.user.resellerId);
  if (!reseller) throw new Error(`user ${input.user.id} has no reseller`);
  const currency = (await repos.distributor.get()).currency;
  const quote: CustomerQuote = {
    reference,
    issuedOn: input.today,
    validUntil,
    currency,
    from: { company: reseller.company, legalName: reseller.legalName, address: reseller.address, vatId: reseller.vatId },
    to: { company, contact },
    lines: quotes.map((q, i) => ({ description: input.describeLine(q), quantity: q.quantity ?? 1, amountCents: priced.amounts[i] ?? 0 })),
    totalCents: priced.amounts.reduce((sum, cents) => sum + cents, 0),
  };
  return { kind: 'ok', quote, file: await renderer.customerQuotePdf(quote) };
}

type Requests = { kind: 'ok'; requests: Array<{ request: LineRequest; description: string | null }> } | Extract<CustomerQuoteResult, { kind: 'cart_empty' | 'line_refused' }>;

async function requestsOf(repos: Repositories, input: CustomerQuoteInput): Promise<Requests> {
  if (input.source.kind === 'cart') {
    const lines = await repos.carts.lines(input.user.id);
    if (lines.length === 0) return { kind: 'cart_empty' };
    return { kind: 'ok', requests: lines.map((l) => ({ request: l.request, description: input.describeLine(l.quote) })) };
  }
  const key = normaliseLicenseKey(input.source.key);
  if (key.kind !== 'ok') return { kind: 'line_refused', description: null, refusal: { kind: 'invalid_format' } };
  const license = await repos.licenses.findByKey(key.key);
  // Another reseller's key is not found, exactly like a missing one.
  if (!license || license.resellerId !== input.user.resellerId) return { kind: 'line_refused', description: null, refusal: { kind: 'not_found' } };
  const kind = license.type === 'annual' ? 'renew_annual' : 'renew_maintenance';
  return { kind: 'ok', requests: [{ request: { kind, licenseId: license.id, licenseKey: license.key, years: input.source.years }, description: null }] };
}
