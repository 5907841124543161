// Checkout's words, in English: changes found when the cart is priced again, the coupon, the
// order summary, the payment methods and the placed order.
import type { BankDetails } from '../../../domain/dashboard/dashboard';
import type { PaymentMethod } from '../../../domain/orders/order';
import type { CouponCheck } from '../../../domain/pricing/coupon';
import type { Totals } from '../../../domain/pricing/totals';
import { common, lineKinds, money, percent, plural } from '../../i18n/common.en';
import type { ChangeNote, PlacedOrder } from './steps';
// Used inside functions only (orders/en.ts reads vatLabel from here).
import { ordersWords } from '../orders/en';

/** The VAT line's label: "VAT (21 %)", or what a 0 % means for this reseller (an order's too). */
export const vatLabel = (totals: Pick<Totals, 'vatTreatment'>, bp: number) =>
  totals.vatTreatment === 'reverse_charge' ? `VAT reverse charged (${percent(bp)})` : totals.vatTreatment === 'outside_eu' ? `VAT (${percent(bp)}, outside the scope of EU VAT)` : `VAT (${percent(bp)})`;

export const checkoutWords = {
  changesTitle: 'Prices were checked again. Since you added them, these lines changed:',
  change: (note: ChangeNote, currency: string) => {
    const c = note.change;
    const what = common.describeLine(note.quote);
    switch (c.kind) {
      case 'price_changed': return `• ${what}: ${money(c.fromCents, currency)} → ${money(c.toCents, currency)}`;
      case 'no_longer_valid': return `• ${what}: removed from the cart. ${common.keyRefused(c.reason, null)}`;
      case 'terms_changed': {
        const dates = [
          c.to.newExpiresOn && c.to.newExpiresOn !== c.from.newExpiresOn ? `new expiry ${c.to.newExpiresOn}` : null,
          c.to.newMaintenanceUntil && c.to.newMaintenanceUntil !== c.from.newMaintenanceUntil ? `new maintenance date ${c.to.newMaintenanceUntil}` : null,
          c.to.remainingDays !== c.from.remainingDays && c.to.remainingDays !== undefined ? `now ${plural(c.to.remainingDays, 'day')} remaining` : null,
        ].filter(Boolean);
        return `• ${what}: ${dates.length ? dates.join(', ') : 'terms changed'}`;
      }
      default: return `• ${what}: changed`;
    }
  },
  newTotal: (total: number, currency: string) => `New total: ${money(total, currency)}. Do you want to continue with these figures?`,
  confirmChanges: 'Continue',
  askCoupon: 'Do you have a coupon code? Type it, or press Skip.',
  expectCoupon: 'Type a coupon code, or press Skip.',
  couponRefused: (check: Exclude<CouponCheck, { kind: 'ok' }>, currency: string) => {
    switch (check.kind) {
      case 'unknown': return 'That coupon code is not known.';
      case 'not_yet_valid': return `That coupon is valid from ${check.validFrom}.`;
      case 'expired': return `That coupon expired on ${check.validUntil}.`;
      case 'used_up': return 'That coupon has been used up.';
      case 'already_used': return 'Your company has already used that coupon.';
      case 'below_minimum': return `That coupon needs a subtotal of at least ${money(check.minSubtotalCents, currency)}.`;
      case 'not_applicable': return `That coupon is only valid for ${check.appliesTo.map((k) => lineKinds[k].toLowerCase()).join(' and ')} lines, and your cart has other lines.`;
      default: return 'That coupon cannot be used.';
    }
  },
  couponTryAgain: 'Type another code, or press Skip.',
  review: (totals: Totals, currency: string, couponCode: string | null, discountBp: number, vatBp: number, mayOrder = true) => [
    'Order summary:',
    `List price: ${money(totals.listCents, currency)}`,
    `Partner discount (${percent(discountBp)}): −${money(totals.partnerDiscountCents, currency)}`,
    `Subtotal: ${money(totals.subtotalCents, currency)}`,
    ...(couponCode ? [`Coupon ${couponCode}: −${money(totals.couponCents, currency)}`] : []),
    `${vatLabel(totals, vatBp)}: ${money(totals.vatCents, currency)}`,
    `Total: ${money(totals.totalCents, currency)}`,
    '',
    mayOrder ? 'How would you like to pay?' : 'Orders are placed by an owner or purchase user of your company: ask them to approve this one; they choose how to pay it.',
  ].join('\n'),
  totalChanged: 'The total changed since you saw it. Please check the new figures.',
  payWith: { offline: 'Bank transfer (offline)', card: 'Credit or debit card', multisafepay: 'MultiSafepay' } satisfies Record<PaymentMethod, string>,
  confirmFree: 'Confirm the order (nothing to pay)',
  changeCoupon: 'Change coupon',
  methodUnavailable: 'That payment method is not available at the moment. Please choose another one.',
  pageFailed: (number: number, method: 'card' | 'multisafepay', placed: boolean) => [
    placed
      ? `Order ${number} is placed and waits for your payment, but its payment page could not be opened: the payment provider did not answer. Nothing was charged.`
      : `The payment page could not be opened: the payment provider did not answer. Nothing was charged; order ${number} still waits for your payment.`,
    `Press "${ordersWords.payWith[method]}" below to try again in a moment, or cancel the order if you no longer want it.`,
  ].join(' '),
  pageNotShown: (number: number) => `Order ${number} waits for your payment, but its payment page could not be shown just now. Open the order under Orders in the main menu to pay it, in a moment.`,
  pageNotWaiting: (number: number) => `Order ${number} no longer waits for payment (it was paid or cancelled meanwhile), so no payment page was opened. Here it is as it is now:`,
  placed: (order: PlacedOrder, bank: BankDetails) => order.totalCents === 0
    ? `Order ${order.number} is confirmed. There is nothing to pay; your licenses follow in a message here in a moment.`
    : order.method === 'offline'
    ? [
        `Order ${order.number} is placed. Please transfer ${money(order.totalCents, order.currency)} with the payment reference ${order.reference}.`,
        '',
        ...common.bankDetails({ local: bank.local, international: bank.international }),
        '',
        order.expiresAt ? `The order waits for your payment until ${order.expiresAt.slice(0, 10)}; after that it is cancelled.` : '',
        'Your licenses are issued as soon as the payment has arrived; you will get a message here.',
      ].join('\n')
    : [
        `Order ${order.number} is placed: ${money(order.totalCents, order.currency)}.`,
        'Open the payment page to pay. Your licenses are issued as soon as the payment is confirmed; you will get a message here.',
        'Closed the page before paying? Open the order under Orders in the main menu to pay it.',
      ].join('\n'),
  alreadyPlaced: 'This order was already placed; here it is again.',
  openPaymentPage: 'Open the payment page',
};
