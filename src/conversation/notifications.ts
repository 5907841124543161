import type { OutboxMessage } from '../domain/ports';
import type { Edition } from '../domain/pricing/catalog';
import { notificationButton } from './buttons';
import { NOTIFICATION_ACTIONS as A } from './flows/notifications/steps';
import type { ActionButton, Reply } from './reply';
import { t } from './wording';

const notify = (which: keyof typeof A, label: string, arg?: string): ActionButton => notificationButton(A[which].flow, A[which].verb, label, arg);

/** A license as a notification about an order shows it. */
export interface NotifiedLicense {
  key: string;
  edition: Edition;
  sc: number;
  change: 'issued' | 'renewed' | 'maintenance_renewed' | 'upgraded';
  expiresOn: string | null;
  maintenanceUntil: string | null;
  customerName: string | null;
}

/** A line of a paid order that could not be applied, for staff to settle with the user. */
export interface NotifiedProblem {
  /** The license key, or the line's description for a new license. */
  what: string;
  reason: 'license_missing' | 'license_changed' | 'provider_refused';
  /** The provider's error code, when it refused the line. */
  code: string | null;
}

/** What a message about an order says, gathered from the database when it is delivered. */
export interface OrderNotification {
  kind: OutboxMessage['kind'];
  orderNumber: number;
  totalCents: number;
  currency: string;
  reference: string;
  invoiceNumber: string | null;
  licenses: NotifiedLicense[];
  providerStatus: string | null;
  /** The part of the payment refunded (a partial refund), when known. */
  refundedCents: number | null;
  /** The license provider is the sandbox: keys are not real 3CX keys. */
  sandbox: boolean;
  /** Lines that were not applied: the license changed since it was priced, or the provider refused the line. */
  problems: NotifiedProblem[];
}

/**
 * The message for a notification. Its buttons start their own flow whenever they are pressed
 * (ids starting with `~`), since the user may be in the middle of something else.
 */
export function composeNotification(n: OrderNotification): Reply {
  const menu = [notify('menu', t.toMenu)];
  const buttons = [[notify('licenses', t.menu.licenses), notify('invoices', t.menu.invoices)], menu];
  switch (n.kind) {
    case 'order_fulfilled':
      return { text: t.notify.fulfilled(n), buttons, secret: false };
    case 'payment_failed':
      return { text: t.notify.paymentFailed(n), buttons: [[notify('cart', t.menu.cart(0)), ...menu]], secret: false };
    case 'payment_reversed':
      return { text: t.notify.paymentReversed(n), buttons, secret: false };
    case 'payment_partially_refunded':
      return { text: t.notify.partiallyRefunded(n), buttons, secret: false };
    case 'order_expired':
      return { text: t.notify.orderExpired(n), buttons: [menu], secret: false };
    case 'late_payment':
      return { text: t.notify.latePayment(n), buttons: [menu], secret: false };
    case 'fulfilment_delayed':
      return { text: t.notify.fulfilmentDelayed(n), buttons: [menu], secret: false };
    default: {
      const never: never = n.kind;
      throw new Error(`no notification for ${String(never)}`);
    }
  }
}

/** The message staff get about an order that needs them (STAFF_CHAT). */
export function composeStaffAlert(n: OrderNotification): Reply {
  return { text: t.notify.staffAlert(n), buttons: [], secret: false };
}

/** One license in a renewal reminder. */
export interface ReminderItem {
  key: string;
  type: 'annual' | 'perpetual';
  edition: Edition;
  sc: number;
  termEnd: string;
  daysLeft: number;
  customerName: string | null;
  /** The price of renewing for one year: list, and after the reseller's partner discount. */
  yearlyListCents: number | null;
  yearlyNetCents: number | null;
  currency: string;
}

const renew = (item: ReminderItem, label: string) => notify(item.type === 'annual' ? 'renewAnnual' : 'renewMaintenance', label, item.key);

/** A renewal reminder for one license, with Renew now, Remind me later and Stop reminders. */
export function composeReminder(item: ReminderItem): Reply {
  return {
    text: t.remind.one(item),
    buttons: [
      [renew(item, t.remind.renewNow)],
      [notify('remindLater', t.remind.later, item.key), notify('stopReminders', t.remind.stop, item.key)],
    ],
    secret: false,
  };
}

/** One message for many reminders of one day, with a Renew button for each license. */
export function composeDigest(items: ReminderItem[]): Reply {
  return {
    text: t.remind.digest(items),
    buttons: [...items.map((item) => [renew(item, t.remind.renewKey(item.key))]), [notify('menu', t.toMenu)]],
    secret: false,
  };
}
