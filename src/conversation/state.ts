// The state of one conversation, kept between two messages. Each flow defines its own steps
// (flows/<flow>/steps.ts); a step holds everything its message needs, so that the current
// step can be shown again (after a stale button, a restart, /back) without asking the domain.
import type { Role } from '../domain/accounts/roles';
import type { AdminStep } from './flows/admin/types';
import type { CatalogueStep } from './flows/admin-catalogue/types';
import type { ApprovalsStep } from './flows/approvals/steps';
import type { CartStep } from './flows/cart/steps';
import type { CheckoutStep } from './flows/checkout/steps';
import type { CustomerQuoteStep } from './flows/customer-quote/steps';
import type { CustomersStep } from './flows/customers/steps';
import type { DashboardStep } from './flows/dashboard/steps';
import type { HelpStep } from './flows/help/steps';
import type { InvoicesStep } from './flows/invoices/steps';
import type { LicenseKeyStep } from './flows/license-key/steps';
import type { LicensesStep } from './flows/licenses/steps';
import type { LoginStep } from './flows/login/steps';
import type { MenuStep } from './flows/menu/steps';
import type { NewLicenseStep } from './flows/new-license/steps';
import type { OrdersStep } from './flows/orders/steps';
import type { PeopleStep } from './flows/people/types';
import type { QuoteStep } from './flows/quote/steps';
import type { RenewStep } from './flows/renew/steps';
import type { StaffStep } from './flows/staff/types';
import type { TeamStep } from './flows/team/types';
import type { UpgradeStep } from './flows/upgrade/steps';

/** Who is logged in to this conversation: a reseller's user, or one of the distributor's staff. */
export type Session = ResellerSession | StaffSession;

/** A reseller's user (saved states from before staff could log in have no `account`). */
export interface ResellerSession {
  account?: 'reseller';
  userId: string;
  name: string;
  role: Role;
  company: string;
  cartCount: number;
  currency: string;
  /** The reseller's partner discount and VAT rate, in basis points. */
  discountBp: number;
  vatBp: number;
  /** Owner and purchase users: approval requests of their team waiting for a decision. */
  pendingApprovals?: number;
}

/** One of the distributor's staff (the Master portal; admins do everything staff do). */
export interface StaffSession {
  account: 'staff';
  staffId: string;
  name: string;
  staffRole: 'staff' | 'admin';
  /** Orders waiting for staff, as counted when the staff menu was last shown. */
  waiting?: number;
}

/** Where the conversation is: one step of one flow. */
export type Step =
  | LoginStep | MenuStep | DashboardStep | NewLicenseStep | LicenseKeyStep | UpgradeStep | RenewStep
  | QuoteStep | CartStep | CheckoutStep | LicensesStep | InvoicesStep | OrdersStep | HelpStep | ApprovalsStep | CustomerQuoteStep | StaffStep | AdminStep
  | CatalogueStep
  | PeopleStep
  | TeamStep
  | CustomersStep;

export type StepName = Step['name'];

/** The shape of the state this code reads and writes; a saved state of another shape is restored (see below). */
export const STATE_VERSION = 2;

/** Everything kept between two messages of one conversation. */
export interface ConversationState {
  version: typeof STATE_VERSION;
  session: Session | null;
  step: Step;
  /** Counts the messages with buttons; a button carries the count of its message. */
  nonce: number;
  /** Inputs in a row that did not fit the step. */
  misses: number;
}

/** The state of a conversation that has not started. */
export function initialState(): ConversationState {
  return { version: STATE_VERSION, session: null, step: { name: 'login_username' }, nonce: 0, misses: 0 };
}

export const PAGE_SIZE = 5;
