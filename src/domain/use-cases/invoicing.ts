// Invoices and credit notes, issued in the transaction of what causes them. When an invoice is
// issued: an order paid by bank transfer when it is placed (unpaid, due on its payment
// deadline, the same invoice turning paid when the money is confirmed); any other order when
// it is fulfilled after payment. A refund, a chargeback, a partial refund or the cancellation
// of an invoiced order issues a credit note.
import type { DistributorSettings, Invoice, Reseller } from '../accounts/accounts';
import {
  creditNoteNumber, partialRefundCredit, remainingOf, type CreditNote, type CreditNoteDetails, type CreditNoteLine, type CreditNoteReason, type TaxSplit,
} from '../invoicing/credit-notes';
import { buyerDetails, invoiceDetails, sellerDetails, vatDetails, type BuyerDetails, type SellerDetails, type VatDetails } from '../invoicing/documents';
import { invoiceNumber } from '../orders/invoice-number';
import type { Order } from '../orders/order';
import type { InvoiceRecord, Repositories } from '../ports';
import type { LocalDate } from '../pricing/dates';
import type { VatTreatment } from '../tax/vat-treatment';
import { localDateOf } from '../time-zones';

/** Whether an order is invoiced when it is placed: a bank transfer with something to pay. */
export function invoicedWhenPlaced(order: Pick<Order, 'paymentMethod' | 'totalCents'>): boolean {
  return order.paymentMethod === 'offline' && order.totalCents > 0;
}

/**
 * Issues the invoice of an order, once: the next gapless number of the year, and a frozen copy
 * of seller, buyer, VAT treatment, lines and figures. A paid or fulfilled order's invoice is
 * paid; an unpaid bank-transfer order's invoice is unpaid, due on the order's payment deadline.
 * A second call returns the first invoice, paid if the order is paid by now.
 */
export async function issueInvoice(repos: Repositories, input: { order: Order; today: LocalDate }): Promise<Invoice> {
  const { order } = input;
  const distributor = await repos.distributor.get();
  const paid = order.status === 'paid' || order.status === 'fulfilled';
  const existing = await repos.invoices.forOrder(order.id, { forUpdate: true });
  if (existing) return invoiceOf(paid ? await payInvoice(repos, existing, order, distributor) : existing);
  if (!paid && !(order.status === 'awaiting_payment' && invoicedWhenPlaced(order))) throw new Error(`order ${order.id} is ${order.status}: no invoice`);
  const reseller = await repos.resellers.get(order.resellerId);
  if (!reseller) throw new Error(`order ${order.id} has no reseller`);
  const dueOn = paid || !order.expiresAt ? null : localDateOf(order.expiresAt, distributor.timezone);
  const treatment = treatmentOf(order, reseller);
  const endCustomers = new Map<string, string>();
  for (const id of new Set(order.lines.flatMap((l) => (l.endCustomerId ? [l.endCustomerId] : [])))) {
    const customer = await repos.customers.get(order.resellerId, id);
    if (customer) endCustomers.set(id, customer.company);
  }
  // The number last: its counter row stays locked until the commit, and every other invoice
  // issued meanwhile waits for it (paid orders are fulfilled one after another there).
  const year = Number(input.today.slice(0, 4));
  const sequence = await repos.invoices.nextNumber(year);
  return repos.invoices.insert({
    number: invoiceNumber(year, sequence),
    seriesYear: year,
    seriesNumber: sequence,
    resellerId: order.resellerId,
    orderId: order.id,
    status: paid ? 'paid' : 'unpaid',
    issuedOn: input.today,
    // Paid on the day the money arrived, which may be before the day the invoice is issued.
    paidOn: paid ? paidOnOf(order, distributor, input.today) : null,
    currency: order.currency,
    subtotalCents: order.subtotalCents,
    couponCents: order.couponCents,
    taxableCents: order.taxableCents,
    vatRateBp: order.vatRateBp,
    vatCents: order.vatCents,
    vatTreatment: treatment,
    totalCents: order.totalCents,
    dueOn,
    details: { ...invoiceDetails({ order, treatment, distributor, reseller, endCustomers, supplyDate: paid ? input.today : null, dueOn }) },
  });
}

/** The unpaid invoice of an order that is paid now becomes paid (the same invoice, no new number). */
export async function payInvoiceOfOrder(repos: Repositories, order: Order): Promise<void> {
  const invoice = await repos.invoices.forOrder(order.id, { forUpdate: true });
  if (invoice) await payInvoice(repos, invoice, order, await repos.distributor.get());
}

/** An invoice as listed, without the figures and details of its record. */
function invoiceOf(record: InvoiceRecord): Invoice {
  const { id, number, resellerId, orderId, status, issuedOn, paidOn, currency, totalCents } = record;
  return { id, number, resellerId, orderId, status, issuedOn, paidOn, currency, totalCents };
}

async function payInvoice(repos: Repositories, invoice: InvoiceRecord, order: Order, distributor: DistributorSettings): Promise<InvoiceRecord> {
  if (invoice.status !== 'unpaid') return invoice;
  if (!order.paidAt) throw new Error(`order ${order.id} is ${order.status} without the time it was paid`);
  const paidOn = localDateOf(order.paidAt, distributor.timezone);
  if (!(await repos.invoices.markPaid(invoice.id, paidOn))) throw new Error(`invoice ${invoice.number} left unpaid while locked`);
  await repos.audit.append({ actor: 'invoicing', action: 'invoice.paid', subject: `order:${order.id}`, details: { invoice: invoice.number, paidOn } });
  return { ...invoice, status: 'paid', paidOn };
}

function paidOnOf(order: Order, distributor: DistributorSettings, fallback: LocalDate): LocalDate {
  return order.paidAt ? localDateOf(order.paidAt, distributor.timezone) : fallback;
}

/** The treatment an order was priced with; an order placed before treatments were kept, judged by its rate. */
function treatmentOf(order: Order, reseller: Reseller): VatTreatment {
  if (order.vatTreatment) return order.vatTreatment;
  return order.vatRateBp > 0 ? 'domestic' : reseller.vatTreatment;
}

/**
 * The invoice of an order cancelled or expired before it was paid is cancelled by a credit
 * note of its whole amount, and marked void. An order without an invoice has nothing to cancel.
 */
export async function creditCancelledOrder(repos: Repositories, input: { order: Order; at: Date }): Promise<CreditNote | undefined> {
  const invoice = await repos.invoices.forOrder(input.order.id, { forUpdate: true });
  if (!invoice || invoice.status !== 'unpaid') return undefined;
  const credited = await creditRemainder(repos, { invoice, order: input.order, reason: 'cancellation', eventKey: `cancellation:${invoice.id}`, at: input.at, refundedCents: null });
  if (!(await repos.invoices.markVoid(invoice.id))) throw new Error(`invoice ${invoice.number} left unpaid while locked`);
  return credited;
}

/** A full refund or a chargeback credits what is left of the order's invoice. */
export async function creditRefund(
  repos: Repositories,
  input: { order: Order; reason: 'refund' | 'chargeback'; eventKey: string; at: Date; refundedCents: number | null },
): Promise<CreditNote | undefined> {
  const invoice = await repos.invoices.forOrder(input.order.id, { forUpdate: true });
  if (!invoice) return undefined;
  return creditRemainder(repos, { invoice, order: input.order, reason: input.reason, eventKey: input.eventKey, at: input.at, refundedCents: input.refundedCents });
}

/**
 * A partial refund: `refundedSoFarCents` is what the provider says was refunded of the payment
 * in all; the part not credited yet is split into taxable amount and VAT at the invoice's rate
 * (see `splitGross` for the rounding rule) and credited.
 */
export async function creditPartialRefund(
  repos: Repositories,
  input: { order: Order; refundedSoFarCents: number; eventKey: string; at: Date },
): Promise<CreditNote | undefined> {
  const invoice = await repos.invoices.forOrder(input.order.id, { forUpdate: true });
  if (!invoice) return undefined;
  const known = await repos.creditNotes.findByEvent(input.eventKey);
  if (known) return known;
  const credits = await repos.creditNotes.forInvoice(invoice.id);
  const split = partialRefundCredit({ invoice, credits }, input.refundedSoFarCents, invoice.vatRateBp ?? input.order.vatRateBp);
  if (!split) return undefined;
  return issueCreditNote(repos, { invoice, order: input.order, reason: 'partial_refund', eventKey: input.eventKey, at: input.at, split, full: false, refundedCents: split.taxableCents + split.vatCents });
}

async function creditRemainder(
  repos: Repositories,
  input: { invoice: InvoiceRecord; order: Order; reason: CreditNoteReason; eventKey: string; at: Date; refundedCents: number | null },
): Promise<CreditNote | undefined> {
  const known = await repos.creditNotes.findByEvent(input.eventKey);
  if (known) return known;
  const credits = await repos.creditNotes.forInvoice(input.invoice.id);
  const remaining = remainingOf({ invoice: input.invoice, credits });
  if (remaining.totalCents === 0) return undefined;
  return issueCreditNote(repos, { ...input, split: remaining, full: credits.length === 0 });
}

/** Takes the next number of the credit-note series and writes the credit note, with the invoice's parties and VAT. */
async function issueCreditNote(
  repos: Repositories,
  input: { invoice: InvoiceRecord; order: Order; reason: CreditNoteReason; eventKey: string; at: Date; split: TaxSplit; full: boolean; refundedCents: number | null },
): Promise<CreditNote> {
  const { invoice, order, split } = input;
  const distributor = await repos.distributor.get();
  const today = localDateOf(input.at, distributor.timezone);
  const year = Number(today.slice(0, 4));
  const parties = await frozenParties(repos, invoice, order, distributor);
  const figures = { taxableCents: -split.taxableCents, vatCents: -split.vatCents, totalCents: -(split.taxableCents + split.vatCents) };
  const sequence = await repos.creditNotes.nextNumber(year);
  const details: CreditNoteDetails = {
    version: 2,
    ...parties,
    invoice: { number: invoice.number, issuedOn: invoice.issuedOn },
    orderNumber: order.number,
    reason: input.reason,
    refundedCents: input.refundedCents,
    lines: input.full ? invoiceLinesTakenBack(invoice, order) : [{ description: `${REASON_WORDS[input.reason]} of invoice ${invoice.number}`, licenseKey: null, netCents: figures.taxableCents }],
    figures,
  };
  const creditNote = await repos.creditNotes.insert({
    number: creditNoteNumber(year, sequence),
    seriesYear: year,
    seriesNumber: sequence,
    invoiceId: invoice.id,
    resellerId: invoice.resellerId,
    orderId: order.id,
    reason: input.reason,
    eventKey: input.eventKey,
    issuedOn: today,
    currency: invoice.currency,
    ...figures,
    vatRateBp: parties.vat.rateBp,
    vatTreatment: parties.vat.treatment,
    details: { ...details },
  });
  await repos.audit.append({ actor: 'invoicing', action: 'credit_note.issued', subject: `order:${order.id}`, details: { creditNote: creditNote.number, invoice: invoice.number, reason: input.reason, totalCents: creditNote.totalCents } });
  return creditNote;
}

const REASON_WORDS: Record<CreditNoteReason, string> = {
  refund: 'Refund',
  chargeback: 'Chargeback',
  partial_refund: 'Partial refund',
  cancellation: 'Cancellation',
};

/** The lines of an invoice credited in full: each line back, and its coupon (which reduced it) added again. */
function invoiceLinesTakenBack(invoice: InvoiceRecord, order: Order): CreditNoteLine[] {
  const lines = order.lines.map((l) => ({ description: l.description, licenseKey: l.licenseKey, netCents: -l.netCents }));
  const coupon = order.couponCents > 0 ? [{ description: `Coupon ${order.couponCode ?? ''}`.trim(), licenseKey: null, netCents: order.couponCents }] : [];
  // An invoice whose figures are not the order's (imported) is credited as one amount.
  if (invoice.taxableCents !== order.taxableCents) return [{ description: `Invoice ${invoice.number}`, licenseKey: null, netCents: -(invoice.taxableCents ?? invoice.totalCents) }];
  return [...lines, ...coupon];
}

/**
 * Seller, buyer and VAT of a credit note: those frozen on its invoice. An invoice issued before
 * they were frozen (or imported) gets today's details, with the invoice's own rate.
 */
async function frozenParties(repos: Repositories, invoice: InvoiceRecord, order: Order, distributor: DistributorSettings): Promise<{ seller: SellerDetails; buyer: BuyerDetails; vat: VatDetails }> {
  const details = invoice.details as Partial<{ version: number; seller: SellerDetails; buyer: BuyerDetails; vat: VatDetails }>;
  if (details.version === 2 && details.seller && details.buyer && details.vat) return { seller: details.seller, buyer: details.buyer, vat: details.vat };
  const reseller = await repos.resellers.get(invoice.resellerId);
  if (!reseller) throw new Error(`invoice ${invoice.number} has no reseller`);
  const seller = sellerDetails(distributor);
  const buyer = buyerDetails(reseller);
  const rateBp = invoice.vatRateBp ?? order.vatRateBp;
  return { seller, buyer, vat: vatDetails(invoice.vatTreatment ?? treatmentOf({ ...order, vatRateBp: rateBp }, reseller), rateBp, seller, buyer) };
}
