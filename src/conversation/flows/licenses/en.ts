// My licenses and a license's card, in English.
import { editionName } from '../../../domain/pricing/catalog';
import type { License } from '../../../domain/pricing/license';
import { EXPIRING_WINDOW_DAYS, LAPSED_WINDOW_DAYS } from '../../../domain/dashboard/dashboard';
import { daysBetween } from '../../../domain/pricing/dates';
import { termEnd } from '../../../domain/pricing/license';
import { licenseTerm } from '../../i18n/common.en';

const endCustomer = (l: License) => (l.customerName ? `\n   End customer: ${l.customerName}` : '');
const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** "expired on 2026-11-16 (10 days ago)", "expires on 2026-12-16 (20 days left)"; a perpetual license's maintenance the same way. */
function renewalTerm(l: License, today: string): string {
  const end = termEnd(l);
  const what = l.type === 'annual' ? '' : 'maintenance ';
  if (!end) return `${what}end date unknown`;
  const left = daysBetween(today, end);
  if (left < 0) return `${what}expired on ${end} (${days(-left)} ago)`;
  return `${what}expires on ${end} (${left === 0 ? 'today' : `${days(left)} left`})`;
}

export const licensesWords = {
  title: (from: number, to: number, total: number, expiring: boolean) =>
    expiring
      ? `Your licenses to renew: ending within ${EXPIRING_WINDOW_DAYS} days or expired in the last ${LAPSED_WINDOW_DAYS} days (${from}–${to} of ${total}):`
      : `Your licenses (${from}–${to} of ${total}):`,
  none: (expiring: boolean) => (expiring ? `None of your licenses ends within ${EXPIRING_WINDOW_DAYS} days or expired in the last ${LAPSED_WINDOW_DAYS} days.` : 'You have no licenses yet.'),
  line: (i: number, l: License, today: string) => `${i}. ${l.key} — ${editionName(l.edition)} ${l.sc} SC, ${licenseTerm(l, today)}${endCustomer(l)}`,
  /** A line of the licenses to renew: whether its term ended already ("expired on") or ends ("expires on"). */
  renewalLine: (i: number, l: License, today: string) => `${i}. ${l.key} — ${editionName(l.edition)} ${l.sc} SC, ${renewalTerm(l, today)}${endCustomer(l)}`,
  renewShort: (key: string) => `Renew ${key.slice(0, 4)}…`,
  upgradeShort: (key: string) => `Upgrade ${key.slice(0, 4)}…`,
  allLicenses: 'All my licenses',
  renew: 'Renew',
  upgrade: 'Upgrade',
  renewMaintenance: 'Renew maintenance',
};
