// The approvals flow: a sales user's checkout asks for approval; an approver opens a request
// from its message or from Approvals, approves it by choosing how to pay, or rejects it.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { composeApprovalMessage, type ApprovalNotification } from '../../../src/conversation/notifications';
import { actionsOf, answer, expectCommand, expectRefused, expectShown, expectStale, idsOf, last, message, press, pressId, type } from './drive';
import { ALL_METHODS, APPROVAL_ID, BANK_DETAILS, aPlacedOrder, aSession, anApprovalSummary, exampleState, someCartLines, totalsOf } from './states';

const asSales = (name: Parameters<typeof exampleState>[0]) => exampleState(name, { session: aSession('sales') });

function aNotification(overrides: Partial<ApprovalNotification> = {}): ApprovalNotification {
  return {
    kind: 'approval_requested', approvalId: APPROVAL_ID, status: 'pending', requesterName: 'Sam Sales', deciderName: null, reason: null,
    lines: someCartLines().map((l) => l.quote), totals: totalsOf(), couponCode: null, currency: 'EUR', lapsesAt: '2026-11-29T10:00:00.000Z', orderNumber: null, toTeam: false, ...overrides,
  };
}

describe('a sales user\'s checkout', () => {
  it('ends in "Ask an owner to approve" instead of the payment methods, and asks for approval at the total shown', () => {
    const review = asSales('checkout_review');
    expect(actionsOf(message(review))).toEqual(['checkout.ask', 'checkout.coupon', 'checkout.cart']);
    expect(message(review).text).toMatch(/ask them to approve this one; they choose how to pay it\.$/);
    const step = review.step as Extract<typeof review.step, { name: 'checkout_review' }>;
    expectCommand(review, press(review, 'checkout.ask'), { kind: 'request_approval', couponCode: step.couponCode, confirmedTotalCents: step.totals.totalCents });
    expectStale(review, press(review, 'checkout.pay.offline'));
  });

  it('an owner has no "ask" button, and a forged one does nothing', () => {
    const review = exampleState('checkout_review');
    expect(actionsOf(message(review))).not.toContain('checkout.ask');
    expectStale(review, press(review, 'checkout.ask'));
  });

  it('the request sent says to whom and until when, with Withdraw; changes, an empty cart and a moved total take the user back', () => {
    const review = asSales('checkout_review');
    const sent = answer(review, { kind: 'approval_requested', result: { kind: 'requested', approvers: 2, notified: 3, lapsesAt: '2026-11-29T10:00:00.000Z' } });
    expectShown(review, sent, { name: 'approval_sent', approvers: 2, notified: 3, lapsesAt: '2026-11-29T10:00:00.000Z' });
    expect(last(sent).text).toBe(t.approvals.sent(2, 3, '2026-11-29T10:00:00.000Z'));
    expect(last(sent).text).toContain('2026-11-29 10:00 UTC');
    expect(actionsOf(last(sent))).toEqual(['approval.withdraw', 'nav.menu']);
    expectCommand(sent.state, press(sent.state, 'approval.withdraw'), { kind: 'withdraw_approval' });

    expect(answer(review, { kind: 'approval_requested', result: { kind: 'refused', why: 'cart_empty' } }).command).toEqual({ kind: 'cart' });
    const moved = answer(review, { kind: 'approval_requested', result: { kind: 'refused', why: 'total' } });
    expect(moved.command).toEqual({ kind: 'requote' });
    expect(moved.replies[0]?.text).toBe(t.checkout.totalChanged);
    // A coupon no longer applying is refused in its own words, the coupon asked for again, as at payment.
    const lapsed = answer(review, { kind: 'approval_requested', result: { kind: 'coupon_refused', check: { kind: 'expired', validUntil: '2026-11-25' }, totals: totalsOf() } });
    expect(lapsed.state.step.name).toBe('checkout_coupon');
    expect(lapsed.replies[0]?.text).toBe(`${t.checkout.couponRefused({ kind: 'expired', validUntil: '2026-11-25' }, 'EUR')} ${t.checkout.couponTryAgain}`);
    expect(answer(review, { kind: 'approval_requested', result: { kind: 'changed', changes: [], totals: totalsOf() } }).state.step.name).toBe('checkout_changes');
  });

  it('says when nobody could be told, and when the company has no approver', () => {
    expect(t.approvals.sent(2, 0, '2026-11-29T10:00:00.000Z')).toMatch(/none of them has used a chat with me yet/);
    expect(t.approvals.sent(0, 0, '2026-11-29T10:00:00.000Z')).toMatch(/no owner or purchase user yet/);
  });

  it('withdrawing goes back to the cart, saying so', () => {
    const sent = asSales('approval_sent');
    const out = answer(sent, { kind: 'approval_withdrawn', withdrawn: true });
    expect(out.command).toEqual({ kind: 'cart' });
    expect(out.replies[0]?.text).toBe(t.approvals.withdrawn);
    expect(answer(sent, { kind: 'approval_withdrawn', withdrawn: false }).replies[0]?.text).toBe(t.approvals.nothingToWithdraw);
  });
});

describe('an approver', () => {
  it('the request\'s message has Approve, Reject and Open, which open the request (Reject asks why); none once decided', () => {
    const message = composeApprovalMessage(aNotification());
    expect(message.text).toMatch(/^Sam Sales asks you to approve an order:\n1\. /);
    expect(message.text).toContain('The request lapses on 2026-11-29 10:00 UTC.');
    const [approve, reject, open] = idsOf(message);
    expect([approve, reject, open]).toEqual([`~approval.approve.${APPROVAL_ID}`, `~approval.reject.${APPROVAL_ID}`, `~approval.open.${APPROVAL_ID}`]);
    for (const id of idsOf(message)) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    const menu = exampleState('menu');
    expectCommand(menu, pressId(menu, approve as string), { kind: 'approval_open', id: APPROVAL_ID });
    expectCommand(menu, pressId(menu, open as string), { kind: 'approval_open', id: APPROVAL_ID });
    expectCommand(menu, pressId(menu, reject as string), { kind: 'approval_open', id: APPROVAL_ID, then: 'reject' });
    expect(composeApprovalMessage(aNotification({ status: 'approved', deciderName: 'Pat Purchase' })).buttons).toEqual([]);
    expect(composeApprovalMessage(aNotification({ status: 'approved', deciderName: 'Pat Purchase' })).text).toContain('already approved by Pat Purchase');
  });

  it('a sales or support user pressing them is refused; nobody logged in is asked to log in', () => {
    for (const role of ['sales', 'support'] as const) {
      const state = exampleState('menu', { session: aSession(role) });
      expectRefused(state, pressId(state, `~approval.approve.${APPROVAL_ID}`), t.cannotPlaceOrder(role));
    }
    const out = pressId(exampleState('login_username'), `~approval.approve.${APPROVAL_ID}`);
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.notLoggedIn);
  });

  it('an open request shows its lines and figures with the payment methods and Reject; paying approves it at that total', () => {
    const menu = exampleState('menu');
    const opened = answer(menu, { kind: 'approval_opened', result: { kind: 'open', request: anApprovalSummary(), methods: ALL_METHODS } });
    expectShown(menu, opened, { name: 'approval_review', request: anApprovalSummary(), methods: ALL_METHODS });
    expect(last(opened).text).toMatch(/^Sam Sales asks you to approve this order:/);
    expect(actionsOf(last(opened))).toEqual(['approval.pay.offline', 'approval.pay.card', 'approval.pay.multisafepay', 'approval.reject', 'nav.menu']);
    expectCommand(opened.state, press(opened.state, 'approval.pay.card'), { kind: 'approve', id: APPROVAL_ID, method: 'card', confirmedTotalCents: totalsOf().totalCents });
    expectStale(opened.state, press(opened.state, 'approval.pay.bitcoin'));
    const placed = answer(opened.state, { kind: 'approval_approved', result: { kind: 'placed', order: aPlacedOrder(), bankDetails: BANK_DETAILS, alreadyPlaced: false } });
    expect(placed.state.step.name).toBe('order_placed');
  });

  it('Reject asks for an optional reason: typed, or none', () => {
    const review = exampleState('approval_review');
    const reason = press(review, 'approval.reject');
    expectShown(review, reason, { name: 'approval_reason', id: APPROVAL_ID, requesterName: 'Sam Sales' });
    expectCommand(reason.state, type(reason.state, '  Too expensive this month  '), { kind: 'reject_approval', id: APPROVAL_ID, reason: 'Too expensive this month' });
    expectCommand(reason.state, press(reason.state, 'approval.skip'), { kind: 'reject_approval', id: APPROVAL_ID, reason: null });
    // The reason is the step's own text: a word like "cart" is a reason, not a command to go there.
    expectCommand(reason.state, type(reason.state, 'renew 7Q2M-4K8P-ZX3N-1A9B'), { kind: 'reject_approval', id: APPROVAL_ID, reason: 'renew 7Q2M-4K8P-ZX3N-1A9B' });
    const done = answer(reason.state, { kind: 'approval_rejected', result: { kind: 'rejected', requesterName: 'Sam Sales' } });
    expect(done.replies[0]?.text).toBe(t.approvals.rejected('Sam Sales'));
    expect(done.state.step.name).toBe('menu');
  });

  it('a request already decided, lapsed or unknown says so and changes nothing', () => {
    const menu = exampleState('menu');
    const decided = answer(menu, { kind: 'approval_opened', result: { kind: 'decided', status: 'approved', by: 'Pat Purchase', reason: null } });
    expect(decided.replies[0]?.text).toBe('That request was already approved by Pat Purchase. Nothing was done.');
    const lapsed = answer(menu, { kind: 'approval_approved', result: { kind: 'lapsed', reason: 'figures_changed' } });
    expect(lapsed.replies[0]?.text).toMatch(/lapsed: prices or the coupon changed since it was asked\. The requester is told/);
    expect(answer(menu, { kind: 'approval_opened', result: { kind: 'not_found' } }).replies[0]?.text).toBe('That approval request is not known.');
  });

  it('Approvals in the menu (when some wait) lists them, each to open', () => {
    const menu = exampleState('menu', { session: aSession('owner', { pendingApprovals: 2 }) });
    expect(actionsOf(message(menu))).toContain('menu.approvals');
    expect(message(menu).buttons.flat().map((b) => b.label)).toContain('Approvals (2)');
    expectCommand(menu, press(menu, 'menu.approvals'), { kind: 'approvals' });
    expectCommand(menu, type(menu, 'approvals'), { kind: 'approvals' });
    expect(actionsOf(message(exampleState('menu', { session: aSession('sales', { pendingApprovals: 2 }) })))).not.toContain('menu.approvals');
    const list = exampleState('approval_list');
    expect(message(list).text).toMatch(/^Approval requests waiting \(2\):\n1\. Sam Sales, EUR /);
    expectCommand(list, press(list, 'approval.open.1'), { kind: 'approval_open', id: anApprovalSummary({ id: 'a0000000-0000-4000-8000-0000000000a2' }).id });
  });
});

describe('the requester hears the decision', () => {
  it('approved with the order, rejected with the reason, lapsed with why', () => {
    const decided = (o: Partial<ApprovalNotification>) => composeApprovalMessage(aNotification({ kind: 'approval_decided', ...o })).text;
    expect(decided({ status: 'approved', deciderName: 'Dana Demo', orderNumber: 42 })).toMatch(/^Dana Demo approved your request: order 42 \(EUR [\d,.]+\) is placed and pays it\./);
    expect(decided({ status: 'rejected', deciderName: 'Dana Demo', reason: 'Not this month' })).toBe('Dana Demo did not approve your request: "Not this month". Your cart is as it was.');
    expect(decided({ status: 'rejected', deciderName: 'Dana Demo' })).toBe('Dana Demo did not approve your request. Your cart is as it was.');
    expect(decided({ status: 'lapsed', reason: 'expired' })).toMatch(/lapsed: nobody decided it within 3 days/);
  });
});
