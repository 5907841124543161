// A waiting order's hosted payment page (card or MultiSafepay): decided in the transaction that
// placed or locked the order, asked of the provider with no transaction open (the engine runs
// openPaymentPage after that transaction has committed), and recorded in a short transaction of
// its own, whose answer is the one the command that asked for the page would have given.
import type { Order } from '../../../domain/orders/order';
import type { CheckoutOrder, Repositories } from '../../../domain/ports';
import type { AccountEnv, Answer } from '../../commands';
import type { InterpreterContext } from '../../interpreter';
import type { CheckoutCommand, PlacedAnswer } from './commands';

/**
 * A payment page to open for a waiting order, decided in the transaction that placed the order
 * (or found it waiting) and opened after it has committed; it lives in memory only. `attempt`
 * counts the pages recorded for the order with `method`, plus one. `then`: whose answer the
 * opened page becomes (the order placed, at checkout or on approval; or a page for an order
 * paid again, from Orders or Invoices).
 */
export interface PageToOpen {
  order: CheckoutOrder;
  method: 'card' | 'multisafepay';
  attempt: number;
  then: { kind: 'placed'; flow: 'checkout' | 'approvals'; answer: PlacedAnswer } | { kind: 'pay'; flow: 'orders' | 'invoices' };
}

/** The answer an opened page becomes for an order placed at checkout, or on approval. */
export const answerOfPlaced = (flow: 'checkout' | 'approvals', result: PlacedAnswer): Answer =>
  (flow === 'checkout' ? { kind: 'order', result } : { kind: 'approval_approved', result });

/** A waiting order's payment page: one still open to reuse, none to be had, or one to open once the transaction has committed. */
export type PageFor = { kind: 'open'; url: string } | { kind: 'none' } | { kind: 'needed'; page: Omit<PageToOpen, 'then'> };

/**
 * The payment page of a card or MultiSafepay order, decided in the transaction that placed the
 * order or locked it: with `reuse`, a page of it still open is given again; otherwise one is to
 * be opened (openPaymentPage, after the commit) as attempt n + 1, n the pages recorded for it
 * with `method`. `method` may differ from the order's own: a bank transfer's invoice paid by
 * card after all.
 */
export async function paymentPage(repos: Repositories, ctx: InterpreterContext, order: Order, reuse: boolean, method = order.paymentMethod as 'card' | 'multisafepay'): Promise<PageFor> {
  const earlier = (await repos.payments.forOrder(order.id)).filter((p) => p.method === method);
  const open = earlier.find((p) => p.paymentUrl && isOpenPayment(p.status));
  if (reuse && open?.paymentUrl) return { kind: 'open', url: open.paymentUrl };
  // MultiSafepay knows an order by its reference: a second page for it cannot be opened there.
  if (earlier.length > 0 && method === 'multisafepay') return { kind: 'none' };
  if (!ctx.gateways?.[method] || !ctx.paymentUrls) throw new Error(`payment method ${method} is offered but not configured`);
  const { id, number, paymentReference, currency, totalCents, placedAt, expiresAt } = order;
  return { kind: 'needed', page: { order: { id, number, paymentReference, currency, totalCents, placedAt, expiresAt }, method, attempt: earlier.length + 1 } };
}

/**
 * Asks the provider for the page, with no transaction open: the order is committed and waits,
 * so a provider that is slow holds no connection and no lock, and one that fails leaves the
 * order waiting (the user is offered its card: pay again, another way, or cancel it). The same
 * attempt asked again (after a failure, a crash, or by a second press in another process)
 * gets the same page from the provider, never a second one. Answers the command that records it.
 */
export async function openPaymentPage(
  command: Extract<CheckoutCommand, { kind: 'open_payment_page' }>, ctx: Pick<InterpreterContext, 'gateways' | 'paymentUrls'>, onError: (error: unknown) => void,
): Promise<Extract<CheckoutCommand, { kind: 'record_payment_page' }>> {
  const { page } = command;
  try {
    const gateway = ctx.gateways?.[page.method];
    if (!gateway || !ctx.paymentUrls) throw new Error(`payment method ${page.method} is offered but not configured`);
    const opened = await gateway.createCheckout(page.order, ctx.paymentUrls(page.method, page.order.number), page.attempt);
    return { kind: 'record_payment_page', page, opened };
  } catch (error) {
    onError(error);
    return { kind: 'record_payment_page', page, opened: null };
  }
}

/**
 * Records an opened page in a transaction of its own, the order locked, and answers as the
 * command that asked for it would have (the order placed, or its page). A page of an order that
 * stopped waiting meanwhile is recorded all the same (a payment on it is then found, and
 * refunded as any payment of a cancelled order), but not offered; a page recorded already (the
 * same attempt asked twice) is kept as it is.
 */
export async function recordPaymentPage(command: Extract<CheckoutCommand, { kind: 'record_payment_page' }>, { repos }: AccountEnv): Promise<Answer> {
  const { page, opened } = command;
  const order = await repos.orders.get(page.order.id, { forUpdate: true });
  if (opened && order && !(await repos.payments.find(page.method, opened.providerRef))) {
    await repos.payments.upsert({
      orderId: order.id, method: page.method, providerRef: opened.providerRef, status: 'initialized', amountCents: page.order.totalCents,
      currency: page.order.currency, confirmedBy: null, details: {}, paymentUrl: opened.paymentUrl,
    });
  }
  if (!opened || order?.status !== 'awaiting_payment') {
    return { kind: 'payment_page_failed', orderId: page.order.id, number: page.order.number, why: opened ? 'not_waiting' : 'provider', page };
  }
  const then = page.then;
  if (then.kind === 'placed') return answerOfPlaced(then.flow, { ...then.answer, order: { ...then.answer.order, paymentUrl: opened.paymentUrl } });
  const result = { kind: 'ok' as const, url: opened.paymentUrl, method: page.method };
  return then.flow === 'orders' ? { kind: 'order_payment', result } : { kind: 'invoice_payment', result };
}

/** Whether a payment's page can still be paid, by its status as the provider named it (Stripe's "open/unpaid"). */
const isOpenPayment = (status: string) => status === 'initialized' || status === 'uncleared' || status.startsWith('open');
