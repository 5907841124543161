// A reseller's orders against the domain: the list, one order with its lines and figures (and,
// while it waits for its payment, how to pay it), and a payment page for such an order.
import type { BankDetails } from '../../../domain/dashboard/dashboard';
import type { Order, OrderStatus, PaymentMethod } from '../../../domain/orders/order';
import type { Amounts } from '../../../domain/pricing/totals';
import type { VatTreatment } from '../../../domain/tax/vat-treatment';
import type { Page } from '../../../domain/ports';
import type { AccountEnv, CommandHandlers } from '../../commands';
import { pageWithin } from '../../paging';
import { cancelOwnOrder } from '../../../domain/use-cases/orders';
import { onlinePaymentMethods } from '../checkout/commands';
import { paymentPage } from '../checkout/payment-page';

/** An order as its list shows it (kept in the conversation's state: no dates as objects). */
export interface OrderEntry {
  id: string;
  number: number;
  placedOn: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  totalCents: number;
  currency: string;
}

/** An order opened: its lines and figures, and how to pay it while it waits for its payment. */
export interface OrderCard extends OrderEntry {
  lines: Array<{ description: string; listCents: number; netCents: number }>;
  figures: Omit<Amounts, 'totalCents'> & { partnerDiscountBp: number; vatRateBp: number; couponCode: string | null; vatTreatment?: VatTreatment };
  invoiceNumber: string | null;
  /** Set only while the order waits for its payment. */
  payment: { reference: string; payBy: string | null; bank: BankDetails | null; online: Array<'card' | 'multisafepay'> } | null;
}

export type OrdersCommand =
  | { kind: 'orders'; page: number }
  | { kind: 'order_open'; orderId: string }
  | { kind: 'order_find'; number: number }
  | { kind: 'order_pay'; orderId: string; method: 'card' | 'multisafepay' }
  | { kind: 'order_cancel'; orderId: string };

export type OrdersAnswer =
  | { kind: 'orders'; page: number; result: Page<OrderEntry> }
  | { kind: 'order_opened'; result: { kind: 'ok'; card: OrderCard } | { kind: 'not_found' } | { kind: 'no_such_number'; number: number } }
  | { kind: 'order_payment'; result: { kind: 'ok'; url: string; method: 'card' | 'multisafepay' } | { kind: 'not_payable' } }
  | { kind: 'order_cancelled'; orderId: string; result: { kind: 'cancelled'; number: number; creditNote: string | null } | { kind: 'not_cancellable' } };

const entryOf = (o: Order): OrderEntry => ({
  id: o.id, number: o.number, placedOn: o.placedOn, status: o.status, paymentMethod: o.paymentMethod, totalCents: o.totalCents, currency: o.currency,
});

/** The order if it is the reseller's own (another reseller's is not found, as a license key is not). */
function ownedBy(env: AccountEnv, order: Order | undefined): Order | undefined {
  return order && order.resellerId === env.reseller.id ? order : undefined;
}

async function ownOrder(env: AccountEnv, orderId: string, forUpdate = false): Promise<Order | undefined> {
  return ownedBy(env, await env.repos.orders.get(orderId, { forUpdate }));
}


async function cardOf(env: AccountEnv, order: Order): Promise<OrderCard> {
  const invoice = await env.repos.invoices.forOrder(order.id);
  const waiting = order.status === 'awaiting_payment';
  const bank = waiting && order.paymentMethod === 'offline' ? (await env.repos.distributor.get()).bankAccounts : null;
  return {
    ...entryOf(order),
    lines: order.lines.map((l) => ({ description: l.description, listCents: l.listCents, netCents: l.netCents })),
    figures: {
      listCents: order.listCents, partnerDiscountCents: order.partnerDiscountCents, subtotalCents: order.subtotalCents, couponCents: order.couponCents,
      taxableCents: order.taxableCents, vatCents: order.vatCents, partnerDiscountBp: order.partnerDiscountBp, vatRateBp: order.vatRateBp, couponCode: order.couponCode,
      ...(order.vatTreatment ? { vatTreatment: order.vatTreatment } : {}),
    },
    invoiceNumber: invoice?.number ?? null,
    payment: waiting
      ? {
          reference: order.paymentReference,
          payBy: order.expiresAt ? order.expiresAt.toISOString().slice(0, 10) : null,
          bank: bank ? { local: bank.local, international: bank.international } : null,
          online: onlinePaymentMethods(env.ctx),
        }
      : null,
  };
}

export const ordersCommands: CommandHandlers<OrdersCommand['kind']> = {
  orders: async (command, { repos, reseller }) => {
    const page = await pageWithin(command.page, async (offset, limit) => {
      const result = await repos.orders.listFor(reseller.id, { offset, limit });
      return { total: result.total, items: result.items.map(entryOf) };
    });
    return { kind: 'orders', page: page.page, result: page.result };
  },
  order_open: async (command, env) => {
    const order = await ownOrder(env, command.orderId);
    return { kind: 'order_opened', result: order ? { kind: 'ok', card: await cardOf(env, order) } : { kind: 'not_found' } };
  },
  // Another reseller's order of that number is answered as one that does not exist.
  order_find: async (command, env) => {
    const order = ownedBy(env, await env.repos.orders.findByNumber(command.number));
    return { kind: 'order_opened', result: order ? { kind: 'ok', card: await cardOf(env, order) } : { kind: 'no_such_number', number: command.number } };
  },
  order_pay: async (command, env) => {
    // Locked, so that a payment confirmed meanwhile is seen and no page is opened for a paid order.
    const order = await ownOrder(env, command.orderId, true);
    if (!order || order.status !== 'awaiting_payment' || order.totalCents === 0 || !onlinePaymentMethods(env.ctx).includes(command.method)) {
      return { kind: 'order_payment', result: { kind: 'not_payable' } };
    }
    // A page still open is given again; a new one is opened once this transaction has committed.
    const page = await paymentPage(env.repos, env.ctx, order, true, command.method);
    if (page.kind === 'needed') return { kind: 'payment_page_needed', page: { ...page.page, then: { kind: 'pay', flow: 'orders' } } };
    return { kind: 'order_payment', result: page.kind === 'open' ? { kind: 'ok', url: page.url, method: command.method } : { kind: 'not_payable' } };
  },
  order_cancel: async (command, { repos, ctx, user }) => {
    const result = await cancelOwnOrder(repos, { user, orderId: command.orderId, at: ctx.now });
    return {
      kind: 'order_cancelled', orderId: command.orderId,
      result: result.kind === 'cancelled' ? { kind: 'cancelled', number: result.order.number, creditNote: result.creditNote } : { kind: 'not_cancellable' },
    };
  },
};
