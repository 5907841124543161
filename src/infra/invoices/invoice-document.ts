import type { Knex } from 'knex';
import { z } from 'zod';
import type { BankAccount, BankDetails } from '../../domain/dashboard/dashboard';
import type { PaymentMethod } from '../../domain/orders/order';
import type { LineKind } from '../../domain/pricing/line';

/** One line of an invoice, as frozen from its order line. */
export interface InvoiceLine {
  position: number;
  kind: LineKind;
  description: string;
  /** The existing key an upgrade or renewal is for; null for new licenses. */
  licenseKey: string | null;
  listCents: number;
  partnerDiscountCents: number;
  netCents: number;
}

/** The figures of the order, in cents and basis points, as they were when it was placed. */
export interface InvoiceFigures {
  listCents: number;
  partnerDiscountBp: number;
  partnerDiscountCents: number;
  subtotalCents: number;
  couponCode: string | null;
  couponCents: number;
  taxableCents: number;
  vatRateBp: number;
  vatCents: number;
  totalCents: number;
}

/** What issueInvoice writes to `invoices.details`: seller, buyer and order on the day of issue. */
export interface InvoiceDetails {
  seller: { name: string; bankAccounts: BankDetails };
  buyer: { company: string; partnerId: string; country: string };
  orderNumber: number;
  paymentMethod: PaymentMethod;
  paymentReference: string;
  figures: InvoiceFigures;
  lines: InvoiceLine[];
}

/** An invoice row issued for an order, read and checked: everything its PDF shows. */
export interface InvoiceDocument {
  number: string;
  status: 'unpaid' | 'paid' | 'void';
  issuedOn: string;
  paidOn: string | null;
  currency: string;
  totalCents: number;
  details: InvoiceDetails;
}

const cents = z.number().int().nonnegative().refine(Number.isSafeInteger, 'not a safe integer');
const basisPoints = z.number().int().min(0).max(10_000);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const bankAccount = z.object({
  label: z.string(),
  holder: z.string().optional(),
  iban: z.string().optional(),
  bic: z.string().optional(),
  bank: z.string().optional(),
  note: z.string().optional(),
}) satisfies z.ZodType<BankAccount>;

const detailsSchema = z.object({
  seller: z.object({
    name: z.string().min(1),
    bankAccounts: z.object({ local: bankAccount.optional(), international: bankAccount.optional(), online: bankAccount.optional() }),
  }),
  buyer: z.object({ company: z.string().min(1), partnerId: z.string(), country: z.string() }),
  orderNumber: z.number().int().positive(),
  paymentMethod: z.enum(['offline', 'card', 'multisafepay']),
  paymentReference: z.string(),
  figures: z.object({
    listCents: cents, partnerDiscountBp: basisPoints, partnerDiscountCents: cents, subtotalCents: cents,
    couponCode: z.string().nullable(), couponCents: cents, taxableCents: cents, vatRateBp: basisPoints, vatCents: cents, totalCents: cents,
  }),
  lines: z.array(z.object({
    position: z.number().int().positive(),
    kind: z.enum(['new_license', 'upgrade', 'renew_annual', 'renew_maintenance']),
    description: z.string(),
    licenseKey: z.string().nullable(),
    listCents: cents, partnerDiscountCents: cents, netCents: cents,
  })).min(1),
}) satisfies z.ZodType<InvoiceDetails>;

const rowSchema = z.object({
  number: z.string().min(1),
  status: z.enum(['unpaid', 'paid', 'void']),
  issued_on: localDate,
  paid_on: localDate.nullable(),
  currency: z.string().transform((c) => c.trim()),
  total_cents: cents,
  details: detailsSchema,
});

/**
 * Reads an invoices row as an InvoiceDocument. A row whose details are not what issueInvoice
 * writes, or whose total disagrees with them, is a bug, not something to print: it throws.
 */
export function invoiceDocumentFromRow(row: unknown): InvoiceDocument {
  const parsed = rowSchema.safeParse(row);
  const number = (row as { number?: unknown } | null)?.number;
  if (!parsed.success) throw new Error(`invoice ${String(number)} cannot be printed: ${z.prettifyError(parsed.error)}`);
  const r = parsed.data;
  if (r.total_cents !== r.details.figures.totalCents) {
    throw new Error(`invoice ${r.number} cannot be printed: its total ${r.total_cents} differs from its details' ${r.details.figures.totalCents}`);
  }
  return { number: r.number, status: r.status, issuedOn: r.issued_on, paidOn: r.paid_on, currency: r.currency, totalCents: r.total_cents, details: r.details };
}

/** The invoice issued for an order, or undefined when the order has none (yet). */
export async function loadInvoiceDocument(knex: Knex, orderId: string): Promise<InvoiceDocument | undefined> {
  const row: unknown = await knex('invoices').where({ order_id: orderId }).first('number', 'status', 'issued_on', 'paid_on', 'currency', 'total_cents', 'details');
  return row === undefined ? undefined : invoiceDocumentFromRow(row);
}
