// A price list from CSV (`edition,sc,kind,price`, the price in the currency's units like
// 595.00), checked row by row, and its difference to the list in force the day before it takes
// effect: what an administrator sees before accepting it.
import { compareDates, addDays, type LocalDate } from './dates';
import { EDITIONS, isEdition, isTierOf, priceListOn, type PriceEntry, type PriceKind } from './catalog';

export type PriceCsvResult = { kind: 'ok'; rows: Array<Omit<PriceEntry, 'effectiveFrom'>> } | { kind: 'invalid_csv'; line: number; problem: string };

const HEADER = 'edition,sc,kind,price';

/** Reads a price list; the first line must be the header `edition,sc,kind,price`. */
export function parsePriceCsv(text: string): PriceCsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if ((lines[0] ?? '').trim().toLowerCase().replace(/\s/g, '') !== HEADER) return { kind: 'invalid_csv', line: 1, problem: `the first line must be ${HEADER}` };
  const rows: Array<Omit<PriceEntry, 'effectiveFrom'>> = [];
  const seen = new Set<string>();
  for (const [i, raw] of lines.entries()) {
    if (i === 0 || raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',').map((c) => c.trim());
    if (cells.length !== 4) return { kind: 'invalid_csv', line, problem: 'expected 4 values: edition,sc,kind,price' };
    const [edition, scText, kind, priceText] = cells as [string, string, string, string];
    if (!isEdition(edition)) return { kind: 'invalid_csv', line, problem: `edition must be one of ${EDITIONS.join(', ')}` };
    const sc = Number(scText);
    if (!/^\d+$/.test(scText) || !isTierOf(edition, sc)) return { kind: 'invalid_csv', line, problem: `${scText} SC is not sold in ${edition}` };
    if (kind !== 'annual' && kind !== 'maintenance') return { kind: 'invalid_csv', line, problem: 'kind must be annual or maintenance' };
    if (edition === 'startup' && kind === 'maintenance') return { kind: 'invalid_csv', line, problem: 'startup has no maintenance price' };
    const price = /^(\d{1,7})(?:\.(\d{2}))?$/.exec(priceText);
    const priceCents = price ? Number(price[1]) * 100 + Number(price[2] ?? '0') : 0;
    if (priceCents <= 0) return { kind: 'invalid_csv', line, problem: 'price must be an amount above 0 like 595.00' };
    const key = `${edition}/${sc}/${kind}`;
    if (seen.has(key)) return { kind: 'invalid_csv', line, problem: `${edition} ${sc} SC ${kind} is given twice` };
    seen.add(key);
    rows.push({ edition, sc, kind: kind as PriceKind, priceCents });
  }
  if (rows.length === 0) return { kind: 'invalid_csv', line: 2, problem: 'the list has no prices' };
  return { kind: 'ok', rows };
}

/** One line of a price list's difference; `before` null: not sold before. */
export interface PriceChange {
  edition: PriceEntry['edition'];
  sc: number;
  kind: PriceKind;
  before: number | null;
  after: number;
}

export interface PriceDiff {
  changed: PriceChange[];
  unchanged: number;
  /** In force before and not in the new list: they keep their price. */
  kept: Array<Omit<PriceChange, 'after'> & { before: number }>;
}

/** What a new list changes from the one in force the day before `effective`. */
export function diffPriceList(entries: readonly PriceEntry[], rows: ReadonlyArray<Omit<PriceEntry, 'effectiveFrom'>>, effective: LocalDate): PriceDiff {
  const before = priceListOn(entries, addDays(effective, -1));
  const priceOf = (r: Omit<PriceEntry, 'effectiveFrom' | 'priceCents'>) => (r.kind === 'annual' ? before.annual(r.edition, r.sc) : before.maintenance(r.edition, r.sc)) ?? null;
  const changed: PriceChange[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const was = priceOf(r);
    if (was === r.priceCents) unchanged++;
    else changed.push({ edition: r.edition, sc: r.sc, kind: r.kind, before: was, after: r.priceCents });
  }
  const inFile = new Set(rows.map((r) => `${r.edition}/${r.sc}/${r.kind}`));
  const kept = priceListEntries(entries, addDays(effective, -1))
    .filter((e) => !inFile.has(`${e.edition}/${e.sc}/${e.kind}`))
    .map((e) => ({ edition: e.edition, sc: e.sc, kind: e.kind, before: e.priceCents }));
  return { changed, unchanged, kept };
}

/** The entries in force on `day`, one per edition, SC and kind, in catalog order. */
export function priceListEntries(entries: readonly PriceEntry[], day: LocalDate): PriceEntry[] {
  const chosen = new Map<string, PriceEntry>();
  for (const e of entries) {
    if (compareDates(e.effectiveFrom, day) > 0) continue;
    const key = `${e.edition}/${e.sc}/${e.kind}`;
    const current = chosen.get(key);
    if (!current || compareDates(e.effectiveFrom, current.effectiveFrom) >= 0) chosen.set(key, e);
  }
  const order = (e: PriceEntry) => [EDITIONS.indexOf(e.edition), e.kind === 'annual' ? 0 : 1, e.sc] as const;
  return [...chosen.values()].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

/** The list in force on `day` as CSV, the format `parsePriceCsv` reads. */
export function priceListCsv(entries: readonly PriceEntry[], day: LocalDate): string {
  const money = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return [HEADER, ...priceListEntries(entries, day).map((e) => `${e.edition},${e.sc},${e.kind},${money(e.priceCents)}`)].join('\n') + '\n';
}
