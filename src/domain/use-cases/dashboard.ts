import type { ResellerUser } from '../accounts/accounts';
import { buildDashboard, type Dashboard, type NoticeKind } from '../dashboard/dashboard';
import type { Repositories } from '../ports';
import type { LocalDate } from '../pricing/dates';

/** The user's dashboard: license keys, invoices, referrals, payments and bank details. */
export async function getDashboard(repos: Repositories, input: { user: ResellerUser; today: LocalDate }): Promise<Dashboard> {
  const resellerId = input.user.resellerId;
  // At once: a conversation's transaction sends them in one write, answered in one round trip
  // (PostgreSQL's store, infra/db/fused-transaction.ts).
  const [licenses, invoices, referrals, dismissed, distributor] = await Promise.all([
    repos.licenses.termsFor(resellerId),
    repos.invoices.summariesFor(resellerId),
    repos.referrals.listFor(resellerId),
    repos.notices.dismissed(input.user.id),
    repos.distributor.get(),
  ]);
  return buildDashboard({ today: input.today, licenses, invoices, referrals, dismissed, bankDetails: distributor.bankAccounts });
}

/** Removes a referral payment or monthly payment from the user's dashboard. */
export function dismissNotice(repos: Repositories, input: { user: ResellerUser; kind: NoticeKind; ref: string }): Promise<void> {
  return repos.notices.dismiss(input.user.id, input.kind, input.ref);
}
