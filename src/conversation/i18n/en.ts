// Every word the assistant says, in English. A translation is a copy of this file with the
// same shape (see `Wording`), chosen in src/conversation/wording.ts.
import type { Dashboard, Notice, NoticeKind, BankAccount, BankDetails } from '../../domain/dashboard/dashboard';
import type { PaymentMethod } from '../../domain/orders/order';
import { editionName, type Edition } from '../../domain/pricing/catalog';
import type { CouponCheck } from '../../domain/pricing/coupon';
import { formatMoney } from '../../domain/pricing/money';
import { termEnd, type License } from '../../domain/pricing/license';
import { daysBetween } from '../../domain/pricing/dates';
import type { LineKind, LineRefusal } from '../../domain/pricing/line';
import type { ProviderRefusalReason } from '../../domain/pricing/verification';
import type { Totals } from '../../domain/pricing/totals';
import type { Invoice, InvoiceListEntry } from '../../domain/accounts/accounts';
import type { Role } from '../../domain/accounts/roles';
import type { ChangeNote, KeyPurpose, PlacedOrder } from '../state';
import type { NotifiedLicense, NotifiedProblem, OrderNotification, ReminderItem } from '../notifications';

const money = (cents: number, currency: string) => formatMoney(cents, currency);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)} %`;
/** The VAT line's label: "VAT (21 %)", or what a 0 % means for this reseller. */
const vatLabel = (totals: Totals, bp: number) =>
  totals.vatTreatment === 'reverse_charge' ? `VAT reverse charged (${percent(bp)})` : totals.vatTreatment === 'outside_eu' ? `VAT (${percent(bp)}, outside the scope of EU VAT)` : `VAT (${percent(bp)})`;

/** An entry of the invoice list: an invoice with its status, or a credit note of an invoice (its amount negative). */
function invoiceListLine(i: number, inv: Invoice & Partial<Pick<InvoiceListEntry, 'kind' | 'creditedInvoiceNumber' | 'dueOn'>>): string {
  if (inv.kind === 'credit_note') return `${i}. ${inv.number} — ${inv.issuedOn}, credit note for ${inv.creditedInvoiceNumber ?? 'an invoice'}, −${money(Math.abs(inv.totalCents), inv.currency)}`;
  const status = inv.status === 'paid' ? `paid${inv.paidOn ? ` on ${inv.paidOn}` : ''}` : inv.status === 'unpaid' && inv.dueOn ? `unpaid, due ${inv.dueOn}` : inv.status === 'void' ? 'cancelled' : inv.status;
  return `${i}. ${inv.number} — ${inv.issuedOn}, ${money(inv.totalCents, inv.currency)}, ${status}`;
}

function bankAccountLines(account: BankAccount | undefined): string[] {
  if (!account) return [];
  return [
    `${account.label}:`,
    ...(account.holder ? [`  Account holder: ${account.holder}`] : []),
    ...(account.iban ? [`  IBAN: ${account.iban}`] : []),
    ...(account.bic ? [`  BIC: ${account.bic}`] : []),
    ...(account.bank ? [`  Bank: ${account.bank}`] : []),
    ...(account.note ? [`  ${account.note}`] : []),
  ];
}

function licenseTerm(license: License, today: string | null): string {
  const end = termEnd(license);
  const what = license.type === 'annual' ? 'expires' : 'maintenance until';
  if (!end) return `${what}: unknown`;
  if (!today) return `${what} ${end}`;
  const days = daysBetween(today, end);
  const left = days > 0 ? `${plural(days, 'day')} left` : days === 0 ? 'ends today' : license.type === 'annual' ? `expired ${plural(-days, 'day')} ago` : `lapsed ${plural(-days, 'day')} ago`;
  return `${what} ${end} (${left})`;
}

function notifiedLicense(l: NotifiedLicense): string {
  const what = `${editionName(l.edition)} ${l.sc} SC`;
  const customer = l.customerName ? ` for ${l.customerName}` : '';
  switch (l.change) {
    case 'issued': return `• ${l.key} — ${what}${customer}, expires ${l.expiresOn}`;
    case 'renewed': return `• ${l.key} renewed — ${what}${customer}, now expires ${l.expiresOn}`;
    case 'maintenance_renewed': return `• ${l.key} maintenance renewed — ${what}${customer}, maintenance until ${l.maintenanceUntil}`;
    case 'upgraded': return `• ${l.key} upgraded to ${what}${customer}, expires ${l.expiresOn ?? l.maintenanceUntil}`;
    default: return `• ${l.key}`;
  }
}

function providerRefusal(reason: ProviderRefusalReason, code: string | undefined): string {
  switch (reason) {
    case 'upgrade_not_available': return '3CX does not offer that upgrade for this key. Choose another edition or size, or renew the license instead.';
    case 'maintenance_expired': return "3CX cannot upgrade this key because its maintenance has expired. Renew it first, then upgrade.";
    case 'additional_maintenance': return '3CX cannot upgrade this key because it has additional maintenance years bought ahead. Please contact your distributor.';
    case 'version_deprecated': return 'This key belongs to a 3CX version that is no longer supported, so 3CX does not renew or upgrade it. Buy a new license instead.';
    default: return `3CX refused this${code ? ` (${code})` : ''}. Please check the key, or contact your distributor.`;
  }
}

/** What staff read about an order that needs them, with the command that shows it. */
function staffAlert(n: OrderNotification): string {
  const order = `order ${n.orderNumber} (${n.reference}, ${money(n.totalCents, n.currency)})`;
  const what = ((): string => {
    switch (n.kind) {
      case 'late_payment': return `a payment for ${order} could not be applied (${n.providerStatus ?? 'see the audit log'}): refund it, or settle it with the reseller.`;
      case 'payment_reversed': return `the payment for ${order} was ${n.providerStatus === 'refunded' ? 'refunded' : `reversed (${n.providerStatus ?? 'chargeback'})`}; its licenses are flagged.`;
      case 'payment_partially_refunded': return `${order} was partly refunded${n.refundedCents !== null ? ` (${money(n.refundedCents, n.currency)})` : ''}; the order and its licenses were left as they are.`;
      case 'fulfilment_delayed': return `${order} is paid, but its licenses wait for you: the placement at 3CX was refused or may have gone through without an answer. npm run ops -- orders:attention says which, and what to do.`;
      case 'order_fulfilled': return [`${order} was fulfilled, but these lines were not applied; refund them or settle them with the reseller:`, ...n.problems.map(notifiedProblem)].join('\n');
      default: return `${order} needs a look.`;
    }
  })();
  return `Staff: ${what}\nnpm run ops -- orders:show ${n.orderNumber}`;
}

function notifiedProblem(p: NotifiedProblem): string {
  switch (p.reason) {
    case 'provider_refused': return `• ${p.what}: 3CX refused it${p.code ? ` (${p.code})` : ''}`;
    case 'license_missing': return `• ${p.what}: the license is no longer on record`;
    case 'license_changed': return `• ${p.what}: the license changed since you ordered (by another order)`;
    default: return `• ${p.what}`;
  }
}

const notify = {
  fulfilled: (n: OrderNotification) => [
    `Payment received for order ${n.orderNumber} (${money(n.totalCents, n.currency)}). Thank you!`,
    '',
    n.licenses.length ? 'Your licenses:' : '',
    ...n.licenses.map(notifiedLicense),
    ...(n.problems.length ? ['', 'Not applied yet:', ...n.problems.map(notifiedProblem), "The distributor's staff have been told and will contact you about these lines (a refund or a new order)."] : []),
    ...(n.sandbox ? ['', '(Sandbox: these keys come from the demo license provider, not from 3CX.)'] : []),
    '',
    n.invoiceNumber ? `Invoice ${n.invoiceNumber} is in Invoices.` : '',
  ].filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== '')).join('\n').trim(),
  paymentFailed: (n: OrderNotification) => `The payment for order ${n.orderNumber} was not completed (${n.providerStatus ?? 'failed'}). The order is cancelled and any coupon is free again. Your cart was emptied when you ordered: add the lines again to order once more.`,
  paymentReversed: (n: OrderNotification) => `The payment for order ${n.orderNumber} was ${n.providerStatus === 'refunded' ? 'refunded' : 'reversed'} (${n.providerStatus ?? ''}). Its licenses are marked, and the distributor's staff have been told; they will contact you.`,
  orderExpired: (n: OrderNotification) => `Order ${n.orderNumber} (${money(n.totalCents, n.currency)}, reference ${n.reference}) was not paid in time and has been cancelled. Any coupon is free again. Please do not transfer money for it any more; if you already did, contact your distributor.`,
  partiallyRefunded: (n: OrderNotification) => `Part of the payment for order ${n.orderNumber} was refunded${n.refundedCents !== null ? ` (${money(n.refundedCents, n.currency)})` : ''}. The order and its licenses stay as they are; the distributor's staff will contact you if anything else changes.`,
  fulfilmentDelayed: (n: OrderNotification) => `Payment received for order ${n.orderNumber} (${money(n.totalCents, n.currency)}). Thank you! Issuing the licenses at 3CX is taking longer than usual: ${n.providerStatus === 'staff_check' ? "the distributor's staff are checking the order" : '3CX cannot be reached right now and we keep trying'}. You will get the keys in a message here as soon as they are ready; nothing needs to be paid again.`,
  staffAlert,
  latePayment: (n: OrderNotification) => `We received a payment for order ${n.orderNumber} that could not be applied automatically. The distributor's staff will check it and contact you.`,
};

function reminderWhen(item: ReminderItem): string {
  const what = item.type === 'annual' ? 'expires' : 'maintenance ends';
  const past = item.type === 'annual' ? 'expired' : 'maintenance ended';
  if (item.daysLeft > 1) return `${what} on ${item.termEnd}, in ${item.daysLeft} days`;
  if (item.daysLeft === 1) return `${what} tomorrow, ${item.termEnd}`;
  if (item.daysLeft === 0) return `${what} today, ${item.termEnd}`;
  return `${past} on ${item.termEnd}, ${-item.daysLeft} day${item.daysLeft === -1 ? '' : 's'} ago`;
}

function reminderPrice(item: ReminderItem): string {
  if (item.yearlyListCents === null) return 'Renewal price: ask your distributor.';
  const net = item.yearlyNetCents !== null && item.yearlyNetCents !== item.yearlyListCents ? `, ${money(item.yearlyNetCents, item.currency)} after your partner discount` : '';
  return `Renewal for 1 year: ${money(item.yearlyListCents, item.currency)} list${net} (plus VAT).`;
}

const remind = {
  one: (item: ReminderItem) => [
    `Renewal reminder: license ${item.key}${item.customerName ? ` (${item.customerName})` : ''}, ${editionName(item.edition)} ${item.sc} SC, ${reminderWhen(item)}.`,
    reminderPrice(item),
  ].join('\n'),
  digest: (items: ReminderItem[]) => [
    `Renewal reminders: ${items.length} licenses need renewing soon.`,
    ...items.map((item, i) => `${i + 1}. ${item.key}${item.customerName ? ` (${item.customerName})` : ''} — ${editionName(item.edition)} ${item.sc} SC, ${reminderWhen(item)}. ${item.yearlyListCents === null ? '' : `${money(item.yearlyListCents, item.currency)} per year (list).`}`),
  ].join('\n'),
  renewNow: 'Renew now',
  renewKey: (key: string) => `Renew ${key}`,
  later: 'Remind me later',
  stop: 'Stop reminders for this key',
  snoozed: (key: string, until: string) => `OK: I will remind you about ${key} again on ${until}.`,
  stopped: (key: string) => `OK: no more renewal reminders for ${key}. You can still renew it from My licenses.`,
  unknownKey: 'That license is no longer one of yours.',
};

export const en = {
  notify,
  remind,
  // Log in
  welcome: (distributor: string) => `Welcome to ${distributor}'s 3CX ordering assistant. Please log in.`,
  askUsername: 'What is your username?',
  askPassword: (username: string) => `Password for ${username}? (It is not shown or stored.)`,
  loginWrong: 'That username and password do not match. Please try again.',
  loginLocked: (until: string) => `Too many failed attempts: this user is locked until ${until.slice(11, 16)} UTC. Try again later.`,
  loggedIn: (name: string, company: string) => `Welcome, ${name} (${company}).`,
  loggedOut: 'You are logged out.',
  notLoggedIn: 'Please log in first.',
  privateLoginOnly: 'For your security I only ask for passwords in a private chat. Send me a private message, log in there, and then I will know you here too.',
  passwordDeleted: 'I deleted your message with the password from this chat.',
  sessionEnded: 'Your session has ended. Please log in again.',

  // Menu and navigation
  menuTitle: 'Main menu. What would you like to do?',
  menu: {
    dashboard: 'Dashboard', buy: 'Buy', cart: (n: number) => (n > 0 ? `Cart (${n})` : 'Cart'), licenses: 'My licenses',
    invoices: 'Invoices', help: 'Help', logout: 'Log out',
  },
  back: '« Back',
  cancel: 'Cancel',
  toMenu: 'Main menu',
  previous: '‹ Previous',
  next: 'Next ›',
  cancelled: 'Cancelled.',
  somethingWentWrong: 'Sorry, something went wrong on our side and nothing was changed. Please try again, or type /menu.',
  providerUnavailable: 'The payment provider could not be reached, so nothing was ordered. Please try again in a moment, or choose bank transfer.',
  deletePasswordYourself: 'Please delete your message with the password from this chat.',
  enterPasswordPrivately: 'Enter the password privately',
  passwordFormTitle: 'Log in',
  passwordFormLabel: 'Password',
  passwordFormSubmit: 'Log in',
  passwordFormCancel: 'Cancel',
  chooseBelow: 'Choose below.',
  staleForm: 'That form is no longer needed: nothing was done with it.',
  staleButton: 'That button belongs to an older message and was not used. Here is where you are:',
  notUnderstood: (expected: string) => `Sorry, I did not understand that. ${expected}`,
  offerMenu: 'You can always go back to the main menu:',
  notAllowed: (role: Role) => `Your role (${role}) does not allow that. Ask an owner of your company if you need it.`,
  cannotPlaceOrder: (role: Role) => `Your role (${role}) can prepare quotes and fill a cart, but orders are placed by an owner or purchase user of your company: send them the quote, and they add the same lines to their cart and place the order. (Approvals of a colleague's cart are not available yet.)`,
  methodUnavailable: 'That payment method is not available at the moment. Please choose another one.',
  help: [
    'I help you order 3CX licenses from your distributor:',
    '• Buy: new licenses, upgrades, annual renewals and maintenance renewals',
    '• Cart and checkout with a coupon code and the payment method of your choice',
    '• My licenses, Invoices and the Dashboard',
    '',
    'Commands that work at every step:',
    '/menu – the main menu',
    '/cart – your cart',
    '/back – one step back',
    '/cancel – stop what you are doing',
    '/help – this help',
  ].join('\n'),

  // Dashboard
  dashboard: (d: Dashboard, currency: string) => [
    'Dashboard',
    '',
    `License keys: ${d.licenseKeys.total} in total, ${d.licenseKeys.active} active, ${d.licenseKeys.expiringWithin30Days} expiring within 30 days, ${d.licenseKeys.expired} expired`,
    `Invoices: ${d.invoices.count}, of which ${d.invoices.unpaidCount} unpaid (${money(d.invoices.unpaidCents, currency)})`,
    `Referrals: ${d.referrals.count}; commission paid ${money(d.referrals.commissionPaidCents, currency)}, pending ${money(d.referrals.commissionPendingCents, currency)}`,
    '',
    'Bank details',
    ...en.bankDetails(d.bankDetails),
  ].join('\n'),
  bankDetails: (b: BankDetails) => [...bankAccountLines(b.local), ...bankAccountLines(b.international), ...bankAccountLines(b.online)],
  noticesButton: (kind: NoticeKind, n: number) => `${kind === 'referral_payment' ? 'Referral payments' : 'Monthly payments'} (${n})`,
  notices: (kind: NoticeKind, notices: Notice[], currency: string) => {
    const title = kind === 'referral_payment' ? 'Referral payments' : 'Monthly payments';
    if (notices.length === 0) return `${title}: nothing to show.`;
    return [
      `${title}:`,
      ...notices.map((n, i) => kind === 'referral_payment'
        ? `${i + 1}. ${n.title}: commission ${money(n.amountCents, currency)} paid on ${n.date}`
        : `${i + 1}. ${n.title}: ${money(n.amountCents, currency)} in ${plural(n.count ?? 0, 'paid invoice')}`),
      '',
      'Remove an entry to hide it from your dashboard.',
    ].join('\n');
  },
  removeNotice: (i: number) => `Remove ${i}`,

  // Buy
  buyTitle: 'What would you like to buy?',
  buy: { new_license: 'New license', upgrade: 'Upgrade', renew_annual: 'Renew annual license', renew_maintenance: 'Renew maintenance' } satisfies Record<LineKind, string>,
  askEdition: 'New license: which edition?',
  edition: (e: Edition) => editionName(e),
  askSc: (e: Edition) => `${editionName(e)}: how many simultaneous calls (SC)?`,
  sc: (sc: number) => `${sc} SC`,
  askQuantity: (e: Edition, sc: number) => `${editionName(e)} ${sc} SC: how many licenses? Press a number or type one from 1 to 50.`,
  askYears: 'How many years in total? The first year is included; up to 4 additional years can be bought now (1–5).',
  askCustomer: 'Which end customer is this for? Choose one, add a new one, or skip.',
  newCustomer: '+ New customer',
  skip: 'Skip',
  askCustomerName: 'Type the company name of the new end customer.',
  invalidCustomerName: 'A company name needs 2 to 200 characters. Type the company name.',
  expectNumber: (min: number, max: number) => `Type a whole number from ${min} to ${max}.`,
  expectChoice: 'Please choose one of the buttons.',
  expectKey: 'Type a license key like XXXX-XXXX-XXXX-XXXX.',
  expectCoupon: 'Type a coupon code, or press Skip.',

  // License keys
  askKey: (purpose: KeyPurpose) => `${en.buy[purpose]}: type the license key (XXXX-XXXX-XXXX-XXXX).`,
  keyRefused: (refusal: { kind: LineRefusal['kind']; reason?: ProviderRefusalReason; code?: string }, license: License | null, today: string) => {
    const { kind } = refusal;
    switch (kind) {
      case 'invalid_format': return 'That is not a license key. A key has 16 letters and digits, like XXXX-XXXX-XXXX-XXXX. Type it again.';
      case 'not_found': return 'License key not found. Check it and type it again.';
      case 'expired': return `This license expired on ${license?.expiresOn ?? 'an earlier date'}. An expired key must be renewed before it can be upgraded.`;
      case 'wrong_type': return license?.type === 'perpetual'
        ? 'This is a perpetual license: upgrade and annual renewal are not available for it. Renew its maintenance, or buy a new annual license.'
        : 'This is an annual license; renew the license instead of maintenance.';
      case 'no_upgrade_path': return 'This license is already at the highest edition and size (Enterprise 1024 SC). There is nothing to upgrade to.';
      case 'invalid_quantity': return 'The quantity must be a whole number from 1 to 50.';
      case 'invalid_years': return 'The number of years is out of range.';
      case 'invalid_tier': return 'That edition is not sold with that number of simultaneous calls.';
      case 'price_missing': return 'There is no price for that product in the price list. Please contact your distributor.';
      case 'not_allowed_upgrade': return 'That upgrade is not allowed: upgrades go up in edition and/or SC, never down.';
      case 'provider_refused': return providerRefusal(refusal.reason ?? 'other', refusal.code);
      default: return `That cannot be done (${kind}).${today ? '' : ''}`;
    }
  },
  offer: { renew_annual: 'Renew this license', renew_maintenance: 'Renew maintenance', new_license: 'Buy a new license', other: 'Another key' },
  licenseDetails: (l: License, today: string) => [
    `License ${l.key}`,
    `${editionName(l.edition)} ${l.sc} SC, ${l.type === 'annual' ? 'annual' : 'perpetual'}`,
    licenseTerm(l, today),
    ...(l.customerName ? [`End customer: ${l.customerName}`] : []),
  ].join('\n'),
  askUpgradeEdition: 'Upgrade to which edition?',
  askUpgradeSc: (e: Edition) => `${editionName(e)}: how many simultaneous calls?`,
  askRenewYears: (purpose: 'renew_annual' | 'renew_maintenance', yearly: number, currency: string) =>
    `${purpose === 'renew_annual' ? 'Annual license' : 'Maintenance'}: ${money(yearly, currency)} per year (list price). For how many years (1–5)?`,

  // Line summary
  summary: (s: { description: string; listCents: number; currency: string; remainingDays?: number; newExpiresOn?: string; newMaintenanceUntil?: string; kind: LineKind; customerName: string | null; discountBp: number }) => [
    s.description,
    ...(s.customerName ? [`End customer: ${s.customerName}`] : []),
    ...(s.kind === 'upgrade' && s.remainingDays !== undefined ? [`Prorated for ${plural(s.remainingDays, 'day')} until the license expires`] : []),
    `List price: ${money(s.listCents, s.currency)}`,
    ...(s.discountBp > 0 ? [`Your partner discount (${percent(s.discountBp)}) is applied in the cart.`] : []),
    ...(s.kind === 'new_license' && s.newExpiresOn ? [`The keys expire on ${s.newExpiresOn} if paid today.`] : []),
    ...(s.kind === 'upgrade' && s.newExpiresOn ? [`The expiry date stays ${s.newExpiresOn}.`] : []),
    ...(s.kind === 'renew_annual' && s.newExpiresOn ? [`New expiry date: ${s.newExpiresOn}`] : []),
    ...(s.kind === 'renew_maintenance' && s.newMaintenanceUntil ? [`New maintenance date: ${s.newMaintenanceUntil}`] : []),
  ].join('\n'),
  addToCart: 'Add to cart',
  viewCart: 'View cart',
  added: (description: string, count: number) => `Added to your cart: ${description}.\nYour cart has ${plural(count, 'line')}.`,
  buyMore: 'Buy more',
  cartFull: 'Your cart is full (20 lines). Place this order first, or remove a line.',
  duplicateKey: (key: string) => `Your cart already has a line for ${key}. A key can be upgraded or renewed once per order; remove that line first to change it.`,

  // Cart
  cartEmpty: 'Your cart is empty.',
  cart: (lines: Array<{ description: string; listCents: number; netCents: number }>, totals: Totals, currency: string, discountBp: number) => [
    'Your cart:',
    ...lines.map((l, i) => `${i + 1}. ${l.description}\n   ${money(l.listCents, currency)}${l.netCents !== l.listCents ? `, after partner discount ${money(l.netCents, currency)}` : ''}`),
    '',
    `Subtotal: ${money(totals.subtotalCents, currency)}${discountBp > 0 ? ` (partner discount ${percent(discountBp)}: −${money(totals.partnerDiscountCents, currency)})` : ''}`,
    `VAT: ${money(totals.vatCents, currency)}`,
    `Total: ${money(totals.totalCents, currency)}`,
    'A coupon code can be entered at checkout.',
  ].join('\n'),
  placedByOthers: 'Orders are placed by an owner or purchase user of your company: share these lines with them.',
  removeLine: (i: number) => `Remove ${i}`,
  lineRemoved: 'The line was removed.',
  lineGone: 'That line is no longer in your cart.',
  emptyCart: 'Empty cart',
  cartEmptied: 'Your cart is now empty.',
  proceed: 'Proceed to checkout',
  addMore: 'Add more',

  // Checkout
  changesTitle: 'Prices were checked again. Since you added them, these lines changed:',
  change: (note: ChangeNote, currency: string) => {
    const c = note.change;
    switch (c.kind) {
      case 'price_changed': return `• ${note.description}: ${money(c.fromCents, currency)} → ${money(c.toCents, currency)}`;
      case 'no_longer_valid': return `• ${note.description}: removed from the cart. ${en.keyRefused(c.reason, null, '')}`;
      case 'terms_changed': {
        const dates = [c.to.newExpiresOn && c.to.newExpiresOn !== c.from.newExpiresOn ? `new expiry ${c.to.newExpiresOn}` : null, c.to.newMaintenanceUntil && c.to.newMaintenanceUntil !== c.from.newMaintenanceUntil ? `new maintenance date ${c.to.newMaintenanceUntil}` : null, c.to.remainingDays !== c.from.remainingDays && c.to.remainingDays !== undefined ? `now ${plural(c.to.remainingDays, 'day')} remaining` : null].filter(Boolean);
        return `• ${note.description}: ${dates.length ? dates.join(', ') : 'terms changed'}`;
      }
      default: return `• ${note.description}: changed`;
    }
  },
  newTotal: (total: number, currency: string) => `New total: ${money(total, currency)}. Do you want to continue with these figures?`,
  confirmChanges: 'Continue',
  askCoupon: 'Do you have a coupon code? Type it, or press Skip.',
  couponRefused: (check: Exclude<CouponCheck, { kind: 'ok' }>, currency: string) => {
    switch (check.kind) {
      case 'unknown': return 'That coupon code is not known.';
      case 'not_yet_valid': return `That coupon is valid from ${check.validFrom}.`;
      case 'expired': return `That coupon expired on ${check.validUntil}.`;
      case 'used_up': return 'That coupon has been used up.';
      case 'already_used': return 'Your company has already used that coupon.';
      case 'below_minimum': return `That coupon needs a subtotal of at least ${money(check.minSubtotalCents, currency)}.`;
      case 'not_applicable': return `That coupon is only valid for ${check.appliesTo.map((k) => en.buy[k].toLowerCase()).join(' and ')} lines, and your cart has other lines.`;
      default: return 'That coupon cannot be used.';
    }
  },
  couponTryAgain: 'Type another code, or press Skip.',
  review: (totals: Totals, currency: string, couponCode: string | null, discountBp: number, vatBp: number) => [
    'Order summary:',
    `List price: ${money(totals.listCents, currency)}`,
    `Partner discount (${percent(discountBp)}): −${money(totals.partnerDiscountCents, currency)}`,
    `Subtotal: ${money(totals.subtotalCents, currency)}`,
    ...(couponCode ? [`Coupon ${couponCode}: −${money(totals.couponCents, currency)}`] : []),
    `${vatLabel(totals, vatBp)}: ${money(totals.vatCents, currency)}`,
    `Total: ${money(totals.totalCents, currency)}`,
    '',
    'How would you like to pay?',
  ].join('\n'),
  totalChanged: 'The total changed since you saw it. Please check the new figures.',
  payWith: { offline: 'Bank transfer (offline)', card: 'Credit or debit card', multisafepay: 'MultiSafepay' } satisfies Record<PaymentMethod, string>,
  confirmFree: 'Confirm the order (nothing to pay)',
  changeCoupon: 'Change coupon',
  placed: (order: PlacedOrder, bank: BankDetails) => order.totalCents === 0
    ? `Order ${order.number} is confirmed. There is nothing to pay; your licenses follow in a message here in a moment.`
    : order.method === 'offline'
    ? [
        `Order ${order.number} is placed. Please transfer ${money(order.totalCents, order.currency)} with the payment reference ${order.reference}.`,
        '',
        ...en.bankDetails({ local: bank.local, international: bank.international }),
        '',
        order.expiresAt ? `The order waits for your payment until ${order.expiresAt.slice(0, 10)}; after that it is cancelled.` : '',
        'Your licenses are issued as soon as the payment has arrived; you will get a message here.',
      ].join('\n')
    : [
        `Order ${order.number} is placed: ${money(order.totalCents, order.currency)}.`,
        'Open the payment page to pay. Your licenses are issued as soon as the payment is confirmed; you will get a message here.',
      ].join('\n'),
  alreadyPlaced: 'This order was already placed; here it is again.',
  openPaymentPage: 'Open the payment page',

  // Lists
  licensesTitle: (from: number, to: number, total: number) => `Your licenses (${from}–${to} of ${total}):`,
  noLicenses: 'You have no licenses yet.',
  licenseLine: (i: number, l: License, today: string) => `${i}. ${l.key} — ${editionName(l.edition)} ${l.sc} SC, ${licenseTerm(l, today)}${l.customerName ? `\n   End customer: ${l.customerName}` : ''}`,
  renewShort: (key: string) => `Renew ${key.slice(0, 4)}…`,
  upgradeShort: (key: string) => `Upgrade ${key.slice(0, 4)}…`,
  invoicesTitle: (from: number, to: number, total: number) => `Your invoices (${from}–${to} of ${total}):`,
  noInvoices: 'You have no invoices yet.',
  invoiceLine: invoiceListLine,
};

export type Wording = typeof en;
