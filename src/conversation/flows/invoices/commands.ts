// Invoices against the domain: the list, one invoice or credit note as its PDF with how to pay
// it when it is unpaid, a payment page for it, and the yearly statement.
import type { InvoiceListEntry } from '../../../domain/accounts/accounts';
import type { BankDetails } from '../../../domain/dashboard/dashboard';
import type { Page } from '../../../domain/ports';
import { yearlyStatement } from '../../../domain/use-cases/statement';
import type { AccountEnv, CommandHandlers } from '../../commands';
import { pageWithin } from '../../paging';
import type { ReplyDocument } from '../../reply';
import { onlinePaymentMethods } from '../checkout/commands';
import { paymentPage } from '../checkout/payment-page';

/** How an unpaid invoice can be paid: by bank transfer with its reference, or online where configured. */
export interface InvoicePayment {
  reference: string;
  amountCents: number;
  currency: string;
  dueOn: string | null;
  bank: BankDetails;
  /** Online methods offered for it: only for an order still waiting for its payment. */
  online: Array<'card' | 'multisafepay'>;
  orderId: string | null;
}

export type InvoicesCommand =
  | { kind: 'invoices'; page: number }
  | { kind: 'invoice_open'; entry: Pick<InvoiceListEntry, 'id' | 'kind'> }
  | { kind: 'invoice_pay'; invoiceId: string; method: 'card' | 'multisafepay' }
  | { kind: 'statement'; year: number };

export type InvoicesAnswer =
  | { kind: 'invoices'; page: number; result: Page<InvoiceListEntry> }
  | { kind: 'invoice_opened'; result: { kind: 'ok'; entry: InvoiceListEntry; document: ReplyDocument | null; payment: InvoicePayment | null } | { kind: 'not_found' } }
  | { kind: 'invoice_payment'; result: { kind: 'ok'; url: string; method: 'card' | 'multisafepay' } | { kind: 'not_payable' } }
  | { kind: 'statement'; result: { kind: 'ok'; year: number; entries: number; document: ReplyDocument } | { kind: 'invalid_year'; earliest: number; latest: number } | { kind: 'not_allowed' } };

/** How an unpaid invoice is paid, or null when there is nothing to pay. */
async function paymentOf(env: AccountEnv, entry: InvoiceListEntry): Promise<InvoicePayment | null> {
  if (entry.kind !== 'invoice' || entry.status !== 'unpaid') return null;
  const { repos, ctx, reseller } = env;
  const distributor = await repos.distributor.get();
  const order = entry.orderId ? await repos.orders.get(entry.orderId) : undefined;
  const waiting = order && order.resellerId === reseller.id && order.status === 'awaiting_payment' ? order : undefined;
  const online = waiting ? onlinePaymentMethods(ctx) : [];
  return {
    reference: waiting?.paymentReference ?? entry.number, amountCents: entry.totalCents, currency: entry.currency, dueOn: entry.dueOn,
    bank: { local: distributor.bankAccounts.local, international: distributor.bankAccounts.international }, online, orderId: waiting?.id ?? null,
  };
}

const asDocument = (file: { filename: string; mimeType: string; content: Uint8Array }): ReplyDocument => ({ filename: file.filename, mimeType: file.mimeType, content: file.content });

export const invoicesCommands: CommandHandlers<InvoicesCommand['kind']> = {
  invoices: async (command, { repos, reseller }) => {
    const page = await pageWithin(command.page, (offset, limit) => repos.invoices.listFor(reseller.id, { offset, limit }));
    return { kind: 'invoices', page: page.page, result: page.result };
  },
  invoice_open: async (command, env) => {
    const entry = await env.repos.invoices.entryFor(env.reseller.id, command.entry.kind, command.entry.id);
    if (!entry) return { kind: 'invoice_opened', result: { kind: 'not_found' } };
    const file = await env.ctx.documents?.invoicePdf(env.reseller.id, { kind: entry.kind, id: entry.id });
    return { kind: 'invoice_opened', result: { kind: 'ok', entry, document: file ? asDocument(file) : null, payment: await paymentOf(env, entry) } };
  },
  invoice_pay: async (command, env) => {
    const entry = await env.repos.invoices.entryFor(env.reseller.id, 'invoice', command.invoiceId);
    const payment = entry ? await paymentOf(env, entry) : null;
    if (!payment?.orderId || !payment.online.includes(command.method)) return { kind: 'invoice_payment', result: { kind: 'not_payable' } };
    const order = await env.repos.orders.get(payment.orderId, { forUpdate: true });
    if (!order || order.status !== 'awaiting_payment') return { kind: 'invoice_payment', result: { kind: 'not_payable' } };
    const page = await paymentPage(env.repos, env.ctx, order, true, command.method);
    if (page.kind === 'needed') return { kind: 'payment_page_needed', page: { ...page.page, then: { kind: 'pay', flow: 'invoices' } } };
    return { kind: 'invoice_payment', result: page.kind === 'open' ? { kind: 'ok', url: page.url, method: command.method } : { kind: 'not_payable' } };
  },
  statement: async (command, { repos, ctx, user }) => {
    const result = await yearlyStatement(repos, { user, year: command.year, today: ctx.today });
    if (result.kind !== 'ok') return { kind: 'statement', result };
    return { kind: 'statement', result: { kind: 'ok', year: command.year, entries: result.entries, document: asDocument(result.file) } };
  },
};
