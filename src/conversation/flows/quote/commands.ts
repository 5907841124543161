import type { LineQuoteResult, LineRequest } from '../../../domain/pricing/line';
import { addToCart, type AddToCartResult } from '../../../domain/use-cases/cart';
import { quoteRequest } from '../../../domain/use-cases/quotes';
import type { AccountEnv, CommandHandlers } from '../../commands';

export type QuoteCommand = { kind: 'quote'; request: LineRequest } | { kind: 'add_to_cart'; request: LineRequest };
export type QuoteAnswer =
  | { kind: 'quoted'; request: LineRequest; result: LineQuoteResult; customerName: string | null; waitingOrders?: number[] }
  | { kind: 'added'; result: AddToCartResult };

export const quoteCommands: CommandHandlers<QuoteCommand['kind']> = {
  quote: async (command, env) => {
    const { repos, ctx, reseller } = env;
    const quoted = await quoteRequest(repos, ctx.licenses, { resellerId: reseller.id, request: command.request, today: ctx.today });
    const waitingOrders = quoted.result.kind === 'ok' && quoted.request.kind !== 'new_license' ? await repos.orders.waitingNumbersFor(reseller.id, quoted.request.licenseId) : [];
    return { kind: 'quoted', request: quoted.request, result: quoted.result, customerName: await customerName(env, quoted.request), waitingOrders };
  },
  add_to_cart: async (command, { repos, ctx, user }) => ({ kind: 'added', result: await addToCart(repos, ctx.licenses, { user, request: command.request, today: ctx.today, now: ctx.now }) }),
};

/** The end customer a line is for: the one chosen for a new license, or the license's own. */
async function customerName({ repos, reseller }: AccountEnv, request: LineRequest): Promise<string | null> {
  if (request.kind === 'new_license') {
    return request.customerId ? (await repos.customers.get(reseller.id, request.customerId))?.company ?? null : null;
  }
  const license = await repos.licenses.findByKey(request.licenseKey);
  return license && license.resellerId === reseller.id ? license.customerName ?? null : null;
}
