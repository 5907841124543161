// Team approvals: a sales user asks, an owner or purchase user approves (placing the cart as
// their own order and paying it) or rejects, each decision once; requests lapse when the cart
// changes, when their figures no longer hold, or after three days. Messages go through the outbox.
import type { Reseller, ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import { decidable, lapseTime, MAX_REASON_LENGTH, type ApprovalRequest, type LapseReason } from '../approvals/approval';
import type { Channel, Order, PaymentMethod } from '../orders/order';
import type { LicenseProvider, Repositories, TeamChat } from '../ports';
import type { CartLine, RequoteChange } from '../pricing/cart';
import type { CouponCheck } from '../pricing/coupon';
import type { LocalDate } from '../pricing/dates';
import type { LineQuote } from '../pricing/line';
import type { Totals } from '../pricing/totals';
import { checkCouponForCart, checkoutTotals, placeOrder, requoteCart } from './checkout';

/** The outbox messages a use case wrote, to deliver once its transaction has committed. */
export type WithOutbox<R> = R & { outbox: number[] };

/** Why a request cannot be acted on, as the user is told it. */
export type NotOpen =
  | { kind: 'not_found' }
  | { kind: 'not_allowed' }
  | { kind: 'decided'; status: Exclude<ApprovalRequest['status'], 'pending'>; by: string | null; reason: string | null }
  | { kind: 'lapsed'; reason: LapseReason; changes: RequoteChange[] };

export type RequestApprovalResult =
  | { kind: 'requested'; request: ApprovalRequest; approvers: number; notified: number }
  | { kind: 'not_allowed' }
  | { kind: 'cart_empty' }
  | { kind: 'changed'; changes: RequoteChange[]; lines: CartLine[] }
  | { kind: 'coupon_refused'; check: Exclude<CouponCheck, { kind: 'ok' }> }
  | { kind: 'total_changed'; totals: Totals };

/**
 * A sales user's cart, priced again and confirmed at `confirmedTotalCents`, becomes a request
 * to every owner and purchase user of the reseller, on each private chat they use. An earlier
 * pending request of the same user is replaced.
 */
export async function requestApproval(
  repos: Repositories,
  provider: LicenseProvider,
  input: { user: ResellerUser; reseller: Reseller; couponCode: string | null; confirmedTotalCents: number; currency: string; channel: Channel; chatId: string | null; now: Date; today: LocalDate },
): Promise<WithOutbox<RequestApprovalResult>> {
  const { user, reseller } = input;
  const outbox: number[] = [];
  if (!may(user.role, 'fill_cart') || may(user.role, 'place_order')) return { kind: 'not_allowed', outbox };
  const requoted = await requoteCart(repos, provider, { user, today: input.today });
  if (requoted.changes.length > 0) return { kind: 'changed', changes: requoted.changes, lines: requoted.lines, outbox };
  if (requoted.lines.length === 0) return { kind: 'cart_empty', outbox };
  let coupon: CouponCheck | null = null;
  if (input.couponCode) {
    coupon = await checkCouponForCart(repos, { reseller, code: input.couponCode, lines: requoted.lines, today: input.today });
    if (coupon.kind !== 'ok') return { kind: 'coupon_refused', check: coupon, outbox };
  }
  const totals = checkoutTotals(requoted.lines, reseller, coupon);
  if (totals.totalCents !== input.confirmedTotalCents) return { kind: 'total_changed', totals, outbox };

  const earlier = await repos.approvals.pendingOf(user.id, { forUpdate: true });
  if (earlier) await lapse(repos, earlier, 'replaced', input.now, undefined);
  const request = await repos.approvals.insert({
    resellerId: reseller.id, requestedBy: user.id, channel: input.channel, chatId: input.chatId, couponCode: coupon?.kind === 'ok' ? coupon.coupon.code : null,
    lines: requoted.lines, totals, currency: input.currency, requestedAt: input.now, lapsesAt: lapseTime(input.now),
  });
  const approvers = await repos.users.withRoles(reseller.id, ['owner', 'purchase']);
  // With a team chat chosen, one message there replaces the direct messages on its channel.
  const teamChat = await repos.approvals.teamChat(reseller.id);
  const privateChats = (await repos.identities.privateChatsOf(approvers.map((a) => a.id))).filter((c) => c.channel !== teamChat?.channel);
  const chats = [...privateChats.map((c) => ({ channel: c.channel, chatId: c.chatId, userId: c.userId as string | null })), ...(teamChat ? [{ ...teamChat, userId: null }] : [])];
  let notified = 0;
  for (const chat of chats) {
    const id = await repos.outbox.add({
      kind: 'approval_requested', dedupeKey: `approval_requested:${request.id}:${chat.channel}:${chat.chatId}`, orderId: null,
      userId: chat.userId, channel: chat.channel, chatId: chat.chatId, payload: { approvalId: request.id, ...(chat.userId === null ? { team: true } : {}) },
    });
    if (id !== undefined) {
      notified++;
      outbox.push(id);
    }
  }
  await repos.audit.append({ actor: `user:${user.id}`, action: 'approval.requested', subject: `approval:${request.id}`, details: { totalCents: totals.totalCents, lines: requoted.lines.length, approvers: approvers.length, notified } });
  return { kind: 'requested', request, approvers: approvers.length, notified, outbox };
}

export type TeamChatChoice = { kind: 'here' } | { kind: 'direct_messages' } | { kind: 'not_allowed' } | { kind: 'not_on_this_channel' };

/**
 * An owner chooses the chat (a Slack channel) their company's approval requests go to, one
 * message for the team instead of each approver's direct messages on that channel; `null`
 * goes back to direct messages.
 */
export async function chooseTeamChat(repos: Repositories, input: { user: ResellerUser; reseller: Reseller; chat: TeamChat | null }): Promise<TeamChatChoice> {
  const { user, reseller, chat } = input;
  if (!may(user.role, 'manage_users')) return { kind: 'not_allowed' };
  if (chat && chat.channel !== 'slack') return { kind: 'not_on_this_channel' };
  await repos.approvals.setTeamChat(reseller.id, chat, user.id);
  await repos.audit.append({ actor: `user:${user.id}`, action: 'approval.team_chat', subject: `reseller:${reseller.id}`, details: chat ? { channel: chat.channel, chatId: chat.chatId } : { chat: 'direct_messages' } });
  return chat ? { kind: 'here' } : { kind: 'direct_messages' };
}

export type ReviewResult = { kind: 'open'; request: ApprovalRequest; totals: Totals } | NotOpen;

/**
 * A request as an approver is about to decide it: still open, its cart priced again today and
 * the same figures as when it was asked. Figures that no longer hold let the request lapse
 * (the requester is told, and asks again after checking the cart).
 */
export async function reviewApproval(
  repos: Repositories,
  provider: LicenseProvider,
  input: { approver: ResellerUser; reseller: Reseller; requestId: string; now: Date; today: LocalDate },
): Promise<WithOutbox<ReviewResult>> {
  const outbox: number[] = [];
  const request = await openRequest(repos, input.approver, input.requestId, input.now, outbox);
  if (request.kind !== 'open') return { ...request, outbox };
  const requester = await repos.users.get(request.request.requestedBy);
  if (!requester) return { ...(await lapsed(repos, request.request, 'cart_changed', input.now, outbox)), outbox };
  const requoted = await requoteCart(repos, provider, { user: requester, today: input.today });
  if (requoted.changes.length > 0) return { ...(await lapsed(repos, request.request, 'figures_changed', input.now, outbox, requoted.changes)), outbox };
  if (!sameLines(requoted.lines, request.request.lines)) return { ...(await lapsed(repos, request.request, 'cart_changed', input.now, outbox)), outbox };
  const coupon = request.request.couponCode ? await checkCouponForCart(repos, { reseller: input.reseller, code: request.request.couponCode, lines: requoted.lines, today: input.today }) : null;
  const totals = checkoutTotals(requoted.lines, input.reseller, coupon);
  if ((coupon && coupon.kind !== 'ok') || totals.totalCents !== request.request.totals.totalCents) {
    return { ...(await lapsed(repos, request.request, 'figures_changed', input.now, outbox)), outbox };
  }
  return { kind: 'open', request: request.request, totals, outbox };
}

export type ApproveResult = { kind: 'placed'; order: Order; request: ApprovalRequest } | NotOpen;

/**
 * Approves a request: the requester's cart is placed as the approver's order (paid by the
 * method they chose), at the total they confirmed, once: the request row is locked, so a
 * second approver at the same moment finds it approved.
 */
export async function approve(
  repos: Repositories,
  provider: LicenseProvider,
  input: {
    approver: ResellerUser; reseller: Reseller; requestId: string; method: PaymentMethod; confirmedTotalCents: number; currency: string;
    channel: Channel; chatId: string | null; now: Date; today: LocalDate; expiresAt: Date | null; describeLine(quote: LineQuote): string;
  },
): Promise<WithOutbox<ApproveResult>> {
  const outbox: number[] = [];
  const open = await openRequest(repos, input.approver, input.requestId, input.now, outbox, { forUpdate: true });
  if (open.kind !== 'open') return { ...open, outbox };
  const request = open.request;
  const requester = await repos.users.get(request.requestedBy);
  if (!requester) return { ...(await lapsed(repos, request, 'cart_changed', input.now, outbox)), outbox };
  const placed = await placeOrder(repos, provider, {
    user: input.approver, cartOwner: requester, reseller: input.reseller, currency: input.currency, method: input.method, couponCode: request.couponCode,
    confirmedTotalCents: input.confirmedTotalCents, idempotencyKey: `approval:${request.id}`, channel: input.channel, chatId: input.chatId,
    now: input.now, today: input.today, expiresAt: input.expiresAt, describeLine: input.describeLine,
  });
  switch (placed.kind) {
    case 'placed':
    case 'already_placed': {
      await repos.approvals.decide(request.id, { status: 'approved', by: input.approver.id, at: input.now, reason: null, orderId: placed.order.id });
      await tellRequester(repos, request, outbox);
      await repos.audit.append({ actor: `user:${input.approver.id}`, action: 'approval.approved', subject: `approval:${request.id}`, details: { order: placed.order.number, method: input.method } });
      return { kind: 'placed', order: placed.order, request, outbox };
    }
    case 'changed':
      return { ...(await lapsed(repos, request, 'figures_changed', input.now, outbox, placed.changes)), outbox };
    case 'coupon_refused':
    case 'total_changed':
      return { ...(await lapsed(repos, request, 'figures_changed', input.now, outbox)), outbox };
    case 'cart_empty':
      return { ...(await lapsed(repos, request, 'cart_changed', input.now, outbox)), outbox };
    case 'not_allowed':
      return { kind: 'not_allowed', outbox };
    default: {
      const never: never = placed;
      throw new Error(`unknown place result ${JSON.stringify(never)}`);
    }
  }
}

/** Rejects a request, with an optional reason the requester is told. */
export async function reject(repos: Repositories, input: { approver: ResellerUser; requestId: string; reason: string | null; now: Date }): Promise<WithOutbox<{ kind: 'rejected'; request: ApprovalRequest } | NotOpen>> {
  const outbox: number[] = [];
  const open = await openRequest(repos, input.approver, input.requestId, input.now, outbox, { forUpdate: true });
  if (open.kind !== 'open') return { ...open, outbox };
  const reason = input.reason?.trim().slice(0, MAX_REASON_LENGTH) || null;
  await repos.approvals.decide(open.request.id, { status: 'rejected', by: input.approver.id, at: input.now, reason });
  await tellRequester(repos, open.request, outbox);
  await repos.audit.append({ actor: `user:${input.approver.id}`, action: 'approval.rejected', subject: `approval:${open.request.id}`, details: { reason } });
  return { kind: 'rejected', request: open.request, outbox };
}

/** The requester takes their pending request back. */
export async function withdraw(repos: Repositories, input: { requester: ResellerUser; now: Date }): Promise<{ kind: 'withdrawn' } | { kind: 'none' }> {
  const pending = await repos.approvals.pendingOf(input.requester.id, { forUpdate: true });
  if (!pending) return { kind: 'none' };
  await repos.approvals.decide(pending.id, { status: 'withdrawn', by: input.requester.id, at: input.now, reason: null });
  await repos.audit.append({ actor: `user:${input.requester.id}`, action: 'approval.withdrawn', subject: `approval:${pending.id}`, details: {} });
  return { kind: 'withdrawn' };
}

/** The requester changed the cart: a pending request for the old cart lapses (they ask again). */
export async function lapseOnCartChange(repos: Repositories, userId: string, now: Date): Promise<void> {
  const pending = await repos.approvals.pendingOf(userId, { forUpdate: true });
  if (pending) await lapse(repos, pending, 'cart_changed', now, undefined);
}

/** Requests whose three days are up lapse, and their requesters are told. */
export async function lapseExpiredApprovals(repos: Repositories, input: { now: Date; limit: number }): Promise<WithOutbox<{ lapsed: number }>> {
  const outbox: number[] = [];
  const expired = await repos.approvals.expired(input.now, input.limit);
  for (const request of expired) await lapse(repos, request, 'expired', input.now, outbox);
  return { lapsed: expired.length, outbox };
}

/** The reseller's pending requests, for its owner and purchase users. */
export async function pendingApprovals(repos: Repositories, user: ResellerUser): Promise<ApprovalRequest[]> {
  return may(user.role, 'place_order') ? repos.approvals.pendingFor(user.resellerId) : [];
}

// ——— helpers ———

async function openRequest(repos: Repositories, approver: ResellerUser, id: string, now: Date, outbox: number[], options: { forUpdate?: boolean } = {}): Promise<{ kind: 'open'; request: ApprovalRequest } | NotOpen> {
  if (!may(approver.role, 'place_order')) return { kind: 'not_allowed' };
  const request = await repos.approvals.get(id, options);
  // Another reseller's request is not found, exactly like a missing one.
  if (!request || request.resellerId !== approver.resellerId) return { kind: 'not_found' };
  const state = decidable(request, now);
  if (state.kind === 'decided') return state;
  if (state.kind === 'expired') return lapsed(repos, request, 'expired', now, outbox);
  return { kind: 'open', request };
}

async function lapsed(repos: Repositories, request: ApprovalRequest, reason: LapseReason, now: Date, outbox: number[], changes: RequoteChange[] = []): Promise<NotOpen> {
  await lapse(repos, request, reason, now, outbox);
  return { kind: 'lapsed', reason, changes };
}

/** Lets a pending request lapse; the requester is told (into `tell`) unless it was their own doing. */
async function lapse(repos: Repositories, request: ApprovalRequest, reason: LapseReason, now: Date, tell: number[] | undefined): Promise<void> {
  const changed = await repos.approvals.decide(request.id, { status: 'lapsed', by: null, at: now, reason });
  if (!changed) return;
  await repos.audit.append({ actor: 'system', action: 'approval.lapsed', subject: `approval:${request.id}`, details: { reason } });
  if (tell) await tellRequester(repos, request, tell);
}

/** The decision goes to the requester, in the chat they asked from. */
async function tellRequester(repos: Repositories, request: ApprovalRequest, outbox: number[]): Promise<void> {
  const id = await repos.outbox.add({
    kind: 'approval_decided', dedupeKey: `approval_decided:${request.id}`, orderId: null, userId: request.requestedBy,
    channel: request.channel, chatId: request.chatId, payload: { approvalId: request.id },
  });
  if (id !== undefined) outbox.push(id);
}

/** The same cart lines, with the same list amounts, as when the request was made. */
function sameLines(now: readonly CartLine[], then: readonly CartLine[]): boolean {
  return now.length === then.length && now.every((line, i) => line.id === then[i]?.id && line.quote.listCents === then[i]?.quote.listCents);
}
