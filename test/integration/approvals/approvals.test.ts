// Team approvals end to end: a sales user in one console checks out and asks; the owner, in
// another console, gets the request as a message (through the outbox and the notifications
// job), approves it by paying, or rejects it with a reason; the requester hears the decision.
// Amounts of pricing.md (Acme: Gold 25 %, VAT 21 %): 2 × Professional 16 SC, 2 years = EUR 2,159.85.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleSession, type OutMessage } from '../../support/console-driver';
import { paymentsHarness, waitFor, type PaymentsHarness } from '../../support/payments-harness';
import { lastText, textOf } from '../../support/console-flows';

type Chat = Awaited<ReturnType<typeof consoleSession>>;

describe('team approvals through two consoles', () => {
  let h: PaymentsHarness;
  let sales: Chat;
  let owner2: Chat;
  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'postgres', methods: ['offline'] });
    await h.login('demo');
    const jobs = { deliver: (ids: number[]) => h.jobs.deliver(ids), fulfil: async (ids: string[]) => void (await h.jobs.fulfil(ids, { by: 'staff' })) };
    sales = await consoleSession({ demo: h.demo, clock: h.clock, key: { chatId: 'sam', userId: 'sam' }, notifications: h.notifier, jobs });
    expect(textOf(await sales.login('sales1'))).toContain('Welcome, Sam Sales');
    // The same owner in a second private chat, to press at the same moment.
    owner2 = await consoleSession({ demo: h.demo, clock: h.clock, key: { chatId: 'dana2', userId: 'dana2' }, notifications: h.notifier, jobs });
    expect(textOf(await owner2.login('demo'))).toContain('Welcome, Dana Demo');
  }, 60_000);
  afterAll(async () => {
    await owner2?.close();
    await sales?.close();
    await h?.close();
  });
  beforeEach(async () => {
    await sales.send('/menu');
    await h.chat.send('/menu');
  });

  /** Sales fills the cart with the worked example and asks for approval; answers what sales was told and the owner's message. */
  async function ask(): Promise<{ sent: OutMessage[]; request: OutMessage }> {
    const ownerFrom = h.chat.transcript.length;
    await sales.send('buy 2 pro 16 for 2 years');
    await sales.press('Skip');
    await sales.press('Add to cart');
    await sales.send('checkout');
    const review = await sales.press('Skip');
    expect(lastText(review)).toContain('Total: EUR 2,159.85');
    expect(review.at(-1)?.buttons.flat().map((b) => b.label)).toEqual(['Ask an owner to approve', 'Change coupon', 'View cart']);
    const sent = await sales.press('Ask an owner to approve');
    return { sent, request: await printed(h.chat, /^Sam Sales asks you to approve an order:/, ownerFrom) };
  }

  /** Waits until `chat` has printed a message matching `pattern` after transcript index `from`. */
  const printed = (chat: Chat, pattern: RegExp, from: number) =>
    waitFor(async () => {
      await chat.raw('');
      return chat.transcript.slice(from).find((m) => pattern.test(m.text));
    }, { timeoutMs: 15_000, intervalMs: 100, what: `a message ${pattern}` });

  const approvalId = (message: OutMessage) => /~approval\.approve\.([0-9a-f-]{36})/.exec(JSON.stringify(message.buttons))?.[1] ?? '';

  it('approving: the owner is told with Approve / Reject / Open, pays by bank transfer, the order is theirs; the requester hears it', async () => {
    const salesFrom = sales.transcript.length;
    const { sent, request } = await ask();
    expect(lastText(sent)).toMatch(/^Your request was sent to 1 owner or purchase user\.\nIt lapses on 2026-11-29 10:00 UTC/);

    expect(request.text).toContain('1. Professional 16 SC, 2 licenses, 2 years');
    expect(request.text).toContain('Total: EUR 2,159.85');
    expect(request.buttons.flat().map((b) => b.label)).toEqual(['Approve and pay', 'Reject', 'Open the cart']);
    // Also in the owner's second private chat.
    await printed(owner2, /^Sam Sales asks you to approve an order:/, 0);

    const id = approvalId(request);
    const review = await h.chat.pressId(`~approval.approve.${id}`);
    expect(lastText(review)).toMatch(/^Sam Sales asks you to approve this order:/);
    expect(lastText(review)).toContain('Total: EUR 2,159.85');
    const placed = await h.chat.press('Bank transfer (offline)');
    expect(textOf(placed)).toMatch(/Order (\d+) is placed\. Please transfer EUR 2,159\.85/);
    const number = Number(/Order (\d+) is placed/.exec(textOf(placed))?.[1]);

    const order = await h.demo.knex('orders').where({ number }).first();
    const dana = await h.demo.knex('reseller_users').where({ username: 'demo' }).first('id');
    expect(order).toMatchObject({ placed_by: dana.id, total_cents: 215985, status: 'awaiting_payment', channel: 'console', chat_id: 'local' });
    expect(await h.demo.knex('approval_requests').where({ id }).first()).toMatchObject({ status: 'approved', decided_by: dana.id, order_id: order.id });
    expect(await h.demo.knex('cart_lines')).toEqual([]);

    const told = await printed(sales, /approved your request/, salesFrom);
    expect(told.text).toBe(`Dana Demo approved your request: order ${number} (EUR 2,159.85) is placed and pays it. Your cart is empty again.`);

    // Pressed again, late, from the other chat: nothing but why.
    const again = await owner2.pressId(`~approval.approve.${id}`);
    expect(textOf(again)).toContain('That request was already approved by Dana Demo. Nothing was done.');
    expect(await h.demo.knex('orders').where({ number: number + 1 })).toEqual([]);
  });

  it('rejecting asks for an optional reason; the requester is told it and keeps the cart', async () => {
    const salesFrom = sales.transcript.length;
    const { request } = await ask();
    const ask2 = await h.chat.pressId(`~approval.reject.${approvalId(request)}`);
    expect(lastText(ask2)).toBe('Why do you reject it? Type a reason for Sam Sales, or press "Reject without a reason".');
    const done = await h.chat.send('Not before January');
    expect(textOf(done)).toContain('Rejected; Sam Sales is told.');
    const told = await printed(sales, /did not approve your request/, salesFrom);
    expect(told.text).toBe('Dana Demo did not approve your request: "Not before January". Your cart is as it was.');
    expect(await h.demo.knex('cart_lines')).toHaveLength(1);
    expect(await h.demo.knex('approval_requests').where({ status: 'rejected' }).first()).toMatchObject({ reason: 'Not before January' });
    await sales.send('/cart');
    await sales.press('Empty cart');
  });

  it('a request lapses when the requester changes the cart: the owner\'s button then says so and orders nothing', async () => {
    const { request } = await ask();
    const cart = await sales.send('/cart');
    expect(lastText(cart)).toMatch(/Waiting for approval since 2026-11-26 10:00 UTC/);
    await sales.press('Remove 1');
    const pressed = await h.chat.pressId(`~approval.open.${approvalId(request)}`);
    expect(textOf(pressed)).toContain('That request has lapsed: the cart changed since it was asked.');
    expect(await h.demo.knex('orders').where({ placed_by: (await h.demo.knex('reseller_users').where({ username: 'demo' }).first('id')).id })).toHaveLength(1);
  });

  it('after three days the maintenance sweep lets it lapse and tells the requester', async () => {
    const salesFrom = sales.transcript.length;
    await ask();
    h.clock.set('2026-11-29T10:00:01Z');
    try {
      await h.sweep();
      const told = await printed(sales, /Your approval request lapsed/, salesFrom);
      expect(told.text).toContain('nobody decided it within 3 days');
    } finally {
      h.clock.set('2026-11-26T10:00:00Z');
    }
    await sales.send('/cart');
    await sales.press('Empty cart');
  });

  it('the same owner pressing Approve and paying in two chats at the same moment places one order', async () => {
    const { request } = await ask();
    const id = approvalId(request);
    await h.chat.pressId(`~approval.approve.${id}`);
    await owner2.pressId(`~approval.approve.${id}`);
    const ordersBefore = (await h.demo.knex('orders')).length;
    const [a, b] = await Promise.all([h.chat.press('Bank transfer (offline)'), owner2.press('Bank transfer (offline)')]);
    const texts = [textOf(a), textOf(b)];
    expect(texts.filter((t) => /Order \d+ is placed/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /already approved by Dana Demo/.test(t))).toHaveLength(1);
    expect(await h.demo.knex('orders')).toHaveLength(ordersBefore + 1);
  });
});
