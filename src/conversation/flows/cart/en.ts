// The cart's words, in English.
import type { Totals } from '../../../domain/pricing/totals';
import { money, percent } from '../../i18n/common.en';

export interface CartLineView {
  description: string;
  customerName: string | null;
  listCents: number;
  netCents: number;
}

export const cartWords = {
  empty: 'Your cart is empty.',
  cart: (lines: CartLineView[], totals: Totals, currency: string, discountBp: number, mayOrder: boolean) => [
    'Your cart:',
    ...lines.map((l, i) => [
      `${i + 1}. ${l.description}`,
      ...(l.customerName ? [`   End customer: ${l.customerName}`] : []),
      `   ${money(l.listCents, currency)}${l.netCents !== l.listCents ? `, after partner discount ${money(l.netCents, currency)}` : ''}`,
    ].join('\n')),
    '',
    `Subtotal: ${money(totals.subtotalCents, currency)}${discountBp > 0 ? ` (partner discount ${percent(discountBp)}: −${money(totals.partnerDiscountCents, currency)})` : ''}`,
    `VAT: ${money(totals.vatCents, currency)}`,
    `Total: ${money(totals.totalCents, currency)}`,
    mayOrder ? 'A coupon code can be entered at checkout.' : 'At checkout you can enter a coupon code and ask an owner or purchase user of your company to approve the order; they pay it.',
  ].join('\n'),
  removeLine: (i: number) => `Remove ${i}`,
  lineRemoved: 'The line was removed.',
  emptyCart: 'Empty cart',
  emptied: 'Your cart is now empty.',
  proceed: 'Proceed to checkout',
  addMore: 'Add more',
};
