import type { Knex } from 'knex';
// Row ↔ domain mapping shared by the repositories. bigint columns arrive as numbers and
// date columns as 'YYYY-MM-DD' strings (see src/infra/db/connection.ts).
import type { Invoice, InvoiceListEntry, Reseller, ResellerUser, StaffUser } from '../../domain/accounts/accounts';
import { resolveVat, type VatTreatment } from '../../domain/tax/vat-treatment';
import type { Role } from '../../domain/accounts/roles';
import type { CartLine } from '../../domain/pricing/cart';
import type { Edition } from '../../domain/pricing/catalog';
import type { Coupon } from '../../domain/pricing/coupon';
import type { License } from '../../domain/pricing/license';
import type { LineKind, LineQuote, LineRequest } from '../../domain/pricing/line';
import type { Channel, Order, OrderLine, OrderStatus, PaymentMethod } from '../../domain/orders/order';

type Row = Record<string, unknown>;

/** The number of rows a query matches. */
export async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const rows = (await query.clone().clearSelect().count({ count: '*' })) as Array<{ count: string | number }>;
  return Number(rows[0]?.count ?? 0);
}

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function toLicense(r: Row): License {
  return {
    id: str(r.id),
    key: str(r.license_key),
    resellerId: str(r.reseller_id),
    customerId: strOrNull(r.end_customer_id),
    customerName: strOrNull(r.customer_name),
    type: r.type as License['type'],
    edition: r.edition as Edition,
    sc: num(r.sc),
    expiresOn: strOrNull(r.expires_on),
    maintenanceUntil: strOrNull(r.maintenance_until),
  };
}

export function toUser(r: Row): ResellerUser {
  return {
    id: str(r.id),
    resellerId: str(r.reseller_id),
    username: str(r.username),
    name: str(r.name),
    role: r.role as Role,
    passwordHash: str(r.password_hash),
    failedAttempts: num(r.failed_attempts),
    lockedUntil: dateOrNull(r.locked_until),
    lastFailedAt: dateOrNull(r.last_failed_at),
    active: Boolean(r.active),
  };
}

export function toStaffUser(r: Row): StaffUser {
  return {
    id: str(r.id),
    username: str(r.username),
    name: str(r.name),
    role: r.role as StaffUser['role'],
    passwordHash: str(r.password_hash),
    failedAttempts: num(r.failed_attempts),
    lockedUntil: dateOrNull(r.locked_until),
    active: Boolean(r.active),
  };
}

/**
 * A resellers row with its effective VAT, judged against the distributor's country. A reseller
 * without an explicit rate needs that country: without it the store cannot price its orders.
 */
export function toReseller(r: Row, distributorCountry: string | null): Reseller {
  const explicitVatRateBp = numOrNull(r.vat_rate_bp);
  const vatId = strOrNull(r.vat_id);
  const vat = resolveVat({ distributorCountry, resellerCountry: str(r.country), resellerVatId: vatId, explicitRateBp: explicitVatRateBp });
  if (vat.kind !== 'resolved') {
    throw new Error(`reseller ${str(r.partner_id)} has no explicit VAT rate and the distributor's country is ${vat.reason === 'distributor_outside_eu' ? 'outside the EU' : 'not set'}: set the distributor's address, or an explicit rate (npm run ops -- resellers:edit ${str(r.partner_id)} --vat-rate <percent>)`);
  }
  const street = strOrNull(r.address_street);
  return {
    id: str(r.id),
    partnerId: str(r.partner_id),
    company: str(r.company),
    country: str(r.country),
    levelCode: str(r.level_code),
    discountBp: num(r.discount_bp),
    vatRateBp: vat.rateBp,
    vatTreatment: vat.treatment,
    explicitVatRateBp,
    timezone: str(r.timezone),
    remindSalesUsers: Boolean(r.remind_sales_users),
    legalName: strOrNull(r.legal_name) ?? str(r.company),
    address: street === null ? null : { street, postcode: str(r.address_postcode), city: str(r.address_city), country: str(r.country) },
    vatId,
    vatIdVerified: r.vat_id_verified === null || r.vat_id_verified === undefined ? null : Boolean(r.vat_id_verified),
    vatIdCheckedAt: dateOrNull(r.vat_id_checked_at),
  };
}

export function toCoupon(r: Row): Coupon {
  return {
    id: str(r.id),
    code: str(r.code),
    value: r.percent_bp !== null && r.percent_bp !== undefined
      ? { type: 'percent', basisPoints: num(r.percent_bp) }
      : { type: 'amount', amountCents: num(r.amount_cents) },
    validFrom: str(r.valid_from),
    validUntil: str(r.valid_until),
    maxRedemptions: numOrNull(r.max_redemptions),
    perResellerLimit: numOrNull(r.per_reseller_limit),
    minSubtotalCents: numOrNull(r.min_subtotal_cents),
    appliesTo: (r.applies_to as LineKind[] | null) ?? null,
  };
}

export function toCartLine(r: Row): CartLine {
  return { id: str(r.id), request: r.request as LineRequest, quote: r.quote as LineQuote };
}

export function toOrderLine(r: Row): OrderLine {
  return {
    id: str(r.id),
    position: num(r.position),
    kind: r.kind as LineKind,
    description: str(r.description),
    edition: r.edition as Edition,
    sc: num(r.sc),
    quantity: num(r.quantity),
    years: num(r.years),
    licenseId: strOrNull(r.license_id),
    licenseKey: strOrNull(r.license_key),
    fromEdition: (r.from_edition as Edition | null) ?? null,
    fromSc: numOrNull(r.from_sc),
    remainingDays: numOrNull(r.remaining_days),
    endCustomerId: strOrNull(r.end_customer_id),
    unitPriceCents: num(r.unit_price_cents),
    listCents: num(r.list_cents),
    partnerDiscountCents: num(r.partner_discount_cents),
    netCents: num(r.net_cents),
    newTermEnd: strOrNull(r.new_term_end),
  };
}

export function toOrder(r: Row, lines: OrderLine[]): Order {
  return {
    id: str(r.id),
    number: num(r.number),
    resellerId: str(r.reseller_id),
    placedBy: str(r.placed_by),
    channel: r.channel as Channel,
    chatId: strOrNull(r.chat_id),
    status: r.status as OrderStatus,
    paymentMethod: r.payment_method as PaymentMethod,
    paymentReference: str(r.payment_reference),
    currency: str(r.currency),
    partnerDiscountBp: num(r.partner_discount_bp),
    vatRateBp: num(r.vat_rate_bp),
    vatTreatment: (r.vat_treatment as VatTreatment | null) ?? null,
    listCents: num(r.list_cents),
    partnerDiscountCents: num(r.partner_discount_cents),
    subtotalCents: num(r.subtotal_cents),
    couponId: strOrNull(r.coupon_id),
    couponCode: strOrNull(r.coupon_code),
    couponCents: num(r.coupon_cents),
    taxableCents: num(r.taxable_cents),
    vatCents: num(r.vat_cents),
    totalCents: num(r.total_cents),
    placedOn: str(r.placed_on),
    placedAt: new Date(r.placed_at as string),
    expiresAt: dateOrNull(r.expires_at),
    paidAt: dateOrNull(r.paid_at),
    fulfilledAt: dateOrNull(r.fulfilled_at),
    closedAt: dateOrNull(r.closed_at),
    closeReason: strOrNull(r.close_reason),
    lines,
  };
}

export function toInvoice(r: Row): Invoice {
  return {
    id: str(r.id),
    number: str(r.number),
    resellerId: str(r.reseller_id),
    orderId: strOrNull(r.order_id),
    status: r.status as Invoice['status'],
    issuedOn: str(r.issued_on),
    paidOn: strOrNull(r.paid_on),
    currency: str(r.currency).trim(),
    totalCents: num(r.total_cents),
  };
}

/** A row of the invoice list (invoices and credit notes in one query, see InvoiceRepository.listFor). */
export function toInvoiceListEntry(r: Row): InvoiceListEntry {
  return {
    ...toInvoice(r),
    kind: r.kind === 'credit_note' ? 'credit_note' : 'invoice',
    creditedInvoiceNumber: strOrNull(r.credited_invoice_number),
    dueOn: strOrNull(r.due_on),
    vatTreatment: (r.vat_treatment as VatTreatment | null) ?? null,
  };
}
