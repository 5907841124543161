// What a user's home page shows at a glance (Slack's App Home): the dashboard's figures, the
// licenses ending soon, the cart, the approvals waiting for them, and the latest orders.
import type { Reseller, ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import type { ApprovalRequest } from '../approvals/approval';
import type { Dashboard } from '../dashboard/dashboard';
import type { Order } from '../orders/order';
import type { Repositories } from '../ports';
import type { LocalDate } from '../pricing/dates';
import type { License } from '../pricing/license';
import type { Totals } from '../pricing/totals';
import { cartTotals } from './cart';
import { getDashboard } from './dashboard';
import { listLicenses } from './licenses';

/** How many of each list a home page shows; the rest is one press away in the chat. */
export const HOME_LIST_LIMIT = 5;

export interface HomeFacts {
  dashboard: Dashboard;
  /** The first licenses ending within the expiring window, and how many there are in all. */
  expiring: { items: License[]; total: number };
  /** The cart's line count and its totals before a coupon (null when it is empty). */
  cart: { lines: number; totals: Totals | null };
  /** Requests waiting for this user's decision (owner and purchase users; none for others). */
  approvals: ApprovalRequest[];
  recentOrders: Order[];
}

export async function homeFacts(repos: Repositories, input: { user: ResellerUser; reseller: Reseller; today: LocalDate }): Promise<HomeFacts> {
  const { user, reseller, today } = input;
  // One after another: the repositories of a transaction share one connection.
  const dashboard = await getDashboard(repos, { user, today });
  const expiring = await listLicenses(repos, reseller.id, { offset: 0, limit: HOME_LIST_LIMIT }, today);
  const lines = await repos.carts.lines(user.id);
  const approvals = may(user.role, 'place_order') ? await repos.approvals.pendingFor(reseller.id) : [];
  const orders = await repos.orders.listFor(reseller.id, { offset: 0, limit: HOME_LIST_LIMIT });
  return {
    dashboard,
    expiring,
    cart: { lines: lines.length, totals: lines.length > 0 ? cartTotals(lines, reseller, null) : null },
    approvals: approvals.slice(0, HOME_LIST_LIMIT),
    recentOrders: orders.items,
  };
}
