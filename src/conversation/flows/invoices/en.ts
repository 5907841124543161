// The invoice list's words, in English.
import type { Invoice, InvoiceListEntry } from '../../../domain/accounts/accounts';
import { money } from '../../i18n/common.en';

/** An entry of the invoice list: an invoice with its status, or a credit note of an invoice (its amount negative). */
function line(i: number, inv: Invoice & Partial<Pick<InvoiceListEntry, 'kind' | 'creditedInvoiceNumber' | 'dueOn'>>): string {
  if (inv.kind === 'credit_note') return `${i}. ${inv.number} — ${inv.issuedOn}, credit note for ${inv.creditedInvoiceNumber ?? 'an invoice'}, −${money(Math.abs(inv.totalCents), inv.currency)}`;
  const status = inv.status === 'paid' ? `paid${inv.paidOn ? ` on ${inv.paidOn}` : ''}` : inv.status === 'unpaid' && inv.dueOn ? `unpaid, due ${inv.dueOn}` : inv.status === 'void' ? 'cancelled' : inv.status;
  return `${i}. ${inv.number} — ${inv.issuedOn}, ${money(inv.totalCents, inv.currency)}, ${status}`;
}

export const invoicesWords = {
  title: (from: number, to: number, total: number) => `Your invoices (${from}–${to} of ${total}):`,
  none: 'You have no invoices yet.',
  line,
};
