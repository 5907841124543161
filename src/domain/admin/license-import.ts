// The licenses a distributor's resellers already hold, loaded from a CSV
// (`key,partner_id,edition,sc,type,term_end,end_customer`): the keys sold before this product
// ran, or renewed at 3CX directly. Each row is checked on its own here; what the rows change
// against the licenses recorded is planned here too, and applied by the use case.
import { EDITIONS, isEdition, isTierOf, type Edition } from '../pricing/catalog';
import { isLocalDate, type LocalDate } from '../pricing/dates';
import { termEnd, type License, type LicenseType } from '../pricing/license';
import { normaliseLicenseKey, type LicenseKey } from '../pricing/license-key';

export const LICENSE_CSV_HEADER = 'key,partner_id,edition,sc,type,term_end,end_customer';
const COLUMNS = LICENSE_CSV_HEADER.split(',').length;
const MAX_CUSTOMER = 120;
// Tabs, line breaks and the other C0/C1 controls (a NUL cannot even be stored).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One license as a row of the file states it. */
export interface LicenseRow {
  line: number;
  key: LicenseKey;
  partnerId: string;
  edition: Edition;
  sc: number;
  type: LicenseType;
  /** `expires_on` of an annual license, `maintenance_until` of a perpetual one. */
  termEnd: LocalDate;
  /** The end customer's company; null: none given (a recorded one is kept). */
  endCustomer: string | null;
}

export type LicenseCsvResult = { kind: 'ok'; rows: LicenseRow[] } | { kind: 'invalid_csv'; line: number; problem: string };

/** Splits one CSV line: cells may be quoted ("Harbor Dental, Inc."), a quote inside doubled. */
function cellsOf(raw: string): string[] | undefined {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (raw[i] === '"') {
      i++;
      for (;;) {
        if (i >= raw.length) return undefined;
        if (raw[i] === '"') {
          if (raw[i + 1] === '"') { cell += '"'; i += 2; continue; }
          i++;
          break;
        }
        cell += raw[i++];
      }
      while (raw[i] === ' ') i++;
      if (i < raw.length && raw[i] !== ',') return undefined;
    } else {
      const end = raw.indexOf(',', i);
      cell = raw.slice(i, end === -1 ? raw.length : end);
      if (cell.includes('"')) return undefined;
      i = end === -1 ? raw.length : end;
    }
    cells.push(cell.trim());
    if (i >= raw.length) return cells;
    i++; // the comma
  }
}

/**
 * Reads a license list; the first line must be the header. Keys are normalised as typed keys
 * are; a key given twice, an SC not sold in the edition, a Startup license that is not annual
 * (it has no maintenance) and a date that is not of the calendar are refused with their line.
 */
export function parseLicenseCsv(text: string): LicenseCsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if ((lines[0] ?? '').trim().toLowerCase().replace(/\s/g, '') !== LICENSE_CSV_HEADER) return { kind: 'invalid_csv', line: 1, problem: `the first line must be ${LICENSE_CSV_HEADER}` };
  const rows: LicenseRow[] = [];
  const seen = new Map<LicenseKey, number>();
  for (const [i, raw] of lines.entries()) {
    if (i === 0 || raw.trim() === '') continue;
    const line = i + 1;
    const invalid = (problem: string) => ({ kind: 'invalid_csv' as const, line, problem });
    const cells = cellsOf(raw);
    if (!cells) return invalid('a quoted value is not closed, or a quote stands inside a value (write it as "" inside quotes)');
    if (cells.length !== COLUMNS) return invalid(`expected ${COLUMNS} values: ${LICENSE_CSV_HEADER} (end_customer may be empty)`);
    if (cells.some((c) => CONTROL.test(c))) return invalid('a value holds a control character');
    const [keyText, partnerId, edition, scText, type, date, customer] = cells as [string, string, string, string, string, string, string];
    const key = normaliseLicenseKey(keyText);
    if (key.kind !== 'ok') return invalid(`${keyText || 'an empty key'} is not a license key (XXXX-XXXX-XXXX-XXXX)`);
    const twice = seen.get(key.key);
    if (twice !== undefined) return invalid(`${key.key} is on line ${twice} already`);
    seen.set(key.key, line);
    if (!/^[A-Za-z0-9-]{1,40}$/.test(partnerId)) return invalid('partner_id must be the reseller\'s partner id');
    const editionCode = edition.toLowerCase();
    if (!isEdition(editionCode)) return invalid(`edition must be one of ${EDITIONS.join(', ')}`);
    const sc = Number(scText);
    if (!/^\d+$/.test(scText) || !isTierOf(editionCode, sc)) return invalid(`${scText} SC is not a size of ${editionCode}`);
    const typeCode = type.toLowerCase();
    if (typeCode !== 'annual' && typeCode !== 'perpetual') return invalid('type must be annual or perpetual');
    if (editionCode === 'startup' && typeCode === 'perpetual') return invalid('a startup license is annual (it has no maintenance)');
    if (!isLocalDate(date)) return invalid('term_end must be a date like 2027-06-14 (the expiry of an annual license, the maintenance date of a perpetual one)');
    if (customer.length > MAX_CUSTOMER) return invalid(`end_customer must be at most ${MAX_CUSTOMER} characters`);
    rows.push({ line, key: key.key, partnerId, edition: editionCode, sc, type: typeCode, termEnd: date, endCustomer: customer === '' ? null : customer });
  }
  if (rows.length === 0) return { kind: 'invalid_csv', line: 2, problem: 'the list has no licenses' };
  return { kind: 'ok', rows };
}

/** A recorded license as the plan compares it: with its reseller's partner id. */
export type RecordedLicense = License & { partnerId: string };

/** What one row changes of a license recorded for the same reseller. */
export interface LicenseChange {
  row: LicenseRow;
  license: RecordedLicense;
  /** The fields that differ, before and after. */
  edition?: { from: Edition; to: Edition };
  sc?: { from: number; to: number };
  termEnd?: { from: LocalDate | null; to: LocalDate };
  endCustomer?: { from: string | null; to: string };
}

export type ImportPlan =
  | { kind: 'ok'; added: LicenseRow[]; changed: LicenseChange[]; unchanged: number }
  | { kind: 'invalid_csv'; line: number; problem: string };

/**
 * What the rows change against the licenses recorded (`recorded`, by key) for the resellers
 * known (`partnerIds`): a new key is added; a key of the same reseller is brought to the row
 * (edition, SC, term end, and the end customer when the row names one); a key recorded for
 * another reseller, or as another type, is refused with its line, since that is a move or a
 * correction staff make on purpose (Move license, Correct license), not a load.
 */
export function planLicenseImport(rows: readonly LicenseRow[], recorded: ReadonlyMap<LicenseKey, RecordedLicense>, partnerIds: ReadonlySet<string>): ImportPlan {
  const added: LicenseRow[] = [];
  const changed: LicenseChange[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const invalid = (problem: string) => ({ kind: 'invalid_csv' as const, line: row.line, problem });
    if (!partnerIds.has(row.partnerId)) return invalid(`there is no reseller with partner id ${row.partnerId}`);
    const license = recorded.get(row.key);
    if (!license) {
      added.push(row);
      continue;
    }
    if (license.partnerId !== row.partnerId) return invalid(`${row.key} is recorded for partner ${license.partnerId}: move it on purpose (staff's Move license), not by a load`);
    if (license.type !== row.type) return invalid(`${row.key} is recorded as ${license.type}, not ${row.type}`);
    const change: LicenseChange = { row, license };
    if (license.edition !== row.edition) change.edition = { from: license.edition, to: row.edition };
    if (license.sc !== row.sc) change.sc = { from: license.sc, to: row.sc };
    const end = termEnd(license);
    if (end !== row.termEnd) change.termEnd = { from: end, to: row.termEnd };
    const customer = license.customerName ?? null;
    if (row.endCustomer !== null && customer?.toLowerCase() !== row.endCustomer.toLowerCase()) change.endCustomer = { from: customer, to: row.endCustomer };
    if (change.edition || change.sc || change.termEnd || change.endCustomer) changed.push(change);
    else unchanged++;
  }
  return { kind: 'ok', added, changed, unchanged };
}
