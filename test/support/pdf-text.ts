// The text of a PDF as a reader sees it, extracted with PDF.js (the unpdf package): each run of
// text with where it stands on its page, so that tests can ask what stands beside a label.
import { expect } from 'vitest';
import { getDocumentProxy } from 'unpdf';

export interface TextRun {
  x: number;
  /** The baseline, from the top of the page. */
  y: number;
  text: string;
}

export interface PdfPage {
  height: number;
  runs: TextRun[];
}

/** Every page's runs of text (empty runs and lone spaces left out). */
export async function pdfPages(pdf: Uint8Array): Promise<PdfPage[]> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const pages: PdfPage[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    const content = await page.getTextContent();
    const runs = content.items
      .flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ x: item.transform[4] as number, y: height - (item.transform[5] as number), text: item.str.trimEnd() }] : []));
    pages.push({ height, runs });
  }
  await document.destroy();
  return pages;
}

/** All the text of a PDF, runs joined by spaces (for phrases that wrap). */
export function allText(pages: readonly PdfPage[]): string {
  return pages.flatMap((p) => p.runs.map((r) => r.text)).join(' ');
}

/** The runs on the same line as the one run `label` (left of `maxX`, when given), to its right. */
export function besides(runs: readonly TextRun[], label: string, maxX = Infinity): string[] {
  const found = runs.filter((r) => r.text === label && r.x < maxX);
  expect(found, `exactly one "${label}"`).toHaveLength(1);
  const [at] = found;
  return runs.filter((r) => Math.abs(r.y - at!.y) < 0.5 && r.x > at!.x).sort((a, b) => a.x - b.x).map((r) => r.text);
}

/** The runs under the one run `label` in the same column (x within 1 pt), top to bottom, up to `count`. */
export function below(runs: readonly TextRun[], label: string, count: number): string[] {
  const found = runs.filter((r) => r.text === label);
  expect(found, `exactly one "${label}"`).toHaveLength(1);
  const [at] = found;
  return runs.filter((r) => r.y > at!.y + 0.5 && Math.abs(r.x - at!.x) < 1).sort((a, b) => a.y - b.y).slice(0, count).map((r) => r.text);
}
