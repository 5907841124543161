/** The number of the `sequence`th invoice of `year`: INV-2026-000042. Numbers are gapless per year. */
export function invoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}
