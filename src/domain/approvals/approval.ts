import type { Channel } from '../orders/order';
import type { CartLine } from '../pricing/cart';
import type { Totals } from '../pricing/totals';

/**
 * A team's approval: a sales user's cart, checked out up to its summary, waits for an owner or
 * purchase user of the same reseller, who places it as their own order and pays it, or rejects
 * it. A request is decided once; it lapses when the cart changes, when its figures no longer
 * hold, or after `APPROVAL_LAPSE_DAYS`.
 */

export const APPROVAL_LAPSE_DAYS = 3;

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'lapsed';

/** Why a request lapsed. */
export type LapseReason = 'cart_changed' | 'figures_changed' | 'expired' | 'replaced';

export interface ApprovalRequest {
  id: string;
  resellerId: string;
  requestedBy: string;
  requesterName: string;
  /** Where the requester asked from, to tell them the decision. */
  channel: Channel;
  chatId: string | null;
  status: ApprovalStatus;
  couponCode: string | null;
  /** The cart as the requester confirmed it, and its figures. */
  lines: CartLine[];
  totals: Totals;
  currency: string;
  requestedAt: Date;
  lapsesAt: Date;
  decidedBy: string | null;
  deciderName: string | null;
  decidedAt: Date | null;
  /** A rejection's reason, or why the request lapsed. */
  reason: string | null;
  orderId: string | null;
}

/** What someone may do with a request. */
export type ApprovalAction = 'approve' | 'reject' | 'withdraw';

/** Whether a request can still be acted on at `now`: a decided one says who decided, a late one has lapsed. */
export type Decidable =
  | { kind: 'open' }
  | { kind: 'decided'; status: Exclude<ApprovalStatus, 'pending'>; by: string | null; reason: string | null }
  | { kind: 'expired' };

/** Whether `request` is still open for a decision at `now` (pure). */
export function decidable(request: Pick<ApprovalRequest, 'status' | 'lapsesAt' | 'deciderName' | 'reason'>, now: Date): Decidable {
  if (request.status !== 'pending') return { kind: 'decided', status: request.status, by: request.deciderName, reason: request.reason };
  if (request.lapsesAt.getTime() <= now.getTime()) return { kind: 'expired' };
  return { kind: 'open' };
}

/** When a request made at `at` lapses. */
export function lapseTime(at: Date): Date {
  return new Date(at.getTime() + APPROVAL_LAPSE_DAYS * 24 * 3600_000);
}

/** The longest reason a rejecting user may give. */
export const MAX_REASON_LENGTH = 500;
