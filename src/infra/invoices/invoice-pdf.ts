// The invoice as a PDF: A4, the standard Helvetica and Courier fonts (nothing to embed, and the
// text stays searchable), laid out by measuring every block before drawing it, so that a page
// breaks between table rows and never inside one.
import type { Knex } from 'knex';
import PDFDocument from 'pdfkit';
import type { BankAccount } from '../../domain/dashboard/dashboard';
import type { PaymentMethod } from '../../domain/orders/order';
import { formatMoney } from '../../domain/pricing/money';
import { loadInvoiceDocument, type InvoiceDocument, type InvoiceLine } from './invoice-document';

export interface InvoicePdfOptions {
  /** The keys came from the sandbox license provider: every page says that 3CX did not issue them. */
  sandbox?: boolean;
  /** Deflate the page contents (the default); tests turn it off to read the text. */
  compress?: boolean;
}

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
/** Kept free above the bottom margin for the footer lines. */
const FOOTER_SPACE = 42;
const LINE_GAP = 1;
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', key: 'Courier' } as const;
/** Ascenders of the standard fonts (their AFM files), per point: pdfkit places text by its top, a row aligns baselines. */
const ASCENT: Record<string, number> = { [FONT.regular]: 0.718, [FONT.bold]: 0.718, [FONT.key]: 0.629 };
const COLOR = { ink: '#1a1a1a', muted: '#5c5c5c', rule: '#c8c8c8', band: '#efefef', paid: '#1f7a3d', warn: '#a11d1d' } as const;

const PAYMENT_METHODS = { offline: 'Bank transfer', card: 'Card', multisafepay: 'MultiSafepay' } satisfies Record<PaymentMethod, string>;
const STATUS = { paid: { label: 'PAID', color: COLOR.paid }, unpaid: { label: 'UNPAID', color: COLOR.warn }, void: { label: 'VOID', color: COLOR.warn } } as const;

interface Style {
  font?: string;
  size?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
}

/** The cursor of the document and the page break: blocks ask for room before they draw. */
class Flow {
  y = MARGIN;
  readonly left = MARGIN;
  readonly width: number;

  constructor(readonly doc: Doc, private readonly onNewPage: (flow: Flow) => void) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  get right(): number {
    return this.left + this.width;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_SPACE;
  }

  /** Starts a new page unless `height` fits below the cursor; says whether it did. */
  room(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.y = MARGIN;
    this.onNewPage(this);
    return true;
  }

  private use(style: Style): Doc {
    return this.doc.font(style.font ?? FONT.regular).fontSize(style.size ?? 9).fillColor(style.color ?? COLOR.ink);
  }

  /** The height `text` takes wrapped to `width`. */
  measure(text: string, width: number, style: Style = {}): number {
    return this.use(style).heightOfString(text, { width, lineGap: LINE_GAP });
  }

  widthOf(text: string, style: Style = {}): number {
    return this.use(style).widthOfString(text);
  }

  /** Draws `text` wrapped to `width` at (x, y) and returns the height it took. */
  text(text: string, x: number, y: number, width: number, style: Style = {}): number {
    const height = this.measure(text, width, style);
    this.use(style).text(text, x, y, { width, align: style.align ?? 'left', lineGap: LINE_GAP });
    return height;
  }

  rule(y: number, from = this.left, to = this.right, color: string = COLOR.rule): void {
    this.doc.moveTo(from, y).lineTo(to, y).lineWidth(0.6).strokeColor(color).stroke();
  }
}

/**
 * Renders an invoice as an A4 PDF: seller and buyer, the order and its payment, a table of
 * the lines, the figures from list total to total, and the seller's bank accounts. Every
 * amount is the stored cents through formatMoney; nothing is recomputed.
 */
export function renderInvoicePdf(invoice: InvoiceDocument, options: InvoicePdfOptions = {}): Promise<Buffer> {
  const issued = new Date(`${invoice.issuedOn}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: 'en',
    // Dated by the invoice, so that the same invoice renders to the same document.
    info: { Title: `Invoice ${invoice.number}`, Author: invoice.details.seller.name, Subject: `Order ${invoice.details.orderNumber}`, CreationDate: issued, ModDate: issued },
  });
  const pdf = collect(doc);
  const table = lineTable(invoice);
  const flow = new Flow(doc, (f) => {
    f.text(`Invoice ${invoice.number} (continued)`, f.left, f.y, f.width, { font: FONT.bold, size: 10 });
    f.y += 24;
  });
  drawHeading(flow, invoice);
  table.draw(flow);
  drawTotals(flow, invoice);
  drawBankAccounts(flow, invoice);
  drawFooters(doc, invoice, options.sandbox === true);
  doc.end();
  return pdf;
}

/**
 * The invoice PDF of an order, named after the invoice number, for the notifications job
 * (`JobDeps.invoicePdf`); undefined when the order has no invoice.
 */
export function invoicePdfFor(knex: Knex, options: InvoicePdfOptions = {}): (orderId: string) => Promise<{ filename: string; content: Buffer } | undefined> {
  return async (orderId) => {
    const invoice = await loadInvoiceDocument(knex, orderId);
    if (!invoice) return undefined;
    return { filename: `${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`, content: await renderInvoicePdf(invoice, options) };
  };
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawHeading(flow: Flow, invoice: InvoiceDocument): void {
  const { details } = invoice;
  const half = flow.width / 2;
  const top = flow.y;
  flow.text('Invoice', flow.left, top, half, { font: FONT.bold, size: 24 });
  const status = STATUS[invoice.status];
  flow.text(status.label, flow.left, top + 32, half, { font: FONT.bold, size: 10, color: status.color });
  flow.text(details.seller.name, flow.left + half, top + 4, half, { font: FONT.bold, size: 13, align: 'right' });
  flow.y = top + 62;

  const facts: Array<[string, string]> = [
    ['Invoice number', invoice.number],
    ['Issue date', invoice.issuedOn],
    ...(invoice.paidOn ? [['Paid on', invoice.paidOn] as [string, string]] : []),
    ['Order number', String(details.orderNumber)],
    ['Payment method', PAYMENT_METHODS[details.paymentMethod]],
    ['Payment reference', details.paymentReference],
  ];
  const labelWidth = 92;
  let left = flow.y;
  for (const [label, value] of facts) {
    flow.text(label, flow.left, left, labelWidth, { color: COLOR.muted });
    left += flow.text(value, flow.left + labelWidth, left, half - labelWidth - 12, { font: label === 'Invoice number' ? FONT.bold : FONT.regular }) + 4;
  }

  const x = flow.left + half + 24;
  const width = half - 24;
  let right = flow.y;
  right += flow.text('Bill to', x, right, width, { size: 8, color: COLOR.muted }) + 2;
  right += flow.text(details.buyer.company, x, right, width, { font: FONT.bold, size: 11 }) + 3;
  right += flow.text(`Partner ID ${details.buyer.partnerId}`, x, right, width) + 2;
  right += flow.text(`Country ${countryName(details.buyer.country)}`, x, right, width) + 2;
  flow.y = Math.max(left, right) + 22;
}

interface Column {
  title: string;
  x: number;
  width: number;
  align: 'left' | 'right';
}

const CELL_X = 4;
const CELL_Y = 5;

function lineTable(invoice: InvoiceDocument) {
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const rows = invoice.details.lines.map((line: InvoiceLine) => ({
    position: String(line.position),
    description: line.description,
    licenseKey: line.licenseKey ?? '',
    amounts: [money(line.listCents), money(line.partnerDiscountCents), money(line.netCents)],
  }));

  function columns(flow: Flow): Column[] {
    const amount = 72;
    // A key is 19 Courier characters, 91 pt at 8 pt: it is searched for, so it never wraps.
    const key = 100;
    const position = 22;
    const description = flow.width - position - key - 3 * amount;
    const spec: Array<[string, number, 'left' | 'right']> = [
      ['#', position, 'left'], ['Description', description, 'left'], ['License key', key, 'left'],
      ['List', amount, 'right'], ['Partner discount', amount, 'right'], ['Net', amount, 'right'],
    ];
    let x = flow.left;
    return spec.map(([title, width, align]) => {
      const column = { title, x, width, align };
      x += width;
      return column;
    });
  }

  /** The largest size up to 9 pt at which every amount fits its column on one line. */
  function amountSize(flow: Flow, width: number): number {
    const widest = Math.max(...rows.flatMap((r) => r.amounts.map((a) => flow.widthOf(a, { size: 9 }))));
    return Math.min(9, Math.floor((9 * width * 10) / widest) / 10);
  }

  const HEADER_HEIGHT = 18;

  function header(flow: Flow, cols: Column[]): void {
    flow.doc.rect(flow.left, flow.y, flow.width, HEADER_HEIGHT).fill(COLOR.band);
    for (const c of cols) flow.text(c.title, c.x + CELL_X, flow.y + 5, c.width - 2 * CELL_X, { font: FONT.bold, size: 8, align: c.align });
    flow.y += HEADER_HEIGHT;
  }

  return {
    draw(flow: Flow): void {
      const cols = columns(flow);
      const [position, description, key, ...amounts] = cols as [Column, Column, Column, Column, Column, Column];
      const size = amountSize(flow, amounts[0]!.width - 2 * CELL_X);
      const heights = rows.map((r) => Math.max(flow.measure(r.description, description.width - 2 * CELL_X), 11) + 2 * CELL_Y);
      // The header never stands alone at the foot of a page.
      flow.room(HEADER_HEIGHT + (heights[0] ?? 0));
      header(flow, cols);
      rows.forEach((row, i) => {
        const height = heights[i]!;
        if (flow.room(height)) header(flow, cols);
        const y = flow.y + CELL_Y;
        flow.text(row.position, position.x + CELL_X, y, position.width - 2 * CELL_X);
        flow.text(row.description, description.x + CELL_X, y, description.width - 2 * CELL_X);
        const keyStyle: Style = { font: FONT.key, size: 8 };
        if (row.licenseKey) flow.text(row.licenseKey, key.x + CELL_X, y + baselineShift({}, keyStyle), key.width - 2 * CELL_X, keyStyle);
        row.amounts.forEach((amount, a) => {
          const column = amounts[a]!;
          flow.text(amount, column.x + CELL_X, y + baselineShift({}, { size }), column.width - 2 * CELL_X, { size, align: 'right' });
        });
        flow.y += height;
        flow.rule(flow.y);
      });
      flow.y += 14;
    },
  };
}

function drawTotals(flow: Flow, invoice: InvoiceDocument): void {
  const f = invoice.details.figures;
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const hasCoupon = f.couponCode !== null || f.couponCents > 0;
  // Reductions are written as differences ("EUR -677.19"), so that the column adds up.
  const rows: Array<{ label: string; amount: string }> = [
    { label: 'List total', amount: money(f.listCents) },
    { label: `Partner discount (${percent(f.partnerDiscountBp)})`, amount: money(-f.partnerDiscountCents) },
    { label: 'Subtotal', amount: money(f.subtotalCents) },
    ...(hasCoupon
      ? [
          { label: `Coupon ${f.couponCode ?? ''}`.trim(), amount: money(-f.couponCents) },
          { label: 'Taxable amount', amount: money(f.taxableCents) },
        ]
      : []),
    { label: `VAT (${percent(f.vatRateBp)})`, amount: money(f.vatCents) },
  ];
  const total = { label: 'Total', amount: money(f.totalCents) };
  const paidNote = invoice.status === 'paid' && invoice.paidOn
    ? `Paid in full on ${invoice.paidOn} by ${PAYMENT_METHODS[invoice.details.paymentMethod].toLowerCase()}, payment reference ${invoice.details.paymentReference}.`
    : undefined;

  const blockWidth = 270;
  const x = flow.right - blockWidth;
  const labelWidth = 150;
  const rowHeight = 15;
  const noteHeight = paidNote ? flow.measure(paidNote, flow.width) + 12 : 0;
  flow.room(rows.length * rowHeight + 30 + noteHeight);

  for (const row of rows) {
    flow.text(row.label, x, flow.y, labelWidth, { color: COLOR.muted });
    flow.text(row.amount, x + labelWidth, flow.y, blockWidth - labelWidth - CELL_X, { align: 'right' });
    flow.y += rowHeight;
  }
  flow.rule(flow.y - 3, x, flow.right, COLOR.ink);
  flow.y += 3;
  flow.text(total.label, x, flow.y, labelWidth, { font: FONT.bold, size: 11 });
  flow.text(total.amount, x + labelWidth, flow.y, blockWidth - labelWidth - CELL_X, { font: FONT.bold, size: 11, align: 'right' });
  flow.y += 27;
  if (paidNote) flow.y += flow.text(paidNote, flow.left, flow.y, flow.width, { color: COLOR.muted }) + 12;
}

function drawBankAccounts(flow: Flow, invoice: InvoiceDocument): void {
  const { bankAccounts } = invoice.details.seller;
  // A note without an account ("pay by card from the checkout") says nothing on an issued invoice.
  const accounts = [bankAccounts.local, bankAccounts.international, bankAccounts.online].filter(
    (a): a is BankAccount => a !== undefined && Boolean(a.iban ?? a.bic ?? a.bank ?? a.holder),
  );
  if (accounts.length === 0) return;
  const gap = 18;
  const width = (flow.width - gap * (accounts.length - 1)) / accounts.length;
  const blocks = accounts.map((a) => [
    ...(a.holder ? [`Account holder: ${a.holder}`] : []),
    ...(a.iban ? [`IBAN: ${a.iban}`] : []),
    ...(a.bic ? [`BIC: ${a.bic}`] : []),
    ...(a.bank ? [`Bank: ${a.bank}`] : []),
    ...(a.note ? [a.note] : []),
  ].join('\n'));
  const labelHeights = accounts.map((a) => flow.measure(a.label, width, { font: FONT.bold, size: 8.5 }));
  const height = Math.max(...blocks.map((b, i) => labelHeights[i]! + flow.measure(b, width, { size: 8.5 })));
  flow.room(16 + height + 4);
  flow.text(`${invoice.details.seller.name}: bank accounts`, flow.left, flow.y, flow.width, { font: FONT.bold, size: 9 });
  flow.y += 14;
  flow.rule(flow.y - 2);
  flow.y += 4;
  accounts.forEach((account, i) => {
    const x = flow.left + i * (width + gap);
    const labelHeight = flow.text(account.label, x, flow.y, width, { font: FONT.bold, size: 8.5 });
    flow.text(blocks[i]!, x, flow.y + labelHeight, width, { size: 8.5, color: COLOR.muted });
  });
  flow.y += height + 4;
}

function drawFooters(doc: Doc, invoice: InvoiceDocument, sandbox: boolean): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // The footer sits below the bottom of the text area: without this, pdfkit would open a page for it.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    const base = doc.page.height - MARGIN - 10;
    if (sandbox) {
      doc.font(FONT.bold).fontSize(8.5).fillColor(COLOR.warn)
        .text('Sandbox license keys: not issued by 3CX', MARGIN, base - 24, { width, align: 'center', lineBreak: false });
    }
    doc.moveTo(MARGIN, base - 6).lineTo(MARGIN + width, base - 6).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted);
    doc.text(`${invoice.details.seller.name} · Invoice ${invoice.number}`, MARGIN, base, { width: width / 2, align: 'left', lineBreak: false });
    doc.text(`Page ${i - start + 1} of ${count}`, MARGIN + width / 2, base, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}

/** How far below a line in `line` style text in `style` starts, so that both share a baseline. */
function baselineShift(line: Style, style: Style): number {
  const ascent = (s: Style) => (ASCENT[s.font ?? FONT.regular] ?? 0) * (s.size ?? 9);
  return ascent(line) - ascent(style);
}

/** Basis points as a percentage the way pricing.md writes it: 2500 is "25 %", 1950 is "19.5 %". */
function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole} %` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')} %`;
}

/** "Netherlands (NL)" where the runtime knows the name of the region, else the code. */
function countryName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
