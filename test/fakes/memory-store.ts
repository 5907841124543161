// The in-memory twin of the PostgreSQL store (src/infra/store/*.ts and migrations/*.ts).
// Plain arrays for tables; each repository does what its SQL does: the same filters,
// orderings, conflict handling, conditional updates, check constraints, unique indexes and
// foreign keys, and the same jsonb round trips. Transactions run one at a time (the row locks
// our critical sections take serialise them in PostgreSQL) and a unit of work that throws
// leaves nothing behind. Where PostgreSQL does not roll something back (identity and
// bigserial sequences) neither does this.
import { memoryStaffDesk } from './memory-staff-desk';
import type { StaffDesk, StaffSessionRepository } from '../../src/domain/staff/desk';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DistributorSettings, EndCustomer, Invoice, InvoiceListEntry, Reseller, ResellerUser, StaffUser } from '../../src/domain/accounts/accounts';
import type { CreditNote } from '../../src/domain/invoicing/credit-notes';
import type { StatementEntry } from '../../src/domain/invoicing/statement';
import { resolveVat } from '../../src/domain/tax/vat-treatment';
import type { NoticeKind, Referral } from '../../src/domain/dashboard/dashboard';
import type { Order, OrderLine, OrderStatus } from '../../src/domain/orders/order';
import type {
  ApprovalRepository, TeamChat, AuditEntry, AuditLog, CartRepository, ChannelIdentity, CreditNoteRepository, IdentityRepository, InvoiceRecord, NewInvoice, Outbox, OutboxMessage, ReminderSettings, CouponRepository, CustomerRepository, DistributorRepository, InvoiceRepository,
  LicenseEvent, LicenseRepository, NoticeRepository, OrderRepository, PaymentRecord, PaymentRepository, PriceRepository,
  ProviderOrder, ProviderOrderRepository, ReferralRepository, Repositories, ResellerRepository, StaffUserRepository, Store, UserRepository, LoginFailureRepository, MenuFigures,
} from '../../src/domain/ports';
import type { CartLine } from '../../src/domain/pricing/cart';
import type { ApprovalRequest } from '../../src/domain/approvals/approval';
import type { PriceEntry } from '../../src/domain/pricing/catalog';
import type { Coupon } from '../../src/domain/pricing/coupon';
import { isLocalDate, type LocalDate } from '../../src/domain/pricing/dates';
import type { License } from '../../src/domain/pricing/license';
import type { LineKind, LineQuote, LineRequest } from '../../src/domain/pricing/line';

// ---------------------------------------------------------------------------------------
// Tables

export interface UserRow extends ResellerUser {
  lastLoginAt: Date | null;
}

export interface StaffUserRow extends StaffUser {
  lastLoginAt: Date | null;
}

/** resellers: what is stored; the effective VAT rate and treatment are judged when it is read. */
export type ResellerRow = Omit<Reseller, 'vatRateBp' | 'vatTreatment'>;

export interface LicenseRow extends Omit<License, 'customerName'> {
  paymentFlag: string | null;
  remindersStopped: boolean;
}

export interface LicenseEventRow extends LicenseEvent {
  id: number;
}

export interface CartRow {
  id: string;
  userId: string;
  resellerId: string;
}

export interface CartLineRow {
  id: string;
  cartId: string;
  kind: LineKind;
  licenseId: string | null;
  request: LineRequest;
  quote: LineQuote;
  listCents: number;
  quotedOn: LocalDate;
  /** cart_lines.seq, an identity: the order the lines were added in, even within one transaction. */
  seq: number;
}

export interface CouponRedemptionRow {
  id: number;
  couponId: string;
  resellerId: string;
  orderId: string;
  status: 'reserved' | 'redeemed' | 'released';
  reservedAt: Date;
  redeemedAt: Date | null;
  releasedAt: Date | null;
}

export type OrderRow = Omit<Order, 'lines'> & { idempotencyKey: string };
export type OrderLineRow = OrderLine & { orderId: string };

export interface PaymentRow extends PaymentRecord {
  id: string;
  /** Stands in for created_at; PostgreSQL leaves the order of equal created_at (one transaction) open. */
  seq: number;
}

export type InvoiceRow = NewInvoice & {
  id: string;
  /** Stands in for created_at (now(): the transaction's start, the same for every row it writes). */
  createdAt: number;
};

export interface CreditNoteRow extends CreditNote {
  createdAt: number;
}

export interface ReferralRow extends Referral {
  resellerId: string;
}

export interface DismissedNoticeRow {
  userId: string;
  kind: NoticeKind;
  ref: string;
}

export interface IdentityRow extends ChannelIdentity {
  id: number;
  userId: string | null;
  unreachableSince: Date | null;
}

export interface AuditRow extends AuditEntry {
  id: number;
}

/** Every table, as plain data (structuredClone-able). */
export interface MemoryState {
  distributor: DistributorSettings | null;
  resellers: ResellerRow[];
  users: UserRow[];
  staffUsers: StaffUserRow[];
  customers: EndCustomer[];
  /** The end customers archived ("deleted" by their reseller): end_customers.archived_at set. */
  archivedCustomers?: string[];
  prices: PriceEntry[];
  licenses: LicenseRow[];
  licenseEvents: LicenseEventRow[];
  carts: CartRow[];
  cartLines: CartLineRow[];
  coupons: Coupon[];
  couponRedemptions: CouponRedemptionRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  payments: PaymentRow[];
  /** invoice_number_series: year → last number given out. */
  invoiceSeries: Record<number, number>;
  invoices: InvoiceRow[];
  /** credit_note_number_series: year → last number given out. */
  creditNoteSeries: Record<number, number>;
  creditNotes: CreditNoteRow[];
  referrals: ReferralRow[];
  dismissedNotices: DismissedNoticeRow[];
  audit: AuditRow[];
  /** channel_identities: which chat user is logged in as which reseller user. */
  identities: IdentityRow[];
  outbox: Array<OutboxMessage & { id: number }>;
  snoozes: Array<{ licenseId: string; userId: string; termEnd: string; until: string }>;
  /** provider_orders, with `updatedAt` as an ISO string (the state is cloned as JSON). */
  providerOrders: Array<Omit<ProviderOrder, 'updatedAt'> & { updatedAt: string; request: Record<string, unknown>; response: unknown }>;
  /** approval_requests, dates as ISO strings (the state is cloned as JSON); names are joined on reading. */
  approvals: Array<Omit<ApprovalRequest, 'requesterName' | 'deciderName' | 'requestedAt' | 'lapsesAt' | 'decidedAt'> & { requestedAt: string; lapsesAt: string; decidedAt: string | null }>;
  approvalTeamChats: Array<TeamChat & { resellerId: string; chosenBy: string }>;
  /** staff_sessions: which chat is logged in as which member of staff. */
  staffSessions: Array<ChannelIdentity & { staffId: string }>;
  /** login_failures: failed logins with usernames nobody has, by the username in lower case. */
  loginFailures: Array<{ username: string; failedAttempts: number; lockedUntil: Date | null; lastFailedAt: Date | null }>;
}

/** What a test may put in the tables before it starts; every row passes the same checks as an insert. */
export interface MemorySeed {
  distributor?: DistributorSettings;
  /** Resellers; `vatRateBp` and `vatTreatment` are judged on reading (the explicit rate is `explicitVatRateBp`). */
  resellers?: Array<ResellerRow & Partial<Pick<Reseller, 'vatRateBp' | 'vatTreatment'>>>;
  users?: Array<ResellerUser & { lastLoginAt?: Date | null }>;
  staffUsers?: StaffUser[];
  customers?: EndCustomer[];
  prices?: PriceEntry[];
  licenses?: Array<License & { paymentFlag?: string | null; remindersStopped?: boolean }>;
  coupons?: Coupon[];
  referrals?: ReferralRow[];
  invoices?: Array<Invoice & Partial<Omit<InvoiceRow, keyof Invoice | 'createdAt'>>>;
  dismissedNotices?: DismissedNoticeRow[];
  identities?: Array<ChannelIdentity & { userId: string | null; unreachableSince?: Date | null }>;
}

export type MemoryStore = Store & {
  /** The tables as they are now (after a rollback, the restored copy). */
  readonly state: MemoryState;
};

// ---------------------------------------------------------------------------------------
// Errors shaped like node-postgres' DatabaseError: `code` is the SQLSTATE.

export class MemoryDatabaseError extends Error {
  constructor(message: string, readonly code: string, readonly constraint?: string) {
    super(message);
    this.name = 'MemoryDatabaseError';
  }
}

const uniqueViolation = (constraint: string) =>
  new MemoryDatabaseError(`duplicate key value violates unique constraint "${constraint}"`, '23505', constraint);
const checkViolation = (table: string, constraint: string) =>
  new MemoryDatabaseError(`new row for relation "${table}" violates check constraint "${constraint}"`, '23514', constraint);
const foreignKeyViolation = (table: string, constraint: string) =>
  new MemoryDatabaseError(`insert or update on table "${table}" violates foreign key constraint "${constraint}"`, '23503', constraint);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value for a uuid column: PostgreSQL refuses anything that is not one (22P02). */
function uuid(value: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new MemoryDatabaseError(`invalid input syntax for type uuid: "${String(value)}"`, '22P02');
  }
  return value.toLowerCase();
}
const uuidOrNull = (value: string | null): string | null => (value === null ? null : uuid(value));

function date(value: string, column: string): LocalDate {
  if (!isLocalDate(value)) throw new MemoryDatabaseError(`invalid input syntax for type date: "${String(value)}" (${column})`, '22007');
  return value;
}
const dateOrNull = (value: string | null, column: string): LocalDate | null => (value === null ? null : date(value, column));

/** A char(n) column: longer values are refused, shorter ones padded with spaces. */
function char(value: string, length: number): string {
  if (value.length > length) throw new MemoryDatabaseError(`value too long for type character(${length})`, '22001');
  return value.padEnd(length, ' ');
}

/** char(n) = text: trailing spaces do not count. */
const sameChars = (a: string, b: string) => a.trimEnd() === b.trimEnd();

/** What a jsonb column gives back: undefined keys dropped, Dates as ISO strings. */
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function ensure(condition: boolean, table: string, constraint: string): void {
  if (!condition) throw checkViolation(table, constraint);
}

const EDITIONS = ['startup', 'professional', 'enterprise'];
const SC_TIERS = [4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024];
const LINE_KINDS: readonly string[] = ['new_license', 'upgrade', 'renew_annual', 'renew_maintenance'];
const ORDER_STATUSES: readonly string[] = ['awaiting_payment', 'paid', 'fulfilled', 'cancelled', 'expired', 'refunded'];
const METHODS: readonly string[] = ['offline', 'card', 'multisafepay'];
const CHANNELS: readonly string[] = ['telegram', 'slack', 'console'];
const VAT_TREATMENTS: readonly string[] = ['domestic', 'reverse_charge', 'outside_eu'];
const CREDIT_NOTE_REASONS: readonly string[] = ['refund', 'chargeback', 'partial_refund', 'cancellation'];
const EVENT_KINDS: readonly string[] = ['imported', 'issued', 'upgraded', 'renewed', 'maintenance_renewed', 'payment_flagged', 'reminders_stopped'];
const KEY_FORMAT = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
const MAX_CART_LINES = 20;

const emptyState = (): MemoryState => ({
  distributor: null, resellers: [], users: [], staffUsers: [], customers: [], prices: [], licenses: [], licenseEvents: [], carts: [], cartLines: [],
  coupons: [], couponRedemptions: [], orders: [], orderLines: [], payments: [], invoiceSeries: {}, invoices: [], creditNoteSeries: {}, creditNotes: [], referrals: [],
  dismissedNotices: [], audit: [], identities: [], outbox: [], snoozes: [], providerOrders: [], approvals: [], approvalTeamChats: [], staffSessions: [], loginFailures: [],
});

// ---------------------------------------------------------------------------------------
// The store

/**
 * An in-memory Store: the same behaviour as the PostgreSQL one for everything the domain
 * does through the ports. `seed` fills the tables first (through the same checks as inserts).
 */
export function memoryStore(seed: MemorySeed = {}): MemoryStore {
  let state = emptyState();
  // Sequences live outside the tables: PostgreSQL never gives their values back on rollback.
  const sequence = { uuid: 0, orderNumber: 0, bigserial: 0, seq: 0, transaction: 0 };
  /** now() of the running transaction: rows written in one transaction share their created_at. */
  const transactionStart = () => sequence.transaction;
  const newUuid = () => `00000000-0000-4000-8000-${String(++sequence.uuid).padStart(12, '0')}`;
  const nextId = () => ++sequence.bigserial;
  const nextSeq = () => ++sequence.seq;

  const has = {
    reseller: (id: string) => state.resellers.some((r) => r.id === id),
    user: (id: string) => state.users.some((u) => u.id === id),
    customer: (id: string) => state.customers.some((c) => c.id === id),
    license: (id: string) => state.licenses.some((l) => l.id === id),
    coupon: (id: string) => state.coupons.some((c) => c.id === id),
    order: (id: string) => state.orders.some((o) => o.id === id),
  };
  function references(table: string, constraint: string, exists: boolean): void {
    if (!exists) throw foreignKeyViolation(table, constraint);
  }

  // --- rows in, with their constraints -----------------------------------------------------

  function checkReseller(row: ResellerRow): void {
    ensure(Number.isInteger(row.discountBp) && row.discountBp >= 0 && row.discountBp <= 10_000, 'resellers', 'resellers_discount');
    ensure(row.explicitVatRateBp === null || (Number.isInteger(row.explicitVatRateBp) && row.explicitVatRateBp >= 0 && row.explicitVatRateBp <= 10_000), 'resellers', 'resellers_vat');
    ensure(/^[A-Z]{2}$/.test(row.country), 'resellers', 'resellers_country');
    ensure(row.address === null || row.address.country === row.country, 'resellers', 'resellers_address');
    ensure(row.vatId === null || /^[A-Z]{2,3}[0-9A-Z+*]{2,14}$/.test(row.vatId), 'resellers', 'resellers_vat_id');
    ensure((row.vatIdVerified === null || row.vatIdCheckedAt !== null) && (row.vatId !== null || row.vatIdVerified === null), 'resellers', 'resellers_vat_id_verified');
  }

  function insertReseller(r: ResellerRow & Partial<Pick<Reseller, 'vatRateBp' | 'vatTreatment'>>): ResellerRow {
    const { vatRateBp: _rate, vatTreatment: _treatment, ...columns } = r;
    const row: ResellerRow = { ...columns, id: uuid(r.id) };
    checkReseller(row);
    if (state.resellers.some((x) => x.id === row.id)) throw uniqueViolation('resellers_pkey');
    if (state.resellers.some((x) => x.partnerId === row.partnerId)) throw uniqueViolation('resellers_partner_id_unique');
    state.resellers.push(row);
    return row;
  }

  /** login_names: one login name for one person, reseller user or staff. */
  const loginNameTaken = (username: string) =>
    [...state.users, ...state.staffUsers].some((x) => x.username.toLowerCase() === username.toLowerCase());

  function insertStaffUser(u: StaffUser & { lastLoginAt?: Date | null }): StaffUserRow {
    const row: StaffUserRow = { ...u, id: uuid(u.id), lastLoginAt: u.lastLoginAt ?? null };
    ensure(row.role === 'staff' || row.role === 'admin', 'staff_users', 'staff_users_role');
    ensure(Number.isInteger(row.failedAttempts) && row.failedAttempts >= 0, 'staff_users', 'staff_users_failed');
    if (state.staffUsers.some((x) => x.id === row.id)) throw uniqueViolation('staff_users_pkey');
    if (state.staffUsers.some((x) => x.username.toLowerCase() === row.username.toLowerCase())) throw uniqueViolation('staff_users_username');
    if (loginNameTaken(row.username)) throw uniqueViolation('login_names_pkey');
    state.staffUsers.push(row);
    return row;
  }

  function insertUser(u: ResellerUser & { lastLoginAt?: Date | null }): UserRow {
    const row: UserRow = { ...u, id: uuid(u.id), resellerId: uuid(u.resellerId), lastLoginAt: u.lastLoginAt ?? null };
    references('reseller_users', 'reseller_users_reseller_id_foreign', has.reseller(row.resellerId));
    ensure(['owner', 'purchase', 'sales', 'support'].includes(row.role), 'reseller_users', 'reseller_users_role');
    ensure(Number.isInteger(row.failedAttempts) && row.failedAttempts >= 0, 'reseller_users', 'reseller_users_failed');
    // Deliberately not enforced: reseller_users_hash (password_hash like 'scrypt$%'), so that the
    // fake hasher's plain$… hashes can be stored.
    if (state.users.some((x) => x.id === row.id)) throw uniqueViolation('reseller_users_pkey');
    if (state.users.some((x) => x.username.toLowerCase() === row.username.toLowerCase())) throw uniqueViolation('reseller_users_username');
    if (loginNameTaken(row.username)) throw uniqueViolation('login_names_pkey');
    state.users.push(row);
    return row;
  }

  function insertCustomer(c: EndCustomer): EndCustomer {
    const row: EndCustomer = { ...c, id: uuid(c.id), resellerId: uuid(c.resellerId) };
    references('end_customers', 'end_customers_reseller_id_foreign', has.reseller(row.resellerId));
    ensure(row.company.trim().length > 0, 'end_customers', 'end_customers_company_nonempty');
    if (state.customers.some((x) => x.id === row.id)) throw uniqueViolation('end_customers_pkey');
    if (customerByCompany(row.resellerId, row.company)) throw uniqueViolation('end_customers_company');
    state.customers.push(row);
    return row;
  }
  const customerByCompany = (resellerId: string, company: string) =>
    state.customers.find((x) => x.resellerId === resellerId && x.company.toLowerCase() === company.toLowerCase());

  function insertPrice(p: PriceEntry): void {
    ensure(EDITIONS.includes(p.edition), 'catalog_prices', 'catalog_prices_edition');
    ensure(SC_TIERS.includes(p.sc), 'catalog_prices', 'catalog_prices_sc');
    ensure(p.edition !== 'startup' || p.sc === 4, 'catalog_prices', 'catalog_prices_startup_sc');
    ensure(p.kind === 'annual' || p.kind === 'maintenance', 'catalog_prices', 'catalog_prices_kind');
    ensure(Number.isSafeInteger(p.priceCents) && p.priceCents > 0, 'catalog_prices', 'catalog_prices_amount');
    const row = { edition: p.edition, sc: p.sc, kind: p.kind, priceCents: p.priceCents, effectiveFrom: date(p.effectiveFrom, 'effective_from') };
    if (state.prices.some((x) => x.edition === row.edition && x.sc === row.sc && x.kind === row.kind && x.effectiveFrom === row.effectiveFrom)) {
      throw uniqueViolation('catalog_prices_edition_sc_kind_effective_from_unique');
    }
    state.prices.push(row);
  }

  function checkLicense(row: LicenseRow): void {
    ensure(KEY_FORMAT.test(row.key), 'licenses', 'licenses_key_format');
    ensure(row.type === 'annual' || row.type === 'perpetual', 'licenses', 'licenses_type');
    ensure(EDITIONS.includes(row.edition), 'licenses', 'licenses_edition');
    ensure(SC_TIERS.includes(row.sc), 'licenses', 'licenses_sc');
    ensure(
      (row.type === 'annual' && row.expiresOn !== null && row.maintenanceUntil === null) ||
        (row.type === 'perpetual' && row.maintenanceUntil !== null && row.expiresOn === null),
      'licenses',
      'licenses_term',
    );
  }

  function insertLicense(l: Omit<License, 'id' | 'customerName'> & { id?: string; paymentFlag?: string | null; remindersStopped?: boolean }): LicenseRow {
    const row: LicenseRow = {
      id: l.id === undefined ? newUuid() : uuid(l.id),
      key: char(l.key, 19),
      resellerId: uuid(l.resellerId),
      customerId: uuidOrNull(l.customerId),
      type: l.type,
      edition: l.edition,
      sc: l.sc,
      expiresOn: dateOrNull(l.expiresOn, 'expires_on'),
      maintenanceUntil: dateOrNull(l.maintenanceUntil, 'maintenance_until'),
      paymentFlag: l.paymentFlag ?? null,
      remindersStopped: l.remindersStopped ?? false,
    };
    checkLicense(row);
    references('licenses', 'licenses_reseller_id_foreign', has.reseller(row.resellerId));
    if (row.customerId !== null) references('licenses', 'licenses_end_customer_id_foreign', has.customer(row.customerId));
    if (state.licenses.some((x) => x.id === row.id)) throw uniqueViolation('licenses_pkey');
    if (state.licenses.some((x) => x.key === row.key)) throw uniqueViolation('licenses_license_key_unique');
    state.licenses.push(row);
    reviveCustomer(row.customerId);
    return row;
  }
  /** The trigger licenses_end_customer_active: a license given to an archived customer brings it back. */
  function reviveCustomer(customerId: string | null): void {
    if (customerId !== null) state.archivedCustomers = (state.archivedCustomers ?? []).filter((id) => id !== customerId);
  }
  const isArchived = (c: EndCustomer) => (state.archivedCustomers ?? []).includes(c.id);

  function insertCoupon(c: Coupon): Coupon {
    const row: Coupon = json({ ...c, id: uuid(c.id) });
    const percent = row.value.type === 'percent' ? row.value.basisPoints : null;
    const amount = row.value.type === 'amount' ? row.value.amountCents : null;
    ensure((percent === null) !== (amount === null), 'coupons', 'coupons_value');
    ensure(percent === null || (percent >= 1 && percent <= 10_000), 'coupons', 'coupons_percent');
    ensure(amount === null || amount > 0, 'coupons', 'coupons_amount');
    ensure(date(row.validFrom, 'valid_from') <= date(row.validUntil, 'valid_until'), 'coupons', 'coupons_window');
    ensure((row.maxRedemptions ?? 1) > 0 && (row.perResellerLimit ?? 1) > 0, 'coupons', 'coupons_limits');
    ensure((row.minSubtotalCents ?? 0) >= 0, 'coupons', 'coupons_minimum');
    ensure(row.appliesTo === null || row.appliesTo.every((k) => LINE_KINDS.includes(k)), 'coupons', 'coupons_applies_to');
    if (state.coupons.some((x) => x.id === row.id)) throw uniqueViolation('coupons_pkey');
    if (state.coupons.some((x) => x.code.toUpperCase() === row.code.toUpperCase())) throw uniqueViolation('coupons_code');
    state.coupons.push(row);
    return row;
  }

  function insertReferral(r: ReferralRow): void {
    const row: ReferralRow = { ...r, id: uuid(r.id), resellerId: uuid(r.resellerId), referredOn: date(r.referredOn, 'referred_on'), paidOn: dateOrNull(r.paidOn, 'paid_on') };
    references('referrals', 'referrals_reseller_id_foreign', has.reseller(row.resellerId));
    ensure(row.status === 'pending' || row.status === 'paid', 'referrals', 'referrals_status');
    ensure((row.status === 'paid') === (row.paidOn !== null), 'referrals', 'referrals_paid');
    ensure(row.commissionCents >= 0, 'referrals', 'referrals_commission');
    if (state.referrals.some((x) => x.id === row.id)) throw uniqueViolation('referrals_pkey');
    state.referrals.push(row);
  }

  function insertInvoice(i: Omit<InvoiceRow, 'id'> & { id?: string }): InvoiceRow {
    const row: InvoiceRow = {
      id: i.id === undefined ? newUuid() : uuid(i.id),
      number: i.number,
      seriesYear: i.seriesYear,
      seriesNumber: i.seriesNumber,
      resellerId: uuid(i.resellerId),
      orderId: uuidOrNull(i.orderId),
      status: i.status,
      issuedOn: date(i.issuedOn, 'issued_on'),
      paidOn: dateOrNull(i.paidOn, 'paid_on'),
      currency: char(i.currency, 3),
      subtotalCents: i.subtotalCents,
      couponCents: i.couponCents,
      taxableCents: i.taxableCents,
      vatRateBp: i.vatRateBp,
      vatCents: i.vatCents,
      vatTreatment: i.vatTreatment,
      totalCents: i.totalCents,
      dueOn: dateOrNull(i.dueOn, 'due_on'),
      details: json(i.details),
      createdAt: i.createdAt,
    };
    references('invoices', 'invoices_reseller_id_foreign', has.reseller(row.resellerId));
    if (row.orderId !== null) references('invoices', 'invoices_order_id_foreign', has.order(row.orderId));
    ensure(['unpaid', 'paid', 'void'].includes(row.status), 'invoices', 'invoices_status');
    ensure((row.seriesYear === null) === (row.seriesNumber === null), 'invoices', 'invoices_series');
    ensure((row.status === 'paid') === (row.paidOn !== null), 'invoices', 'invoices_paid');
    ensure(row.totalCents >= 0, 'invoices', 'invoices_total');
    ensure(row.vatTreatment === null || VAT_TREATMENTS.includes(row.vatTreatment), 'invoices', 'invoices_vat_treatment');
    if (state.invoices.some((x) => x.id === row.id)) throw uniqueViolation('invoices_pkey');
    if (state.invoices.some((x) => x.number === row.number)) throw uniqueViolation('invoices_number_unique');
    if (row.orderId !== null && state.invoices.some((x) => x.orderId === row.orderId)) throw uniqueViolation('invoices_order_id_unique');
    if (row.seriesYear !== null && state.invoices.some((x) => x.seriesYear === row.seriesYear && x.seriesNumber === row.seriesNumber)) {
      throw uniqueViolation('invoices_series_year_series_number_unique');
    }
    state.invoices.push(row);
    return row;
  }

  function insertCreditNote(c: Omit<CreditNoteRow, 'id'>): CreditNoteRow {
    const row: CreditNoteRow = {
      ...json(c), id: newUuid(), invoiceId: uuid(c.invoiceId), resellerId: uuid(c.resellerId), orderId: uuidOrNull(c.orderId),
      issuedOn: date(c.issuedOn, 'issued_on'), currency: char(c.currency, 3),
    };
    references('credit_notes', 'credit_notes_invoice_id_foreign', state.invoices.some((i) => i.id === row.invoiceId));
    references('credit_notes', 'credit_notes_reseller_id_foreign', has.reseller(row.resellerId));
    if (row.orderId !== null) references('credit_notes', 'credit_notes_order_id_foreign', has.order(row.orderId));
    ensure(CREDIT_NOTE_REASONS.includes(row.reason), 'credit_notes', 'credit_notes_reason');
    ensure(row.taxableCents <= 0 && row.vatCents <= 0 && row.totalCents < 0 && row.totalCents === row.taxableCents + row.vatCents, 'credit_notes', 'credit_notes_figures');
    ensure(Number.isInteger(row.vatRateBp) && row.vatRateBp >= 0 && row.vatRateBp <= 10_000, 'credit_notes', 'credit_notes_rate');
    ensure(VAT_TREATMENTS.includes(row.vatTreatment), 'credit_notes', 'credit_notes_vat_treatment');
    // The credit_notes_within_invoice trigger runs before the unique indexes are checked.
    const invoice = state.invoices.find((i) => i.id === row.invoiceId) as InvoiceRow;
    const credited = state.creditNotes.filter((x) => x.invoiceId === row.invoiceId).reduce((total, x) => total + x.totalCents, 0);
    ensure(invoice.totalCents + credited + row.totalCents >= 0, 'credit_notes', 'credit_notes_within_invoice');
    if (state.creditNotes.some((x) => x.number === row.number)) throw uniqueViolation('credit_notes_number_unique');
    if (state.creditNotes.some((x) => x.eventKey === row.eventKey)) throw uniqueViolation('credit_notes_event_key_unique');
    if (state.creditNotes.some((x) => x.seriesYear === row.seriesYear && x.seriesNumber === row.seriesNumber)) {
      throw uniqueViolation('credit_notes_series_year_series_number_unique');
    }
    state.creditNotes.push(row);
    return row;
  }

  function insertDismissed(n: DismissedNoticeRow): void {
    const row = { userId: uuid(n.userId), kind: n.kind, ref: n.ref };
    references('dismissed_notices', 'dismissed_notices_reseller_user_id_foreign', has.user(row.userId));
    ensure(row.kind === 'referral_payment' || row.kind === 'monthly_payment', 'dismissed_notices', 'dismissed_notices_kind');
    // The primary key with ON CONFLICT DO NOTHING: a second dismissal is no error.
    if (state.dismissedNotices.some((x) => x.userId === row.userId && x.kind === row.kind && x.ref === row.ref)) return;
    state.dismissedNotices.push(row);
  }

  function checkIdentity(row: IdentityRow): void {
    ensure(CHANNELS.includes(row.channel), 'channel_identities', 'channel_identities_channel');
    if (row.userId !== null) references('channel_identities', 'channel_identities_reseller_user_id_foreign', has.user(row.userId));
  }
  const identityOf = (i: ChannelIdentity) =>
    state.identities.find((x) => x.channel === i.channel && x.externalUserId === i.externalUserId && x.chatId === i.chatId);
  /** A private chat, as PRIVATE_CHAT says in PostgreSQL: the user's own, or a Slack direct message. */
  const isPrivate = (i: IdentityRow) => i.chatId === i.externalUserId || (i.channel === 'slack' && i.chatId.startsWith('D'));

  function checkOrder(o: OrderRow): void {
    ensure(ORDER_STATUSES.includes(o.status), 'orders', 'orders_status');
    ensure(METHODS.includes(o.paymentMethod), 'orders', 'orders_method');
    ensure(CHANNELS.includes(o.channel), 'orders', 'orders_channel');
    ensure(
      o.listCents >= 0 && o.partnerDiscountCents >= 0 && o.couponCents >= 0 && o.vatCents >= 0 &&
        o.subtotalCents === o.listCents - o.partnerDiscountCents &&
        o.taxableCents === o.subtotalCents - o.couponCents && o.taxableCents >= 0 &&
        o.totalCents === o.taxableCents + o.vatCents,
      'orders',
      'orders_figures',
    );
    ensure((o.couponId === null) === (o.couponCode === null) && (o.couponId !== null || o.couponCents === 0), 'orders', 'orders_coupon');
    ensure(['awaiting_payment', 'cancelled', 'expired'].includes(o.status) || o.paidAt !== null, 'orders', 'orders_paid');
    ensure(o.status !== 'fulfilled' || o.fulfilledAt !== null, 'orders', 'orders_fulfilled');
  }

  function checkOrderLine(l: OrderLineRow): void {
    ensure(LINE_KINDS.includes(l.kind), 'order_lines', 'order_lines_kind');
    ensure((l.kind === 'new_license') === (l.licenseId === null), 'order_lines', 'order_lines_license');
    ensure(l.quantity >= 1 && l.quantity <= 50 && (l.kind === 'new_license' || l.quantity === 1), 'order_lines', 'order_lines_quantity');
    ensure(l.years >= 0 && l.years <= 5 && (l.kind === 'upgrade') === (l.years === 0), 'order_lines', 'order_lines_years');
    ensure(l.listCents >= 0 && l.partnerDiscountCents >= 0 && l.netCents === l.listCents - l.partnerDiscountCents, 'order_lines', 'order_lines_figures');
  }

  // --- reads, as the SQL reads -------------------------------------------------------------

  const toUser = (r: UserRow): ResellerUser => ({
    id: r.id, resellerId: r.resellerId, username: r.username, name: r.name, role: r.role, passwordHash: r.passwordHash,
    failedAttempts: r.failedAttempts, lockedUntil: r.lockedUntil, active: r.active,
  });
  const userByName = (username: string) => state.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  /** `licenses` without the customer join (insert … returning *, getMany): customerName is null. */
  const toLicense = (r: LicenseRow, customerName: string | null = null): License => ({
    id: r.id, key: r.key, resellerId: r.resellerId, customerId: r.customerId, customerName, type: r.type, edition: r.edition,
    sc: r.sc, expiresOn: r.expiresOn, maintenanceUntil: r.maintenanceUntil,
  });
  /** `licenses left join end_customers`: with the customer's company. */
  const withCustomer = (r: LicenseRow): License =>
    toLicense(r, r.customerId === null ? null : state.customers.find((c) => c.id === r.customerId)?.company ?? null);
  const toCartLine = (r: CartLineRow): CartLine => ({ id: r.id, request: json(r.request), quote: json(r.quote) });
  const toInvoice = (r: InvoiceRow): Invoice => ({
    id: r.id, number: r.number, resellerId: r.resellerId, orderId: r.orderId, status: r.status, issuedOn: r.issuedOn,
    paidOn: r.paidOn, currency: r.currency.trim(), totalCents: r.totalCents,
  });
  const toInvoiceRecord = (r: InvoiceRow): InvoiceRecord => ({
    ...toInvoice(r), taxableCents: r.taxableCents, vatRateBp: r.vatRateBp, vatCents: r.vatCents, vatTreatment: r.vatTreatment, dueOn: r.dueOn, details: json(r.details),
  });
  const toCreditNote = ({ createdAt: _created, ...c }: CreditNoteRow): CreditNote => ({ ...c, currency: c.currency.trim() });
  /** A resellers row with its VAT judged against the distributor's country, as toReseller in rows.ts. */
  function toReseller(r: ResellerRow): Reseller {
    const vat = resolveVat({ distributorCountry: state.distributor?.address?.country ?? null, resellerCountry: r.country, resellerVatId: r.vatId, explicitRateBp: r.explicitVatRateBp });
    if (vat.kind !== 'resolved') throw new Error(`reseller ${r.partnerId} has no explicit VAT rate and the distributor's country is ${vat.reason === 'distributor_outside_eu' ? 'outside the EU' : 'not set'}`);
    return { ...r, vatRateBp: vat.rateBp, vatTreatment: vat.treatment };
  }
  /** Invoices and credit notes in one list, each with what the union in invoices.ts selects. */
  function listEntries(resellerId: string): Array<InvoiceListEntry & { createdAt: number; taxableCents: number | null; vatRateBp: number | null; vatCents: number | null }> {
    const invoices = state.invoices.filter((i) => i.resellerId === resellerId).map((i) => ({
      ...toInvoice(i), kind: 'invoice' as const, creditedInvoiceNumber: null, dueOn: i.dueOn, vatTreatment: i.vatTreatment, createdAt: i.createdAt,
      taxableCents: i.taxableCents ?? (i.subtotalCents === null ? null : i.subtotalCents - (i.couponCents ?? 0)),
      vatRateBp: i.vatRateBp ?? (((i.details.figures as Record<string, unknown> | undefined)?.vatRateBp as number | undefined) ?? null), vatCents: i.vatCents,
    }));
    const creditNotes = state.creditNotes.filter((c) => c.resellerId === resellerId).map((c) => ({
      id: c.id, number: c.number, resellerId: c.resellerId, orderId: c.orderId, status: 'issued' as const, issuedOn: c.issuedOn, paidOn: null,
      currency: c.currency.trim(), totalCents: c.totalCents, kind: 'credit_note' as const,
      creditedInvoiceNumber: state.invoices.find((i) => i.id === c.invoiceId)?.number ?? null, dueOn: null, vatTreatment: c.vatTreatment,
      createdAt: c.createdAt, taxableCents: c.taxableCents, vatRateBp: c.vatRateBp, vatCents: c.vatCents,
    }));
    return [...invoices, ...creditNotes];
  }
  function loadOrder(row: OrderRow | undefined): Order | undefined {
    if (!row) return undefined;
    const { idempotencyKey: _key, ...order } = row;
    const lines = state.orderLines
      .filter((l) => l.orderId === row.id)
      .sort((a, b) => a.position - b.position)
      .map(({ orderId: _order, ...line }) => line);
    return { ...order, lines };
  }
  const page = <T>(rows: T[], p: { offset: number; limit: number }) => rows.slice(p.offset, p.offset + p.limit);
  const compare = (a: string | number | Date, b: string | number | Date) => (a < b ? -1 : a > b ? 1 : 0);

  /** A year's counter row (invoices', credit notes'), part of the transaction: a rollback gives the number back. */
  const nextInSeries = (series: Record<number, number>, year: number): number => (series[year] = (series[year] ?? 0) + 1);

  // --- the repositories --------------------------------------------------------------------

  function repositories(): Repositories {
    const distributor: DistributorRepository = {
      async get() {
        if (!state.distributor) throw new Error('distributor settings are missing: run `npm run demo:reset` or load your settings');
        return json(state.distributor);
      },
    };

    const resellers: ResellerRepository = {
      async get(id) {
        const key = uuid(id);
        const row = state.resellers.find((r) => r.id === key);
        return row && toReseller(row);
      },
      async findByPartnerId(partnerId) {
        const row = state.resellers.find((r) => r.partnerId === partnerId);
        return row && toReseller(row);
      },
      async updateProfile(id, change) {
        const key = uuid(id);
        const row = state.resellers.find((r) => r.id === key);
        if (!row) throw new Error(`reseller ${id} does not exist`);
        const next: ResellerRow = { ...row };
        if (change.legalName !== undefined) next.legalName = change.legalName;
        if (change.address !== undefined) Object.assign(next, { address: json(change.address), country: change.address.country });
        if (change.country !== undefined) next.country = change.country;
        if (next.address !== null) next.address = { ...next.address, country: next.country };
        if (change.vatId !== undefined) next.vatId = change.vatId;
        if (change.vatIdVerified !== undefined) next.vatIdVerified = change.vatIdVerified;
        if (change.vatIdCheckedAt !== undefined) next.vatIdCheckedAt = change.vatIdCheckedAt;
        if (change.explicitVatRateBp !== undefined) next.explicitVatRateBp = change.explicitVatRateBp;
        if (change.timezone !== undefined) next.timezone = change.timezone;
        if (change.currency !== undefined) next.currency = change.currency;
        if (change.levelCode !== undefined) next.levelCode = change.levelCode;
        if (change.discountBp !== undefined) next.discountBp = change.discountBp;
        checkReseller(next);
        Object.assign(row, next);
        return toReseller(row);
      },
    };

    const staff: StaffUserRepository = {
      async get(id) {
        const key = uuid(id);
        const row = state.staffUsers.find((u) => u.id === key);
        if (!row) return undefined;
        const { lastLoginAt: _last, ...user } = row;
        return user;
      },
      async findByUsername(username) {
        const row = state.staffUsers.find((u) => u.username.toLowerCase() === username.toLowerCase());
        if (!row) return undefined;
        const { lastLoginAt: _last, ...user } = row;
        return user;
      },
      // Transactions run one at a time here, so the row lock is already held.
      async lockByUsername(username) {
        return staff.findByUsername(username);
      },
      async saveLoginRecord(id, record, loggedInAt) {
        const row = state.staffUsers.find((u) => u.id === uuid(id));
        if (!row) return;
        ensure(Number.isInteger(record.failedAttempts) && record.failedAttempts >= 0, 'staff_users', 'staff_users_failed');
        row.failedAttempts = record.failedAttempts;
        row.lockedUntil = record.lockedUntil;
        if (loggedInAt) row.lastLoginAt = loggedInAt;
      },
    };

    const users: UserRepository = {
      async get(id) {
        const key = uuid(id);
        const r = state.users.find((u) => u.id === key);
        return r && toUser(r);
      },
      async withRoles(resellerId, roles) {
        const key = uuid(resellerId);
        return state.users.filter((u) => u.resellerId === key && u.active && roles.includes(u.role)).sort((a, b) => compare(a.name, b.name)).map((u) => toUser(u));
      },
      async findByUsername(username) {
        const r = userByName(username);
        return r && toUser(r);
      },
      // Transactions run one at a time here, so the row lock is already held.
      async lockByUsername(username) {
        const r = userByName(username);
        return r && toUser(r);
      },
      async saveLoginRecord(id, record, loggedInAt) {
        const key = uuid(id);
        const row = state.users.find((u) => u.id === key);
        if (!row) return;
        ensure(Number.isInteger(record.failedAttempts) && record.failedAttempts >= 0, 'reseller_users', 'reseller_users_failed');
        row.failedAttempts = record.failedAttempts;
        row.lockedUntil = record.lockedUntil;
        if (record.lastFailedAt !== undefined) row.lastFailedAt = record.lastFailedAt;
        if (loggedInAt) row.lastLoginAt = loggedInAt;
      },
    };

    // Transactions run one at a time here, so the row lock is already held.
    const loginFailures: LoginFailureRepository = {
      async lock(username) {
        let row = state.loginFailures.find((r) => r.username === username);
        if (!row) state.loginFailures.push((row = { username, failedAttempts: 0, lockedUntil: null, lastFailedAt: null }));
        return { failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil, lastFailedAt: row.lastFailedAt, active: false };
      },
      async save(username, record) {
        const row = state.loginFailures.find((r) => r.username === username);
        if (!row) return;
        ensure(Number.isInteger(record.failedAttempts) && record.failedAttempts >= 0, 'login_failures', 'login_failures_failed');
        Object.assign(row, { failedAttempts: record.failedAttempts, lockedUntil: record.lockedUntil, lastFailedAt: record.lastFailedAt ?? null });
      },
    };

    const customers: CustomerRepository = {
      async listFor(resellerId) {
        const key = uuid(resellerId);
        return state.customers.filter((c) => c.resellerId === key && !isArchived(c)).sort((a, b) => compare(a.company, b.company));
      },
      async get(resellerId, id) {
        const [reseller, key] = [uuid(resellerId), uuid(id)];
        return state.customers.find((c) => c.resellerId === reseller && c.id === key && !isArchived(c));
      },
      async add(resellerId, company, email) {
        const reseller = uuid(resellerId);
        // ON CONFLICT (reseller_id, lower(company)) DO NOTHING, then an archived one revived, or the existing row.
        const existing = customerByCompany(reseller, company.trim());
        if (existing && isArchived(existing)) {
          Object.assign(existing, { company: company.trim(), email });
          reviveCustomer(existing.id);
        }
        if (existing) return existing;
        return insertCustomer({ id: newUuid(), resellerId: reseller, company: company.trim(), email });
      },
      async pageFor(resellerId, p) {
        const key = uuid(resellerId);
        const rows = state.customers.filter((c) => c.resellerId === key && !isArchived(c)).sort((a, b) => compare(a.company, b.company) || compare(a.id, b.id));
        const licensesOf = (c: EndCustomer) => state.licenses.filter((l) => l.customerId === c.id && l.resellerId === key).length;
        return { items: page(rows, p).map((c) => ({ ...c, licenses: licensesOf(c) })), total: rows.length };
      },
      async rename(resellerId, id, company) {
        const [reseller, key] = [uuid(resellerId), uuid(id)];
        const other = customerByCompany(reseller, company);
        if (other && other.id !== key) return 'taken';
        const row = state.customers.find((c) => c.resellerId === reseller && c.id === key);
        if (row) {
          ensure(company.trim().length > 0, 'end_customers', 'end_customers_company_nonempty');
          row.company = company;
        }
        return 'renamed';
      },
      async setEmail(resellerId, id, email) {
        const [reseller, key] = [uuid(resellerId), uuid(id)];
        const row = state.customers.find((c) => c.resellerId === reseller && c.id === key && !isArchived(c));
        if (row) row.email = email;
        return row !== undefined;
      },
      async archive(resellerId, id) {
        const [reseller, key] = [uuid(resellerId), uuid(id)];
        const row = state.customers.find((c) => c.resellerId === reseller && c.id === key && !isArchived(c));
        if (!row) return { kind: 'not_found' };
        const licenses = state.licenses.filter((l) => l.customerId === key).length;
        if (licenses > 0) return { kind: 'has_licenses', licenses };
        state.archivedCustomers = [...(state.archivedCustomers ?? []), key];
        return { kind: 'archived' };
      },
    };

    const prices: PriceRepository = {
      async entries() {
        return state.prices.map((p) => ({ ...p }));
      },
    };

    const licenses: LicenseRepository = {
      async findByKey(key) {
        const r = state.licenses.find((l) => sameChars(l.key, key));
        return r && withCustomer(r);
      },
      async getMany(ids) {
        if (ids.length === 0) return [];
        const wanted = new Set(ids.map(uuid));
        return state.licenses.filter((l) => wanted.has(l.id)).sort((a, b) => compare(a.id, b.id)).map((r) => toLicense(r));
      },
      async listFor(resellerId, p, { termEnd, customerId } = {}) {
        const key = uuid(resellerId);
        const ends = (l: { expiresOn: string | null; maintenanceUntil: string | null }) => l.expiresOn ?? l.maintenanceUntil ?? '';
        const rows = state.licenses
          .filter((l) => l.resellerId === key && (!termEnd || (ends(l) >= termEnd.from && ends(l) <= termEnd.to)) && (!customerId || l.customerId === uuid(customerId)))
          .sort((a, b) => compare(a.expiresOn ?? a.maintenanceUntil ?? '', b.expiresOn ?? b.maintenanceUntil ?? '') || compare(a.key, b.key));
        return { items: page(rows, p).map(withCustomer), total: rows.length };
      },
      async termsFor(resellerId) {
        const key = uuid(resellerId);
        return state.licenses.filter((l) => l.resellerId === key).map((l) => ({ termEnd: (l.expiresOn ?? l.maintenanceUntil) as LocalDate }));
      },
      async keyExists(key) {
        return state.licenses.some((l) => sameChars(l.key, key));
      },
      async insert(license) {
        const { id: _id, customerName: _name, ...columns } = license as License;
        return toLicense(insertLicense(columns));
      },
      async updateTerms(id, change) {
        const key = uuid(id);
        const row = state.licenses.find((l) => l.id === key);
        if (!row) return;
        const next: LicenseRow = { ...row };
        if (change.edition !== undefined) next.edition = change.edition;
        if (change.sc !== undefined) next.sc = change.sc;
        if (change.expiresOn !== undefined) next.expiresOn = dateOrNull(change.expiresOn, 'expires_on');
        if (change.maintenanceUntil !== undefined) next.maintenanceUntil = dateOrNull(change.maintenanceUntil, 'maintenance_until');
        checkLicense(next);
        Object.assign(row, next);
      },
      async reassign(id, owner) {
        const row = state.licenses.find((l) => l.id === uuid(id));
        if (!row) return;
        const next: LicenseRow = { ...row, resellerId: uuid(owner.resellerId), customerId: owner.customerId === null ? null : uuid(owner.customerId) };
        checkLicense(next);
        Object.assign(row, next);
        reviveCustomer(next.customerId);
      },
      async flagPaymentForOrder(orderId, flag, actor) {
        const order = uuid(orderId);
        const touched = new Set(state.licenseEvents.filter((e) => e.orderId === order).map((e) => e.licenseId));
        const rows = state.licenses.filter((l) => touched.has(l.id));
        for (const row of rows) row.paymentFlag = flag;
        for (const row of rows) {
          state.licenseEvents.push({ id: nextId(), licenseId: row.id, kind: 'payment_flagged', orderId: order, orderLineId: null, before: null, after: json({ flag }), actor });
        }
        return rows.map((r) => r.id);
      },
      async addEvent(event) {
        const row: LicenseEventRow = {
          id: 0, licenseId: uuid(event.licenseId), kind: event.kind, orderId: uuidOrNull(event.orderId),
          orderLineId: uuidOrNull(event.orderLineId), before: event.before === null ? null : json(event.before), after: json(event.after),
          actor: event.actor,
        };
        ensure(EVENT_KINDS.includes(row.kind), 'license_events', 'license_events_kind');
        references('license_events', 'license_events_license_id_foreign', has.license(row.licenseId));
        // license_events_once with ON CONFLICT DO NOTHING: one change per order line and license.
        if (row.orderLineId !== null && state.licenseEvents.some((e) => e.orderLineId === row.orderLineId && e.licenseId === row.licenseId)) {
          return false;
        }
        state.licenseEvents.push({ ...row, id: nextId() });
        return true;
      },
      async events(licenseId) {
        const key = uuid(licenseId);
        return state.licenseEvents
          .filter((e) => e.licenseId === key)
          .sort((a, b) => a.id - b.id)
          .map(({ id: _id, ...event }) => event);
      },
    };

    /** The user's cart id, made on first use (as cartId() in carts.ts). */
    function cartId(userId: string, resellerId: string | null, lock: boolean): string | undefined {
      const user = uuid(userId);
      if (resellerId !== null) {
        const reseller = uuid(resellerId);
        references('carts', 'carts_reseller_user_id_foreign', has.user(user));
        references('carts', 'carts_reseller_id_foreign', has.reseller(reseller));
        if (!state.carts.some((c) => c.userId === user)) state.carts.push({ id: newUuid(), userId: user, resellerId: reseller });
      } else if (lock) {
        // insert … select from reseller_users: nothing happens for an unknown user.
        const row = state.users.find((u) => u.id === user);
        if (row && !state.carts.some((c) => c.userId === user)) state.carts.push({ id: newUuid(), userId: user, resellerId: row.resellerId });
      }
      return state.carts.find((c) => c.userId === user)?.id;
    }
    const cartOf = (userId: string) => state.carts.find((c) => c.userId === uuid(userId))?.id;

    const menu: MenuFigures = {
      async figures(userId, resellerId) {
        const cart = state.carts.find((c) => c.userId === uuid(userId));
        return {
          cartLines: cart ? state.cartLines.filter((l) => l.cartId === cart.id).length : 0,
          pendingApprovals: state.approvals.filter((a) => a.resellerId === uuid(resellerId) && a.status === 'pending').length,
        };
      },
    };

    const carts: CartRepository = {
      async lines(userId, options) {
        const id = cartId(userId, null, options?.forUpdate ?? false);
        if (!id) return [];
        return state.cartLines.filter((l) => l.cartId === id).sort((a, b) => a.seq - b.seq).map(toCartLine);
      },
      async add(userId, resellerId, line) {
        const id = cartId(userId, resellerId, true) as string;
        const licenseId = line.request.kind === 'new_license' ? null : uuid(line.request.licenseId);
        // The cart_lines_limit trigger runs before the row's constraints.
        if (state.cartLines.filter((l) => l.cartId === id).length >= MAX_CART_LINES) {
          throw new MemoryDatabaseError('a cart holds at most 20 lines', '23514');
        }
        const row: CartLineRow = {
          id: newUuid(), cartId: id, kind: line.request.kind, licenseId, request: json(line.request), quote: json(line.quote),
          listCents: line.quote.listCents, quotedOn: date(line.quotedOn, 'quoted_on'), seq: nextSeq(),
        };
        ensure(LINE_KINDS.includes(row.kind), 'cart_lines', 'cart_lines_kind');
        ensure((row.kind === 'new_license') === (row.licenseId === null), 'cart_lines', 'cart_lines_license');
        ensure(row.listCents >= 0, 'cart_lines', 'cart_lines_list');
        if (licenseId !== null && state.cartLines.some((l) => l.cartId === id && l.licenseId === licenseId)) {
          throw uniqueViolation('cart_lines_cart_id_license_id_unique');
        }
        if (licenseId !== null) references('cart_lines', 'cart_lines_license_id_foreign', has.license(licenseId));
        state.cartLines.push(row);
        return toCartLine(row);
      },
      async remove(userId, lineId) {
        const [id, line] = [cartOf(userId), uuid(lineId)];
        const before = state.cartLines.length;
        state.cartLines = state.cartLines.filter((l) => !(l.id === line && l.cartId === id));
        return state.cartLines.length < before;
      },
      async updateQuote(userId, lineId, quote, quotedOn) {
        const [id, line] = [cartOf(userId), uuid(lineId)];
        const row = state.cartLines.find((l) => l.id === line && l.cartId === id);
        if (!row) return;
        ensure(quote.listCents >= 0, 'cart_lines', 'cart_lines_list');
        row.quote = json(quote);
        row.listCents = quote.listCents;
        row.quotedOn = date(quotedOn, 'quoted_on');
      },
      async clear(userId) {
        const id = cartOf(userId);
        state.cartLines = state.cartLines.filter((l) => l.cartId !== id);
      },
    };

    const setRedemption = (orderId: string, from: CouponRedemptionRow['status'], to: CouponRedemptionRow['status'], at: Date) => {
      const key = uuid(orderId);
      for (const r of state.couponRedemptions.filter((x) => x.orderId === key && x.status === from)) {
        r.status = to;
        if (to === 'redeemed') r.redeemedAt = at;
        if (to === 'released') r.releasedAt = at;
      }
    };

    const coupons: CouponRepository = {
      async findByCode(code) {
        const wanted = code.trim().toUpperCase();
        return state.coupons.find((c) => c.code.toUpperCase() === wanted);
      },
      async usage(couponId, resellerId) {
        const [coupon, reseller] = [uuid(couponId), uuid(resellerId)];
        const counted = state.couponRedemptions.filter((r) => r.couponId === coupon && r.status !== 'released');
        return { total: counted.length, byReseller: counted.filter((r) => r.resellerId === reseller).length };
      },
      async reserve(couponId, resellerId, orderId, at) {
        const row: CouponRedemptionRow = {
          id: nextId(), couponId: uuid(couponId), resellerId: uuid(resellerId), orderId: uuid(orderId), status: 'reserved',
          reservedAt: at, redeemedAt: null, releasedAt: null,
        };
        references('coupon_redemptions', 'coupon_redemptions_coupon_id_foreign', has.coupon(row.couponId));
        references('coupon_redemptions', 'coupon_redemptions_reseller_id_foreign', has.reseller(row.resellerId));
        references('coupon_redemptions', 'coupon_redemptions_order_id_foreign', has.order(row.orderId));
        if (state.couponRedemptions.some((r) => r.orderId === row.orderId)) throw uniqueViolation('coupon_redemptions_order_id_unique');
        state.couponRedemptions.push(row);
      },
      async redeem(orderId, at) {
        setRedemption(orderId, 'reserved', 'redeemed', at);
      },
      async release(orderId, at) {
        setRedemption(orderId, 'reserved', 'released', at);
      },
    };

    const orders: OrderRepository = {
      async insert(order, reference) {
        // The identity is drawn before the conflict is seen, so a duplicate still uses a number.
        const number = ++sequence.orderNumber;
        const { lines, ...columns } = order;
        const row: OrderRow = {
          ...columns,
          id: newUuid(),
          number,
          resellerId: uuid(order.resellerId),
          placedBy: uuid(order.placedBy),
          couponId: uuidOrNull(order.couponId),
          status: 'awaiting_payment',
          paymentReference: reference(number),
          currency: char(order.currency, 3),
          placedOn: date(order.placedOn, 'placed_on'),
          paidAt: null,
          fulfilledAt: null,
          closedAt: null,
          closeReason: null,
        };
        // Check constraints come before the conflict test; foreign keys only for a row inserted.
        checkOrder(row);
        if (state.orders.some((o) => o.idempotencyKey === order.idempotencyKey)) return undefined;
        references('orders', 'orders_reseller_id_foreign', has.reseller(row.resellerId));
        references('orders', 'orders_placed_by_foreign', has.user(row.placedBy));
        if (row.couponId !== null) references('orders', 'orders_coupon_id_foreign', has.coupon(row.couponId));
        if (state.orders.some((o) => o.paymentReference === row.paymentReference)) throw uniqueViolation('orders_payment_reference_unique');
        const lineRows = lines.map((l, i): OrderLineRow => ({
          ...l,
          id: newUuid(),
          orderId: row.id,
          position: i + 1,
          licenseId: uuidOrNull(l.licenseId),
          licenseKey: l.licenseKey === null ? null : char(l.licenseKey, 19),
          endCustomerId: uuidOrNull(l.endCustomerId),
          newTermEnd: dateOrNull(l.newTermEnd, 'new_term_end'),
        }));
        for (const [i, l] of lineRows.entries()) {
          checkOrderLine(l);
          if (l.licenseId !== null) references('order_lines', 'order_lines_license_id_foreign', has.license(l.licenseId));
          if (l.endCustomerId !== null) references('order_lines', 'order_lines_end_customer_id_foreign', has.customer(l.endCustomerId));
          if (l.licenseId !== null && lineRows.slice(0, i).some((x) => x.licenseId === l.licenseId)) {
            throw uniqueViolation('order_lines_order_id_license_id_unique');
          }
        }
        state.orders.push(row);
        state.orderLines.push(...lineRows);
        return loadOrder(row);
      },
      async get(id) {
        const key = uuid(id);
        return loadOrder(state.orders.find((o) => o.id === key));
      },
      async findByIdempotencyKey(key) {
        return loadOrder(state.orders.find((o) => o.idempotencyKey === key));
      },
      async findByReference(reference) {
        const wanted = reference.trim().toUpperCase();
        return loadOrder(state.orders.find((o) => o.paymentReference.toUpperCase() === wanted));
      },
      async findByNumber(orderNumber) {
        return loadOrder(state.orders.find((o) => o.number === orderNumber));
      },
      async transition(id, from: OrderStatus, to: OrderStatus, at, reason) {
        const key = uuid(id);
        const row = state.orders.find((o) => o.id === key && o.status === from);
        if (!row) return false;
        const next: OrderRow = { ...row, status: to };
        if (to === 'paid') next.paidAt = at;
        if (to === 'fulfilled') next.fulfilledAt = at;
        if (to === 'cancelled' || to === 'expired' || to === 'refunded') Object.assign(next, { closedAt: at, closeReason: reason ?? to });
        checkOrder(next);
        Object.assign(row, next);
        return true;
      },
      async listFor(resellerId, p) {
        const key = uuid(resellerId);
        const rows = state.orders.filter((o) => o.resellerId === key).sort((a, b) => compare(b.placedAt, a.placedAt));
        return { items: page(rows, p).map((r) => loadOrder(r) as Order), total: rows.length };
      },
      async waitingNumbersFor(resellerId, licenseId) {
        const [reseller, license] = [uuid(resellerId), uuid(licenseId)];
        const withLine = new Set(state.orderLines.filter((l) => l.licenseId === license).map((l) => l.orderId));
        return state.orders.filter((o) => o.resellerId === reseller && o.status === 'awaiting_payment' && withLine.has(o.id)).map((o) => o.number).sort((a, b) => a - b);
      },
      async dueForExpiry(now, limit) {
        return state.orders
          .filter((o) => o.status === 'awaiting_payment' && o.expiresAt !== null && o.expiresAt.getTime() <= now.getTime())
          .sort((a, b) => compare(a.expiresAt as Date, b.expiresAt as Date))
          .slice(0, limit)
          .map((o) => o.id);
      },
    };

    const payments: PaymentRepository = {
      async upsert(payment) {
        const existing = state.payments.find((p) => p.method === payment.method && p.providerRef === payment.providerRef);
        const previousStatus = existing?.status ?? null;
        const row: PaymentRow = {
          ...payment, id: newUuid(), seq: nextSeq(), orderId: uuid(payment.orderId), currency: char(payment.currency, 3),
          confirmedBy: payment.confirmedBy, details: json(payment.details),
        };
        ensure(METHODS.includes(row.method), 'payments', 'payments_method');
        ensure(row.amountCents >= 0, 'payments', 'payments_amount');
        // The foreign key is checked only for a row actually inserted.
        if (!existing) references('payments', 'payments_order_id_foreign', has.order(row.orderId));
        // ON CONFLICT (method, provider_ref) DO UPDATE SET status, details: nothing else changes.
        const next = existing ? { ...existing, status: row.status, details: row.details } : row;
        if (next.status === 'completed' && state.payments.some((p) => p !== existing && p.orderId === next.orderId && p.status === 'completed')) {
          throw uniqueViolation('payments_one_completed');
        }
        if (existing) Object.assign(existing, next);
        else state.payments.push(row);
        return { previousStatus };
      },
      async forOrder(orderId) {
        const key = uuid(orderId);
        return state.payments
          .filter((p) => p.orderId === key)
          .sort((a, b) => a.seq - b.seq)
          .map(({ id: _id, seq: _seq, ...p }) => p);
      },
      async find(method, providerRef) {
        const found = state.payments.find((p) => p.method === method && p.providerRef === providerRef);
        if (!found) return undefined;
        const { id: _id, seq: _seq, ...p } = found;
        return p;
      },
    };

    const invoices: InvoiceRepository = {
      async nextNumber(year) {
        return nextInSeries(state.invoiceSeries, year);
      },
      async insert(invoice) {
        return toInvoice(insertInvoice({ ...invoice, createdAt: transactionStart() }));
      },
      async forOrder(orderId) {
        const key = uuid(orderId);
        const row = state.invoices.find((i) => i.orderId === key);
        return row && toInvoiceRecord(row);
      },
      async markPaid(id, paidOn) {
        const row = state.invoices.find((i) => i.id === uuid(id) && i.status === 'unpaid');
        if (!row) return false;
        Object.assign(row, { status: 'paid', paidOn: date(paidOn, 'paid_on') });
        return true;
      },
      async markVoid(id) {
        const row = state.invoices.find((i) => i.id === uuid(id) && i.status === 'unpaid');
        if (!row) return false;
        row.status = 'void';
        return true;
      },
      async listFor(resellerId, p) {
        const rows = listEntries(uuid(resellerId)).sort((a, b) => compare(b.issuedOn, a.issuedOn) || compare(b.createdAt, a.createdAt) || compare(b.number, a.number));
        const items = page(rows, p).map(({ createdAt: _c, taxableCents: _t, vatRateBp: _r, vatCents: _v, ...entry }): InvoiceListEntry => entry);
        return { items, total: rows.length };
      },
      async entryFor(resellerId, kind, id) {
        const found = listEntries(uuid(resellerId)).find((e) => e.kind === kind && e.id === id);
        if (!found) return undefined;
        const { createdAt: _c, taxableCents: _t, vatRateBp: _r, vatCents: _v, ...entry } = found;
        return entry;
      },
      async statementFor(resellerId, year) {
        return listEntries(uuid(resellerId))
          .filter((e) => e.issuedOn >= `${year}-01-01` && e.issuedOn < `${year + 1}-01-01`)
          .sort((a, b) => compare(a.issuedOn, b.issuedOn) || compare(a.createdAt, b.createdAt) || compare(a.number, b.number))
          .map((e): StatementEntry => ({
            kind: e.kind, number: e.number, issuedOn: e.issuedOn, orderNumber: e.orderId === null ? null : state.orders.find((o) => o.id === e.orderId)?.number ?? null,
            taxableCents: e.taxableCents, vatRateBp: e.vatRateBp, vatCents: e.vatCents, totalCents: e.totalCents, currency: e.currency, status: e.status,
            creditedInvoiceNumber: e.creditedInvoiceNumber,
          }));
      },
      async summariesFor(resellerId) {
        const key = uuid(resellerId);
        return state.invoices
          .filter((i) => i.resellerId === key)
          .map((i) => ({ id: i.id, number: i.number, issuedOn: i.issuedOn, status: i.status as 'unpaid' | 'paid' | 'void', paidOn: i.paidOn, totalCents: i.totalCents }));
      },
    };

    const creditNotes: CreditNoteRepository = {
      async nextNumber(year) {
        return nextInSeries(state.creditNoteSeries, year);
      },
      async insert(creditNote) {
        return toCreditNote(insertCreditNote({ ...creditNote, createdAt: transactionStart() }));
      },
      async findByEvent(eventKey) {
        const row = state.creditNotes.find((c) => c.eventKey === eventKey);
        return row && toCreditNote(row);
      },
      async forInvoice(invoiceId) {
        const key = uuid(invoiceId);
        return state.creditNotes
          .filter((c) => c.invoiceId === key)
          .sort((a, b) => a.seriesYear - b.seriesYear || a.seriesNumber - b.seriesNumber)
          .map(toCreditNote);
      },
    };

    const referrals: ReferralRepository = {
      async listFor(resellerId) {
        const key = uuid(resellerId);
        return state.referrals
          .filter((r) => r.resellerId === key)
          .sort((a, b) => compare(b.referredOn, a.referredOn))
          .map(({ resellerId: _reseller, ...r }) => r);
      },
    };

    const notices: NoticeRepository = {
      async dismissed(userId) {
        const key = uuid(userId);
        return new Set(state.dismissedNotices.filter((n) => n.userId === key).map((n) => `${n.kind}:${n.ref}`));
      },
      async dismiss(userId, kind, ref) {
        insertDismissed({ userId, kind, ref });
      },
    };

    const audit: AuditLog = {
      async append(entry) {
        state.audit.push({ id: nextId(), actor: entry.actor, action: entry.action, subject: entry.subject, details: json(entry.details) });
      },
    };

    const identities: IdentityRepository = {
      async link(identity, userId) {
        const row: IdentityRow = {
          id: 0, channel: identity.channel, externalUserId: identity.externalUserId, chatId: identity.chatId, userId: uuid(userId), unreachableSince: null,
        };
        checkIdentity(row);
        // ON CONFLICT (channel, external_user_id, chat_id) DO UPDATE: relink, and reachable again.
        const existing = identityOf(identity);
        if (existing) Object.assign(existing, { userId: row.userId, unreachableSince: null });
        else state.identities.push({ ...row, id: nextId() });
      },
      async unlink(identity) {
        const existing = identityOf(identity);
        if (existing) existing.userId = null;
      },
      async unlinkAll(channel, externalUserId) {
        for (const i of state.identities) if (i.channel === channel && i.externalUserId === externalUserId) i.userId = null;
      },
      async userIn(identity) {
        return identityOf(identity)?.userId ?? undefined;
      },
      async loginIn(identity) {
        const userId = identityOf(identity)?.userId ?? undefined;
        const user = userId === undefined ? undefined : await users.get(userId);
        const reseller = user && (await resellers.get(user.resellerId));
        return { userId, account: user && reseller ? { user, reseller } : undefined };
      },
      async privateChatsOf(userIds) {
        const wanted = new Set(userIds.map(uuid));
        return state.identities
          .filter((i) => i.userId !== null && wanted.has(i.userId) && i.unreachableSince === null && isPrivate(i))
          .map((i) => ({ id: i.id, channel: i.channel, externalUserId: i.externalUserId, chatId: i.chatId, userId: i.userId as string }));
      },
      async chatsOf(userIds) {
        const wanted = new Set(userIds.map(uuid));
        return state.identities
          .filter((i) => i.userId !== null && wanted.has(i.userId) && i.unreachableSince === null)
          .map((i) => ({ channel: i.channel, userId: i.userId as string, private: isPrivate(i) }));
      },
      async linkedUser(channel, externalUserId) {
        // The most recently linked row wins, as `order by updated_at desc` does in PostgreSQL.
        const linked = state.identities.filter((i) => i.channel === channel && i.externalUserId === externalUserId && i.userId !== null);
        return linked.at(-1)?.userId ?? undefined;
      },
    };

    const outbox: Outbox = {
      async add(message) {
        if (state.outbox.some((m) => m.dedupeKey === message.dedupeKey)) return undefined;
        const id = nextId();
        state.outbox.push({ ...json(message), id });
        return id;
      },
    };

    const reminders: ReminderSettings = {
      async snooze(licenseId, userId, termEnd, until) {
        state.snoozes = state.snoozes.filter((z) => !(z.licenseId === licenseId && z.userId === userId));
        state.snoozes.push({ licenseId, userId, termEnd, until });
      },
      async stop(licenseId) {
        const license = state.licenses.find((l) => l.id === licenseId);
        if (license) license.remindersStopped = true;
      },
    };

    const providerOrders: ProviderOrderRepository = {
      async get(orderId) {
        const row = state.providerOrders.find((p) => p.orderId === orderId);
        return row && { ...json(row), updatedAt: new Date(row.updatedAt) };
      },
      async claim(orderId, provider, request, at) {
        if (!state.orders.some((o) => o.id === orderId)) throw foreignKeyViolation('provider_orders', 'provider_orders_order_id_foreign');
        const row = state.providerOrders.find((p) => p.orderId === orderId);
        if (!row) {
          state.providerOrders.push({ orderId, provider, status: 'placing', request: json(request), placement: null, refused: [], response: null, error: null, attempts: 1, updatedAt: at.toISOString() });
          return 1;
        }
        if (row.status !== 'not_placed') return undefined;
        Object.assign(row, { status: 'placing', provider, request: json(request), error: null, attempts: row.attempts + 1, updatedAt: at.toISOString() });
        return row.attempts;
      },
      async record(orderId, attempt, result, at) {
        const row = state.providerOrders.find((p) => p.orderId === orderId);
        if (!row || row.status !== 'placing' || row.attempts !== attempt) return false;
        const placement = result.placement === undefined ? null : json(result.placement);
        if ((result.status === 'placed') !== (placement !== null)) throw checkViolation('provider_orders', 'provider_orders_placed');
        Object.assign(row, {
          status: result.status, placement, refused: json(result.refused ?? []), response: result.response === undefined ? null : json(result.response),
          error: result.error ?? null, updatedAt: at.toISOString(),
        });
        return true;
      },
      async recordByStaff(orderId, placement, at) {
        const row = state.providerOrders.find((p) => p.orderId === orderId && p.status === 'uncertain');
        if (!row) return false;
        Object.assign(row, { status: 'placed', placement: json(placement), updatedAt: at.toISOString() });
        return true;
      },
      async reopen(orderId, at) {
        const row = state.providerOrders.find((p) => p.orderId === orderId && (p.status === 'refused' || p.status === 'uncertain'));
        if (!row) return false;
        Object.assign(row, { status: 'not_placed', updatedAt: at.toISOString() });
        return true;
      },
      async waiting(before, limit) {
        return state.orders
          .filter((o) => o.status === 'paid')
          .filter((o) => {
            const p = state.providerOrders.find((r) => r.orderId === o.id);
            if (p && (p.status === 'refused' || p.status === 'uncertain')) return false;
            const since = p ? new Date(p.updatedAt) : o.paidAt ? new Date(o.paidAt) : null;
            return since !== null && since < before;
          })
          .slice(0, limit)
          .map((o) => o.id);
      },
    };

    type ApprovalRow = MemoryState['approvals'][number];
    const nameOf = (id: string | null) => (id === null ? null : state.users.find((u) => u.id === id)?.name ?? null);
    const toApproval = (r: ApprovalRow): ApprovalRequest => json({ ...r, requesterName: nameOf(r.requestedBy) ?? '', deciderName: nameOf(r.decidedBy) }) as unknown as ApprovalRequest;
    const withDates = (r: ApprovalRequest): ApprovalRequest => ({ ...r, requestedAt: new Date(r.requestedAt), lapsesAt: new Date(r.lapsesAt), decidedAt: r.decidedAt ? new Date(r.decidedAt) : null });
    const read = (r: ApprovalRow | undefined) => (r ? withDates(toApproval(r)) : undefined);
    const approvals: ApprovalRepository = {
      async insert(request) {
        const requestedBy = uuid(request.requestedBy);
        ensure(state.users.some((u) => u.id === requestedBy), 'approval_requests', 'approval_requests_requested_by_foreign');
        ensure(CHANNELS.includes(request.channel), 'approval_requests', 'approval_requests_channel');
        if (state.approvals.some((a) => a.requestedBy === requestedBy && a.status === 'pending')) throw uniqueViolation('approval_requests_one_pending');
        const row: ApprovalRow = {
          ...json({ ...request, lines: request.lines, totals: request.totals }), id: newUuid(), resellerId: uuid(request.resellerId), requestedBy,
          status: 'pending', decidedBy: null, decidedAt: null, reason: null, orderId: null,
          requestedAt: request.requestedAt.toISOString(), lapsesAt: request.lapsesAt.toISOString(),
        };
        state.approvals.push(row);
        return read(row) as ApprovalRequest;
      },
      async get(id) {
        return read(state.approvals.find((a) => a.id === id));
      },
      async pendingOf(userId) {
        return read(state.approvals.find((a) => a.requestedBy === uuid(userId) && a.status === 'pending'));
      },
      async pendingFor(resellerId) {
        const key = uuid(resellerId);
        return state.approvals.filter((a) => a.resellerId === key && a.status === 'pending').sort((a, b) => compare(a.requestedAt, b.requestedAt)).map((a) => read(a) as ApprovalRequest);
      },
      async decide(id, d) {
        const row = state.approvals.find((a) => a.id === id && a.status === 'pending');
        if (!row) return false;
        ensure(d.status === 'approved' || !d.orderId, 'approval_requests', 'approval_requests_order');
        Object.assign(row, { status: d.status, decidedBy: d.by === null ? null : uuid(d.by), decidedAt: d.at.toISOString(), reason: d.reason, orderId: d.orderId ?? null });
        return true;
      },
      async expired(now, limit) {
        return state.approvals.filter((a) => a.status === 'pending' && new Date(a.lapsesAt) <= now).sort((a, b) => compare(a.lapsesAt, b.lapsesAt)).slice(0, limit).map((a) => read(a) as ApprovalRequest);
      },
      async forOrder(orderId) {
        return state.approvals.filter((a) => a.orderId === orderId).map((a) => read(a) as ApprovalRequest);
      },
      async teamChat(resellerId) {
        const row = state.approvalTeamChats.find((c) => c.resellerId === uuid(resellerId));
        return row ? { channel: row.channel, chatId: row.chatId } : undefined;
      },
      async setTeamChat(resellerId, chat, chosenBy) {
        state.approvalTeamChats = state.approvalTeamChats.filter((c) => c.resellerId !== uuid(resellerId));
        if (chat) state.approvalTeamChats.push({ ...chat, resellerId: uuid(resellerId), chosenBy });
      },
    };

    const same = (a: ChannelIdentity, b: ChannelIdentity) => a.channel === b.channel && a.externalUserId === b.externalUserId && a.chatId === b.chatId;
    const staffSessions: StaffSessionRepository = {
      async start(identity, staffId) {
        ensure(CHANNELS.includes(identity.channel), 'staff_sessions', 'staff_sessions_channel');
        if (!state.staffUsers.some((u) => u.id === uuid(staffId))) throw new Error('staff_sessions_staff_user_id_foreign');
        state.staffSessions = [...state.staffSessions.filter((s) => !same(s, identity)), { ...identity, staffId: uuid(staffId) }];
      },
      async staffIn(identity) {
        return state.staffSessions.find((s) => same(s, identity))?.staffId;
      },
      async staffOf(channel, externalUserId) {
        // The latest started is the last in the list (start puts it at the end).
        return state.staffSessions.filter((s) => s.channel === channel && s.externalUserId === externalUserId).at(-1)?.staffId;
      },
      async end(identity) {
        state.staffSessions = state.staffSessions.filter((s) => !same(s, identity));
      },
      async endAll(channel, externalUserId) {
        state.staffSessions = state.staffSessions.filter((s) => !(s.channel === channel && s.externalUserId === externalUserId));
      },
    };
    // The staff desk's look-ups, over these tables as the SQL ones are (see memory-staff-desk.ts).
    const staffDesk: StaffDesk = memoryStaffDesk(() => state, { orders, payments, licenses, approvals, providerOrders });

    return { distributor, resellers, users, loginFailures, staff, customers, prices, licenses, carts, menu, coupons, orders, payments, invoices, creditNotes, referrals, notices, audit, identities, outbox, reminders, providerOrders, approvals, staffSessions, staffDesk };
  }

  // --- seeding -----------------------------------------------------------------------------

  if (seed.distributor) state.distributor = json(seed.distributor);
  for (const r of seed.resellers ?? []) insertReseller(structuredClone(r));
  for (const u of seed.users ?? []) insertUser(structuredClone(u));
  for (const u of seed.staffUsers ?? []) insertStaffUser(structuredClone(u));
  for (const c of seed.customers ?? []) insertCustomer(structuredClone(c));
  for (const p of seed.prices ?? []) insertPrice(p);
  for (const l of seed.licenses ?? []) {
    const { customerName: _name, ...license } = l;
    insertLicense(structuredClone(license));
  }
  for (const c of seed.coupons ?? []) insertCoupon(c);
  for (const r of seed.referrals ?? []) insertReferral(structuredClone(r));
  for (const i of seed.invoices ?? []) {
    insertInvoice({
      seriesYear: null, seriesNumber: null, subtotalCents: null, couponCents: null, taxableCents: null, vatRateBp: null, vatCents: null, vatTreatment: null,
      dueOn: null, details: {}, ...structuredClone(i), createdAt: 0,
    });
  }
  for (const n of seed.dismissedNotices ?? []) insertDismissed(n);
  for (const i of seed.identities ?? []) {
    const row: IdentityRow = { ...structuredClone(i), id: nextId(), userId: uuidOrNull(i.userId), unreachableSince: i.unreachableSince ?? null };
    checkIdentity(row);
    if (identityOf(row)) throw uniqueViolation('channel_identities_channel_external_user_id_chat_id_unique');
    state.identities.push(row);
  }

  // --- transactions ------------------------------------------------------------------------

  interface Transaction {
    open: boolean;
    /** A statement failed: PostgreSQL refuses the rest (25P02) and COMMIT becomes ROLLBACK. */
    aborted: boolean;
  }
  const running = new AsyncLocalStorage<Transaction>();
  let queue: Promise<unknown> = Promise.resolve();

  /** Each repository method checks that its transaction is still open and hands out copies, as a database does. */
  function bound(tx: Transaction): Repositories {
    const repos = repositories();
    const guarded: Record<string, Record<string, unknown>> = {};
    for (const [name, repo] of Object.entries(repos) as Array<[string, Record<string, unknown>]>) {
      const methods: Record<string, unknown> = {};
      guarded[name] = methods;
      for (const [method, fn] of Object.entries(repo)) {
        methods[method] = async (...args: unknown[]) => {
          if (!tx.open) throw new Error(`memory store: ${name}.${method} called after its transaction ended`);
          if (tx.aborted) {
            throw new MemoryDatabaseError('current transaction is aborted, commands ignored until end of transaction block', '25P02');
          }
          const copies = args.map((a) => (typeof a === 'function' ? a : structuredClone(a)));
          try {
            return structuredClone(await (fn as (...a: unknown[]) => Promise<unknown>)(...copies));
          } catch (error) {
            // A failed statement aborts a PostgreSQL transaction: catching the error does not undo that.
            if (error instanceof MemoryDatabaseError) tx.aborted = true;
            throw error;
          }
        };
      }
    }
    return guarded as unknown as Repositories;
  }

  async function run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    sequence.transaction += 1;
    const snapshot = structuredClone(state);
    const tx: Transaction = { open: true, aborted: false };
    try {
      const result = await running.run(tx, () => work(bound(tx)));
      // knex sends COMMIT; on an aborted transaction PostgreSQL rolls back without an error.
      if (tx.aborted) state = snapshot;
      return result;
    } catch (error) {
      state = snapshot;
      throw error;
    } finally {
      tx.open = false;
    }
  }

  return {
    get state() {
      return state;
    },
    transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
      // Waiting for ourselves would never end: in PostgreSQL this is a second connection that
      // may deadlock on the first one's locks; here it is always a test bug, so say so.
      if (running.getStore()?.open) {
        return Promise.reject(new Error('memory store: transaction() called inside a running transaction (it would wait for itself)'));
      }
      const result = queue.then(() => run(work));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
