// Object Mother for the conversation's step function: sessions for each role, licenses,
// dashboards, cart lines priced by the real price list, totals, one rich example state for
// every step and one answer of every kind. Override what a test is about; everything else is
// a sensible default.
import { aPerpetualLicense, anAnnualLicense, defaultPrices } from '../domain/pricing/fixtures';
import type { EndCustomer, InvoiceListEntry } from '../../../src/domain/accounts/accounts';
import { ROLES, type Role } from '../../../src/domain/accounts/roles';
import type { BankDetails, Dashboard, Notice } from '../../../src/domain/dashboard/dashboard';
import type { PaymentMethod } from '../../../src/domain/orders/order';
import type { CartLine } from '../../../src/domain/pricing/cart';
import type { Coupon } from '../../../src/domain/pricing/coupon';
import type { License } from '../../../src/domain/pricing/license';
import type { KeyRequest, LineQuote, LineRequest, NewLicenseRequest } from '../../../src/domain/pricing/line';
import { quoteLine } from '../../../src/domain/pricing/quote';
import { computeTotals, type Totals } from '../../../src/domain/pricing/totals';
import type { Answer } from '../../../src/conversation/commands';
import type { StepContext } from '../../../src/conversation/flow';
import type { ChangeNote, PlacedOrder } from '../../../src/conversation/flows/checkout/steps';
import type { PageToOpen } from '../../../src/conversation/flows/checkout/commands';
import type { NewLicenseDraft } from '../../../src/conversation/flows/new-license/steps';
import { STATE_VERSION, type ConversationState, type ResellerSession, type StaffSession, type Step, type StepName } from '../../../src/conversation/state';
import type { ApprovalSummary } from '../../../src/conversation/flows/approvals/commands';
import type { InvoicePayment } from '../../../src/conversation/flows/invoices/commands';
import type { OrderCard, OrderEntry } from '../../../src/conversation/flows/orders/commands';
import type { AttentionEntry, CardView } from '../../../src/conversation/flows/staff/types';
import type { ResellerView } from '../../../src/conversation/flows/admin/types';
import { CATALOGUE_EXAMPLE_ANSWERS, CATALOGUE_EXAMPLE_STEPS, CATALOGUE_STEP_NAMES } from './catalogue-states';
import { PEOPLE_EXAMPLE_ANSWERS, PEOPLE_EXAMPLE_STEPS, PEOPLE_STEP_NAMES } from './people-states';
import { TEAM_EXAMPLE_ANSWERS, TEAM_EXAMPLE_STEPS } from './team-states';
import { CUSTOMERS_EXAMPLE_ANSWERS, CUSTOMERS_EXAMPLE_STEPS } from './customers-states';

export const TODAY = '2026-11-26';
export const CTX: StepContext = { today: TODAY, distributorName: 'Test Distribution BV', privateChat: true };
/** The same in a group chat, where nobody types a password. */
export const GROUP_CTX: StepContext = { ...CTX, privateChat: false };

/** The nonce most example states are at: an odd one, so an off-by-one shows. */
export const NONCE = 41;

export const PARTNER_DISCOUNT_BP = 2500;
export const VAT_BP = 2100;

export { ROLES };

/** A logged-in user of Acme Telecom BV (Gold: 25 % partner discount, 21 % VAT) with two cart lines. */
export function aSession(role: Role = 'owner', overrides: Partial<ResellerSession> = {}): ResellerSession {
  return {
    userId: `user-${role}`,
    name: `Test ${role}`,
    role,
    company: 'Acme Telecom BV',
    cartCount: 2,
    currency: 'EUR',
    discountBp: PARTNER_DISCOUNT_BP,
    vatBp: VAT_BP,
    ...overrides,
  };
}

/** A state at `step`, logged in as an owner unless `overrides` says otherwise. */
export function aState(step: Step, overrides: Partial<ConversationState> = {}): ConversationState {
  return { version: STATE_VERSION, session: aSession(), step, nonce: NONCE, misses: 0, ...overrides };
}

/** A state of a conversation nobody is logged in to. */
export function aLoggedOutState(step: Step = { name: 'login_username' }, overrides: Partial<ConversationState> = {}): ConversationState {
  return aState(step, { session: null, ...overrides });
}

/** The same state with a user of `role`. */
export function asRole(state: ConversationState, role: Role): ConversationState {
  return { ...state, session: aSession(role) };
}

// ——— licenses ———

// The same licenses as the pricing tests use (an annual Professional 16 SC for Acme BV
// expiring 2027-06-14, a perpetual Enterprise 32 SC), so that both suites speak of one world.
export { anAnnualLicense, aPerpetualLicense };

/** An annual Startup license that expired on 2026-10-01. */
export function anExpiredLicense(overrides: Partial<License> = {}): License {
  return anAnnualLicense({ id: 'lic-3', key: 'EXPD-2222-3333-4444', edition: 'startup', sc: 4, expiresOn: '2026-10-01', customerName: null, ...overrides });
}

/** An annual Enterprise 1024 SC license: nothing to upgrade to. */
export function aTopLicense(overrides: Partial<License> = {}): License {
  return anAnnualLicense({ id: 'lic-4', key: 'TOPP-1024-ENTR-PRSE', edition: 'enterprise', sc: 1024, expiresOn: '2027-05-01', ...overrides });
}

/** An annual Enterprise 32 SC license of Globex, renewed in the example cart. */
export function aRenewableLicense(overrides: Partial<License> = {}): License {
  return anAnnualLicense({ id: 'lic-6', key: 'RENW-0000-1111-2222', edition: 'enterprise', sc: 32, expiresOn: '2027-02-01', customerName: 'Globex', ...overrides });
}

/** A page of five licenses of every kind. */
export function someLicenses(): License[] {
  return [
    anAnnualLicense(),
    aPerpetualLicense(),
    anExpiredLicense(),
    aTopLicense(),
    anAnnualLicense({ id: 'lic-5', key: 'FIVE-5555-5555-5555', customerName: 'Globex Corporation International Holdings' }),
  ];
}

// ——— dashboard ———

export const BANK_DETAILS: BankDetails = {
  local: { label: 'Local transfer', holder: 'Test Distribution BV', iban: 'NL91ABNA0417164300', bank: 'ABN AMRO' },
  international: { label: 'International transfer', holder: 'Test Distribution BV', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
  online: { label: 'Card or MultiSafepay', note: 'Pay online from the order.' },
};

export function aNotice(overrides: Partial<Notice> = {}): Notice {
  return { kind: 'referral_payment', ref: 'ref-1', title: 'Globex BV', amountCents: 12_500, date: '2026-11-02', ...overrides };
}

/** A dashboard with two referral payments and three monthly payments. */
export function aDashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    licenseKeys: { total: 12, active: 10, expiringWithin30Days: 2, expired: 2 },
    invoices: { count: 7, unpaidCount: 1, unpaidCents: 45_000 },
    referrals: { count: 3, commissionPaidCents: 25_000, commissionPendingCents: 7_500 },
    referralPayments: [aNotice(), aNotice({ ref: 'ref-2', title: 'Initech', amountCents: 12_500, date: '2026-10-15' })],
    monthlyPayments: [
      aNotice({ kind: 'monthly_payment', ref: '2026-11', title: '2026-11', amountCents: 90_000, count: 2 }),
      aNotice({ kind: 'monthly_payment', ref: '2026-10', title: '2026-10', amountCents: 45_000, count: 1 }),
      aNotice({ kind: 'monthly_payment', ref: '2026-09', title: '2026-09', amountCents: 30_000, count: 1 }),
    ],
    bankDetails: BANK_DETAILS,
    ...overrides,
  };
}

// ——— buying ———

/** Seven end customers: two pages of the new-customer step. */
export function someCustomers(n = 7): EndCustomer[] {
  return Array.from({ length: n }, (_, i) => ({ id: `cust-${i + 1}`, resellerId: 'reseller-1', company: `Customer ${i + 1} BV`, email: null }));
}

/** Professional 16 SC, 2 licenses, 2 years in total, as far as the user got. */
export function aDraft(overrides: Partial<NewLicenseDraft> = {}): NewLicenseDraft {
  return { edition: 'professional', sc: 16, quantity: 2, years: 2, ...overrides };
}

/** The quote of `request` by the real price list of pricing.md, today. */
export function quoteOf(request: LineRequest, license?: License): LineQuote {
  const result = quoteLine(request, license, defaultPrices(), TODAY);
  if (result.kind !== 'ok') throw new Error(`the example request is refused: ${result.kind}`);
  return result.quote;
}

/** pricing.md's worked example: Professional 16 SC, 2 licenses, 2 years, for Customer 1 BV. */
export function aNewLicenseRequest(overrides: Partial<NewLicenseRequest> = {}): NewLicenseRequest {
  return { kind: 'new_license', edition: 'professional', sc: 16, quantity: 2, additionalYears: 1, customerId: 'cust-1', ...overrides };
}

export function aNewLicenseQuote(request: NewLicenseRequest = aNewLicenseRequest()): LineQuote {
  return quoteOf(request);
}

export function aRenewalRequest(license: License = anAnnualLicense(), years = 2): KeyRequest {
  return { kind: license.type === 'perpetual' ? 'renew_maintenance' : 'renew_annual', licenseId: license.id, licenseKey: license.key, years };
}

export function aRenewalQuote(license: License = anAnnualLicense(), years = 2): LineQuote {
  return quoteOf(aRenewalRequest(license, years), license);
}

export function anUpgradeRequest(license: License = anAnnualLicense(), toEdition: License['edition'] = 'enterprise', toSc = 16): KeyRequest {
  return { kind: 'upgrade', licenseId: license.id, licenseKey: license.key, toEdition, toSc };
}

export function anUpgradeQuote(license: License = anAnnualLicense(), toEdition: License['edition'] = 'enterprise', toSc = 16): LineQuote {
  return quoteOf(anUpgradeRequest(license, toEdition, toSc), license);
}

/** Three cart lines: a new license, a renewal and an upgrade. */
export function someCartLines(): CartLine[] {
  return [
    { id: 'line-1', request: aNewLicenseRequest(), quote: aNewLicenseQuote() },
    { id: 'line-2', request: aRenewalRequest(aRenewableLicense()), quote: aRenewalQuote(aRenewableLicense()) },
    { id: 'line-3', request: anUpgradeRequest(), quote: anUpgradeQuote() },
  ];
}

/** The end customer of each of `someCartLines()`. */
export const CART_CUSTOMERS: Array<string | null> = ['Customer 1 BV', 'Globex', null];

/** The totals of `lines` for the Gold reseller, with an optional percent coupon. */
export function totalsOf(lines: CartLine[] = someCartLines(), couponBp: number | null = null): Totals {
  return computeTotals(lines.map((l) => ({ kind: l.quote.kind, listCents: l.quote.listCents })), PARTNER_DISCOUNT_BP, VAT_BP, couponBp === null ? null : { type: 'percent', basisPoints: couponBp });
}

export function emptyTotals(): Totals {
  return totalsOf([]);
}

// ——— checkout ———

export const ALL_METHODS: PaymentMethod[] = ['offline', 'card', 'multisafepay'];

export function aCoupon(overrides: Partial<Coupon> = {}): Coupon {
  return {
    id: 'coupon-1', code: 'WINTER10', value: { type: 'percent', basisPoints: 1000 }, validFrom: '2026-11-01', validUntil: '2026-12-31',
    maxRedemptions: null, perResellerLimit: null, minSubtotalCents: null, appliesTo: null, ...overrides,
  };
}

/** The new license of the cart became dearer: EUR 2,380.00 → EUR 2,500.00. */
export function aPriceChange(): ChangeNote {
  return { quote: aNewLicenseQuote(), change: { lineId: 'line-1', kind: 'price_changed', fromCents: 238_000, toCents: 250_000 } };
}

export function aPlacedOrder(overrides: Partial<PlacedOrder> = {}): PlacedOrder {
  return {
    number: 100_234, reference: 'RF18 5390 0754 7034', method: 'card', totalCents: totalsOf().totalCents, currency: 'EUR',
    expiresAt: '2026-11-27T10:00:00.000Z', paymentUrl: 'https://pay.example.test/checkout/very-long-session-token-abcdefghijklmnopqrstuvwxyz', ...overrides,
  };
}

/** A payment page to open for a card order just placed at checkout. */
export function aPageToOpen(overrides: Partial<PageToOpen> = {}): PageToOpen {
  return {
    order: { id: 'o-1', number: 100_234, paymentReference: 'RF18 5390 0754 7034', currency: 'EUR', totalCents: totalsOf().totalCents, placedAt: new Date('2026-11-26T10:00:00Z'), expiresAt: new Date('2026-11-27T10:00:00Z') },
    method: 'card', attempt: 1,
    then: { kind: 'placed', flow: 'checkout', answer: { kind: 'placed', order: aPlacedOrder({ paymentUrl: null }), bankDetails: BANK_DETAILS, alreadyPlaced: false } },
    ...overrides,
  };
}

// ——— lists ———

export function someInvoices(): InvoiceListEntry[] {
  return Array.from({ length: 5 }, (_, i) => ({
    id: `inv-${i + 1}`, number: `2026-00${i + 1}`, resellerId: 'reseller-1', orderId: null,
    status: i === 0 ? 'unpaid' : 'paid', issuedOn: '2026-10-01', paidOn: i === 0 ? null : '2026-10-05', currency: 'EUR', totalCents: 10_000 * (i + 1),
    kind: 'invoice', creditedInvoiceNumber: null, dueOn: i === 0 ? '2026-10-15' : null, vatTreatment: 'domestic',
  }));
}

export function someOrders(): OrderEntry[] {
  return Array.from({ length: 5 }, (_, i) => ({
    id: `a0000000-0000-4000-8000-00000000010${i}`, number: 40 + i, placedOn: '2026-10-01', status: i === 0 ? 'awaiting_payment' : i === 1 ? 'expired' : 'fulfilled',
    paymentMethod: i === 0 ? 'offline' : 'card', totalCents: 10_000 * (i + 1), currency: 'EUR',
  }));
}

/** The first example order, opened: waiting for its bank transfer, with a coupon, payable online too. */
export function anOrderCard(overrides: Partial<OrderCard> = {}): OrderCard {
  const totals = totalsOf();
  return {
    ...(someOrders()[0] as OrderEntry), totalCents: totals.totalCents,
    lines: [{ description: 'Professional 16 SC, 2 licenses, 2 years', listCents: 238_000, netCents: 178_500 }, { description: 'Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 2 years', listCents: 70_000, netCents: 52_500 }],
    figures: { ...totals, partnerDiscountBp: 2500, vatRateBp: 2100, couponCode: 'WELCOME10', vatTreatment: 'domestic' },
    invoiceNumber: 'INV-2026-000042',
    payment: { reference: 'TCX-000042-17', payBy: '2026-10-15', bank: BANK_DETAILS, online: ['card', 'multisafepay'] },
    ...overrides,
  };
}

// ——— one rich example of every step ———

/**
 * A rich example of every step, each with everything its message can show. Typed as a record
 * over StepName, so a new step breaks the build until it has an example.
 */
export const EXAMPLE_STEPS: { [N in StepName]: () => Extract<Step, { name: N }> } = {
  login_username: () => ({ name: 'login_username' }),
  login_password: () => ({ name: 'login_password', username: 'anna.owner' }),
  menu: () => ({ name: 'menu' }),
  buy: () => ({ name: 'buy' }),
  dashboard: () => ({ name: 'dashboard', dashboard: aDashboard() }),
  notices: () => ({ name: 'notices', kind: 'monthly_payment', dashboard: aDashboard() }),
  new_edition: () => ({ name: 'new_edition', draft: { quantity: 3, years: 2 } }),
  new_sc: () => ({ name: 'new_sc', draft: { edition: 'enterprise' } }),
  new_quantity: () => ({ name: 'new_quantity', draft: { edition: 'professional', sc: 16 } }),
  new_years: () => ({ name: 'new_years', draft: { edition: 'professional', sc: 16, quantity: 2 } }),
  new_customer: () => ({ name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 1 }),
  new_customer_name: () => ({ name: 'new_customer_name', draft: aDraft(), customers: someCustomers() }),
  key_entry: () => ({
    name: 'key_entry', purpose: 'renew_maintenance', prefill: { years: 2 },
    offers: [{ kind: 'renew_annual', key: anAnnualLicense().key }, { kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }],
  }),
  upgrade_edition: () => ({ name: 'upgrade_edition', license: anAnnualLicense({ edition: 'startup', sc: 4 }) }),
  upgrade_sc: () => ({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' }),
  renew_years: () => ({ name: 'renew_years', purpose: 'renew_maintenance', license: aPerpetualLicense(), yearlyCents: 77_500 }),
  line_summary: () => ({
    name: 'line_summary', request: aNewLicenseRequest(), quote: aNewLicenseQuote(), customerName: 'Customer 1 BV',
    from: { name: 'new_customer', draft: aDraft(), customers: someCustomers(), page: 0 },
  }),
  added: () => ({ name: 'added', quote: aNewLicenseQuote() }),
  cart: () => ({ name: 'cart', lines: someCartLines(), totals: totalsOf(), customers: CART_CUSTOMERS }),
  checkout_changes: () => ({ name: 'checkout_changes', changes: [aPriceChange()], totals: totalsOf(), methods: ALL_METHODS }),
  checkout_coupon: () => ({ name: 'checkout_coupon', totals: totalsOf(), methods: ALL_METHODS }),
  checkout_review: () => ({ name: 'checkout_review', couponCode: 'WINTER10', totals: totalsOf(someCartLines(), 1000), methods: ALL_METHODS }),
  order_placed: () => ({ name: 'order_placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS }),
  licenses: () => ({ name: 'licenses', page: 1, total: 12, items: someLicenses(), filter: 'expiring' }),
  license_card: () => ({ name: 'license_card', license: anAnnualLicense() }),
  invoices: () => ({ name: 'invoices', page: 1, total: 12, items: someInvoices() }),
  help: () => ({ name: 'help' }),
  approval_sent: () => ({ name: 'approval_sent', approvers: 2, notified: 3, lapsesAt: '2026-11-29T10:00:00.000Z' }),
  approval_list: () => ({ name: 'approval_list', items: [anApprovalSummary(), anApprovalSummary({ id: APPROVAL_ID_2, requesterName: 'Sid Sales' })] }),
  approval_review: () => ({ name: 'approval_review', request: anApprovalSummary(), methods: ALL_METHODS }),
  approval_reason: () => ({ name: 'approval_reason', id: APPROVAL_ID, requesterName: 'Sam Sales' }),
  orders: () => ({ name: 'orders', page: 1, total: 12, items: someOrders() }),
  order_card: () => ({ name: 'order_card', card: anOrderCard() }),
  order_cancel_confirm: () => ({ name: 'order_cancel_confirm', card: anOrderCard() }),
  invoice_card: () => ({ name: 'invoice_card', entry: someInvoices()[0] as InvoiceListEntry, hasDocument: true, payment: anInvoicePayment() }),
  statement_year: () => ({ name: 'statement_year', years: [2026, 2025, 2024] }),
  quote_years: () => ({ name: 'quote_years', key: anAnnualLicense().key }),
  quote_company: () => ({ name: 'quote_company', source: { kind: 'cart' }, lines: 2 }),
  quote_pricing: () => ({ name: 'quote_pricing', source: { kind: 'cart' }, lines: 2, company: 'Harbor Dental', contact: 'Dr. Hart' }),
  quote_prices: () => ({ name: 'quote_prices', source: { kind: 'cart' }, lines: 2, company: 'Harbor Dental', contact: null }),
  staff_menu: () => ({ name: 'staff_menu' }),
  staff_find: () => ({ name: 'staff_find' }),
  staff_found: () => ({ name: 'staff_found', query: 'acme', hits: [{ label: 'Reseller Acme Telecom BV (partner 100001)', target: { kind: 'reseller', id: RESELLER_ID } }, { label: 'Order 42 (TCX-000042-17), Acme Telecom BV: awaiting payment', target: { kind: 'order', id: ORDER_ID } }] }),
  staff_card: () => ({ name: 'staff_card', card: anOrderCardView() }),
  staff_ask: () => ({ name: 'staff_ask', card: anOrderCardView(), verb: 'confirm', arg: null, stage: 'input', input: null }),
  staff_attention: () => ({ name: 'staff_attention', title: 'Waiting for staff (2):', items: [anAttentionEntry(), anAttentionEntry({ orderNumber: 43, actions: ['refund_pay'], kept: ['BANK-9'], text: '2. Order 43: payment to refund' })] }),
  admin_menu: () => ({ name: 'admin_menu' }),
  admin_audit_ask: () => ({ name: 'admin_audit_ask' }),
  admin_reseller_find: () => ({ name: 'admin_reseller_find' }),
  admin_reseller_list: () => ({ name: 'admin_reseller_list', query: 'a', resellers: [aResellerView(), aResellerView({ partnerId: '100002', company: 'Bright Voice Ltd', suspendedAt: '2026-11-20T09:00:00.000Z' })] }),
  admin_reseller: () => ({ name: 'admin_reseller', reseller: aResellerView() }),
  admin_reseller_reason: () => ({ name: 'admin_reseller_reason', reseller: aResellerView(), suspend: true }),
  admin_reseller_confirm: () => ({ name: 'admin_reseller_confirm', reseller: aResellerView(), suspend: true, reason: 'unpaid invoices' }),
  admin_invite: () => ({ name: 'admin_invite', reseller: aResellerView(), role: 'sales' }),
  ...PEOPLE_EXAMPLE_STEPS,
  ...TEAM_EXAMPLE_STEPS,
  admin_audit: () => ({ name: 'admin_audit', criterion: { by: 'reseller', value: '100001' }, page: 1, lines: ['• 2026-11-26 10:00 admin1 — reseller.suspended Acme Telecom B.V. (partner 100001): {"suspendedAt":null} → {"suspendedAt":"2026-11-26T10:00:00.000Z"}'], more: true }),
  ...CATALOGUE_EXAMPLE_STEPS,
  ...CUSTOMERS_EXAMPLE_STEPS,
};

export const RESELLER_ID = 'a0000000-0000-4000-8000-0000000000c1';
export const ORDER_ID = 'a0000000-0000-4000-8000-0000000000d1';

/** A member of the distributor's staff. */
export function aStaffSession(overrides: Partial<StaffSession> = {}): StaffSession {
  return { account: 'staff', staffId: 'a0000000-0000-4000-8000-0000000000e1', name: 'Sam Staff', staffRole: 'staff', waiting: 2, ...overrides };
}

/** The card of order 42, waiting for its bank transfer, with a payment kept for a refund. */
export function anOrderCardView(overrides: Partial<CardView> = {}): CardView {
  return {
    target: { kind: 'order', id: ORDER_ID }, text: 'Order 42 (TCX-000042-17): awaiting payment, €1,210.00 by bank transfer',
    actions: ['confirm', 'cancel', 'refund_pay', 'resend', 'note'], links: [{ label: 'Reseller Acme Telecom BV', target: { kind: 'reseller', id: RESELLER_ID } }],
    kept: ['BANK-9'], order: { total: '€1,210.00', reference: 'TCX-000042-17' }, ...overrides,
  };
}

export function anAttentionEntry(overrides: Partial<AttentionEntry> = {}): AttentionEntry {
  return {
    text: '1. Order 42, Acme Telecom BV, €1,210.00: bank transfer waiting for 3 days', orderNumber: 42, target: { kind: 'order', id: ORDER_ID },
    actions: ['confirm', 'cancel'], kept: [], order: { total: '€1,210.00', reference: 'TCX-000042-17' }, ...overrides,
  };
}

/** How the first example invoice (unpaid, of an order waiting for its bank transfer) is paid. */
export function anInvoicePayment(overrides: Partial<InvoicePayment> = {}): InvoicePayment {
  return {
    reference: 'TCX-000042-17', amountCents: 10_000, currency: 'EUR', dueOn: '2026-10-15', bank: BANK_DETAILS, online: ['card', 'multisafepay'],
    orderId: 'a0000000-0000-4000-8000-0000000000f1', ...overrides,
  };
}

/** A small PDF-like document. */
export const A_DOCUMENT = { filename: 'INV-2026-000042.pdf', mimeType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]) };

export const APPROVAL_ID = 'a0000000-0000-4000-8000-0000000000a1';
export const APPROVAL_ID_2 = 'a0000000-0000-4000-8000-0000000000a2';

/** Sam Sales's request for the two example cart lines. */
export function anApprovalSummary(overrides: Partial<ApprovalSummary> = {}): ApprovalSummary {
  return {
    id: APPROVAL_ID, requesterName: 'Sam Sales', lines: someCartLines().map((l) => l.quote), couponCode: null, totals: totalsOf(), currency: 'EUR',
    requestedAt: '2026-11-26T10:00:00.000Z', lapsesAt: '2026-11-29T10:00:00.000Z', ...overrides,
  };
}

export const STEP_NAMES = Object.keys(EXAMPLE_STEPS) as StepName[];

const LOGIN_STEPS: readonly StepName[] = ['login_username', 'login_password'];

/** The rich example state of a step: logged in as an owner (a staff step: as staff), except for the two login steps. */
export function exampleState(name: StepName, overrides: Partial<ConversationState> = {}): ConversationState {
  const step = EXAMPLE_STEPS[name]();
  if (ADMIN_STEP_NAMES.includes(name) || (CATALOGUE_STEP_NAMES as StepName[]).includes(name)) return aState(step, { session: anAdminSession(), ...overrides });
  if (STAFF_STEP_NAMES.includes(name)) return aState(step, { session: aStaffSession(), ...overrides });
  return LOGIN_STEPS.includes(name) ? aLoggedOutState(step, overrides) : aState(step, overrides);
}

/** The staff flow's steps. */
export const STAFF_STEP_NAMES: readonly StepName[] = ['staff_menu', 'staff_find', 'staff_found', 'staff_card', 'staff_ask', 'staff_attention'];

/** The admin flow's steps (an administrator's staff session). */
export const ADMIN_STEP_NAMES: readonly StepName[] = ['admin_menu', 'admin_audit_ask', 'admin_audit', 'admin_reseller_find', 'admin_reseller_list', 'admin_reseller', 'admin_reseller_reason', 'admin_reseller_confirm', 'admin_invite', ...PEOPLE_STEP_NAMES];

/** Acme as an administrator's reseller card shows it: active. */
export function aResellerView(overrides: Partial<ResellerView> = {}): ResellerView {
  return { partnerId: '100001', company: 'Acme Telecom BV', country: 'NL', levelCode: 'gold', suspendedAt: null, ...overrides };
}

/** An administrator of the distributor. */
export function anAdminSession(overrides: Partial<StaffSession> = {}): StaffSession {
  return aStaffSession({ staffId: 'a0000000-0000-4000-8000-0000000000e2', name: 'Ada Admin', staffRole: 'admin', ...overrides });
}

/** The steps a logged-in user can be at. */
export const SESSION_STEP_NAMES = STEP_NAMES.filter((n) => !LOGIN_STEPS.includes(n));

// ——— answers ———

/**
 * Answers of every kind and variant the domain can give. Typed as a record over the answer
 * kinds, so a new kind breaks the build until it has examples.
 */
export const EXAMPLE_ANSWERS: { [K in Answer['kind']]: () => Array<Extract<Answer, { kind: K }>> } = {
  logged_in: () => [{ kind: 'logged_in', session: aSession('purchase') }],
  login_refused: () => [
    { kind: 'login_refused', reason: 'wrong_credentials' },
    { kind: 'login_refused', reason: 'private_only' },
    { kind: 'login_refused', reason: 'locked', until: '2026-11-26T14:30:00.000Z' },
    { kind: 'login_refused', reason: 'suspended', distributor: 'Demo Distribution B.V.' },
  ],
  invitation_valid: () => [{ kind: 'invitation_valid', invitationId: '5f0c2a9e-0000-4000-8000-000000000001', name: 'Nina New', username: 'nina' }],
  invitation_refused: () => (['unknown_code', 'code_used', 'code_expired', 'account_inactive', 'weak_password', 'not_available'] as const).map((reason) => ({ kind: 'invitation_refused' as const, reason })),
  invitation_used: () => [{ kind: 'invitation_used', account: 'reseller_user', username: 'nina' }, { kind: 'invitation_used', account: 'staff_user', username: 'sven' }],
  logged_out: () => [{ kind: 'logged_out' }],
  session_ended: () => [{ kind: 'session_ended' }],
  menu: () => [{ kind: 'menu', cartCount: 3 }],
  not_allowed: () => [{ kind: 'not_allowed' }],
  dashboard: () => [{ kind: 'dashboard', dashboard: aDashboard() }],
  verified: () => [
    { kind: 'verified', purpose: 'upgrade', typedKey: 'abcd-efgh-jklm-np23', verification: { kind: 'ok', license: anAnnualLicense() }, yearlyCents: null },
    { kind: 'verified', purpose: 'upgrade', typedKey: 'abcd-efgh-jklm-np23', verification: { kind: 'ok', license: anAnnualLicense() }, yearlyCents: null, prefill: { edition: 'enterprise', sc: 32 } },
    { kind: 'verified', purpose: 'renew_annual', typedKey: 'ABCD-EFGH-JKLM-NP23', verification: { kind: 'ok', license: anAnnualLicense() }, yearlyCents: 59_500 },
    { kind: 'verified', purpose: 'renew_annual', typedKey: 'ABCD-EFGH-JKLM-NP23', verification: { kind: 'ok', license: anAnnualLicense() }, yearlyCents: 59_500, prefill: { years: 2 } },
    { kind: 'verified', purpose: 'renew_maintenance', typedKey: 'PERP-0000-1111-2222', verification: { kind: 'ok', license: aPerpetualLicense() }, yearlyCents: null },
    { kind: 'verified', purpose: 'upgrade', typedKey: 'EXPD-2222-3333-4444', verification: { kind: 'expired', license: anExpiredLicense() }, yearlyCents: null },
    { kind: 'verified', purpose: 'upgrade', typedKey: 'PERP-0000-1111-2222', verification: { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, yearlyCents: null },
    { kind: 'verified', purpose: 'renew_maintenance', typedKey: 'ABCD-EFGH-JKLM-NP23', verification: { kind: 'wrong_type', license: anAnnualLicense(), expected: 'perpetual' }, yearlyCents: null },
    { kind: 'verified', purpose: 'upgrade', typedKey: 'TOPP-1024-ENTR-PRSE', verification: { kind: 'no_upgrade_path', license: aTopLicense() }, yearlyCents: null },
    { kind: 'verified', purpose: 'upgrade', typedKey: 'ABCD-EFGH-JKLM-NP23', verification: { kind: 'provider_refused', license: anAnnualLicense(), reason: 'maintenance_expired', code: 'CannotUpgradeKeyWithExpiredMaintenance' }, yearlyCents: null },
    { kind: 'verified', purpose: 'renew_annual', typedKey: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', verification: { kind: 'not_found' }, yearlyCents: null },
    { kind: 'verified', purpose: 'renew_annual', typedKey: 'hello', verification: { kind: 'invalid_format' }, yearlyCents: null },
  ],
  customers: () => [{ kind: 'customers', customers: someCustomers() }, { kind: 'customers', customers: [] }],
  quoted: () => [
    { kind: 'quoted', request: aNewLicenseRequest(), result: { kind: 'ok', quote: aNewLicenseQuote() }, customerName: 'Customer 1 BV' },
    { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'ok', quote: aRenewalQuote() }, customerName: 'Acme BV' },
    { kind: 'quoted', request: aNewLicenseRequest(), result: { kind: 'price_missing' }, customerName: null },
    { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'not_found' }, customerName: null },
  ],
  added: () => [
    { kind: 'added', result: { kind: 'added', line: someCartLines()[0] as CartLine, lineCount: 3 } },
    { kind: 'added', result: { kind: 'not_allowed' } },
    { kind: 'added', result: { kind: 'cart_full' } },
    { kind: 'added', result: { kind: 'duplicate_key', licenseKey: 'ABCD-EFGH-JKLM-NP23' } },
    { kind: 'added', result: { kind: 'refused', quote: { kind: 'expired', license: anExpiredLicense() } } },
  ],
  cart: () => [
    { kind: 'cart', lines: someCartLines(), totals: totalsOf(), customers: CART_CUSTOMERS },
    { kind: 'cart', lines: [], totals: emptyTotals(), customers: [] },
  ],
  requoted: () => [
    { kind: 'requoted', changes: [], lines: someCartLines(), totals: totalsOf(), methods: ALL_METHODS },
    { kind: 'requoted', changes: [aPriceChange()], lines: someCartLines(), totals: totalsOf(), methods: ALL_METHODS },
    { kind: 'requoted', changes: [aPriceChange()], lines: [], totals: emptyTotals(), methods: ALL_METHODS },
  ],
  coupon_checked: () => [
    { kind: 'coupon_checked', code: 'winter10', check: { kind: 'ok', coupon: aCoupon() }, totals: totalsOf(someCartLines(), 1000) },
    { kind: 'coupon_checked', code: 'OLD', check: { kind: 'expired', validUntil: '2026-01-31' }, totals: totalsOf() },
  ],
  order: () => [
    { kind: 'order', result: { kind: 'placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS, alreadyPlaced: false } },
    { kind: 'order', result: { kind: 'placed', order: aPlacedOrder({ method: 'offline', paymentUrl: null }), bankDetails: BANK_DETAILS, alreadyPlaced: true } },
    { kind: 'order', result: { kind: 'changed', changes: [aPriceChange()], totals: totalsOf() } },
    { kind: 'order', result: { kind: 'coupon_refused', check: { kind: 'used_up' }, totals: totalsOf() } },
    { kind: 'order', result: { kind: 'total_changed', totals: totalsOf(), couponCode: 'WINTER10' } },
    { kind: 'order', result: { kind: 'cart_empty' } },
    { kind: 'order', result: { kind: 'not_allowed' } },
    { kind: 'order', result: { kind: 'method_unavailable' } },
  ],
  payment_page_needed: () => [
    { kind: 'payment_page_needed', page: aPageToOpen() },
    { kind: 'payment_page_needed', page: aPageToOpen({ method: 'multisafepay', then: { kind: 'pay', flow: 'orders' } }) },
  ],
  payment_page_failed: () => [
    { kind: 'payment_page_failed', orderId: 'o-1', number: 100_234, why: 'provider', page: aPageToOpen() },
    { kind: 'payment_page_failed', orderId: 'o-1', number: 100_234, why: 'provider', page: aPageToOpen({ then: { kind: 'pay', flow: 'invoices' } }) },
    { kind: 'payment_page_failed', orderId: 'o-1', number: 100_234, why: 'not_waiting', page: aPageToOpen() },
  ],
  licenses: () => [
    { kind: 'licenses', page: 0, filter: 'all', result: { items: someLicenses(), total: 12 } },
    { kind: 'licenses', page: 0, filter: 'expiring', result: { items: [], total: 0 } },
  ],
  license_card: () => [
    { kind: 'license_card', typedKey: 'abcd efgh jklm np23', verification: { kind: 'ok', license: anAnnualLicense() } },
    { kind: 'license_card', typedKey: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', verification: { kind: 'not_found' } },
  ],
  invoices: () => [{ kind: 'invoices', page: 2, result: { items: someInvoices().slice(0, 2), total: 12 } }],
  reminders_changed: () => [
    { kind: 'reminders_changed', result: { kind: 'snoozed', key: 'ABCD-EFGH-JKLM-NP23', until: '2026-12-03' } },
    { kind: 'reminders_changed', result: { kind: 'stopped', key: 'ABCD-EFGH-JKLM-NP23' } },
    { kind: 'reminders_changed', result: { kind: 'not_found' } },
  ],
  approval_requested: () => [
    { kind: 'approval_requested', result: { kind: 'requested', approvers: 2, notified: 3, lapsesAt: '2026-11-29T10:00:00.000Z' } },
    { kind: 'approval_requested', result: { kind: 'changed', changes: [aPriceChange()], totals: totalsOf() } },
    { kind: 'approval_requested', result: { kind: 'refused', why: 'cart_empty' } },
    { kind: 'approval_requested', result: { kind: 'refused', why: 'not_allowed' } },
    { kind: 'approval_requested', result: { kind: 'refused', why: 'total' } },
  ],
  approval_withdrawn: () => [{ kind: 'approval_withdrawn', withdrawn: true }, { kind: 'approval_withdrawn', withdrawn: false }],
  approvals: () => [{ kind: 'approvals', items: [anApprovalSummary()] }, { kind: 'approvals', items: [] }],
  approval_opened: () => [
    { kind: 'approval_opened', result: { kind: 'open', request: anApprovalSummary(), methods: ALL_METHODS } },
    { kind: 'approval_opened', then: 'reject', result: { kind: 'open', request: anApprovalSummary(), methods: ALL_METHODS } },
    { kind: 'approval_opened', result: { kind: 'decided', status: 'approved', by: 'Dana Demo', reason: null } },
    { kind: 'approval_opened', result: { kind: 'lapsed', reason: 'figures_changed' } },
    { kind: 'approval_opened', result: { kind: 'not_found' } },
  ],
  approval_approved: () => [
    { kind: 'approval_approved', result: { kind: 'placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS, alreadyPlaced: false } },
    { kind: 'approval_approved', result: { kind: 'decided', status: 'approved', by: 'Pat Purchase', reason: null } },
    { kind: 'approval_approved', result: { kind: 'method_unavailable' } },
  ],
  orders: () => [{ kind: 'orders', page: 2, result: { items: someOrders().slice(0, 2), total: 12 } }],
  order_opened: () => [
    { kind: 'order_opened', result: { kind: 'ok', card: anOrderCard() } },
    { kind: 'order_opened', result: { kind: 'ok', card: anOrderCard({ status: 'fulfilled', paymentMethod: 'card', payment: null }) } },
    { kind: 'order_opened', result: { kind: 'not_found' } },
  ],
  order_cancelled: () => [
    { kind: 'order_cancelled', orderId: anOrderCard().id, result: { kind: 'cancelled', number: 40, creditNote: 'CN-2026-000001' } },
    { kind: 'order_cancelled', orderId: anOrderCard().id, result: { kind: 'not_cancellable' } },
  ],
  order_payment: () => [
    { kind: 'order_payment', result: { kind: 'ok', url: 'https://pay.example/s/1', method: 'multisafepay' } },
    { kind: 'order_payment', result: { kind: 'not_payable' } },
  ],
  invoice_opened: () => [
    { kind: 'invoice_opened', result: { kind: 'ok', entry: someInvoices()[0] as InvoiceListEntry, document: A_DOCUMENT, payment: anInvoicePayment() } },
    { kind: 'invoice_opened', result: { kind: 'ok', entry: someInvoices()[1] as InvoiceListEntry, document: null, payment: null } },
    { kind: 'invoice_opened', result: { kind: 'not_found' } },
  ],
  invoice_payment: () => [
    { kind: 'invoice_payment', result: { kind: 'ok', url: 'https://pay.example/s/1', method: 'card' } },
    { kind: 'invoice_payment', result: { kind: 'not_payable' } },
  ],
  statement: () => [
    { kind: 'statement', result: { kind: 'ok', year: 2026, entries: 3, document: { ...A_DOCUMENT, filename: 'statement-100001-2026.csv', mimeType: 'text/csv' } } },
    { kind: 'statement', result: { kind: 'invalid_year', earliest: 2000, latest: 2026 } },
    { kind: 'statement', result: { kind: 'not_allowed' } },
  ],
  customer_quote: () => [
    { kind: 'customer_quote', source: { kind: 'cart' }, result: { kind: 'ok', company: 'Harbor Dental', document: A_DOCUMENT } },
    { kind: 'customer_quote', source: { kind: 'license', key: 'ABCD-EFGH-JKLM-NP23', years: 1 }, result: { kind: 'line_refused', description: null, refusal: { kind: 'expired' } } },
    { kind: 'customer_quote', source: { kind: 'cart' }, result: { kind: 'invalid_price', line: 2 } },
    { kind: 'customer_quote', source: { kind: 'cart' }, result: { kind: 'wrong_price_count', expected: 2, given: 3 } },
    { kind: 'customer_quote', source: { kind: 'cart' }, result: { kind: 'other', why: 'invalid_markup' } },
  ],
  approval_rejected: () => [
    { kind: 'approval_rejected', result: { kind: 'rejected', requesterName: 'Sam Sales' } },
    { kind: 'approval_rejected', result: { kind: 'not_allowed' } },
  ],
  approvals_chat_chosen: () => (['here', 'direct_messages', 'not_allowed', 'not_on_this_channel'] as const).map((result) => ({ kind: 'approvals_chat_chosen', result })),
  staff_menu: () => [{ kind: 'staff_menu', waiting: 3 }],
  staff_found: () => [{ kind: 'staff_found', query: 'acme', hits: [{ label: 'Reseller Acme Telecom BV', target: { kind: 'reseller', id: RESELLER_ID } }] }, { kind: 'staff_found', query: 'nothing', hits: [] }],
  staff_card: () => [{ kind: 'staff_card', card: anOrderCardView() }, { kind: 'staff_card', card: null }],
  staff_attention: () => [{ kind: 'staff_attention', title: 'Waiting for staff (1):', items: [anAttentionEntry()] }, { kind: 'staff_attention', title: 'Nothing waits for staff.', items: [] }],
  staff_acted: () => [
    { kind: 'staff_acted', result: { kind: 'done', what: 'cancel_order', summary: { order: 42, creditNote: 'CN-2026-000001' }, outbox: [], fulfil: [] }, card: anOrderCardView({ actions: ['note'] }) },
    { kind: 'staff_acted', result: { kind: 'refused', why: { kind: 'order_status', status: 'paid' } }, card: anOrderCardView() },
    { kind: 'staff_acted', result: { kind: 'refused', why: { kind: 'not_found' } }, card: null },
  ],
  admin_audit: () => [
    { kind: 'admin_audit', criterion: { by: 'auto', value: '100001' }, page: 0, result: { kind: 'found', by: 'reseller', lines: ['• 2026-11-26 10:00 admin1 — reseller.suspended Acme Telecom B.V. (partner 100001)'], more: false } },
    { kind: 'admin_audit', criterion: { by: 'person', value: 'nobody' }, page: 0, result: { kind: 'found', by: 'person', lines: [], more: false } },
    ...(['reseller_not_found', 'order_not_found', 'invalid_dates', 'not_available'] as const).map((kind) => ({ kind: 'admin_audit' as const, criterion: { by: 'auto' as const, value: 'x' }, page: 0, result: { kind } })),
  ],
  admin_only: () => [{ kind: 'admin_only' }],
  admin_resellers: () => [
    { kind: 'admin_resellers', query: '100001', resellers: [aResellerView()] },
    { kind: 'admin_resellers', query: 'a', resellers: [aResellerView(), aResellerView({ partnerId: '100002', company: 'Bright Voice Ltd' })] },
    { kind: 'admin_resellers', query: 'nobody', resellers: [] },
  ],
  admin_suspended: () => [
    ...(['suspended', 'already_suspended'] as const).map((result) => ({ kind: 'admin_suspended' as const, partnerId: '100001', result, reseller: aResellerView({ suspendedAt: '2026-11-26T10:00:00.000Z' }) })),
    ...(['reactivated', 'not_suspended'] as const).map((result) => ({ kind: 'admin_suspended' as const, partnerId: '100001', result, reseller: aResellerView() })),
    ...(['not_found', 'not_available'] as const).map((result) => ({ kind: 'admin_suspended' as const, partnerId: '100001', result, reseller: null })),
  ],
  ...PEOPLE_EXAMPLE_ANSWERS,
  ...TEAM_EXAMPLE_ANSWERS,
  admin_invited: () => [
    { kind: 'admin_invited', reseller: aResellerView(), role: 'sales', result: { kind: 'invited', lines: ['one-time code for jdoe (Jane Doe, sales), valid until 2026-12-03T10:00:00.000Z: INV-ABCDEFGHJKLMNPQRSTUV'] } },
    ...(['username_taken', 'invalid_username', 'invalid_name', 'reseller_not_found', 'not_available'] as const).map((kind) => ({ kind: 'admin_invited' as const, reseller: aResellerView(), role: 'sales' as const, result: { kind } })),
  ],
  ...CATALOGUE_EXAMPLE_ANSWERS,
  ...CUSTOMERS_EXAMPLE_ANSWERS,
};

/** Every example answer, of every kind. */
export function everyAnswer(): Answer[] {
  return (Object.values(EXAMPLE_ANSWERS) as Array<() => Answer[]>).flatMap((make) => make());
}
