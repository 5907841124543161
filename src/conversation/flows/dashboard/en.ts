// The dashboard's words, in English.
import type { Dashboard, Notice, NoticeKind } from '../../../domain/dashboard/dashboard';
import { common, money, plural } from '../../i18n/common.en';

const noticeTitle = (kind: NoticeKind) => (kind === 'referral_payment' ? 'Referral payments' : 'Monthly payments');

export const dashboardWords = {
  dashboard: (d: Dashboard, currency: string) => [
    'Dashboard',
    '',
    `License keys: ${d.licenseKeys.total} in total, ${d.licenseKeys.active} active, ${d.licenseKeys.expiringWithin30Days} expiring within 30 days, ${d.licenseKeys.expired} expired`,
    `Invoices: ${d.invoices.count}, of which ${d.invoices.unpaidCount} unpaid (${money(d.invoices.unpaidCents, currency)})`,
    `Referrals: ${d.referrals.count}; commission paid ${money(d.referrals.commissionPaidCents, currency)}, pending ${money(d.referrals.commissionPendingCents, currency)}`,
    '',
    'Bank details',
    ...common.bankDetails(d.bankDetails),
  ].join('\n'),
  noticesButton: (kind: NoticeKind, n: number) => `${noticeTitle(kind)} (${n})`,
  notices: (kind: NoticeKind, notices: Notice[], currency: string) => {
    if (notices.length === 0) return `${noticeTitle(kind)}: nothing to show.`;
    return [
      `${noticeTitle(kind)}:`,
      ...notices.map((n, i) => kind === 'referral_payment'
        ? `${i + 1}. ${n.title}: commission ${money(n.amountCents, currency)} paid on ${n.date}`
        : `${i + 1}. ${n.title}: ${money(n.amountCents, currency)} in ${plural(n.count ?? 0, 'paid invoice')}`),
      '',
      'Remove an entry to hide it from your dashboard.',
    ].join('\n');
  },
  removeNotice: (i: number) => `Remove ${i}`,
};
