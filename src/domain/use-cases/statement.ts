import type { ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import { statementCsv } from '../invoicing/statement';
import type { DocumentFile, Repositories } from '../ports';
import type { LocalDate } from '../pricing/dates';

/** The earliest year a statement is made for. */
export const FIRST_STATEMENT_YEAR = 2000;

export type StatementResult =
  | { kind: 'ok'; file: DocumentFile; entries: number }
  | { kind: 'not_allowed' }
  | { kind: 'invalid_year'; earliest: number; latest: number };

/**
 * A reseller's yearly statement: every invoice and credit note issued in `year`, oldest first,
 * as one CSV file. Owners and purchase users only (they see the invoices); a year in the future
 * or before FIRST_STATEMENT_YEAR is refused. A year without documents gives a file with its header only.
 */
export async function yearlyStatement(repos: Repositories, input: { user: ResellerUser; year: number; today: LocalDate }): Promise<StatementResult> {
  if (!may(input.user.role, 'view_invoices')) return { kind: 'not_allowed' };
  const latest = Number(input.today.slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < FIRST_STATEMENT_YEAR || input.year > latest) return { kind: 'invalid_year', earliest: FIRST_STATEMENT_YEAR, latest };
  const entries = await repos.invoices.statementFor(input.user.resellerId, input.year);
  const reseller = await repos.resellers.get(input.user.resellerId);
  const who = (reseller?.partnerId ?? 'statement').replace(/[^A-Za-z0-9-]/g, '_');
  return {
    kind: 'ok',
    entries: entries.length,
    file: { filename: `statement-${who}-${input.year}.csv`, mimeType: 'text/csv', content: new TextEncoder().encode(statementCsv(entries)) },
  };
}
