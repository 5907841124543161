// The home page's words, in English (Slack's App Home).
import { EXPIRING_WINDOW_DAYS, type Dashboard } from '../../domain/dashboard/dashboard';
import type { OrderStatus } from '../../domain/orders/order';
import type { License } from '../../domain/pricing/license';
import { licenseTerm, money, plural, size } from '../i18n/common.en';
import { orderStatus } from '../flows/orders/en';


export const homeWords = {
  guest: (distributor: string) =>
    `Welcome to ${distributor}'s 3CX license assistant. Log in with the username and password of your reseller account to see your licenses, cart and orders here.`,
  logIn: 'Log in',
  header: (name: string, company: string) => `${name} — ${company}`,
  figures: (d: Dashboard, currency: string) => [
    `License keys: ${d.licenseKeys.total} in total, ${d.licenseKeys.active} active, ${d.licenseKeys.expiringWithin30Days} ending within ${EXPIRING_WINDOW_DAYS} days, ${d.licenseKeys.expired} expired`,
    `Invoices: ${d.invoices.count}, of which ${d.invoices.unpaidCount} unpaid (${money(d.invoices.unpaidCents, currency)})`,
  ].join('\n'),
  expiringTitle: (total: number) =>
    total === 0 ? `No license ends within ${EXPIRING_WINDOW_DAYS} days.` : `Ending within ${EXPIRING_WINDOW_DAYS} days (${total}):`,
  expiringLine: (l: License, today: string) => `${l.key} — ${size(l.edition, l.sc)}, ${licenseTerm(l, today)}${l.customerName ? `, ${l.customerName}` : ''}`,
  expiringMore: (more: number) => `…and ${plural(more, 'more license', 'more licenses')}: see Licenses in the chat.`,
  renew: (key: string) => `Renew ${key}`,
  cartEmpty: 'Your cart is empty.',
  cart: (lines: number, totalCents: number, currency: string) => `Cart: ${plural(lines, 'line')}, ${money(totalCents, currency)} with VAT, before any coupon.`,
  openCart: 'Open the cart',
  approvalsTitle: (n: number) => `Waiting for your approval (${n}):`,
  approvalLine: (requester: string, totalCents: number, currency: string, requestedAt: Date) =>
    `${requester} asks for ${money(totalCents, currency)}, asked ${requestedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  openApproval: (requester: string) => `Open ${requester}'s request`,
  ordersTitle: 'Latest orders:',
  ordersNone: 'No orders yet.',
  orderLine: (n: number, placedOn: string, totalCents: number, currency: string, status: OrderStatus) =>
    `#${n} — ${placedOn}, ${money(totalCents, currency)}, ${orderStatus[status]}`,
  openChat: 'Open the main menu in the chat',
};
