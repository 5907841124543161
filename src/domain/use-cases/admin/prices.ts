// The Admin portal's price lists: a CSV imported with the day it takes effect, shown as its
// difference to the list in force the day before and applied only when accepted; quotes use
// the list in force on their own day (priceListOn), so a future list changes nothing before
// it. The list of a day exported as CSV.
import { actorLabel, refuseUnlessAdmin, type Forbidden, type StaffActor } from '../../admin/actor';
import type { AdminStore } from '../../admin/ports';
import { compareDates, isLocalDate, type LocalDate } from '../../pricing/dates';
import { diffPriceList, parsePriceCsv, priceListCsv, type PriceDiff } from '../../pricing/price-import';

export type PriceImportResult =
  | { kind: 'preview' | 'applied'; effective: LocalDate; diff: PriceDiff; rows: number }
  | { kind: 'invalid_csv'; line: number; problem: string }
  | { kind: 'invalid_date' }
  | { kind: 'effective_in_past'; today: LocalDate }
  | Forbidden;

/**
 * Reads a price list and compares it with the list in force the day before `effective`;
 * with `apply`, stores it (from `effective`, today at the earliest) and audits every change.
 */
export async function importPriceList(store: AdminStore, input: { actor: StaffActor; csv: string; effective: string; today: LocalDate; apply: boolean }): Promise<PriceImportResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  if (!isLocalDate(input.effective)) return { kind: 'invalid_date' };
  const effective = input.effective;
  if (compareDates(effective, input.today) < 0) return { kind: 'effective_in_past', today: input.today };
  const parsed = parsePriceCsv(input.csv);
  if (parsed.kind !== 'ok') return parsed;
  return store.transaction(async (repos): Promise<PriceImportResult> => {
    const diff = diffPriceList(await repos.prices.entries(), parsed.rows, effective);
    if (!input.apply) return { kind: 'preview', effective, diff, rows: parsed.rows.length };
    await repos.admin.prices.save(parsed.rows.map((r) => ({ ...r, effectiveFrom: effective })));
    await repos.audit.append({
      actor: actorLabel(input.actor), action: 'prices.imported', subject: `price_list:${effective}`,
      details: { effective, rows: parsed.rows.length, before: diff.changed.map((c) => ({ item: `${c.edition}/${c.sc}/${c.kind}`, cents: c.before })), after: diff.changed.map((c) => ({ item: `${c.edition}/${c.sc}/${c.kind}`, cents: c.after })) },
    });
    return { kind: 'applied', effective, diff, rows: parsed.rows.length };
  });
}

/** The price list in force on `day` as CSV. */
export async function exportPriceList(store: AdminStore, input: { day: string }): Promise<{ kind: 'exported'; day: LocalDate; csv: string } | { kind: 'invalid_date' }> {
  if (!isLocalDate(input.day)) return { kind: 'invalid_date' };
  const day = input.day;
  return { kind: 'exported', day, csv: priceListCsv(await store.transaction((repos) => repos.prices.entries()), day) };
}
