// The orders' words, in English: the list, one order, and paying an order that waits.
import type { OrderStatus, PaymentMethod } from '../../../domain/orders/order';
import { common, money, percent } from '../../i18n/common.en';
import { vatLabel } from '../checkout/en';
import { invoicesWords } from '../invoices/en';
import type { OrderCard, OrderEntry } from './commands';

/** An order's status in a few words (the chat's Orders and Slack's App Home). */
export const orderStatus: Record<OrderStatus, string> = {
  awaiting_payment: 'waiting for payment',
  paid: 'paid, licenses on their way',
  fulfilled: 'paid, licenses delivered',
  cancelled: 'cancelled',
  expired: 'cancelled: not paid in time',
  refunded: 'refunded',
};
const METHOD: Record<PaymentMethod, string> = { offline: 'bank transfer', card: 'card', multisafepay: 'MultiSafepay' };

const line = (i: number, o: OrderEntry) => `${i}. Order ${o.number} — ${o.placedOn}, ${money(o.totalCents, o.currency)}, ${orderStatus[o.status]} (${METHOD[o.paymentMethod]})`;

export const ordersWords = {
  title: (from: number, to: number, total: number) => `Your orders (${from}–${to} of ${total}):`,
  none: 'Your company has no orders yet.',
  line,
  open: (i: number) => `Open ${i}`,
  backToList: '« Orders',
  card: (o: OrderCard) => {
    const f = o.figures;
    const pay = o.payment;
    return [
      `Order ${o.number} — placed ${o.placedOn}, ${orderStatus[o.status]} (${METHOD[o.paymentMethod]})`,
      ...o.lines.flatMap((l, i) => [`${i + 1}. ${l.description}`, `   ${money(l.listCents, o.currency)}, after partner discount ${money(l.netCents, o.currency)}`]),
      '',
      `List price: ${money(f.listCents, o.currency)}`,
      `Partner discount (${percent(f.partnerDiscountBp)}): −${money(f.partnerDiscountCents, o.currency)}`,
      `Subtotal: ${money(f.subtotalCents, o.currency)}`,
      ...(f.couponCode ? [`Coupon ${f.couponCode}: −${money(f.couponCents, o.currency)}`] : []),
      `${vatLabel(f, f.vatRateBp)}: ${money(f.vatCents, o.currency)}`,
      `Total: ${money(o.totalCents, o.currency)}`,
      ...(o.invoiceNumber ? [`Invoice ${o.invoiceNumber} is in Invoices.`] : []),
      ...(pay && pay.bank
        ? ['', `To pay it, transfer ${money(o.totalCents, o.currency)}${pay.payBy ? ` by ${pay.payBy}` : ''} with the payment reference ${pay.reference}:`, ...common.bankDetails(pay.bank)]
        : []),
      ...(pay && pay.online.length > 0 ? ['', pay.bank ? 'Or pay it online now:' : `Pay it online${pay.payBy ? ` by ${pay.payBy}` : ''}:`] : []),
      ...(pay && !pay.bank && pay.online.length === 0 ? ['', 'Online payment is not available at the moment: ask your distributor how to pay this order.'] : []),
    ].join('\n');
  },
  payWith: { card: 'Pay by card', multisafepay: 'Pay with MultiSafepay' },
  payPage: (method: 'card' | 'multisafepay') => `Open the ${method === 'card' ? 'card' : 'MultiSafepay'} payment page to pay it. Your licenses are issued as soon as the payment is confirmed; you will get a message here.`,
  openPaymentPage: invoicesWords.openPaymentPage,
  notPayable: 'That order cannot be paid online (any more): it is paid or cancelled, or its payment page cannot be opened again.',
  notFound: 'That order is no longer in your list.',
  noSuchNumber: (n: number) => `Your company has no order ${n}. Here are its orders:`,
  cancel: 'Cancel this order',
  confirmCancel: (o: OrderCard) => [
    `Cancel order ${o.number} (${money(o.totalCents, o.currency)})?`,
    [
      'Nothing of it will be delivered',
      ...(o.figures.couponCode ? [`coupon ${o.figures.couponCode} can be used again`] : []),
      ...(o.invoiceNumber ? [`invoice ${o.invoiceNumber} is cancelled by a credit note`] : []),
    ].join('; ') + '.',
    'If you have already paid it, do not cancel it: a payment that arrives for a cancelled order has to be refunded.',
  ].join('\n'),
  yesCancel: (n: number) => `Yes, cancel order ${n}`,
  noKeep: 'No, keep it',
  cancelled: (n: number, creditNote: string | null) => `Order ${n} is cancelled.${creditNote ? ` Credit note ${creditNote} cancels its invoice; it is in Invoices.` : ''}`,
  notCancellable: 'That order can no longer be cancelled: it is paid or was cancelled meanwhile.',
};
