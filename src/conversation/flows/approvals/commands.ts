// Team approvals against the domain: asking, the approver's review, approving (placing the
// requester's cart as the approver's order), rejecting, withdrawing.
import type { ApprovalRequest } from '../../../domain/approvals/approval';
import type { PaymentMethod } from '../../../domain/orders/order';
import type { LineQuote } from '../../../domain/pricing/line';
import type { Totals } from '../../../domain/pricing/totals';
import { approve, chooseTeamChat, pendingApprovals, reject, requestApproval, reviewApproval, withdraw, type NotOpen, type TeamChatChoice } from '../../../domain/use-cases/approvals';
import { checkoutTotals } from '../../../domain/use-cases/checkout';
import type { CommandHandlers } from '../../commands';
import type { InterpreterContext } from '../../interpreter';
import type { ChangedAnswer, OrderAnswer } from '../checkout/commands';
import { changedAnswer, paymentDeadline, placedAnswer } from '../checkout/commands';
import { t } from '../../wording';

/** A request as the conversation keeps it (dates as ISO strings). */
export interface ApprovalSummary {
  id: string;
  requesterName: string;
  lines: LineQuote[];
  couponCode: string | null;
  totals: Totals;
  currency: string;
  requestedAt: string;
  lapsesAt: string;
}

export type ApprovalsCommand =
  | { kind: 'request_approval'; couponCode: string | null; confirmedTotalCents: number }
  | { kind: 'withdraw_approval' }
  | { kind: 'approvals' }
  | { kind: 'approval_open'; id: string; then?: 'reject' }
  | { kind: 'approve'; id: string; method: PaymentMethod; confirmedTotalCents: number }
  | { kind: 'reject_approval'; id: string; reason: string | null }
  /** This chat becomes the team's chat for approval requests (`here`), or they go to direct messages again. */
  | { kind: 'choose_approvals_chat'; here: boolean };

/** Why a request cannot be acted on, for the words (no changes list). */
export type NotOpenAnswer = { kind: 'not_found' } | { kind: 'not_allowed' } | { kind: 'decided'; status: string; by: string | null; reason: string | null } | { kind: 'lapsed'; reason: string };

export type ApprovalsAnswer =
  | { kind: 'approval_requested'; result: { kind: 'requested'; approvers: number; notified: number; lapsesAt: string } | ChangedAnswer | Extract<OrderAnswer, { kind: 'coupon_refused' }> | { kind: 'refused'; why: 'cart_empty' | 'not_allowed' | 'total' } }
  | { kind: 'approval_withdrawn'; withdrawn: boolean }
  | { kind: 'approvals'; items: ApprovalSummary[] }
  | { kind: 'approval_opened'; then?: 'reject'; result: { kind: 'open'; request: ApprovalSummary; methods: PaymentMethod[] } | NotOpenAnswer }
  | { kind: 'approval_approved'; result: OrderAnswer | NotOpenAnswer }
  | { kind: 'approval_rejected'; result: { kind: 'rejected'; requesterName: string } | NotOpenAnswer }
  | { kind: 'approvals_chat_chosen'; result: TeamChatChoice['kind'] };

/** A request as the conversation keeps it. */
export function summaryOf(r: ApprovalRequest, totals: Totals = r.totals): ApprovalSummary {
  return {
    id: r.id, requesterName: r.requesterName, lines: r.lines.map((l) => l.quote), couponCode: r.couponCode, totals, currency: r.currency,
    requestedAt: r.requestedAt.toISOString(), lapsesAt: r.lapsesAt.toISOString(),
  };
}

function notOpen(r: NotOpen): NotOpenAnswer {
  return r.kind === 'lapsed' ? { kind: 'lapsed', reason: r.reason } : r.kind === 'decided' ? { kind: 'decided', status: r.status, by: r.by, reason: r.reason } : { kind: r.kind };
}

/** The messages a decision wrote go out once the input's transaction has committed. */
function deliverAfterCommit(ctx: InterpreterContext, outbox: number[]): void {
  const { jobs } = ctx;
  if (jobs && outbox.length > 0) ctx.afterCommit(() => jobs.deliver(outbox));
}

export const approvalsCommands: CommandHandlers<ApprovalsCommand['kind']> = {
  request_approval: async (command, { repos, ctx, user, reseller }) => {
    const distributor = await repos.distributor.get();
    const before = await repos.carts.lines(user.id);
    const result = await requestApproval(repos, ctx.licenses, {
      user, reseller, couponCode: command.couponCode, confirmedTotalCents: command.confirmedTotalCents, currency: distributor.currency,
      channel: ctx.channel, chatId: ctx.chatId, now: ctx.now, today: ctx.today,
    });
    deliverAfterCommit(ctx, result.outbox);
    switch (result.kind) {
      case 'requested':
        return { kind: 'approval_requested', result: { kind: 'requested', approvers: result.approvers, notified: result.notified, lapsesAt: result.request.lapsesAt.toISOString() } };
      case 'changed':
        return { kind: 'approval_requested', result: await changedAnswer({ repos, ctx, reseller }, before, result, command.couponCode) };
      case 'coupon_refused': return { kind: 'approval_requested', result: { kind: 'coupon_refused', check: result.check, totals: checkoutTotals(before, reseller, null) } };
      case 'total_changed': return { kind: 'approval_requested', result: { kind: 'refused', why: 'total' } };
      case 'cart_empty': return { kind: 'approval_requested', result: { kind: 'refused', why: 'cart_empty' } };
      case 'not_allowed': return { kind: 'approval_requested', result: { kind: 'refused', why: 'not_allowed' } };
      default: {
        const never: never = result;
        throw new Error(`unknown request result ${JSON.stringify(never)}`);
      }
    }
  },
  withdraw_approval: async (_command, { repos, ctx, user }) => ({ kind: 'approval_withdrawn', withdrawn: (await withdraw(repos, { requester: user, now: ctx.now })).kind === 'withdrawn' }),
  approvals: async (_command, { repos, user }) => ({ kind: 'approvals', items: (await pendingApprovals(repos, user)).map((r) => summaryOf(r)) }),
  approval_open: async (command, { repos, ctx, user, reseller }) => {
    const review = await reviewApproval(repos, ctx.licenses, { approver: user, reseller, requestId: command.id, now: ctx.now, today: ctx.today });
    deliverAfterCommit(ctx, review.outbox);
    const then = command.then ? { then: command.then } : {};
    if (review.kind !== 'open') return { kind: 'approval_opened', ...then, result: notOpen(review) };
    return { kind: 'approval_opened', ...then, result: { kind: 'open', request: summaryOf(review.request, review.totals), methods: ctx.paymentMethods } };
  },
  approve: async (command, { repos, ctx, user, reseller }) => {
    if (!ctx.paymentMethods.includes(command.method)) return { kind: 'approval_approved', result: { kind: 'method_unavailable' } };
    const distributor = await repos.distributor.get();
    const result = await approve(repos, ctx.licenses, {
      approver: user, reseller, requestId: command.id, method: command.method, confirmedTotalCents: command.confirmedTotalCents, currency: distributor.currency,
      channel: ctx.channel, chatId: ctx.chatId, now: ctx.now, today: ctx.today, expiresAt: paymentDeadline(ctx, command.method, distributor.offlinePaymentDays),
      describeLine: t.describeLine,
    });
    deliverAfterCommit(ctx, result.outbox);
    if (result.kind !== 'placed') return { kind: 'approval_approved', result: notOpen(result) };
    return placedAnswer(repos, ctx, user, result.order, false, 'approvals');
  },
  reject_approval: async (command, { repos, ctx, user }) => {
    const result = await reject(repos, { approver: user, requestId: command.id, reason: command.reason, now: ctx.now });
    deliverAfterCommit(ctx, result.outbox);
    if (result.kind !== 'rejected') return { kind: 'approval_rejected', result: notOpen(result) };
    return { kind: 'approval_rejected', result: { kind: 'rejected', requesterName: result.request.requesterName } };
  },
  choose_approvals_chat: async (command, { repos, ctx, user, reseller }) => {
    const chat = command.here ? { channel: ctx.channel, chatId: ctx.chatId } : null;
    return { kind: 'approvals_chat_chosen', result: (await chooseTeamChat(repos, { user, reseller, chat })).kind };
  },
};
