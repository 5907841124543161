// Team approvals on the in-memory store: a sales user asks, owners and purchase users are told
// in their private chats, one decides once; changes to the cart, to its figures, and time let
// the request lapse; every decision is kept and told to the requester.
import { describe, expect, it } from 'vitest';
import { t } from '../../../../src/conversation/wording';
import type { ResellerUser } from '../../../../src/domain/accounts/accounts';
import { APPROVAL_LAPSE_DAYS } from '../../../../src/domain/approvals/approval';
import { approve, lapseExpiredApprovals, pendingApprovals, reject, requestApproval, reviewApproval, withdraw } from '../../../../src/domain/use-cases/approvals';
import { checkoutTotals } from '../../../../src/domain/use-cases/checkout';
import { emptyCart } from '../../../../src/domain/use-cases/cart';
import { NOW, TODAY, aUser, OTHER_RESELLER_ID } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense } from './world';

const LATER = new Date(NOW.getTime() + 3600_000);

function setUp() {
  const world = aWorldWithUsers();
  // Private chats of the owner (Telegram and console) and of the purchase user (Slack DM); a group chat of the owner.
  const identities = [
    { channel: 'telegram' as const, externalUserId: '101', chatId: '101', userId: world.owner.id },
    { channel: 'telegram' as const, externalUserId: '101', chatId: '-9001', userId: world.owner.id },
    { channel: 'console' as const, externalUserId: 'owner', chatId: 'owner', userId: world.owner.id },
    { channel: 'slack' as const, externalUserId: 'UPUR', chatId: 'DPUR', userId: world.purchase.id },
  ];
  for (const i of identities) world.store.state.identities.push({ ...i, id: world.store.state.identities.length + 1, unreachableSince: null });
  const totalOf = async (user: ResellerUser) => world.run(async (repos) => checkoutTotals(await repos.carts.lines(user.id), world.reseller, null).totalCents);
  const askAtTotal = async (total: number, user: ResellerUser = world.sales) =>
    world.run((repos) => requestApproval(repos, world.provider, {
      user, reseller: world.reseller, couponCode: null, confirmedTotalCents: total, currency: 'EUR', channel: 'telegram', chatId: '303', now: NOW, today: TODAY,
    }));
  const approveAs = (approver: ResellerUser, requestId: string, total: number, at = LATER) =>
    world.run((repos) => approve(repos, world.provider, {
      approver, reseller: world.reseller, requestId, method: 'offline', confirmedTotalCents: total, currency: 'EUR', channel: 'console', chatId: 'owner',
      now: at, today: TODAY, expiresAt: new Date(at.getTime() + 14 * 86_400_000), describeLine: t.describeLine,
    }));
  const ask = (user: ResellerUser) => askAtTotal(0, user);
  return { ...world, totalOf, ask, askAtTotal, approveAs };
}

describe('asking for approval', () => {
  it('sends the request to every private chat of the owner and purchase users, never to a group, and keeps the cart as asked', async () => {
    const w = setUp();
    await w.add(w.sales, newLicense({ quantity: 2, additionalYears: 1 }));
    const total = await w.totalOf(w.sales);
    expect(total).toBe(215_985);
    const asked = expectKind(await w.askAtTotal(total), 'requested');
    expect(asked).toMatchObject({ approvers: 2, notified: 3 });
    expect(asked.request).toMatchObject({ status: 'pending', requesterName: w.sales.name, couponCode: null, lines: [expect.objectContaining({ quote: expect.objectContaining({ listCents: 238_000 }) })] });
    expect(asked.request.totals.totalCents).toBe(215_985);
    expect(asked.request.lapsesAt.getTime() - NOW.getTime()).toBe(APPROVAL_LAPSE_DAYS * 24 * 3600_000);
    const sent = w.store.state.outbox.filter((m) => m.kind === 'approval_requested');
    expect(sent.map((m) => `${m.channel}:${m.chatId}`).sort()).toEqual(['console:owner', 'slack:DPUR', 'telegram:101']);
    expect(sent.every((m) => m.payload.approvalId === asked.request.id)).toBe(true);
    expect(w.store.state.audit.some((a) => a.action === 'approval.requested')).toBe(true);
  });

  it('refuses owners and purchase users (they order themselves) and support users; an empty cart and a total that moved are answered', async () => {
    const w = setUp();
    expect(await w.ask(w.owner)).toMatchObject({ kind: 'not_allowed' });
    expect(await w.ask(w.support)).toMatchObject({ kind: 'not_allowed' });
    expect(await w.ask(w.sales)).toMatchObject({ kind: 'cart_empty' });
    await w.add(w.sales, newLicense());
    expect(await w.askAtTotal(1)).toMatchObject({ kind: 'total_changed' });
    expect(w.store.state.approvals).toEqual([]);
  });

  it('asking again replaces the earlier request, which lapses', async () => {
    const w = setUp();
    await w.add(w.sales, newLicense());
    const total = await w.totalOf(w.sales);
    const first = expectKind(await w.askAtTotal(total), 'requested').request;
    const second = expectKind(await w.askAtTotal(total), 'requested').request;
    expect(w.store.state.approvals.map((a) => [a.id, a.status, a.reason])).toEqual([[first.id, 'lapsed', 'replaced'], [second.id, 'pending', null]]);
  });
});

describe('deciding', () => {
  async function asked(w: ReturnType<typeof setUp>) {
    await w.add(w.sales, newLicense({ quantity: 2, additionalYears: 1 }));
    const total = await w.totalOf(w.sales);
    return { request: expectKind(await w.askAtTotal(total), 'requested').request, total };
  }

  it('approving places the sales user\'s cart as the approver\'s order, at the total asked, empties that cart, and tells the requester', async () => {
    const w = setUp();
    const { request, total } = await asked(w);
    const review = expectKind(await w.run((repos) => reviewApproval(repos, w.provider, { approver: w.owner, reseller: w.reseller, requestId: request.id, now: LATER, today: TODAY })), 'open');
    expect(review.totals.totalCents).toBe(total);
    const placed = expectKind(await w.approveAs(w.owner, request.id, total), 'placed');
    expect(placed.order).toMatchObject({ placedBy: w.owner.id, totalCents: 215_985, status: 'awaiting_payment', channel: 'console', chatId: 'owner' });
    expect(await w.run((repos) => repos.carts.lines(w.sales.id))).toEqual([]);
    expect(w.store.state.approvals[0]).toMatchObject({ status: 'approved', decidedBy: w.owner.id, orderId: placed.order.id });
    const told = w.store.state.outbox.filter((m) => m.kind === 'approval_decided');
    expect(told).toMatchObject([{ userId: w.sales.id, channel: 'telegram', chatId: '303', payload: { approvalId: request.id } }]);
  });

  it('two approvers at once place one order; the second is told who approved', async () => {
    const w = setUp();
    const { request, total } = await asked(w);
    const [a, b] = await Promise.all([w.approveAs(w.owner, request.id, total), w.approveAs(w.purchase, request.id, total)]);
    const results = [a, b];
    expect(results.filter((r) => r.kind === 'placed')).toHaveLength(1);
    const other = results.find((r) => r.kind !== 'placed');
    expect(other).toMatchObject({ kind: 'decided', status: 'approved' });
    expect(w.store.state.orders).toHaveLength(1);
  });

  it('a press late, twice, by a sales or support user, or from another reseller does nothing but say why', async () => {
    const w = setUp();
    const { request, total } = await asked(w);
    expectKind(await w.approveAs(w.owner, request.id, total), 'placed');
    expect(await w.approveAs(w.owner, request.id, total)).toMatchObject({ kind: 'decided', status: 'approved', by: w.owner.name });
    expect(await w.run((repos) => reject(repos, { approver: w.purchase, requestId: request.id, reason: 'no', now: LATER }))).toMatchObject({ kind: 'decided', status: 'approved' });
    expect(await w.approveAs(w.sales, request.id, total)).toMatchObject({ kind: 'not_allowed' });
    expect(await w.approveAs(w.support, request.id, total)).toMatchObject({ kind: 'not_allowed' });
    // Another reseller's owner finds nothing, exactly as for a request that does not exist.
    const stranger = aUser({ role: 'owner', resellerId: OTHER_RESELLER_ID });
    expect(await w.approveAs(stranger, request.id, total)).toMatchObject({ kind: 'not_found' });
    expect(await w.approveAs(w.owner, 'not-a-uuid', total)).toMatchObject({ kind: 'not_found' });
    expect(w.store.state.orders).toHaveLength(1);
  });

  it('rejecting keeps the reason and tells the requester; a long reason is cut', async () => {
    const w = setUp();
    const { request } = await asked(w);
    expectKind(await w.run((repos) => reject(repos, { approver: w.purchase, requestId: request.id, reason: `  ${'x'.repeat(600)}  `, now: LATER })), 'rejected');
    expect(w.store.state.approvals[0]).toMatchObject({ status: 'rejected', decidedBy: w.purchase.id });
    expect(w.store.state.approvals[0]?.reason).toHaveLength(500);
    expect(w.store.state.outbox.filter((m) => m.kind === 'approval_decided')).toHaveLength(1);
    expect(w.store.state.orders).toEqual([]);
  });

  it('the requester may withdraw; the request is then decided', async () => {
    const w = setUp();
    const { request, total } = await asked(w);
    expect(await w.run((repos) => withdraw(repos, { requester: w.sales, now: LATER }))).toEqual({ kind: 'withdrawn' });
    expect(await w.run((repos) => withdraw(repos, { requester: w.sales, now: LATER }))).toEqual({ kind: 'none' });
    expect(await w.approveAs(w.owner, request.id, total)).toMatchObject({ kind: 'decided', status: 'withdrawn' });
  });
});

describe('lapsing', () => {
  it('a change to the requester\'s cart lets the request lapse; approving it then says so and orders nothing', async () => {
    const w = setUp();
    await w.add(w.sales, newLicense());
    const total = await w.totalOf(w.sales);
    const { request } = expectKind(await w.askAtTotal(total), 'requested');
    await w.add(w.sales, newLicense({ sc: 8 }));
    expect(w.store.state.approvals[0]).toMatchObject({ status: 'lapsed', reason: 'cart_changed' });
    expect(await w.approveAs(w.owner, request.id, total)).toMatchObject({ kind: 'decided', status: 'lapsed', reason: 'cart_changed' });
    const again = expectKind(await w.askAtTotal(await w.totalOf(w.sales)), 'requested').request;
    await w.run((repos) => emptyCart(repos, { user: w.sales, now: LATER }));
    expect(w.store.state.approvals.find((a) => a.id === again.id)).toMatchObject({ status: 'lapsed', reason: 'cart_changed' });
    expect(w.store.state.orders).toEqual([]);
  });

  it('a price that changed lets the request lapse when an approver opens it, and the requester is told', async () => {
    const w = setUp();
    await w.add(w.sales, newLicense());
    const total = await w.totalOf(w.sales);
    const { request } = expectKind(await w.askAtTotal(total), 'requested');
    // A new price list in force from today: Professional 16 SC costs more.
    w.store.state.prices.push({ edition: 'professional', sc: 16, kind: 'annual', priceCents: 65_000, effectiveFrom: TODAY });
    const review = await w.run((repos) => reviewApproval(repos, w.provider, { approver: w.owner, reseller: w.reseller, requestId: request.id, now: LATER, today: TODAY }));
    expect(review).toMatchObject({ kind: 'lapsed', reason: 'figures_changed', changes: [expect.objectContaining({ kind: 'price_changed', fromCents: 59_500, toCents: 65_000 })] });
    expect(w.store.state.outbox.filter((m) => m.kind === 'approval_decided')).toHaveLength(1);
    expect(await w.approveAs(w.owner, request.id, total)).toMatchObject({ kind: 'decided', status: 'lapsed' });
    expect(w.store.state.orders).toEqual([]);
  });

  it('after three days a request lapses: by the sweep, or when it is opened late', async () => {
    const w = setUp();
    await w.add(w.sales, newLicense());
    const total = await w.totalOf(w.sales);
    const { request } = expectKind(await w.askAtTotal(total), 'requested');
    const justBefore = new Date(request.lapsesAt.getTime() - 1);
    expect(await w.run((repos) => lapseExpiredApprovals(repos, { now: justBefore, limit: 10 }))).toMatchObject({ lapsed: 0, outbox: [] });
    expect(await w.run((repos) => lapseExpiredApprovals(repos, { now: request.lapsesAt, limit: 10 }))).toMatchObject({ lapsed: 1, outbox: [expect.any(Number)] });
    expect(w.store.state.approvals[0]).toMatchObject({ status: 'lapsed', reason: 'expired' });
    expect(w.store.state.outbox.filter((m) => m.kind === 'approval_decided')).toHaveLength(1);

    const late = expectKind(await w.askAtTotal(total), 'requested').request;
    expect(await w.approveAs(w.owner, late.id, total, new Date(late.lapsesAt.getTime() + 1))).toMatchObject({ kind: 'lapsed', reason: 'expired' });
  });

  it('owners and purchase users see the reseller\'s pending requests; others see none', async () => {
    const w = setUp();
    await w.add(w.sales, newLicense());
    expectKind(await w.askAtTotal(await w.totalOf(w.sales)), 'requested');
    expect(await w.run((repos) => pendingApprovals(repos, w.owner))).toHaveLength(1);
    expect(await w.run((repos) => pendingApprovals(repos, w.purchase))).toHaveLength(1);
    expect(await w.run((repos) => pendingApprovals(repos, w.sales))).toEqual([]);
  });
});
