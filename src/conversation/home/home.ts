// A user's home page, channel-neutral: sections of text, each with the buttons that act on it.
// Every button is a notification button (it starts its own flow whenever it is pressed), since
// a home page stays on screen for days while the conversation moves on.
import type { Reseller, ResellerUser } from '../../domain/accounts/accounts';
import { may } from '../../domain/accounts/roles';
import type { HomeFacts } from '../../domain/use-cases/home';
import { notificationButton } from '../buttons';
import { NOTIFICATION_ACTIONS as A } from '../flows/notifications/steps';
import type { ActionButton, Reply } from '../reply';
import { t } from '../wording';

/** What a home page shows: a Log in invitation, or the user's own figures and lists. */
export type HomeView = { kind: 'guest'; text: string } | { kind: 'member'; sections: Reply[] };

const notify = (which: keyof typeof A, label: string, arg?: string): ActionButton => notificationButton(A[which].flow, A[which].verb, label, arg);
const section = (text: string, buttons: ActionButton[][] = []): Reply => ({ text, buttons, secret: false });

export function composeHome(facts: HomeFacts, account: { user: ResellerUser; reseller: Reseller }, currency: string, today: string): HomeView {
  const { user, reseller } = account;
  const renews = may(user.role, 'fill_cart');
  const expiring = facts.expiring;
  const more = expiring.total - expiring.items.length;
  const sections: Reply[] = [
    section(`${t.home.header(user.name, reseller.company)}\n\n${t.home.figures(facts.dashboard, currency)}`),
    section(
      [t.home.expiringTitle(expiring.total), ...expiring.items.map((l) => t.home.expiringLine(l, today)), ...(more > 0 ? [t.home.expiringMore(more)] : [])].join('\n'),
      renews ? expiring.items.map((l) => [notify(l.type === 'annual' ? 'renewAnnual' : 'renewMaintenance', t.home.renew(l.key), l.key)]) : [],
    ),
  ];
  if (renews) {
    const totals = facts.cart.totals;
    sections.push(totals ? section(t.home.cart(facts.cart.lines, totals.totalCents, currency), [[notify('cart', t.home.openCart)]]) : section(t.home.cartEmpty));
  }
  if (facts.approvals.length > 0) {
    sections.push(section(
      [t.home.approvalsTitle(facts.approvals.length), ...facts.approvals.map((r) => t.home.approvalLine(r.requesterName, r.totals.totalCents, r.currency, r.requestedAt))].join('\n'),
      facts.approvals.map((r) => [notificationButton('approval', 'open', t.home.openApproval(r.requesterName), r.id)]),
    ));
  }
  const orders = facts.recentOrders;
  sections.push(section(
    orders.length === 0 ? t.home.ordersNone : [t.home.ordersTitle, ...orders.map((o) => t.home.orderLine(o.number, o.placedOn, o.totalCents, o.currency, o.status))].join('\n'),
    [[notify('menu', t.home.openChat)]],
  ));
  return { kind: 'member', sections };
}

/** A member of staff's home page: how many orders wait for them, and a button to the chat. */
export function composeStaffHome(name: string, waiting: number): HomeView {
  return { kind: 'member', sections: [section(t.staff.home(name, waiting), [[notify('menu', t.home.openChat)]])] };
}
