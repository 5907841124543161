// A quoted line and adding it to the cart, in English.
import { MAX_CART_LINES } from '../../../domain/pricing/cart';
import type { LineQuote } from '../../../domain/pricing/line';
import { common, money, percent, plural } from '../../i18n/common.en';

export const quoteWords = {
  keyInWaitingOrder: (orders: number[]) => {
    const which = orders.length === 1 ? `order ${orders[0]}, which waits` : `orders ${orders.slice(0, -1).join(', ')} and ${orders.at(-1)}, which wait`;
    return `Note: this key is already in ${which} for payment. If both are paid, the key is renewed or upgraded twice. To change that order, cancel it under Orders first.`;
  },
  summary: (q: LineQuote, s: { currency: string; customerName: string | null; discountBp: number }) => [
    common.describeLine(q),
    ...(s.customerName ? [`End customer: ${s.customerName}`] : []),
    ...(q.kind === 'upgrade' && q.remainingDays !== undefined ? [`Prorated for ${plural(q.remainingDays, 'day')} until the license expires`] : []),
    `List price: ${money(q.listCents, s.currency)}`,
    ...(s.discountBp > 0 ? [`Your partner discount (${percent(s.discountBp)}) is applied in the cart.`] : []),
    ...(q.kind === 'new_license' && q.newExpiresOn ? [`The keys expire on ${q.newExpiresOn} if paid today.`] : []),
    ...(q.kind === 'upgrade' && q.newExpiresOn ? [`The expiry date stays ${q.newExpiresOn}.`] : []),
    ...(q.kind === 'renew_annual' && q.newExpiresOn ? [`New expiry date: ${q.newExpiresOn}`] : []),
    ...(q.kind === 'renew_maintenance' && q.newMaintenanceUntil ? [`New maintenance date: ${q.newMaintenanceUntil}`] : []),
  ].join('\n'),
  addToCart: 'Add to cart',
  viewCart: 'View cart',
  added: (q: LineQuote, count: number) => `Added to your cart: ${common.describeLine(q)}.\nYour cart has ${plural(count, 'line')}.`,
  buyMore: 'Buy more',
  cartFull: `Your cart is full (${MAX_CART_LINES} lines). Place this order first, or remove a line.`,
  duplicateKey: (key: string) => `Your cart already has a line for ${key}. A key can be upgraded or renewed once per order; remove that line first to change it.`,
};
