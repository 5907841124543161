import type { EndCustomer, Invoice } from '../domain/accounts/accounts';
import type { Dashboard, NoticeKind } from '../domain/dashboard/dashboard';
import type { PaymentMethod } from '../domain/orders/order';
import type { Page } from '../domain/ports';
import type { CartLine } from '../domain/pricing/cart';
import type { CouponCheck } from '../domain/pricing/coupon';
import type { License } from '../domain/pricing/license';
import type { LineQuoteResult, LineRequest } from '../domain/pricing/line';
import type { Totals } from '../domain/pricing/totals';
import type { Verification } from '../domain/pricing/verification';
import type { AddToCartResult } from '../domain/use-cases/cart';
import type { BankDetails } from '../domain/dashboard/dashboard';
import type { ChangeNote, KeyPurpose, PlacedOrder, Session } from './state';

/** What the step function asks the domain to do; the interpreter runs it and answers. */
export type Command =
  | { kind: 'login'; username: string; password: string }
  | { kind: 'linked_session' }
  | { kind: 'logout' }
  | { kind: 'menu' }
  | { kind: 'dashboard' }
  | { kind: 'dismiss_notice'; notice: NoticeKind; ref: string }
  | { kind: 'verify'; key: string; purpose: KeyPurpose }
  | { kind: 'customers' }
  | { kind: 'add_customer'; company: string; request: LineRequest }
  | { kind: 'quote'; request: LineRequest }
  | { kind: 'add_to_cart'; request: LineRequest }
  | { kind: 'cart' }
  | { kind: 'remove_line'; lineId: string }
  | { kind: 'empty_cart' }
  | { kind: 'requote' }
  | { kind: 'check_coupon'; code: string }
  | { kind: 'place_order'; method: PaymentMethod; couponCode: string | null; confirmedTotalCents: number; attempt: number }
  | { kind: 'reminders'; change: 'snooze' | 'stop'; key: string }
  | { kind: 'licenses'; page: number }
  | { kind: 'invoices'; page: number };

/** What the domain answered. */
export type Answer =
  | { kind: 'logged_in'; session: Session }
  | { kind: 'login_refused'; reason: 'wrong_credentials' | 'private_only' }
  | { kind: 'login_refused'; reason: 'locked'; until: string }
  | { kind: 'logged_out' }
  | { kind: 'menu'; cartCount: number }
  | { kind: 'dashboard'; dashboard: Dashboard }
  | { kind: 'verified'; purpose: KeyPurpose; typedKey: string; verification: Verification; yearlyCents: number | null }
  | { kind: 'customers'; customers: EndCustomer[] }
  | { kind: 'quoted'; request: LineRequest; result: LineQuoteResult; customerName: string | null }
  | { kind: 'added'; result: AddToCartResult }
  | { kind: 'cart'; lines: CartLine[]; totals: Totals }
  | { kind: 'requoted'; changes: ChangeNote[]; lines: CartLine[]; totals: Totals; methods: PaymentMethod[] }
  | { kind: 'coupon_checked'; code: string; check: CouponCheck; totals: Totals }
  | { kind: 'order'; result: OrderAnswer }
  | { kind: 'reminders_changed'; result: { kind: 'snoozed'; key: string; until: string } | { kind: 'stopped'; key: string } | { kind: 'not_found' } }
  | { kind: 'licenses'; page: number; result: Page<License> }
  | { kind: 'invoices'; page: number; result: Page<Invoice> }
  | { kind: 'not_allowed' }
  | { kind: 'session_ended' };

/** The outcome of placing an order, as the conversation needs it. */
export type OrderAnswer =
  | { kind: 'placed'; order: PlacedOrder; bankDetails: BankDetails; alreadyPlaced: boolean }
  | { kind: 'changed'; changes: ChangeNote[]; totals: Totals }
  | { kind: 'coupon_refused'; check: Exclude<CouponCheck, { kind: 'ok' }>; totals: Totals }
  | { kind: 'total_changed'; totals: Totals; couponCode: string | null }
  | { kind: 'cart_empty' }
  | { kind: 'method_unavailable' }
  | { kind: 'not_allowed' };
