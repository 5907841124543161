// The credit note as a PDF: the same parties, treatment and mention as the invoice it refers
// to, what is taken back (negative amounts), and why.
import type { CreditNoteReason } from '../../domain/invoicing/credit-notes';
import { formatMoney } from '../../domain/pricing/money';
import type { CreditNoteDocument } from './invoice-document';
import { buyerParts, drawFactsAndBuyer, drawHeading, vatLabel } from './invoice-pdf';
import { FONT, Flow, drawFigures, drawFooters, drawParagraph, drawTable, newDocument, percent, type PdfOptions } from './pdf-layout';

const REASONS = {
  refund: 'Refund of the payment',
  chargeback: 'Chargeback of the payment',
  partial_refund: 'Partial refund of the payment',
  cancellation: 'Order cancelled before payment',
} satisfies Record<CreditNoteReason, string>;

/** Renders a credit note as an A4 PDF. */
export function renderCreditNotePdf(creditNote: CreditNoteDocument, options: PdfOptions = {}): Promise<Buffer> {
  const { details } = creditNote;
  const money = (cents: number) => formatMoney(cents, creditNote.currency);
  const { doc, pdf } = newDocument({ title: `Credit note ${creditNote.number}`, author: details.seller.legalName, subject: `Invoice ${details.invoice.number}`, date: creditNote.issuedOn }, options);
  const flow = new Flow(doc, (f) => {
    f.text(`Credit note ${creditNote.number} (continued)`, f.left, f.y, f.width, { font: FONT.bold, size: 10 });
    f.y += 24;
  });
  drawHeading(flow, 'Credit note', null, details.seller);
  drawFactsAndBuyer(flow, [
    ['Credit note number', creditNote.number],
    ['Issue date', creditNote.issuedOn],
    ['Credits invoice', `${details.invoice.number} of ${details.invoice.issuedOn}`],
    ...(details.orderNumber === null ? [] : [['Order number', String(details.orderNumber)] as [string, string]]),
    ['Reason', REASONS[details.reason]],
  ], buyerParts(details.buyer, 'Credited to'));

  drawTable(flow, [
    { title: '#', width: 20, align: 'left' },
    { title: 'Description', align: 'left' },
    { title: 'Net', width: 90, align: 'right', amount: true },
  ], details.lines.map((line, i) => [
    [{ text: String(i + 1) }],
    [{ text: line.description, gap: 2 }, ...(line.licenseKey ? [{ text: line.licenseKey, style: { font: FONT.key, size: 8 } }] : [])],
    [{ text: money(line.netCents) }],
  ]));

  const f = details.figures;
  drawFigures(flow, [
    { label: `Taxable amount at ${percent(details.vat.rateBp)}`, amount: money(f.taxableCents) },
    { label: vatLabel(details.vat.treatment, details.vat.rateBp), amount: money(f.vatCents) },
  ], { label: `Total (${creditNote.currency})`, amount: money(f.totalCents) });
  if (details.vat.mention) drawParagraph(flow, details.vat.mention, { font: FONT.bold });
  const settled = details.reason === 'cancellation'
    ? `Invoice ${details.invoice.number} is cancelled by this credit note: nothing is to be paid for it.`
    : `${money(-f.totalCents)} of invoice ${details.invoice.number} is taken back${details.refundedCents !== null ? ` (refunded ${money(details.refundedCents)})` : ''}.`;
  drawParagraph(flow, settled);
  drawFooters(doc, `${details.seller.legalName} · Credit note ${creditNote.number}`);
  doc.end();
  return pdf;
}
