// The invoice list's words, in English.
import type { Invoice } from '../../../domain/accounts/accounts';
import { money } from '../../i18n/common.en';

export const invoicesWords = {
  title: (from: number, to: number, total: number) => `Your invoices (${from}–${to} of ${total}):`,
  none: 'You have no invoices yet.',
  line: (i: number, inv: Invoice) => `${i}. ${inv.number} — ${inv.issuedOn}, ${money(inv.totalCents, inv.currency)}, ${inv.status === 'paid' ? `paid${inv.paidOn ? ` on ${inv.paidOn}` : ''}` : inv.status}`,
};
