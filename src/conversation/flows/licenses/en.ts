// My licenses and a license's card, in English.
import { editionName } from '../../../domain/pricing/catalog';
import type { License } from '../../../domain/pricing/license';
import { EXPIRING_WINDOW_DAYS } from '../../../domain/dashboard/dashboard';
import { licenseTerm } from '../../i18n/common.en';

export const licensesWords = {
  title: (from: number, to: number, total: number, expiring: boolean) =>
    expiring ? `Your licenses ending within ${EXPIRING_WINDOW_DAYS} days (${from}–${to} of ${total}):` : `Your licenses (${from}–${to} of ${total}):`,
  none: (expiring: boolean) => (expiring ? `None of your licenses ends within ${EXPIRING_WINDOW_DAYS} days.` : 'You have no licenses yet.'),
  line: (i: number, l: License, today: string) => `${i}. ${l.key} — ${editionName(l.edition)} ${l.sc} SC, ${licenseTerm(l, today)}${l.customerName ? `\n   End customer: ${l.customerName}` : ''}`,
  renewShort: (key: string) => `Renew ${key.slice(0, 4)}…`,
  upgradeShort: (key: string) => `Upgrade ${key.slice(0, 4)}…`,
  allLicenses: 'All my licenses',
  renew: 'Renew',
  upgrade: 'Upgrade',
  renewMaintenance: 'Renew maintenance',
};
