// Team approvals' words, in English.
import { APPROVAL_LAPSE_DAYS, type LapseReason } from '../../../domain/approvals/approval';
import type { Totals } from '../../../domain/pricing/totals';
import type { LineQuote } from '../../../domain/pricing/line';
import { common, money, plural } from '../../i18n/common.en';
import type { ApprovalNotification } from '../../notifications';

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
// Each line with its price as the cart shows it, so that the approver sees what each costs.
const linesOf = (lines: LineQuote[], totals: Totals, currency: string) => lines.flatMap((q, i) => {
  const priced = totals.lines[i];
  return [`${i + 1}. ${common.describeLine(q)}`, ...(priced ? [`   ${money(priced.listCents, currency)}, after partner discount ${money(priced.netCents, currency)}`] : [])];
});
const figures = (totals: Totals, currency: string, couponCode: string | null) => [
  `Subtotal after partner discount: ${money(totals.subtotalCents, currency)}`,
  ...(couponCode ? [`Coupon ${couponCode}: −${money(totals.couponCents, currency)}`] : []),
  `VAT: ${money(totals.vatCents, currency)}`,
  `Total: ${money(totals.totalCents, currency)}`,
];

const lapsedBecause = (reason: string | null) => {
  switch (reason as LapseReason | null) {
    case 'expired': return `nobody decided it within ${APPROVAL_LAPSE_DAYS} days`;
    case 'figures_changed': return 'prices or the coupon changed since it was asked';
    case 'cart_changed': return 'the cart changed since it was asked';
    case 'replaced': return 'a newer request replaced it';
    default: return 'it no longer holds';
  }
};

export const approvalsWords = {
  askApproval: 'Ask an owner to approve',
  approve: 'Approve and pay',
  reject: 'Reject',
  openCart: 'Open the cart',
  withdraw: 'Withdraw the request',
  rejectWithoutReason: 'Reject without a reason',
  checkoutNote: 'Orders are placed by an owner or purchase user of your company: ask them to approve this one; they pay it.',
  requestMessage: (n: ApprovalNotification) => [
    n.toTeam ? `${n.requesterName} asks an owner or purchase user to approve an order:` : `${n.requesterName} asks you to approve an order:`,
    ...linesOf(n.lines, n.totals, n.currency),
    '',
    ...figures(n.totals, n.currency, n.couponCode),
    '',
    n.status === 'pending'
      ? `Approve it to choose how to pay it, or reject it. The request lapses on ${when(n.lapsesAt)}.`
      : `This request is already ${n.status}${n.deciderName ? ` by ${n.deciderName}` : ''}.`,
  ].join('\n'),
  decisionMessage: (n: ApprovalNotification) => {
    switch (n.status) {
      case 'approved': return `${n.deciderName ?? 'An owner'} approved your request${n.orderNumber !== null ? `: order ${n.orderNumber} (${money(n.totals.totalCents, n.currency)}) is placed` : ''} and pays it. Your cart is empty again.`;
      case 'rejected': return `${n.deciderName ?? 'An owner'} did not approve your request${n.reason ? `: "${n.reason}".` : '.'} Your cart is as it was.`;
      case 'lapsed': return `Your approval request lapsed: ${lapsedBecause(n.reason)}. Your cart is as it is now: check it and ask again.`;
      default: return `Your approval request was ${n.status}.`;
    }
  },
  sent: (approvers: number, notified: number, lapsesAt: string) => [
    approvers === 0
      ? 'Your request is saved, but your company has no owner or purchase user yet: ask your distributor.'
      : notified === 0
      ? `Your request is saved for ${plural(approvers, 'owner or purchase user', 'owner and purchase users')}; none of them has used a chat with me yet, so they will see it when they open Approvals.`
      : `Your request was sent to ${plural(approvers, 'owner or purchase user', 'owner and purchase users')}.`,
    `It lapses on ${when(lapsesAt)}, or as soon as you change your cart. You will hear the decision here.`,
  ].join('\n'),
  pendingInCart: (requestedAt: string, lapsesAt: string) => `Waiting for approval since ${when(requestedAt)} (lapses on ${when(lapsesAt)}).`,
  withdrawn: 'Your approval request is withdrawn.',
  nothingToWithdraw: 'You have no approval request waiting.',
  review: (requesterName: string, lines: LineQuote[], totals: Totals, currency: string, couponCode: string | null, lapsesAt: string) => [
    `${requesterName} asks you to approve this order:`,
    ...linesOf(lines, totals, currency),
    '',
    ...figures(totals, currency, couponCode),
    '',
    `Approve it by choosing how to pay it, or reject it. It lapses on ${when(lapsesAt)}.`,
  ].join('\n'),
  askReason: (requesterName: string) => `Why do you reject it? Type a reason for ${requesterName}, or press "Reject without a reason".`,
  rejected: (requesterName: string) => `Rejected; ${requesterName} is told.`,
  list: (n: number) => (n === 0 ? 'No approval requests are waiting.' : `Approval requests waiting (${n}):`),
  listLine: (i: number, requesterName: string, totalCents: number, currency: string, requestedAt: string) => `${i}. ${requesterName}, ${money(totalCents, currency)}, asked ${when(requestedAt)}`,
  menuButton: (n: number) => `Approvals (${n})`,
  teamChat: (result: 'here' | 'direct_messages' | 'not_on_this_channel' | 'say_it_there') => {
    switch (result) {
      case 'here': return 'From now on the approval requests of your company come to this channel (one message for the whole team) instead of direct messages. Whoever approves continues in their direct messages with me. Say "approvals by direct message" to change it back.';
      case 'direct_messages': return 'From now on the approval requests of your company go to each owner and purchase user in their direct messages.';
      case 'not_on_this_channel': return 'A team channel for approval requests can be chosen on Slack only. Here they go to each owner and purchase user privately.';
      default: return 'Say "approvals here" in the team channel the requests should go to (mention me there), not in a private chat.';
    }
  },
  notOpen: (r: { kind: 'not_found' } | { kind: 'not_allowed' } | { kind: 'decided'; status: string; by: string | null; reason: string | null } | { kind: 'lapsed'; reason: string }) => {
    switch (r.kind) {
      case 'not_found': return 'That approval request is not known.';
      case 'not_allowed': return 'Only owner and purchase users approve orders.';
      case 'decided': return r.status === 'lapsed'
        ? `That request has lapsed: ${lapsedBecause(r.reason)}.`
        : `That request was already ${r.status}${r.by ? ` by ${r.by}` : ''}${r.status === 'rejected' && r.reason ? ` ("${r.reason}")` : ''}. Nothing was done.`;
      case 'lapsed': return `That request has lapsed: ${lapsedBecause(r.reason)}. The requester is told and can ask again. Nothing was ordered.`;
      default: return 'That request cannot be decided.';
    }
  },
};
