// The invoices' words, in English: the list, one invoice or credit note, paying it, the statement.
import type { Invoice, InvoiceListEntry } from '../../../domain/accounts/accounts';
import { common, money } from '../../i18n/common.en';
import type { InvoicePayment } from './commands';

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
  open: (i: number) => `Open ${i}`,
  statement: 'Statement (CSV)',
  backToList: '« Invoices',
  card: (entry: InvoiceListEntry, hasDocument: boolean, payment: InvoicePayment | null) => [
    line(1, entry).replace(/^1\. /, entry.kind === 'credit_note' ? 'Credit note ' : 'Invoice '),
    hasDocument ? 'The PDF is above.' : 'There is no PDF of this one (it was imported without its details); ask your distributor for a copy.',
    ...(payment ? [
      '',
      `To pay ${money(payment.amountCents, payment.currency)}${payment.dueOn ? ` by ${payment.dueOn}` : ''}, transfer it with the payment reference ${payment.reference}:`,
      ...common.bankDetails(payment.bank),
      ...(payment.online.length > 0 ? ['', 'Or pay it online now:'] : []),
    ] : []),
  ].join('\n'),
  payWith: { card: 'Pay by card', multisafepay: 'Pay with MultiSafepay' },
  documentCaption: (filename: string) => filename,
  payPage: (method: 'card' | 'multisafepay') => `Open the ${method === 'card' ? 'card' : 'MultiSafepay'} payment page to pay it. The invoice turns paid as soon as the payment is confirmed; you will get a message here.`,
  openPaymentPage: 'Open the payment page',
  notPayable: 'That invoice cannot be paid online (any more): it is paid, cancelled, or waits for a bank transfer only.',
  notFound: 'That invoice is no longer in your list.',
  askYear: 'A statement of which year? It lists every invoice and credit note issued in it, as a CSV file.',
  statementDone: (year: number, entries: number) => `Your statement of ${year}: ${entries} ${entries === 1 ? 'document' : 'documents'}.`,
  invalidYear: (earliest: number, latest: number) => `There are statements for the years ${earliest} to ${latest}.`,
};
