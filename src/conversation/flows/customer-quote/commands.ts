import type { QuotePricing } from '../../../domain/invoicing/customer-quote';
import type { LineRefusal } from '../../../domain/pricing/line';
import { quoteForCustomer } from '../../../domain/use-cases/customer-quote';
import type { CommandHandlers } from '../../commands';
import type { ReplyDocument } from '../../reply';
import { t } from '../../wording';

export type QuoteSource = { kind: 'cart' } | { kind: 'license'; key: string; years: number };

export type CustomerQuoteCommand = { kind: 'customer_quote'; source: QuoteSource; company: string; contact: string | null; pricing: QuotePricing };
export type CustomerQuoteAnswer = {
  kind: 'customer_quote';
  source: QuoteSource;
  result:
    | { kind: 'ok'; company: string; document: ReplyDocument }
    | { kind: 'line_refused'; description: string | null; refusal: { kind: LineRefusal['kind'] } }
    | { kind: 'invalid_price'; line: number }
    | { kind: 'wrong_price_count'; expected: number; given: number }
    | { kind: 'other'; why: 'invalid_markup' | 'cart_empty' | 'not_allowed' | 'invalid_customer' | 'other' };
};

export const customerQuoteCommands: CommandHandlers<'customer_quote'> = {
  customer_quote: async (command, { repos, ctx, user }) => {
    const answer = (result: CustomerQuoteAnswer['result']): CustomerQuoteAnswer => ({ kind: 'customer_quote', source: command.source, result });
    if (!ctx.documents) return answer({ kind: 'other', why: 'other' });
    const r = await quoteForCustomer(repos, ctx.licenses, ctx.documents, {
      user, source: command.source, pricing: command.pricing, customer: { company: command.company, contact: command.contact }, today: ctx.today, describeLine: t.describeLine,
    });
    switch (r.kind) {
      case 'ok': return answer({ kind: 'ok', company: r.quote.to.company, document: { filename: r.file.filename, mimeType: r.file.mimeType, content: r.file.content } });
      case 'line_refused': return answer({ kind: 'line_refused', description: r.description, refusal: { kind: r.refusal.kind } });
      case 'invalid_price': return answer({ kind: 'invalid_price', line: r.line });
      case 'wrong_price_count': return answer({ kind: 'wrong_price_count', expected: r.expected, given: r.given });
      case 'invalid_markup': case 'cart_empty': case 'not_allowed': case 'invalid_customer': return answer({ kind: 'other', why: r.kind });
      default: return answer({ kind: 'other', why: 'other' });
    }
  },
};
