// Notifications' words, in English: messages about orders and payments, staff alerts, and
// renewal reminders.
import { editionName } from '../../../domain/pricing/catalog';
import { money } from '../../i18n/common.en';
import type { NotifiedLicense, NotifiedProblem, OrderNotification, ReminderItem } from '../../notifications';

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

export const notify = {
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
  partReceived: (n: OrderNotification) => (n.part
    ? `We received ${money(n.part.receivedCents, n.currency)} of the ${money(n.totalCents, n.currency)} for order ${n.orderNumber}. ${money(n.part.dueCents, n.currency)} is still due: please transfer it with the same reference ${n.reference}; the licenses follow when the whole amount is there.`
    : `We received part of the payment for order ${n.orderNumber}. Please transfer the rest with the same reference ${n.reference}; the licenses follow when the whole amount is there.`),
  invoiceResent: (n: OrderNotification) => `As asked, here is the invoice ${n.invoiceNumber ?? ''} of order ${n.orderNumber} (${money(n.totalCents, n.currency)}) again.`,
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

export const remind = {
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

