import type { Role } from '../domain/accounts/roles';
import type { EndCustomer, Invoice } from '../domain/accounts/accounts';
import type { BankDetails, Dashboard, NoticeKind } from '../domain/dashboard/dashboard';
import type { PaymentMethod } from '../domain/orders/order';
import type { CartLine, RequoteChange } from '../domain/pricing/cart';
import type { Edition } from '../domain/pricing/catalog';
import type { License } from '../domain/pricing/license';
import type { LineQuote, LineRequest } from '../domain/pricing/line';
import type { Totals } from '../domain/pricing/totals';

/** Who is logged in to this conversation. */
export interface Session {
  userId: string;
  name: string;
  role: Role;
  company: string;
  cartCount: number;
  currency: string;
  /** The reseller's partner discount and VAT rate, in basis points. */
  discountBp: number;
  vatBp: number;
}

export type KeyPurpose = 'upgrade' | 'renew_annual' | 'renew_maintenance';

/** What the user is choosing for a new license, filled in step by step. */
export interface NewLicenseDraft {
  edition: Edition;
  sc?: number;
  quantity?: number;
  years?: number;
}

/** A follow-up offered after a key was refused ("Renew this license", …). */
export type KeyOffer = { kind: 'renew_annual' | 'renew_maintenance'; key: string } | { kind: 'new_license' };

/** A placed order as the user is shown it. */
export interface PlacedOrder {
  number: number;
  reference: string;
  method: PaymentMethod;
  totalCents: number;
  currency: string;
  expiresAt: string | null;
  /** A payment page to open, for card and MultiSafepay. */
  paymentUrl: string | null;
}

/**
 * Where the conversation is, with everything its message needs, so that the current step can
 * be shown again (after a stale button, a restart, /back) without asking the domain.
 */
export type Step =
  | { name: 'login_username' }
  | { name: 'login_password'; username: string }
  | { name: 'menu' }
  | { name: 'dashboard'; dashboard: Dashboard }
  | { name: 'notices'; kind: NoticeKind; dashboard: Dashboard }
  | { name: 'buy' }
  | { name: 'new_edition' }
  | { name: 'new_sc'; draft: NewLicenseDraft }
  | { name: 'new_quantity'; draft: NewLicenseDraft }
  | { name: 'new_years'; draft: NewLicenseDraft }
  | { name: 'new_customer'; draft: NewLicenseDraft; customers: EndCustomer[]; page: number }
  | { name: 'new_customer_name'; draft: NewLicenseDraft; customers: EndCustomer[] }
  | { name: 'key_entry'; purpose: KeyPurpose; offers: KeyOffer[] }
  | { name: 'upgrade_edition'; license: License }
  | { name: 'upgrade_sc'; license: License; edition: Edition }
  | { name: 'renew_years'; purpose: 'renew_annual' | 'renew_maintenance'; license: License; yearlyCents: number }
  | { name: 'line_summary'; request: LineRequest; quote: LineQuote; customerName: string | null; from: Step }
  | { name: 'added'; quote: LineQuote }
  | { name: 'cart'; lines: CartLine[]; totals: Totals }
  | { name: 'checkout_changes'; changes: ChangeNote[]; totals: Totals; methods: PaymentMethod[] }
  | { name: 'checkout_coupon'; totals: Totals; methods: PaymentMethod[] }
  | { name: 'checkout_review'; couponCode: string | null; totals: Totals; methods: PaymentMethod[] }
  | { name: 'order_placed'; order: PlacedOrder; bankDetails: BankDetails }
  | { name: 'licenses'; page: number; total: number; items: License[] }
  | { name: 'invoices'; page: number; total: number; items: Invoice[] }
  | { name: 'help' };

export type StepName = Step['name'];

/** A change found when the cart was priced again, with the line it is about. */
export interface ChangeNote {
  description: string;
  change: RequoteChange;
}

/** Everything kept between two messages of one conversation. */
export interface ConversationState {
  version: 1;
  session: Session | null;
  step: Step;
  /** Counts the messages with buttons; a button carries the count of its message. */
  nonce: number;
  /** Inputs in a row that did not fit the step. */
  misses: number;
}

/** The state of a conversation that has not started. */
export function initialState(): ConversationState {
  return { version: 1, session: null, step: { name: 'login_username' }, nonce: 0, misses: 0 };
}

export const PAGE_SIZE = 5;
