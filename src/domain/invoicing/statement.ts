// A reseller's yearly statement: every invoice and credit note of a year as one CSV file
// (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break in
// double quotes with their quotes doubled; amounts as decimals with a dot, credit notes negative).
import type { Invoice } from '../accounts/accounts';
import type { LocalDate } from '../pricing/dates';

/** One row of a statement. */
export interface StatementEntry {
  kind: 'invoice' | 'credit_note';
  number: string;
  issuedOn: LocalDate;
  orderNumber: number | null;
  /** Null for invoices imported without their figures. */
  taxableCents: number | null;
  vatRateBp: number | null;
  vatCents: number | null;
  totalCents: number;
  currency: string;
  status: Invoice['status'];
  /** A credit note: the invoice it credits. */
  creditedInvoiceNumber: string | null;
}

export const STATEMENT_COLUMNS = ['number', 'kind', 'date', 'order', 'taxable', 'vat_rate_percent', 'vat', 'total', 'currency', 'status', 'credits_invoice'] as const;

/** Cents as a decimal with a dot and two places: -1200 → "-12.00". */
export function decimalOf(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** Basis points as a percentage with a dot and no trailing zeros: 2100 → "21", 2550 → "25.5". */
export function percentOf(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** One RFC 4180 field. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The statement as CSV text: a header line, then one line per entry in the order given, each ended by CRLF. */
export function statementCsv(entries: readonly StatementEntry[]): string {
  const optional = <T>(value: T | null, show: (v: T) => string) => (value === null ? '' : show(value));
  const rows = entries.map((e) => [
    e.number,
    e.kind === 'credit_note' ? 'credit note' : 'invoice',
    e.issuedOn,
    optional(e.orderNumber, String),
    optional(e.taxableCents, decimalOf),
    optional(e.vatRateBp, percentOf),
    optional(e.vatCents, decimalOf),
    decimalOf(e.totalCents),
    e.currency,
    e.status,
    e.creditedInvoiceNumber ?? '',
  ]);
  return [[...STATEMENT_COLUMNS], ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
