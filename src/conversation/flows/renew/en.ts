// The renewal flows' words, in English.
import { RENEWAL_YEARS_MAX, RENEWAL_YEARS_MIN } from '../../../domain/pricing/line';
import { money } from '../../i18n/common.en';

export const renewWords = {
  askYears: (purpose: 'renew_annual' | 'renew_maintenance', yearly: number, currency: string) =>
    `${purpose === 'renew_annual' ? 'Annual license' : 'Maintenance'}: ${money(yearly, currency)} per year (list price). For how many years (${RENEWAL_YEARS_MIN}–${RENEWAL_YEARS_MAX})?`,
};
