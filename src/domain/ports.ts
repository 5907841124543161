// The ports: what the domain needs from the outside world, as interfaces. The knex store,
// the license providers and the password hasher in src/infra implement them for real;
// test/fakes holds in-memory twins for unit tests.
import type { DistributorSettings, EndCustomer, Invoice, InvoiceListEntry, PostalAddress, Reseller, ResellerUser, StaffUser } from './accounts/accounts';
import type { CreditNote, NewCreditNote } from './invoicing/credit-notes';
import type { StatementEntry } from './invoicing/statement';
import type { CustomerQuote } from './invoicing/customer-quote';
import type { VatTreatment } from './tax/vat-treatment';
import type { Referral, InvoiceSummary, NoticeKind } from './dashboard/dashboard';
import type { CartLine } from './pricing/cart';
import type { Edition, PriceEntry } from './pricing/catalog';
import type { Coupon } from './pricing/coupon';
import type { LocalDate } from './pricing/dates';
import type { License, LicenseType } from './pricing/license';
import type { ProviderRefusalReason } from './pricing/verification';
import type { FulfilmentStep } from './orders/fulfilment';
import type { LicenseKey } from './pricing/license-key';
import type { LineQuote, LineRequest } from './pricing/line';
import type { Order, OrderLine, OrderStatus } from './orders/order';
import type { ApprovalRequest, ApprovalStatus } from './approvals/approval';
import type { Role } from './accounts/roles';
import type { StaffDesk, StaffSessionRepository } from './staff/desk';
import type { LoginRecord } from './accounts/login';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface DistributorRepository {
  get(): Promise<DistributorSettings>;
}

export interface ResellerRepository {
  get(id: string): Promise<Reseller | undefined>;
  /** By 3CX partner id; `forUpdate` locks the row for an edit. */
  findByPartnerId(partnerId: string, options?: { forUpdate?: boolean }): Promise<Reseller | undefined>;
  /** Changes the reseller's legal details and VAT (the fields given); the reseller as it is then. */
  updateProfile(id: string, change: ResellerProfileChange): Promise<Reseller>;
}

/** What an edit of a reseller's legal details may change (a field left out stays as it is). */
export interface ResellerProfileChange {
  legalName?: string;
  /** The address; its country becomes the reseller's country. */
  address?: PostalAddress;
  country?: string;
  vatId?: string | null;
  vatIdVerified?: boolean | null;
  vatIdCheckedAt?: Date | null;
  explicitVatRateBp?: number | null;
  timezone?: string;
  currency?: string | null;
  levelCode?: string;
  discountBp?: number;
}

/** The distributor's staff accounts. */
export interface StaffUserRepository {
  get(id: string): Promise<StaffUser | undefined>;
  findByUsername(username: string): Promise<StaffUser | undefined>;
  /** Locks the member's row for the rest of the transaction, so that racing attempts count one by one. */
  lockByUsername(username: string): Promise<StaffUser | undefined>;
  saveLoginRecord(id: string, record: { failedAttempts: number; lockedUntil: Date | null }, loggedInAt: Date | null): Promise<void>;
}

export interface UserRepository {
  get(id: string): Promise<ResellerUser | undefined>;
  findByUsername(username: string): Promise<ResellerUser | undefined>;
  /** Locks the user's row for the rest of the transaction, so that racing attempts count one by one. */
  lockByUsername(username: string): Promise<ResellerUser | undefined>;
  saveLoginRecord(id: string, record: { failedAttempts: number; lockedUntil: Date | null; lastFailedAt?: Date | null }, loggedInAt: Date | null): Promise<void>;
  /** The reseller's active users with one of `roles`, by name. */
  withRoles(resellerId: string, roles: readonly Role[]): Promise<ResellerUser[]>;
}

/**
 * Failed logins with a username nobody has, counted as a user's are (locked after five), so
 * that the answers never tell which usernames exist. Keyed by the username trimmed and in
 * lower case.
 */
export interface LoginFailureRepository {
  /** The username's record, locked for the rest of the transaction (racing attempts count one by one); a fresh one when it has none. */
  lock(username: string): Promise<LoginRecord>;
  save(username: string, record: LoginRecord): Promise<void>;
}

/** A reseller's end customers; archived ("deleted") ones are not listed nor found, only named where history names them. */
export interface CustomerRepository {
  listFor(resellerId: string): Promise<EndCustomer[]>;
  get(resellerId: string, id: string): Promise<EndCustomer | undefined>;
  /** Adds a customer, or returns the reseller's existing one of the same company name. */
  add(resellerId: string, company: string, email: string | null): Promise<EndCustomer>;
  /** A page of the reseller's customers by company name, each with its number of licenses. */
  pageFor(resellerId: string, page: { offset: number; limit: number }): Promise<Page<EndCustomer & { licenses: number }>>;
  /** Gives the customer another company name; `taken` when another customer of the reseller has it (in any case). */
  rename(resellerId: string, id: string, company: string): Promise<'renamed' | 'taken'>;
  /** Sets (or with null clears) the customer's email address; false when the reseller has no such customer. */
  setEmail(resellerId: string, id: string, email: string | null): Promise<boolean>;
  /**
   * "Deletes" a customer by archiving it: gone from the reseller's lists (and `get`), kept for the
   * orders, invoices and audit entries that name it. Refused while it has licenses (the database
   * refuses it too, so a license moved to it at the same moment cannot be lost). A customer of
   * that name added again later is this one, back.
   */
  archive(resellerId: string, id: string): Promise<{ kind: 'archived' } | { kind: 'not_found' } | { kind: 'has_licenses'; licenses: number }>;
}

export interface PriceRepository {
  entries(): Promise<PriceEntry[]>;
}

export interface LicenseEvent {
  licenseId: string;
  kind: 'imported' | 'issued' | 'upgraded' | 'renewed' | 'maintenance_renewed' | 'payment_flagged' | 'reminders_stopped';
  orderId: string | null;
  orderLineId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  actor: string;
}

export interface LicenseRepository {
  findByKey(key: LicenseKey): Promise<License | undefined>;
  getMany(ids: readonly string[], options?: { forUpdate?: boolean }): Promise<License[]>;
  /**
   * The reseller's licenses by term end (then key); `termEnd` keeps those ending within its dates
   * (inclusive), `customerId` those of one end customer.
   */
  listFor(resellerId: string, page: { offset: number; limit: number }, filter?: { termEnd?: { from: LocalDate; to: LocalDate }; customerId?: string }): Promise<Page<License>>;
  termsFor(resellerId: string): Promise<Array<{ termEnd: LocalDate }>>;
  keyExists(key: LicenseKey): Promise<boolean>;
  insert(license: Omit<License, 'id' | 'customerName'>): Promise<License>;
  updateTerms(id: string, change: Partial<Pick<License, 'edition' | 'sc' | 'expiresOn' | 'maintenanceUntil'>>): Promise<void>;
  /** The license belongs to another reseller, or another end customer (null: none). */
  reassign(id: string, owner: { resellerId: string; customerId: string | null }): Promise<void>;
  /** Flags every license an order issued or changed (a refund or chargeback); returns their ids. */
  flagPaymentForOrder(orderId: string, flag: string, actor: string): Promise<string[]>;
  /** Appends to the history; `false` when this order line already changed this license. */
  addEvent(event: LicenseEvent): Promise<boolean>;
  events(licenseId: string): Promise<LicenseEvent[]>;
}

/** The figures on the main menu's buttons, read in one query. */
export interface MenuFigures {
  /** How many lines the user's cart has, and how many approval requests of the reseller wait. */
  figures(userId: string, resellerId: string): Promise<{ cartLines: number; pendingApprovals: number }>;
}

export interface CartRepository {
  /** The user's cart lines, oldest first; `forUpdate` locks the cart for the transaction. */
  lines(userId: string, options?: { forUpdate?: boolean }): Promise<CartLine[]>;
  add(userId: string, resellerId: string, line: { request: LineRequest; quote: LineQuote; quotedOn: LocalDate }): Promise<CartLine>;
  remove(userId: string, lineId: string): Promise<boolean>;
  updateQuote(userId: string, lineId: string, quote: LineQuote, quotedOn: LocalDate): Promise<void>;
  clear(userId: string): Promise<void>;
}

export interface CouponUsage {
  total: number;
  byReseller: number;
}

export interface CouponRepository {
  /** Finds a coupon by code (case-insensitive); `forUpdate` serialises redemptions of it. */
  findByCode(code: string, options?: { forUpdate?: boolean }): Promise<Coupon | undefined>;
  /** Reservations and redemptions that are not released. */
  usage(couponId: string, resellerId: string): Promise<CouponUsage>;
  reserve(couponId: string, resellerId: string, orderId: string, at: Date): Promise<void>;
  redeem(orderId: string, at: Date): Promise<void>;
  release(orderId: string, at: Date): Promise<void>;
}

export type NewOrder = Omit<Order, 'id' | 'number' | 'paymentReference' | 'lines' | 'paidAt' | 'fulfilledAt' | 'closedAt' | 'closeReason' | 'status'> & {
  idempotencyKey: string;
  lines: Array<Omit<OrderLine, 'id' | 'position'>>;
};

export interface OrderRepository {
  /** Inserts an order (status awaiting_payment); `undefined` if one with this idempotency key exists. */
  insert(order: NewOrder, reference: (orderNumber: number) => string): Promise<Order | undefined>;
  get(id: string, options?: { forUpdate?: boolean }): Promise<Order | undefined>;
  findByIdempotencyKey(key: string): Promise<Order | undefined>;
  findByReference(reference: string): Promise<Order | undefined>;
  findByNumber(orderNumber: number): Promise<Order | undefined>;
  /** Moves the order to `to` only if it is still in `from`; `false` when someone else moved it first. */
  transition(id: string, from: OrderStatus, to: OrderStatus, at: Date, reason?: string): Promise<boolean>;
  listFor(resellerId: string, page: { offset: number; limit: number }): Promise<Page<Order>>;
  /** The numbers of the reseller's orders waiting for payment that have a line for the license, lowest first. */
  waitingNumbersFor(resellerId: string, licenseId: string): Promise<number[]>;
  dueForExpiry(now: Date, limit: number): Promise<string[]>;
}

/** What a payment provider says about a payment, reduced to what the order needs. */
export type PaymentOutcome = 'pending' | 'completed' | 'failed' | 'refunded' | 'partially_refunded' | 'chargedback';

export interface ProviderPayment {
  outcome: PaymentOutcome;
  /** The provider's own word for the status (MultiSafepay "declined", Stripe "expired" …). */
  providerStatus: string;
  amountCents: number;
  currency: string;
  /** How much of it was refunded, when the provider says (a partial refund). */
  refundedCents?: number;
}

/** What a payment page is opened with: the order's figures as placed (kept in memory while the page is opened). */
export type CheckoutOrder = Pick<Order, 'id' | 'number' | 'paymentReference' | 'currency' | 'totalCents' | 'placedAt' | 'expiresAt'>;

/** A hosted payment page: Stripe Checkout for card payments, or MultiSafepay. */
export interface PaymentGateway {
  readonly method: 'card' | 'multisafepay';
  /**
   * Opens a hosted payment page for the order: the provider's reference and the page the user
   * pays on. Called with no transaction open (the provider may take seconds). `attempt` counts
   * the pages recorded for it with this provider, plus one (1 the first time): a later one is a
   * new page, not the earlier one again, while the same attempt asked again (a retry after a
   * failure or a crash before the page was recorded) is answered with the same page, never a
   * second one (Stripe's idempotency key; MultiSafepay's order_id, the order's reference).
   */
  createCheckout(order: CheckoutOrder, urls: { returnUrl: string; cancelUrl: string; notificationUrl: string }, attempt?: number): Promise<{ providerRef: string; paymentUrl: string }>;
  /** Asks the provider for the payment's status now (a webhook's body is never trusted). */
  fetchPayment(providerRef: string): Promise<ProviderPayment>;
}

export interface PaymentRecord {
  orderId: string;
  method: Order['paymentMethod'];
  providerRef: string;
  status: string;
  amountCents: number;
  currency: string;
  confirmedBy: string | null;
  details: Record<string, unknown>;
  paymentUrl?: string | null;
}

export interface PaymentRepository {
  /** Records or updates the provider's status for one payment; returns the previous status. */
  upsert(payment: PaymentRecord): Promise<{ previousStatus: string | null }>;
  forOrder(orderId: string): Promise<PaymentRecord[]>;
  /** A provider's payment as recorded, whichever order it is for. */
  find(method: PaymentRecord['method'], providerRef: string): Promise<PaymentRecord | undefined>;
}

/** What an issued invoice keeps besides what is listed: its taxable amount, rate, VAT, treatment, due date and frozen details. */
export interface InvoiceFacts {
  taxableCents: number | null;
  vatRateBp: number | null;
  vatCents: number | null;
  vatTreatment: VatTreatment | null;
  dueOn: LocalDate | null;
  details: Record<string, unknown>;
}

/** An issued invoice with the figures a credit note of it needs. */
export type InvoiceRecord = Invoice & InvoiceFacts;

/** An invoice as issued: the listed fields, its series number and its figures. */
export type NewInvoice = Omit<Invoice, 'id'> & InvoiceFacts & {
  seriesYear: number | null;
  seriesNumber: number | null;
  subtotalCents: number | null;
  couponCents: number | null;
};

export interface InvoiceRepository {
  /** The next number of `year`'s series, taken inside the transaction so a rollback gives it back. */
  nextNumber(year: number): Promise<number>;
  insert(invoice: NewInvoice): Promise<Invoice>;
  forOrder(orderId: string, options?: { forUpdate?: boolean }): Promise<InvoiceRecord | undefined>;
  /** An unpaid invoice is paid: false when it is not (or no longer) unpaid. */
  markPaid(id: string, paidOn: LocalDate): Promise<boolean>;
  /** An unpaid invoice is cancelled (by a credit note): false when it is not (or no longer) unpaid. */
  markVoid(id: string): Promise<boolean>;
  /** The reseller's invoices and credit notes, newest first. */
  listFor(resellerId: string, page: { offset: number; limit: number }): Promise<Page<InvoiceListEntry>>;
  /** One invoice or credit note of the reseller (another reseller's is not found). */
  entryFor(resellerId: string, kind: InvoiceListEntry['kind'], id: string): Promise<InvoiceListEntry | undefined>;
  summariesFor(resellerId: string): Promise<InvoiceSummary[]>;
  /** Every invoice and credit note of the reseller issued in `year`, oldest first. */
  statementFor(resellerId: string, year: number): Promise<StatementEntry[]>;
}

export interface CreditNoteRepository {
  /** The next number of `year`'s credit-note series (its own counter; a rollback gives it back). */
  nextNumber(year: number): Promise<number>;
  /** Inserts a credit note; a second one for the same `eventKey` is refused by a unique index. */
  insert(creditNote: NewCreditNote): Promise<CreditNote>;
  findByEvent(eventKey: string): Promise<CreditNote | undefined>;
  forInvoice(invoiceId: string): Promise<CreditNote[]>;
}

/** What a VIES-style service says about a VAT ID. */
export type VatNumberCheck =
  | { kind: 'valid'; name: string | null; address: string | null }
  | { kind: 'invalid' }
  /** The service could not answer (down, slow, busy, the member state's register unavailable): not a verdict. */
  | { kind: 'unavailable'; reason: string };

/** Checks a VAT ID against a register (the EU's VIES, or a service shaped like it). */
export interface VatNumberChecker {
  /** `prefix` is the VAT prefix (EL for Greece, XI for Northern Ireland), `number` what follows it. */
  check(vatId: { prefix: string; number: string }): Promise<VatNumberCheck>;
}

/** A file to send to someone: an invoice, a credit note, a quote or a statement. */
export interface DocumentFile {
  filename: string;
  mimeType: 'application/pdf' | 'text/csv';
  content: Uint8Array;
}

/** Makes the PDF documents. */
export interface DocumentRenderer {
  /**
   * The PDF of one of the reseller's invoices or credit notes; undefined when there is none
   * of that id for the reseller, or it cannot be printed (an invoice imported without details).
   */
  invoicePdf(resellerId: string, entry: { kind: 'invoice' | 'credit_note'; id: string }): Promise<DocumentFile | undefined>;
  /** The quote a reseller gives its own customer. */
  customerQuotePdf(quote: CustomerQuote): Promise<DocumentFile>;
}

export interface ReferralRepository {
  listFor(resellerId: string): Promise<Referral[]>;
}

export interface NoticeRepository {
  dismissed(userId: string): Promise<Set<string>>;
  dismiss(userId: string, kind: NoticeKind, ref: string): Promise<void>;
}

/** Messages about an order, to who placed it (and to staff). */
export type OrderMessageKind = 'order_fulfilled' | 'payment_failed' | 'payment_reversed' | 'payment_partially_refunded' | 'order_expired' | 'late_payment' | 'fulfilment_delayed' | 'invoice_resent' | 'payment_part_received';
/** Messages about a team's approval request: to the approvers, and the decision to the requester. */
export type ApprovalMessageKind = 'approval_requested' | 'approval_decided';
/** An administrator's broadcast to resellers (its text in the payload). */
export type BroadcastMessageKind = 'broadcast';

/** Messages to the staff chat only (STAFF_CHAT): the daily digest. */
export type StaffMessageKind = 'staff_digest';

/** A file without words of its own: the invoice PDF of a fulfilled order, after its message. */
export type DocumentMessageKind = 'invoice_document';

/** A message to a user, decided in a transaction and delivered after it by a job. */
export interface OutboxMessage {
  kind: OrderMessageKind | ApprovalMessageKind | BroadcastMessageKind | StaffMessageKind | DocumentMessageKind;
  /** Deciding the same message twice writes it once. */
  dedupeKey: string;
  orderId: string | null;
  userId: string | null;
  channel: 'telegram' | 'slack' | 'console' | null;
  chatId: string | null;
  payload: Record<string, unknown>;
}

export interface Outbox {
  /** Adds a message; the id of the new row, or undefined when it was already there. */
  add(message: OutboxMessage): Promise<number | undefined>;
}

/** What a user can change about the renewal reminders of a license. */
export interface ReminderSettings {
  /** "Remind me later": no reminder for this license and user until `until` (then one). */
  snooze(licenseId: string, userId: string, termEnd: string, until: string): Promise<void>;
  /** "Stop reminders for this key": for everyone at the reseller, recorded in the license's history. */
  stop(licenseId: string, actor: string): Promise<void>;
}

/** Which chat user (Telegram, Slack, console) is logged in as which reseller user. */
export interface ChannelIdentity {
  channel: 'telegram' | 'slack' | 'console';
  externalUserId: string;
  chatId: string;
}

/** Who a chat is logged in as: the linked user's id, and the account (absent when the user or the reseller is gone). */
export interface ChatLogin {
  userId: string | undefined;
  account: { user: ResellerUser; reseller: Reseller } | undefined;
}

export interface IdentityRepository {
  link(identity: ChannelIdentity, userId: string): Promise<void>;
  unlink(identity: ChannelIdentity): Promise<void>;
  /** Unlinks every chat of this chat user on `channel` (logging out everywhere there). */
  unlinkAll(channel: ChannelIdentity['channel'], externalUserId: string): Promise<void>;
  /** The reseller user this chat is logged in as now (none after a log out anywhere on the channel). */
  userIn(identity: ChannelIdentity): Promise<string | undefined>;
  /** The same with that user and their reseller as stored now, in one query. */
  loginIn(identity: ChannelIdentity): Promise<ChatLogin>;
  /** The reseller user this chat user most recently logged in as on `channel`, in any chat. */
  linkedUser(channel: ChannelIdentity['channel'], externalUserId: string): Promise<string | undefined>;
  /**
   * The private chats (never a group, where others would read along) each of `userIds` is
   * logged in from now and that can be messaged, oldest first.
   */
  privateChatsOf(userIds: readonly string[]): Promise<Array<ChannelIdentity & { id: number; userId: string }>>;
  /** Every chat each of `userIds` is logged in from now and that can be messaged, private or a group, oldest first. */
  chatsOf(userIds: readonly string[]): Promise<Array<{ channel: ChannelIdentity['channel']; userId: string; private: boolean }>>;
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}

/** Every repository, bound to one transaction. */
export interface Repositories {
  distributor: DistributorRepository;
  resellers: ResellerRepository;
  users: UserRepository;
  loginFailures: LoginFailureRepository;
  staff: StaffUserRepository;
  customers: CustomerRepository;
  prices: PriceRepository;
  licenses: LicenseRepository;
  carts: CartRepository;
  menu: MenuFigures;
  coupons: CouponRepository;
  orders: OrderRepository;
  payments: PaymentRepository;
  invoices: InvoiceRepository;
  creditNotes: CreditNoteRepository;
  referrals: ReferralRepository;
  notices: NoticeRepository;
  audit: AuditLog;
  identities: IdentityRepository;
  outbox: Outbox;
  reminders: ReminderSettings;
  providerOrders: ProviderOrderRepository;
  approvals: ApprovalRepository;
  staffSessions: StaffSessionRepository;
  staffDesk: StaffDesk;
}

/** Approval requests of a team (see domain/approvals). */
export interface ApprovalRepository {
  insert(request: Omit<ApprovalRequest, 'id' | 'status' | 'decidedBy' | 'deciderName' | 'decidedAt' | 'reason' | 'orderId' | 'requesterName'>): Promise<ApprovalRequest>;
  /** One request, locked for the transaction with `forUpdate` (two approvers are served one at a time). */
  get(id: string, options?: { forUpdate?: boolean }): Promise<ApprovalRequest | undefined>;
  /** The requester's pending request, if any. */
  pendingOf(userId: string, options?: { forUpdate?: boolean }): Promise<ApprovalRequest | undefined>;
  /** The reseller's pending requests, oldest first. */
  pendingFor(resellerId: string): Promise<ApprovalRequest[]>;
  /** Settles a pending request; false when it was no longer pending. */
  decide(id: string, decision: { status: Exclude<ApprovalStatus, 'pending'>; by: string | null; at: Date; reason: string | null; orderId?: string | null }): Promise<boolean>;
  /** Pending requests whose time is up at `now`, locked, oldest first. */
  expired(now: Date, limit: number): Promise<ApprovalRequest[]>;
  /** The requests that led to an order (its history). */
  forOrder(orderId: string): Promise<ApprovalRequest[]>;
  /** The team chat the reseller's requests go to instead of direct messages on its channel, if one was chosen. */
  teamChat(resellerId: string): Promise<TeamChat | undefined>;
  /** Chooses the team chat (`null`: back to direct messages). */
  setTeamChat(resellerId: string, chat: TeamChat | null, chosenBy: string): Promise<void>;
}

/** A chat a whole team reads (a Slack channel). */
export interface TeamChat {
  channel: 'telegram' | 'slack' | 'console';
  chatId: string;
}

/** Where everything is kept. */
export interface Store {
  /** Runs `work` in one transaction: all of it happens, or none of it. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** Checks and makes password hashes (a memory-hard KDF in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** A hash of nothing, checked for unknown usernames so that timing does not tell them apart. */
  readonly dummyHash: string;
}

/** A source of cryptographically random bytes (license keys). */
export type RandomBytes = (size: number) => Uint8Array;

/** A license as the provider reports it after carrying out a line of an order. */
export interface ProvidedLicense {
  key: LicenseKey;
  type: LicenseType;
  edition: Edition;
  sc: number;
  expiresOn: LocalDate | null;
  maintenanceUntil: LocalDate | null;
}

/** What the provider did with one line of a paid order: carried it out, or refused it (its error code). */
export type PlacedLine =
  | { lineId: string; outcome: 'done'; licenses: ProvidedLicense[] }
  | { lineId: string; outcome: 'refused'; code: string };

/** The provider's answer to a paid order, kept with the order before anything is applied. */
export interface Placement {
  /** The provider's own reference of the order, when it gives one. */
  reference: string | null;
  lines: PlacedLine[];
}

/** What a paid order asks of the license provider: the planned steps, and who it is for. */
export interface PlacementRequest {
  orderId: string;
  orderNumber: number;
  /** The reseller's 3CX partner id. */
  partnerId: string;
  steps: FulfilmentStep[];
}

/** A change of licenses the provider is asked about before it is sold. */
export type LicenseChange =
  | { kind: 'new_license'; edition: Edition; sc: number; quantity: number; years: number }
  | { kind: 'upgrade'; key: LicenseKey; edition: Edition; sc: number }
  | { kind: 'renew_annual'; key: LicenseKey; years: number }
  | { kind: 'renew_maintenance'; key: LicenseKey; years: number };

/** Why the provider would not carry out a change: its error code, and what that means here. */
export interface ProviderRefusal {
  reason: ProviderRefusalReason;
  code: string;
}

interface LicenseProviderBase {
  readonly name: 'sandbox' | '3cx';
  /** Looks a key up as the distributor knows it (the licenses recorded here, with their owner). */
  lookup(key: LicenseKey, repos: Repositories): Promise<License | undefined>;
  /**
   * Asks whether the provider would carry out each change, before it is sold: one answer per
   * change, `undefined` where it would. Nothing is ordered.
   */
  check(changes: readonly LicenseChange[], partnerId: string): Promise<Array<ProviderRefusal | undefined>>;
}

/** A provider whose orders stay in our database (the sandbox): placed inside the fulfilment transaction. */
export interface LocalLicenseProvider extends LicenseProviderBase {
  readonly placement: 'local';
  place(request: PlacementRequest, repos: Repositories): Promise<Placement>;
}

/** What came of placing an order at a remote provider. */
export type RemotePlacement =
  | { kind: 'placed'; placement: Placement; response: unknown }
  /** Certainly not placed: worth trying again later (`retryable`), or refused until staff change something. */
  | { kind: 'not_placed'; retryable: boolean; error: string }
  /**
   * The request may have been carried out (a timeout, an answer that cannot be read): never
   * repeated without staff. `refused`: lines the provider had refused before, left out of it.
   */
  | { kind: 'uncertain'; error: string; response?: unknown; refused?: RefusedLine[] };

/** A line of an order the provider refused, with its error code. */
export interface RefusedLine {
  lineId: string;
  code: string;
}

/**
 * A provider that orders elsewhere (the 3CX Order API): placed outside any transaction, once,
 * with the claim recorded before the call and the answer recorded after it.
 */
export interface RemoteLicenseProvider extends LicenseProviderBase {
  readonly placement: 'remote';
  /** The longest a `place` call can take: a claim older than this without an answer has hung. */
  readonly placementTimeoutMs: number;
  place(request: PlacementRequest): Promise<RemotePlacement>;
}

/** Where licenses come from: the 3CX Order API, or the sandbox that keeps them here. */
export type LicenseProvider = LocalLicenseProvider | RemoteLicenseProvider;

/** Where a paid order's placement at a remote provider stands. */
export type ProviderOrderStatus = 'placing' | 'placed' | 'not_placed' | 'refused' | 'uncertain';

export interface ProviderOrder {
  orderId: string;
  provider: string;
  status: ProviderOrderStatus;
  placement: Placement | null;
  /** Lines refused before an uncertain call (they were not part of it). */
  refused: RefusedLine[];
  error: string | null;
  attempts: number;
  updatedAt: Date;
}

export interface ProviderOrderRepository {
  get(orderId: string, options?: { forUpdate?: boolean }): Promise<ProviderOrder | undefined>;
  /**
   * Claims the placement of an order before the provider is called: a new claim, or one whose
   * last attempt certainly placed nothing. The attempt's number; undefined when it is placing,
   * placed, or waits for staff.
   */
  claim(orderId: string, provider: string, request: Record<string, unknown>, at: Date): Promise<number | undefined>;
  /**
   * Records what came of attempt `attempt` of a placement, only while that attempt is still
   * the one placing (false otherwise: the answer came too late and changes nothing).
   */
  record(orderId: string, attempt: number, result: { status: Exclude<ProviderOrderStatus, 'placing'>; placement?: Placement; response?: unknown; error?: string; refused?: RefusedLine[] }, at: Date): Promise<boolean>;
  /** Staff: what the provider shows for an uncertain placement. False when it is not uncertain. */
  recordByStaff(orderId: string, placement: Placement, at: Date): Promise<boolean>;
  /** Staff: a refused or uncertain placement may be tried again. False when it is in no such state. */
  reopen(orderId: string, at: Date): Promise<boolean>;
  /**
   * Paid orders whose placement has not started, may be tried again, has hung, or was placed
   * but never applied (its fulfilment lost), untouched since `before`; not those waiting for staff.
   */
  waiting(before: Date, limit: number): Promise<string[]>;
}
