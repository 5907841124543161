// Team approvals in the chat. A sales user's checkout asks an owner or purchase user to
// approve (the request is sent to them, and may be withdrawn); an approver opens a request
// (from its message, or from Approvals in the menu), sees it priced again, and approves it by
// choosing how to pay, or rejects it with an optional reason.
import { mayDo, resellerOf } from '../../session';
import { may } from '../../../domain/accounts/roles';
import type { PaymentMethod } from '../../../domain/orders/order';
import type { Action } from '../../buttons';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import type { ConversationState } from '../../state';
import { t } from '../../wording';
import type { ApprovalSummary, NotOpenAnswer } from './commands';
import { refuseCoupon, showChanges } from '../checkout/steps';

export type ApprovalsStep =
  | { name: 'approval_sent'; approvers: number; notified: number; lapsesAt: string }
  | { name: 'approval_list'; items: ApprovalSummary[] }
  | { name: 'approval_review'; request: ApprovalSummary; methods: PaymentMethod[] }
  | { name: 'approval_reason'; id: string; requesterName: string };

const PAYMENT_METHODS: readonly PaymentMethod[] = ['offline', 'card', 'multisafepay'];
const MAX_REASON = 500;
const button = flowButtons('approval', ['withdraw', 'open', 'pay', 'reject', 'skip'] as const);
const mayApprove = (state: ConversationState) => (mayDo(state, 'place_order'));
const toMenu = (text: string): Next => next.show({ name: 'menu' }, { say: [say(text)] });
const notOpen = (r: NotOpenAnswer) => toMenu(t.approvals.notOpen(r));

/** A button of an approval request's message: Approve and Open show the request, Reject asks why. */
export function onApprovalNotification(action: Action, state: ConversationState): Next {
  if (!action.arg) return next.stale();
  if (!mayApprove(state)) return next.refuse('place_order');
  if (action.verb === 'approve' || action.verb === 'open') return next.run({ kind: 'approval_open', id: action.arg });
  if (action.verb === 'reject') return next.run({ kind: 'approval_open', id: action.arg, then: 'reject' });
  return next.stale();
}

export const approvalsFlow: Flow<ApprovalsStep['name'], 'approval_requested' | 'approval_withdrawn' | 'approvals' | 'approval_opened' | 'approval_approved' | 'approval_rejected' | 'approvals_chat_chosen', 'approvals_chat'> = {
  steps: {
    approval_sent: {
      flow: 'approval',
      view: (step) => ({ text: t.approvals.sent(step.approvers, step.notified, step.lapsesAt), buttons: [[button('withdraw', t.approvals.withdraw)], [navButton('menu', t.toMenu)]], secret: false }),
      press: (verb) => (verb === 'withdraw' ? next.run({ kind: 'withdraw_approval' }) : undefined),
      expects: () => t.expectChoice,
    },
    approval_list: {
      flow: 'approval',
      view: (step) => ({
        text: [t.approvals.list(step.items.length), ...step.items.map((r, i) => t.approvals.listLine(i + 1, r.requesterName, r.totals.totalCents, r.currency, r.requestedAt))].join('\n'),
        buttons: [...rows(step.items.map((r, i) => button('open', `${t.approvals.openCart} ${i + 1}`, i)), 3), [navButton('menu', t.toMenu)]],
        secret: false,
      }),
      press: (verb, arg, step) => {
        const index = indexArg(arg);
        const item = verb === 'open' && index !== undefined ? step.items[index] : undefined;
        return item ? next.run({ kind: 'approval_open', id: item.id }) : undefined;
      },
      expects: () => t.expectChoice,
    },
    approval_review: {
      flow: 'approval',
      view: (step) => {
        const r = step.request;
        const free = r.totals.totalCents === 0;
        return {
          text: t.approvals.review(r.requesterName, r.lines, r.totals, r.currency, r.couponCode, r.lapsesAt),
          buttons: [
            ...(free ? [[button('pay', t.checkout.confirmFree, 'offline')]] : step.methods.map((m) => [button('pay', t.checkout.payWith[m], m)])),
            [button('reject', t.approvals.reject), navButton('menu', t.toMenu)],
          ],
          secret: false,
        };
      },
      press: (verb, arg, step) => {
        const r = step.request;
        const offered: PaymentMethod[] = r.totals.totalCents === 0 ? ['offline'] : step.methods;
        const method = PAYMENT_METHODS.find((m) => m === arg);
        if (verb === 'pay' && method && offered.includes(method)) return next.run({ kind: 'approve', id: r.id, method, confirmedTotalCents: r.totals.totalCents });
        if (verb === 'reject') return next.show({ name: 'approval_reason', id: r.id, requesterName: r.requesterName });
        return undefined;
      },
      expects: () => t.expectChoice,
    },
    approval_reason: {
      flow: 'approval',
      view: (step) => ({ text: t.approvals.askReason(step.requesterName), buttons: [[button('skip', t.approvals.rejectWithoutReason)], [navButton('cancel', t.cancel)]], secret: false }),
      press: (verb, _arg, step) => (verb === 'skip' ? next.run({ kind: 'reject_approval', id: step.id, reason: null }) : undefined),
      text: (text, step) => (text.trim() ? next.run({ kind: 'reject_approval', id: step.id, reason: text.trim().slice(0, MAX_REASON) }) : undefined),
      expects: (step) => t.approvals.askReason(step.requesterName),
      ownsText: true,
    },
  },
  answers: {
    approval_requested: (a, state) => {
      const r = a.result;
      switch (r.kind) {
        case 'requested': return next.show({ name: 'approval_sent', approvers: r.approvers, notified: r.notified, lapsesAt: r.lapsesAt });
        case 'changed': return showChanges(r, []);
        case 'coupon_refused': return refuseCoupon(r, state);
        case 'refused':
          if (r.why === 'not_allowed') return next.refuse('fill_cart');
          if (r.why === 'cart_empty') return next.run({ kind: 'cart' });
          return next.run({ kind: 'requote' }, { say: [say(t.checkout.totalChanged)] });
        default: return next.stale();
      }
    },
    approval_withdrawn: (a) => next.run({ kind: 'cart' }, { say: [say(a.withdrawn ? t.approvals.withdrawn : t.approvals.nothingToWithdraw)] }),
    approvals: (a) => next.show({ name: 'approval_list', items: a.items }),
    approval_opened: (a) => {
      const r = a.result;
      if (r.kind !== 'open') return notOpen(r);
      if (a.then === 'reject') return next.show({ name: 'approval_reason', id: r.request.id, requesterName: r.request.requesterName });
      return next.show({ name: 'approval_review', request: r.request, methods: r.methods });
    },
    approval_approved: (a) => {
      const r = a.result;
      if (r.kind === 'placed') return next.show({ name: 'order_placed', order: r.order, bankDetails: r.bankDetails });
      if (r.kind === 'method_unavailable') return next.again(say(t.checkout.methodUnavailable));
      if (r.kind === 'not_found' || r.kind === 'not_allowed' || r.kind === 'decided' || r.kind === 'lapsed') return notOpen(r);
      return toMenu(t.approvals.notOpen({ kind: 'lapsed', reason: 'figures_changed' }));
    },
    approval_rejected: (a) => (a.result.kind === 'rejected' ? toMenu(t.approvals.rejected(a.result.requesterName)) : notOpen(a.result)),
    approvals_chat_chosen: (a) => (a.result === 'not_allowed' ? next.refuse('manage_users') : next.again(say(t.approvals.teamChat(a.result)))),
  },
  intents: {
    // Said in the team channel ("approvals here"), or anywhere to go back to direct messages.
    approvals_chat: (intent, state, ctx) => {
      const session = resellerOf(state);
      if (!session) return state.session ? next.refuse('manage_users') : next.login(t.notLoggedIn);
      if (!may(session.role, 'manage_users')) return next.refuse('manage_users');
      if (intent.here && ctx.privateChat) return next.again(say(t.approvals.teamChat('say_it_there')));
      return next.run({ kind: 'choose_approvals_chat', here: intent.here });
    },
  },
};
