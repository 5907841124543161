// The layout every PDF document shares (invoices, credit notes, customer quotes): A4, the
// standard Helvetica and Courier fonts (nothing to embed, and the text stays searchable), laid
// out by measuring every block before drawing it, so that a page breaks between table rows
// and never inside one.
import PDFDocument from 'pdfkit';
import type { PostalAddress } from '../../domain/accounts/accounts';

export type Doc = PDFKit.PDFDocument;

export const MARGIN = 50;
/** Kept free above the bottom margin for the footer lines. */
export const FOOTER_SPACE = 42;
const LINE_GAP = 1;
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', key: 'Courier' } as const;
/** Ascenders of the standard fonts (their AFM files), per point: pdfkit places text by its top, a row aligns baselines. */
const ASCENT: Record<string, number> = { [FONT.regular]: 0.718, [FONT.bold]: 0.718, [FONT.key]: 0.629 };
export const COLOR = { ink: '#1a1a1a', muted: '#5c5c5c', rule: '#c8c8c8', band: '#efefef', paid: '#1f7a3d', warn: '#a11d1d' } as const;

export interface Style {
  font?: string;
  size?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
}

export interface PdfOptions {
  /** Deflate the page contents (the default); tests turn it off to read the text. */
  compress?: boolean;
}

/** A new A4 document dated `date` (so that the same document renders to the same bytes), and the promise of its bytes. */
export function newDocument(info: { title: string; author: string; subject: string; date: string }, options: PdfOptions): { doc: Doc; pdf: Promise<Buffer> } {
  const dated = new Date(`${info.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: 'en',
    info: { Title: info.title, Author: info.author, Subject: info.subject, CreationDate: dated, ModDate: dated },
  });
  const pdf = new Promise<Buffer>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, pdf };
}

/** The cursor of the document and the page break: blocks ask for room before they draw. */
export class Flow {
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

/** How far below a line in `line` style text in `style` starts, so that both share a baseline. */
export function baselineShift(line: Style, style: Style): number {
  const ascent = (s: Style) => (ASCENT[s.font ?? FONT.regular] ?? 0) * (s.size ?? 9);
  return ascent(line) - ascent(style);
}

/** Basis points as a percentage the way pricing.md writes it: 2500 is "25 %", 1950 is "19.5 %". */
export function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole} %` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')} %`;
}

/** "Netherlands" where the runtime knows the name of the region, else the code. */
export function countryName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** An address as printed: street; postcode and city; country. */
export function addressLines(address: PostalAddress | null): string[] {
  if (!address) return [];
  return [address.street, `${address.postcode} ${address.city}`, countryName(address.country)];
}

/** A block of lines stacked in one cell or one column. */
export interface TextPart {
  text: string;
  style?: Style;
  /** Space below it, in points. */
  gap?: number;
}

/** The height of stacked parts in `width`. */
export function measureParts(flow: Flow, parts: readonly TextPart[], width: number): number {
  return parts.reduce((height, p) => height + flow.measure(p.text, width, p.style) + (p.gap ?? 0), 0);
}

/** Draws stacked parts at (x, y) and returns the height they took. */
export function drawParts(flow: Flow, parts: readonly TextPart[], x: number, y: number, width: number): number {
  let at = y;
  for (const p of parts) at += flow.text(p.text, x, at, width, p.style) + (p.gap ?? 0);
  return at - y;
}

/** Facts as label and value, one under the other ("Invoice number  INV-2026-000001"), the first value bold. */
export function drawFacts(flow: Flow, facts: ReadonlyArray<readonly [string, string]>, x: number, y: number, width: number, labelWidth = 96): number {
  let at = y;
  facts.forEach(([label, value], i) => {
    const labelHeight = flow.text(label, x, at, labelWidth, { color: COLOR.muted });
    at += Math.max(labelHeight, flow.text(value, x + labelWidth, at, width - labelWidth, { font: i === 0 ? FONT.bold : FONT.regular })) + 4;
  });
  return at - y;
}

export interface Column {
  title: string;
  /** A width in points; the one column without one takes what is left. */
  width?: number;
  align: 'left' | 'right';
  /** Amounts: the whole column shrinks its type (to 7 pt at least) so that every amount fits on one line. */
  amount?: boolean;
}

const CELL_X = 4;
const CELL_Y = 5;
const HEADER_STYLE: Style = { font: FONT.bold, size: 8 };

/**
 * Draws a table: a grey header (again on every page it continues on), one row per entry, each
 * cell its stacked parts, rows ruled below and never broken over a page.
 */
export function drawTable(flow: Flow, columns: readonly Column[], rows: ReadonlyArray<ReadonlyArray<readonly TextPart[]>>): void {
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  let x = flow.left;
  const placed = columns.map((c) => {
    const width = c.width ?? flow.width - fixed;
    const column = { ...c, x, width };
    x += width;
    return column;
  });
  // The largest size up to 9 pt at which every amount of a column fits it on one line.
  const sizes = placed.map((c, i) => {
    if (!c.amount) return undefined;
    const widest = Math.max(1, ...rows.flatMap((r) => (r[i] ?? []).map((p) => flow.widthOf(p.text, { ...p.style, size: 9 }))));
    return Math.max(7, Math.min(9, Math.floor((9 * (c.width - 2 * CELL_X) * 10) / widest) / 10));
  });
  const cellParts = (row: ReadonlyArray<readonly TextPart[]>, i: number): TextPart[] => {
    const size = sizes[i];
    return (row[i] ?? []).map((p) => (size === undefined ? p : { ...p, style: { ...p.style, size } }));
  };
  // The band is as high as its tallest title ("Partner discount" takes two lines in a narrow column).
  const headerHeight = Math.max(18, ...placed.map((c) => flow.measure(c.title, c.width - 2 * CELL_X, HEADER_STYLE) + 10));
  const header = () => {
    flow.doc.rect(flow.left, flow.y, flow.width, headerHeight).fill(COLOR.band);
    for (const c of placed) flow.text(c.title, c.x + CELL_X, flow.y + 5, c.width - 2 * CELL_X, { ...HEADER_STYLE, align: c.align });
    flow.y += headerHeight;
  };
  const heights = rows.map((row) => Math.max(11, ...placed.map((c, i) => measureParts(flow, cellParts(row, i), c.width - 2 * CELL_X))) + 2 * CELL_Y);
  // The header never stands alone at the foot of a page.
  flow.room(headerHeight + (heights[0] ?? 0));
  header();
  rows.forEach((row, r) => {
    const height = heights[r]!;
    if (flow.room(height)) header();
    const y = flow.y + CELL_Y;
    placed.forEach((c, i) => {
      const parts = cellParts(row, i).map((p) => ({ ...p, style: { ...p.style, align: p.style?.align ?? c.align } }));
      // Every cell's first line shares the baseline of a 9 pt line.
      const shift = parts[0] ? baselineShift({}, parts[0].style ?? {}) : 0;
      drawParts(flow, parts, c.x + CELL_X, y + shift, c.width - 2 * CELL_X);
    });
    flow.y += height;
    flow.rule(flow.y);
  });
  flow.y += 14;
}

/** A column of figures right of the page: label and amount per row, the last one (the total) bold below a rule. */
export function drawFigures(flow: Flow, rows: ReadonlyArray<{ label: string; amount: string }>, total: { label: string; amount: string }): void {
  const blockWidth = 290;
  const x = flow.right - blockWidth;
  const labelWidth = 170;
  const rowHeight = 15;
  flow.room(rows.length * rowHeight + 30);
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
}

/** A paragraph across the page, kept whole on one page. */
export function drawParagraph(flow: Flow, text: string, style: Style = {}, gap = 10): void {
  const height = flow.measure(text, flow.width, style);
  flow.room(height + gap);
  flow.y += flow.text(text, flow.left, flow.y, flow.width, style) + gap;
}

/**
 * The footer of every page: a warning line above it when given, a rule, `left` and "Page n of m".
 * Drawn once every page exists, below the text area.
 */
export function drawFooters(doc: Doc, left: string, warning?: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // The footer sits below the bottom of the text area: without this, pdfkit would open a page for it.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    const base = doc.page.height - MARGIN - 10;
    if (warning) {
      doc.font(FONT.bold).fontSize(8.5).fillColor(COLOR.warn).text(warning, MARGIN, base - 24, { width, align: 'center', lineBreak: false });
    }
    doc.moveTo(MARGIN, base - 6).lineTo(MARGIN + width, base - 6).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted);
    doc.text(left, MARGIN, base, { width: (width * 3) / 4, align: 'left', lineBreak: false });
    doc.text(`Page ${i - start + 1} of ${count}`, MARGIN + (width * 3) / 4, base, { width: width / 4, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}
