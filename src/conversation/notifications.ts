import type { ApprovalStatus } from '../domain/approvals/approval';
import type { ApprovalMessageKind, OrderMessageKind } from '../domain/ports';
import type { LineQuote } from '../domain/pricing/line';
import type { Totals } from '../domain/pricing/totals';
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
  kind: OrderMessageKind;
  orderNumber: number;
  totalCents: number;
  currency: string;
  reference: string;
  invoiceNumber: string | null;
  licenses: NotifiedLicense[];
  providerStatus: string | null;
  /** The part of the payment refunded (a partial refund), when known. */
  refundedCents: number | null;
  /** A part payment of a bank transfer: what was received in all, and what is still due. */
  part?: { receivedCents: number; dueCents: number };
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
    case 'invoice_resent':
      return { text: t.notify.invoiceResent(n), buttons, secret: false };
    case 'payment_part_received':
      return { text: t.notify.partReceived(n), buttons: [menu], secret: false };
    default: {
      const never: never = n.kind;
      throw new Error(`no notification for ${String(never)}`);
    }
  }
}

/** An administrator's broadcast, as its recipients read it: the distributor's own words. */
export function composeBroadcast(text: string): Reply {
  return { text, buttons: [], secret: false };
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

/** What a message about an approval request says, gathered when it is delivered. */
export interface ApprovalNotification {
  kind: ApprovalMessageKind;
  approvalId: string;
  status: ApprovalStatus;
  requesterName: string;
  deciderName: string | null;
  /** A rejection's reason, or why the request lapsed. */
  reason: string | null;
  lines: LineQuote[];
  totals: Totals;
  couponCode: string | null;
  currency: string;
  /** When it lapses, as YYYY-MM-DD HH:MM (UTC). */
  lapsesAt: string;
  orderNumber: number | null;
  /** Sent to the team's chat (a Slack channel) rather than to one approver. */
  toTeam: boolean;
}

/**
 * The message of an approval: to an approver, the request with Approve / Reject / Open the
 * cart (buttons that start their own flow; none once it is decided); to the requester, the
 * decision.
 */
export function composeApprovalMessage(n: ApprovalNotification): Reply {
  if (n.kind === 'approval_requested') {
    const open = n.status === 'pending';
    return {
      text: t.approvals.requestMessage(n),
      buttons: open
        ? [[notificationButton('approval', 'approve', t.approvals.approve, n.approvalId), notificationButton('approval', 'reject', t.approvals.reject, n.approvalId)], [notificationButton('approval', 'open', t.approvals.openCart, n.approvalId)]]
        : [],
      secret: false,
    };
  }
  const buttons = n.status === 'approved' ? [[notify('menu', t.toMenu)]] : [[notify('cart', t.menu.cart(0)), notify('menu', t.toMenu)]];
  return { text: t.approvals.decisionMessage(n), buttons, secret: false };
}

