// A payment page is asked of its provider with no transaction open: while Stripe takes its time,
// the order is already committed and waiting, and neither a pooled connection nor a row lock is
// held for the chat (its conversation) or the order. The pay button pressed again meanwhile
// places one order and opens one page; a page opened from Orders goes the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationEngine, ConversationStoreBusy, type ConversationStore } from '../../../src/conversation/engine';
import { knexConversationStore } from '../../../src/infra/store/conversations';
import { consoleSession, type OutMessage } from '../../support/console-driver';
import { testHasher } from '../../support/demo-store';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';

describe('a payment page opened with no transaction open', () => {
  let h: PaymentsHarness;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'redis' });
    await h.login();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const urlIn = (messages: OutMessage[]) => messages.flatMap((m) => m.buttons.flat()).find((b) => b.url)?.url;
  const creates = () => h.stripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/checkout/sessions');

  /**
   * What the database holds while the provider is asked: transactions open (idle in one, or
   * having written anything), and whether the order's row and the chat's conversation can be
   * locked at once by someone else.
   */
  async function heldWhileAsking(orderNumber: number) {
    // A job's short transaction (a notification queued by an earlier step) may be open at any one
    // instant: counted until none is, for up to 10 s. The input's own transaction, were it held
    // while Stripe holds the request, would stay open all that time, and be counted.
    const openNow = async () => Number((await h.demo.knex.raw(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and (state like 'idle in transaction%' or backend_xid is not null)`,
    )).rows[0].n);
    let open = await openNow();
    for (const until = Date.now() + 10_000; open > 0 && Date.now() < until; open = await openNow()) await new Promise((resolve) => setTimeout(resolve, 50));
    const locks = await h.demo.knex.transaction(async (trx) => {
      await trx.raw('set local lock_timeout = 200');
      const order = await trx('orders').where({ number: orderNumber }).forUpdate().noWait().first('status');
      const conversation = await trx('conversations').where({ channel: 'console', chat_id: h.chat.key.chatId, external_user_id: h.chat.key.userId }).forUpdate().noWait().first('id');
      return { order: order?.status as string | undefined, conversation: conversation !== undefined };
    });
    return { openTransactions: open, ...locks };
  }

  /** The conversation's version: it grows by one with every committed transaction of the chat's inputs. */
  const version = async () => Number((await h.demo.knex('conversations').where({ channel: 'console', chat_id: h.chat.key.chatId }).first('version')).version);

  it('while Stripe holds the request, the order is committed and waiting, and no transaction or lock is held', async () => {
    await h.toPaymentChoice({ coupon: 'FIXED50' });
    const ordersBefore = (await h.demo.knex('orders').select('id')).length;
    const hold = h.stripe.holdNextCreate();
    const pressing = h.chat.press(h.methodLabel('card'));
    await hold.reached;

    const placed = await h.demo.knex('orders').orderBy('number', 'desc').first('id', 'number', 'status');
    expect((await h.demo.knex('orders').select('id')).length).toBe(ordersBefore + 1);
    expect(await heldWhileAsking(placed.number)).toEqual({ openTransactions: 0, order: 'awaiting_payment', conversation: true });
    expect((await h.effects(String(placed.id))).coupon).toMatchObject({ status: 'reserved' });

    hold.release();
    const messages = await pressing;
    expect(h.chat.text(messages)).toContain(`Order ${placed.number} is placed`);
    const url = urlIn(messages);
    expect(url).toBe(h.stripe.lastSession().url);
    expect((await h.effects(String(placed.id))).payments).toEqual([expect.objectContaining({ method: 'card', status: 'initialized', payment_url: url })]);
  });

  it('the pay button pressed again while the page is opened: one order, one page, the same link in both answers', async () => {
    await h.toPaymentChoice({ coupon: null });
    const ordersBefore = (await h.demo.knex('orders').select('id')).length;
    const createsBefore = creates().length;
    const payId = h.chat.buttonId(h.methodLabel('card'));
    const hold = h.stripe.holdNextCreate();
    // Two presses of one button handled side by side (as two instances of the assistant would).
    const first = h.chat.engine.handleInput(h.chat.key, { kind: 'press', id: payId }, { inputId: 'press-1' });
    await hold.reached;
    const placedAt = await version();
    const second = h.chat.engine.handleInput(h.chat.key, { kind: 'press', id: payId }, { inputId: 'press-2' });
    // The second press's own transaction commits while the first still waits for Stripe.
    await h.waitFor(async () => (await version()) > placedAt, { what: 'the second press to be handled up to the provider' });
    hold.release();
    const [a, b] = await Promise.all([first, second]);

    expect((await h.demo.knex('orders').select('id')).length).toBe(ordersBefore + 1);
    expect(creates().slice(createsBefore)).toHaveLength(1);
    const order = await h.demo.knex('orders').orderBy('number', 'desc').first('id', 'number');
    const payments = (await h.effects(String(order.id))).payments;
    expect(payments).toHaveLength(1);
    const texts = (replies: typeof a.replies) => replies.map((r) => r.text).join('\n');
    const links = (replies: typeof a.replies) => replies.flatMap((r) => r.buttons.flat()).flatMap((x) => ('url' in x ? [x.url] : []));
    expect(texts(a.replies)).toContain(`Order ${order.number} is placed`);
    expect(texts(b.replies)).toContain('This order was already placed; here it is again.');
    expect(links(a.replies)).toEqual([payments[0].payment_url]);
    expect(links(b.replies)).toEqual([payments[0].payment_url]);
  });

  it('an order that stops waiting while its page is opened (cancelled meanwhile) is not offered a page, but the page is recorded', async () => {
    await h.toPaymentChoice({ coupon: null });
    const hold = h.stripe.holdNextCreate();
    const pressing = h.chat.press(h.methodLabel('card'));
    await hold.reached;
    const order = await h.demo.knex('orders').orderBy('number', 'desc').first('id', 'number');
    // As if cancelled in another chat meanwhile (the row is not locked: see above).
    await h.demo.knex('orders').where({ id: order.id }).update({ status: 'cancelled' });
    hold.release();
    const messages = await pressing;
    expect(h.chat.text(messages)).toContain(`Order ${order.number} no longer waits for payment (it was paid or cancelled meanwhile), so no payment page was opened.`);
    expect(urlIn(messages)).toBeUndefined();
    expect(messages.at(-1)?.text).toMatch(new RegExp(`^Order ${order.number} — placed 2026-11-26, cancelled \\(card\\)`));
    // Kept, so that a payment on it is found (and refunded as for any cancelled order).
    expect((await h.effects(String(order.id))).payments).toEqual([expect.objectContaining({ method: 'card', provider_ref: h.stripe.lastSession().id })]);
  });

  it('a page made at Stripe that could not be recorded (the database busy then): the user is told where to pay, and paying from Orders gets the same session', async () => {
    await h.toPaymentChoice({ coupon: null });
    const payId = h.chat.buttonId(h.methodLabel('card'));
    const createsBefore = creates().length;
    // The same assistant, whose store stays busy for the input's second transaction (the one that records the page).
    const real = knexConversationStore(h.demo.knex);
    let transactions = 0;
    const flaky: ConversationStore = {
      withConversation: (key, inputId, work) => (++transactions === 2 ? Promise.reject(new ConversationStoreBusy(new Error('busy'))) : real.withConversation(key, inputId, work)),
      read: (key, work) => real.read(key, work),
    };
    const errors: unknown[] = [];
    const engine = conversationEngine({
      conversations: flaky, licenses: h.licenses, hasher: testHasher, clock: h.clock, paymentMethods: ['offline', 'card', 'multisafepay'],
      gateways: h.payments.gateways, paymentUrls: h.payments.urls, onError: (error) => errors.push(error),
    });
    const replies = await engine.handle(h.chat.key, { kind: 'press', id: payId });
    const order = await h.demo.knex('orders').orderBy('number', 'desc').first('id', 'number', 'status');
    expect(order.status).toBe('awaiting_payment');
    expect(replies.map((r) => r.text)).toEqual([`Order ${order.number} waits for your payment, but its payment page could not be shown just now. Open the order under Orders in the main menu to pay it, in a moment.`]);
    expect(errors).toHaveLength(1);
    const session = h.stripe.lastSession();
    expect((await h.effects(String(order.id))).payments).toEqual([]);

    await h.chat.send('/menu');
    await h.chat.press('Orders');
    await h.chat.press('Open 1');
    const paid = await h.chat.press('Pay by card');
    expect(urlIn(paid)).toBe(session.url);
    expect(creates().slice(createsBefore).map((c) => c.idempotencyKey)).toEqual([`checkout-${order.id}`, `checkout-${order.id}`]);
    expect((await h.effects(String(order.id))).payments).toEqual([expect.objectContaining({ provider_ref: session.id, payment_url: session.url })]);
  });

  it('an owner approving a request by card: the order is committed before Stripe is asked, and the page follows', async () => {
    const sales = await consoleSession({ demo: h.demo, clock: h.clock, key: { chatId: 'sam', userId: 'sam' } });
    try {
      await sales.login('sales1');
      await sales.send('buy 2 pro 16 for 2 years');
      await sales.press('Skip');
      await sales.press('Add to cart');
      await sales.send('checkout');
      await sales.press('Skip');
      await sales.press('Ask an owner to approve');
    } finally {
      await sales.close();
    }
    const request = await h.demo.knex('approval_requests').orderBy('requested_at', 'desc').first('id');
    await h.chat.send('/menu');
    await h.chat.pressId(`~approval.approve.${request.id}`);
    const hold = h.stripe.holdNextCreate();
    const pressing = h.chat.press(h.methodLabel('card'));
    await hold.reached;
    const order = await h.demo.knex('orders').orderBy('number', 'desc').first('id', 'number', 'total_cents');
    expect(Number(order.total_cents)).toBe(215_985);
    expect(await heldWhileAsking(order.number)).toEqual({ openTransactions: 0, order: 'awaiting_payment', conversation: true });
    hold.release();
    const messages = await pressing;
    expect(h.chat.text(messages)).toContain(`Order ${order.number} is placed: EUR 2,159.85.`);
    expect(urlIn(messages)).toBe(h.stripe.lastSession().url);
    expect((await h.effects(String(order.id))).payments).toEqual([expect.objectContaining({ method: 'card', status: 'initialized' })]);
  });

  it('a page opened from Orders (a bank transfer paid by card after all) is asked for with no transaction open either', async () => {
    const order = await h.placeOrder({ method: 'offline', coupon: null });
    await h.chat.send('/menu');
    await h.chat.press('Orders');
    const opened = await h.chat.press('Open 1');
    expect(opened.at(-1)?.text).toMatch(new RegExp(`^Order ${order.number} — placed`));
    const hold = h.stripe.holdNextCreate();
    const pressing = h.chat.press('Pay by card');
    await hold.reached;
    expect(await heldWhileAsking(order.number)).toEqual({ openTransactions: 0, order: 'awaiting_payment', conversation: true });
    hold.release();
    const messages = await pressing;
    expect(h.chat.text(messages)).toContain('Open the card payment page to pay it.');
    expect(urlIn(messages)).toBe(h.stripe.lastSession().url);
    expect((await h.effects(order.id)).payments).toEqual([expect.objectContaining({ method: 'card', status: 'initialized' })]);
  });
});
