// The quote a reseller forwards to its own customer: the reseller's name, address and prices,
// and nothing of the distributor (no name, no list price, no partner discount).
import type { CustomerQuote } from '../../domain/invoicing/customer-quote';
import { formatMoney } from '../../domain/pricing/money';
import { COLOR, FONT, Flow, addressLines, drawFigures, drawFooters, drawParagraph, drawTable, newDocument, type PdfOptions, type TextPart } from './pdf-layout';
import { drawFactsAndBuyer, drawHeading } from './invoice-pdf';

/** Renders a customer quote as an A4 PDF. */
export function renderCustomerQuotePdf(quote: CustomerQuote, options: PdfOptions = {}): Promise<Buffer> {
  const money = (cents: number) => formatMoney(cents, quote.currency);
  const { doc, pdf } = newDocument({ title: `Quote for ${quote.to.company}`, author: quote.from.legalName, subject: 'Quote', date: quote.issuedOn }, options);
  const flow = new Flow(doc, (f) => {
    f.text(`Quote for ${quote.to.company} (continued)`, f.left, f.y, f.width, { font: FONT.bold, size: 10 });
    f.y += 24;
  });
  drawHeading(flow, 'Quote', null, {
    name: quote.from.company, legalName: quote.from.legalName, address: quote.from.address, vatId: quote.from.vatId, chamberOfCommerce: null, bankAccounts: {},
  });
  const to: TextPart[] = [
    { text: 'For', style: { size: 8, color: COLOR.muted }, gap: 2 },
    { text: quote.to.company, style: { font: FONT.bold, size: 11 }, gap: 3 },
    ...(quote.to.contact ? [{ text: `Attn. ${quote.to.contact}` }] : []),
  ];
  drawFactsAndBuyer(flow, [
    ...(quote.reference ? [['Quote reference', quote.reference] as [string, string]] : []),
    ['Date', quote.issuedOn],
    ['Valid until', quote.validUntil],
  ], to);
  drawTable(flow, [
    { title: '#', width: 20, align: 'left' },
    { title: 'Description', align: 'left' },
    { title: 'Qty', width: 36, align: 'right' },
    { title: 'Amount', width: 96, align: 'right', amount: true },
  ], quote.lines.map((line, i) => [[{ text: String(i + 1) }], [{ text: line.description }], [{ text: String(line.quantity) }], [{ text: money(line.amountCents) }]]));
  drawFigures(flow, [], { label: `Total (${quote.currency}, excl. VAT)`, amount: money(quote.totalCents) });
  drawParagraph(flow, `Prices in ${quote.currency}, VAT not included. This quote is valid until ${quote.validUntil}.`, { color: COLOR.muted });
  const contact = [quote.from.legalName, ...addressLines(quote.from.address)].join(', ');
  drawParagraph(flow, `To order, reply to ${contact}${contact.endsWith('.') ? '' : '.'}`, { color: COLOR.muted });
  drawFooters(doc, `${quote.from.legalName} · Quote for ${quote.to.company}`);
  doc.end();
  return pdf;
}
