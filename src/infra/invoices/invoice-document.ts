// Issued invoices and credit notes as their PDFs print them: the row and its frozen details,
// read and checked, plus the facts that came after the invoice (the keys issued on payment, the
// day the licenses were delivered, the credit notes that take it back).
import type { Knex } from 'knex';
import { z } from 'zod';
import type { BankAccount } from '../../domain/dashboard/dashboard';
import type { CreditNoteDetails } from '../../domain/invoicing/credit-notes';
import type { InvoiceDetails } from '../../domain/invoicing/documents';
import { VAT_TREATMENTS } from '../../domain/tax/vat-treatment';

export type { InvoiceDetails, InvoiceLine } from '../../domain/invoicing/documents';

/** An invoice row issued for an order, read and checked: everything its PDF shows. */
export interface InvoiceDocument {
  number: string;
  status: 'unpaid' | 'paid' | 'void';
  issuedOn: string;
  paidOn: string | null;
  dueOn: string | null;
  currency: string;
  totalCents: number;
  details: InvoiceDetails;
  /** The keys issued for each new-license line (by position), once the order is fulfilled. */
  issuedKeys: Record<number, string[]>;
  /** The day the licenses were delivered: frozen on the invoice, or the order's fulfilment since. */
  suppliedOn: string | null;
  /** Credit notes issued for it, oldest first. */
  creditNotes: Array<{ number: string; issuedOn: string; totalCents: number }>;
}

/** A credit note row, read and checked. */
export interface CreditNoteDocument {
  number: string;
  issuedOn: string;
  currency: string;
  totalCents: number;
  details: CreditNoteDetails;
}

const cents = z.number().int().nonnegative().refine(Number.isSafeInteger, 'not a safe integer');
const credit = z.number().int().nonpositive().refine(Number.isSafeInteger, 'not a safe integer');
const basisPoints = z.number().int().min(0).max(10_000);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const address = z.object({ street: z.string(), postcode: z.string(), city: z.string(), country: z.string() });
const party = { legalName: z.string().min(1), address: address.nullable(), vatId: z.string().nullable() };

const bankAccount = z.object({
  label: z.string(),
  holder: z.string().optional(),
  iban: z.string().optional(),
  bic: z.string().optional(),
  bank: z.string().optional(),
  note: z.string().optional(),
}) satisfies z.ZodType<BankAccount>;

const seller = z.object({
  ...party,
  name: z.string().min(1),
  chamberOfCommerce: z.string().nullable(),
  bankAccounts: z.object({ local: bankAccount.optional(), international: bankAccount.optional(), online: bankAccount.optional() }),
});
const buyer = z.object({ ...party, company: z.string().min(1), partnerId: z.string(), country: z.string() });
const vat = z.object({ treatment: z.enum(VAT_TREATMENTS), rateBp: basisPoints, mention: z.string().nullable() });

const detailsSchema = z.object({
  version: z.literal(2),
  seller,
  buyer,
  orderNumber: z.number().int().positive(),
  paymentMethod: z.enum(['offline', 'card', 'multisafepay']),
  paymentReference: z.string(),
  supplyDate: localDate.nullable(),
  dueOn: localDate.nullable(),
  vat,
  figures: z.object({
    listCents: cents, partnerDiscountBp: basisPoints, partnerDiscountCents: cents, subtotalCents: cents,
    couponCode: z.string().nullable(), couponCents: cents, taxableCents: cents, vatRateBp: basisPoints, vatCents: cents, totalCents: cents,
  }),
  lines: z.array(z.object({
    position: z.number().int().positive(),
    kind: z.enum(['new_license', 'upgrade', 'renew_annual', 'renew_maintenance']),
    description: z.string(),
    licenseKey: z.string().nullable(),
    endCustomer: z.string().nullable(),
    quantity: z.number().int().positive(),
    unitListCents: cents,
    listCents: cents, partnerDiscountCents: cents, netCents: cents,
  })).min(1),
}) satisfies z.ZodType<InvoiceDetails>;

const creditNoteDetailsSchema = z.object({
  version: z.literal(2),
  seller,
  buyer,
  invoice: z.object({ number: z.string().min(1), issuedOn: localDate }),
  orderNumber: z.number().int().positive().nullable(),
  reason: z.enum(['refund', 'chargeback', 'partial_refund', 'cancellation']),
  vat,
  refundedCents: cents.nullable(),
  lines: z.array(z.object({ description: z.string(), licenseKey: z.string().nullable(), netCents: z.number().int() })).min(1),
  figures: z.object({ taxableCents: credit, vatCents: credit, totalCents: credit }),
}) satisfies z.ZodType<CreditNoteDetails>;

/**
 * The details of an invoice issued before its seller's and buyer's legal details were frozen
 * with it (version 1), in today's shape: the names it had, no address, VAT ID or mention (it
 * had none), each line one unit.
 */
function upgradeDetails(details: unknown, row: { issued_on?: unknown; vat_treatment?: unknown }): unknown {
  const d = details as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || d.version !== undefined || !d.figures) return details;
  const s = (d.seller ?? {}) as Record<string, unknown>;
  const b = (d.buyer ?? {}) as Record<string, unknown>;
  const figures = d.figures as Record<string, unknown>;
  return {
    ...d,
    version: 2,
    seller: { ...s, legalName: s.name, address: null, vatId: null, chamberOfCommerce: null },
    buyer: { ...b, legalName: b.company, address: null, vatId: null },
    // Invoices of version 1 were issued when the order was fulfilled.
    supplyDate: row.issued_on ?? null,
    dueOn: null,
    vat: { treatment: row.vat_treatment ?? 'domestic', rateBp: figures.vatRateBp, mention: null },
    lines: ((d.lines ?? []) as Array<Record<string, unknown>>).map((l) => ({ ...l, endCustomer: null, quantity: 1, unitListCents: l.listCents })),
  };
}

const rowSchema = z.object({
  number: z.string().min(1),
  status: z.enum(['unpaid', 'paid', 'void']),
  issued_on: localDate,
  paid_on: localDate.nullable(),
  due_on: localDate.nullable().optional(),
  currency: z.string().transform((c) => c.trim()),
  total_cents: cents,
  details: detailsSchema,
});

/** Whether an invoices row has the details of an issued invoice (imported ones, like the demo's, do not). */
export function isPrintable(row: { details?: unknown }): boolean {
  const details = row.details as Record<string, unknown> | null | undefined;
  return Boolean(details && typeof details === 'object' && 'figures' in details && 'lines' in details);
}

/**
 * Reads an invoices row as an InvoiceDocument. A row whose details are not what issueInvoice
 * writes, or whose total disagrees with them, is a bug, not something to print: it throws.
 */
export function invoiceDocumentFromRow(
  row: unknown,
  after: Partial<Pick<InvoiceDocument, 'issuedKeys' | 'suppliedOn' | 'creditNotes'>> = {},
): InvoiceDocument {
  const raw = row as Record<string, unknown> | null;
  const parsed = rowSchema.safeParse(raw && { ...raw, details: upgradeDetails(raw.details, raw) });
  const number = raw?.number;
  if (!parsed.success) throw new Error(`invoice ${String(number)} cannot be printed: ${z.prettifyError(parsed.error)}`);
  const r = parsed.data;
  if (r.total_cents !== r.details.figures.totalCents) {
    throw new Error(`invoice ${r.number} cannot be printed: its total ${r.total_cents} differs from its details' ${r.details.figures.totalCents}`);
  }
  return {
    number: r.number, status: r.status, issuedOn: r.issued_on, paidOn: r.paid_on, dueOn: r.due_on ?? r.details.dueOn, currency: r.currency,
    totalCents: r.total_cents, details: r.details, issuedKeys: after.issuedKeys ?? {}, suppliedOn: after.suppliedOn ?? r.details.supplyDate,
    creditNotes: after.creditNotes ?? [],
  };
}

/** Reads a credit_notes row; a row that is not what issueCreditNote writes throws. */
export function creditNoteDocumentFromRow(row: unknown): CreditNoteDocument {
  const parsed = z.object({
    number: z.string().min(1),
    issued_on: localDate,
    currency: z.string().transform((c) => c.trim()),
    total_cents: credit,
    details: creditNoteDetailsSchema,
  }).safeParse(row);
  if (!parsed.success) throw new Error(`credit note ${String((row as { number?: unknown } | null)?.number)} cannot be printed: ${z.prettifyError(parsed.error)}`);
  const r = parsed.data;
  if (r.total_cents !== r.details.figures.totalCents) throw new Error(`credit note ${r.number} cannot be printed: its total differs from its details`);
  return { number: r.number, issuedOn: r.issued_on, currency: r.currency, totalCents: r.total_cents, details: r.details };
}

const INVOICE_COLUMNS = ['invoices.id', 'invoices.number', 'invoices.status', 'invoices.issued_on', 'invoices.paid_on', 'invoices.due_on', 'invoices.currency', 'invoices.total_cents', 'invoices.vat_treatment', 'invoices.details', 'invoices.order_id'];

/** An invoices row with what happened after it was issued. */
async function withAfterwards(knex: Knex, row: Record<string, unknown>): Promise<InvoiceDocument> {
  const keys = row.order_id
    ? await knex('license_events as e')
      .join('licenses as l', 'l.id', 'e.license_id')
      .join('order_lines as ol', 'ol.id', 'e.order_line_id')
      .where({ 'e.order_id': row.order_id, 'e.kind': 'issued' })
      .orderBy('e.id')
      .select('ol.position', 'l.license_key')
    : [];
  const issuedKeys: Record<number, string[]> = {};
  for (const k of keys) (issuedKeys[Number(k.position)] ??= []).push(String(k.license_key));
  const fulfilled = row.order_id
    ? await knex('orders').crossJoin(knex.raw('distributor_settings')).where('orders.id', row.order_id).first(knex.raw(`to_char(orders.fulfilled_at at time zone distributor_settings.timezone, 'YYYY-MM-DD') as day`))
    : undefined;
  const creditNotes = (await knex('credit_notes').where({ invoice_id: row.id }).orderBy(['series_year', 'series_number']).select('number', 'issued_on', 'total_cents'))
    .map((c) => ({ number: String(c.number), issuedOn: String(c.issued_on), totalCents: Number(c.total_cents) }));
  const frozen = (row.details as { supplyDate?: string | null } | null)?.supplyDate ?? null;
  return invoiceDocumentFromRow(row, { issuedKeys, suppliedOn: frozen ?? (fulfilled?.day as string | null | undefined) ?? null, creditNotes });
}

/** The invoice issued for an order, or undefined when the order has none (yet). */
export async function loadInvoiceDocument(knex: Knex, orderId: string): Promise<InvoiceDocument | undefined> {
  const row = await knex('invoices').where({ order_id: orderId }).first(INVOICE_COLUMNS);
  return row === undefined ? undefined : withAfterwards(knex, row);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the reseller's invoices by id; undefined when it has none of that id or it was imported without details. */
export async function loadInvoiceDocumentById(knex: Knex, resellerId: string, invoiceId: string): Promise<InvoiceDocument | undefined> {
  if (!UUID.test(invoiceId) || !UUID.test(resellerId)) return undefined;
  const row = await knex('invoices').where({ 'invoices.id': invoiceId, 'invoices.reseller_id': resellerId }).first(INVOICE_COLUMNS);
  return row === undefined || !isPrintable(row) ? undefined : withAfterwards(knex, row);
}

/** One of the reseller's credit notes by id. */
export async function loadCreditNoteDocument(knex: Knex, resellerId: string, creditNoteId: string): Promise<CreditNoteDocument | undefined> {
  if (!UUID.test(creditNoteId) || !UUID.test(resellerId)) return undefined;
  const row = await knex('credit_notes').where({ id: creditNoteId, reseller_id: resellerId }).first('number', 'issued_on', 'currency', 'total_cents', 'details');
  return row === undefined ? undefined : creditNoteDocumentFromRow(row);
}

/** A credit note by its number (tests, staff). */
export async function loadCreditNoteByNumber(knex: Knex, number: string): Promise<CreditNoteDocument | undefined> {
  const row = await knex('credit_notes').where({ number }).first('number', 'issued_on', 'currency', 'total_cents', 'details');
  return row === undefined ? undefined : creditNoteDocumentFromRow(row);
}
