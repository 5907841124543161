import type { Knex } from 'knex';
import type { CreditNote } from '../../domain/invoicing/credit-notes';
import type { StatementEntry } from '../../domain/invoicing/statement';
import type { CreditNoteRepository, InvoiceRecord, InvoiceRepository } from '../../domain/ports';
import type { VatTreatment } from '../../domain/tax/vat-treatment';
import { countOf, toInvoice, toInvoiceListEntry } from './rows';

type Row = Record<string, unknown>;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toInvoiceRecord(r: Row): InvoiceRecord {
  return {
    ...toInvoice(r),
    taxableCents: numOrNull(r.taxable_cents),
    vatRateBp: numOrNull(r.vat_rate_bp),
    vatCents: numOrNull(r.vat_cents),
    vatTreatment: (r.vat_treatment as VatTreatment | null) ?? null,
    dueOn: (r.due_on as string | null) ?? null,
    details: (r.details as Record<string, unknown> | null) ?? {},
  };
}

function toCreditNote(r: Row): CreditNote {
  return {
    id: String(r.id), number: String(r.number), seriesYear: Number(r.series_year), seriesNumber: Number(r.series_number),
    invoiceId: String(r.invoice_id), resellerId: String(r.reseller_id), orderId: (r.order_id as string | null) ?? null,
    reason: r.reason as CreditNote['reason'], eventKey: String(r.event_key), issuedOn: String(r.issued_on), currency: String(r.currency).trim(),
    taxableCents: Number(r.taxable_cents), vatRateBp: Number(r.vat_rate_bp), vatCents: Number(r.vat_cents), totalCents: Number(r.total_cents),
    vatTreatment: r.vat_treatment as VatTreatment, details: (r.details as Record<string, unknown>) ?? {},
  };
}

/**
 * The next number of a gapless series (invoices', credit notes'): one counter row per year, whose
 * row lock serialises issuers until the transaction ends; a rollback gives the number back.
 */
async function nextInSeries(db: Knex.Transaction, table: 'invoice_number_series' | 'credit_note_number_series', year: number): Promise<number> {
  const { rows } = await db.raw(
    `insert into ?? (year, last_number) values (?, 1)
     on conflict (year) do update set last_number = ??.last_number + 1
     returning last_number`,
    [table, year, table],
  );
  return Number(rows[0].last_number);
}

/**
 * Invoices and credit notes of a reseller in one list: the same columns from both tables
 * (a credit note's status is `issued`, its total negative, with the number of its invoice).
 */
function entries(db: Knex.Transaction, resellerId: string): Knex.QueryBuilder {
  const invoices = db('invoices')
    .where('invoices.reseller_id', resellerId)
    .select(
      'invoices.id', 'invoices.number', 'invoices.reseller_id', 'invoices.order_id', 'invoices.status', 'invoices.issued_on', 'invoices.paid_on',
      'invoices.currency', 'invoices.total_cents', db.raw(`'invoice' as kind`), db.raw('null::text as credited_invoice_number'), 'invoices.due_on',
      'invoices.vat_treatment', 'invoices.created_at',
      db.raw('coalesce(invoices.taxable_cents, invoices.subtotal_cents - coalesce(invoices.coupon_cents, 0)) as taxable_cents'),
      db.raw(`coalesce(invoices.vat_rate_bp, (invoices.details->'figures'->>'vatRateBp')::integer) as vat_rate_bp`), 'invoices.vat_cents',
    );
  const creditNotes = db('credit_notes')
    .join('invoices', 'invoices.id', 'credit_notes.invoice_id')
    .where('credit_notes.reseller_id', resellerId)
    .select(
      'credit_notes.id', 'credit_notes.number', 'credit_notes.reseller_id', 'credit_notes.order_id', db.raw(`'issued' as status`), 'credit_notes.issued_on',
      db.raw('null::date as paid_on'), 'credit_notes.currency', 'credit_notes.total_cents', db.raw(`'credit_note' as kind`),
      db.raw('invoices.number as credited_invoice_number'), db.raw('null::date as due_on'), 'credit_notes.vat_treatment', 'credit_notes.created_at',
      'credit_notes.taxable_cents', 'credit_notes.vat_rate_bp', 'credit_notes.vat_cents',
    );
  return db.queryBuilder().from(invoices.unionAll(creditNotes, true).as('entries'));
}

export function invoiceRepository(db: Knex.Transaction): InvoiceRepository {
  return {
    nextNumber: (year) => nextInSeries(db, 'invoice_number_series', year),
    async insert(invoice) {
      const [row] = await db('invoices')
        .insert({
          number: invoice.number, series_year: invoice.seriesYear, series_number: invoice.seriesNumber, reseller_id: invoice.resellerId,
          order_id: invoice.orderId, status: invoice.status, issued_on: invoice.issuedOn, paid_on: invoice.paidOn, currency: invoice.currency,
          subtotal_cents: invoice.subtotalCents, coupon_cents: invoice.couponCents, taxable_cents: invoice.taxableCents, vat_rate_bp: invoice.vatRateBp,
          vat_cents: invoice.vatCents, vat_treatment: invoice.vatTreatment, total_cents: invoice.totalCents, due_on: invoice.dueOn, details: invoice.details,
        })
        .returning('*');
      return toInvoice(row);
    },
    async forOrder(orderId, options) {
      const query = db('invoices').where({ order_id: orderId }).first();
      const row = await (options?.forUpdate ? query.forUpdate() : query);
      return row && toInvoiceRecord(row);
    },
    async markPaid(id, paidOn) {
      return (await db('invoices').where({ id, status: 'unpaid' }).update({ status: 'paid', paid_on: paidOn })) === 1;
    },
    async markVoid(id) {
      return (await db('invoices').where({ id, status: 'unpaid' }).update({ status: 'void' })) === 1;
    },
    async listFor(resellerId, page) {
      const [invoices, creditNotes] = await Promise.all([countOf(db('invoices').where({ reseller_id: resellerId })), countOf(db('credit_notes').where({ reseller_id: resellerId }))]);
      const rows = await entries(db, resellerId)
        .orderBy([{ column: 'issued_on', order: 'desc' }, { column: 'created_at', order: 'desc' }, { column: 'number', order: 'desc' }])
        .offset(page.offset)
        .limit(page.limit);
      return { items: rows.map(toInvoiceListEntry), total: invoices + creditNotes };
    },
    async entryFor(resellerId, kind, id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const row = await db.queryBuilder().from(entries(db, resellerId).as('e')).where({ 'e.id': id, 'e.kind': kind }).first();
      return row ? toInvoiceListEntry(row) : undefined;
    },
    async summariesFor(resellerId) {
      const rows = await db('invoices').where({ reseller_id: resellerId }).select('id', 'number', 'issued_on', 'status', 'paid_on', 'total_cents');
      return rows.map((r) => ({ id: r.id, number: r.number, issuedOn: r.issued_on, status: r.status, paidOn: r.paid_on, totalCents: r.total_cents }));
    },
    async statementFor(resellerId, year) {
      const rows = await db.queryBuilder()
        .from(entries(db, resellerId).as('e'))
        .leftJoin('orders', 'orders.id', 'e.order_id')
        .where('e.issued_on', '>=', `${year}-01-01`)
        .where('e.issued_on', '<', `${year + 1}-01-01`)
        .select('e.*', 'orders.number as order_number')
        .orderBy([{ column: 'e.issued_on', order: 'asc' }, { column: 'e.created_at', order: 'asc' }, { column: 'e.number', order: 'asc' }]);
      return rows.map((r): StatementEntry => ({
        kind: r.kind === 'credit_note' ? 'credit_note' : 'invoice',
        number: String(r.number),
        issuedOn: String(r.issued_on),
        orderNumber: numOrNull(r.order_number),
        taxableCents: numOrNull(r.taxable_cents),
        vatRateBp: numOrNull(r.vat_rate_bp),
        vatCents: numOrNull(r.vat_cents),
        totalCents: Number(r.total_cents),
        currency: String(r.currency).trim(),
        status: r.status,
        creditedInvoiceNumber: (r.credited_invoice_number as string | null) ?? null,
      }));
    },
  };
}

export function creditNoteRepository(db: Knex.Transaction): CreditNoteRepository {
  return {
    nextNumber: (year) => nextInSeries(db, 'credit_note_number_series', year),
    async insert(c) {
      const [row] = await db('credit_notes')
        .insert({
          number: c.number, series_year: c.seriesYear, series_number: c.seriesNumber, invoice_id: c.invoiceId, reseller_id: c.resellerId, order_id: c.orderId,
          reason: c.reason, event_key: c.eventKey, issued_on: c.issuedOn, currency: c.currency, taxable_cents: c.taxableCents, vat_rate_bp: c.vatRateBp,
          vat_cents: c.vatCents, total_cents: c.totalCents, vat_treatment: c.vatTreatment, details: c.details,
        })
        .returning('*');
      return toCreditNote(row);
    },
    async findByEvent(eventKey) {
      const row = await db('credit_notes').where({ event_key: eventKey }).first();
      return row && toCreditNote(row);
    },
    async forInvoice(invoiceId) {
      return (await db('credit_notes').where({ invoice_id: invoiceId }).orderBy('series_year').orderBy('series_number')).map(toCreditNote);
    },
  };
}
