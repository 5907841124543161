// The conversation engine under the console: input dedupe, one input of a conversation at a
// time, resuming after a restart, bad JSONL lines, and the re-quote at checkout.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../../src/conversation/input';
import type { Reply } from '../../../src/conversation/reply';
import { consoleSession } from '../../support/console-driver';
import {
  addToCart, cartLines, clearCart, labels, lastText, loggedInChat, renewalSummary, replyButtonId, savedState,
  textOf, toMenu, type Chat,
} from '../../support/console-flows';

const STALE = 'That button belongs to an older message and was not used. Here is where you are:';

describe('the conversation engine through the console', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });
  beforeEach(async () => {
    await clearCart(chat.demo);
  });

  const handle = (input: Input, inputId: string | null = null) => chat.engine.handle(chat.key, input, inputId);
  const text = (t: string, inputId: string | null = null) => handle({ kind: 'text', text: t }, inputId);
  const press = (replies: Reply[], label: string | RegExp, inputId: string | null = null) => handle({ kind: 'press', id: replyButtonId(replies, label) }, inputId);

  /** Through the engine directly, from the menu to the summary of a 1-year renewal of 7Q2M. */
  async function renewalSummaryDirect(): Promise<Reply[]> {
    await text('/menu');
    await text('buy');
    await text('Renew annual license');
    const years = await text('7Q2M-4K8P-ZX3N-1A9B');
    const summary = await press(years, '1');
    expect(lastText(summary)).toContain('List price: EUR 350.00');
    return summary;
  }

  describe('input dedupe', () => {
    it('the same input id delivered twice is handled once: the second delivery answers nothing', async () => {
      const before = (await savedState(chat.demo, chat.key)).nonce;
      const first = await text('/menu', 'update-1001');
      expect(lastText(first)).toBe('Main menu. What would you like to do?');
      expect((await savedState(chat.demo, chat.key)).nonce).toBe(before + 1);
      const again = await text('/menu', 'update-1001');
      expect(again).toEqual([]);
      expect((await savedState(chat.demo, chat.key)).nonce).toBe(before + 1);
      expect(await chat.demo.knex('processed_inputs').where({ channel: 'console', input_id: 'update-1001' })).toHaveLength(1);
      // Another id is a new input.
      expect(lastText(await text('/menu', 'update-1002'))).toBe('Main menu. What would you like to do?');
    });

    it('a press redelivered with its id adds one cart line', async () => {
      const summary = await renewalSummaryDirect();
      const added = await press(summary, 'Add to cart', 'update-2001');
      expect(textOf(added)).toMatch(/^Added to your cart: Renew 7Q2M/);
      expect(await press(summary, 'Add to cart', 'update-2001')).toEqual([]);
      expect(await cartLines(chat.demo)).toHaveLength(1);
    });

    it('the same input id delivered twice at the same moment is handled once', async () => {
      const summary = await renewalSummaryDirect();
      const answers = await Promise.all([press(summary, 'Add to cart', 'update-3001'), press(summary, 'Add to cart', 'update-3001')]);
      expect(answers.filter((a) => a.length > 0)).toHaveLength(1);
      expect(await cartLines(chat.demo)).toHaveLength(1);
    });
  });

  describe('two inputs of one conversation at the same moment never interleave', () => {
    it('two "Add to cart" presses of the same summary add one line; the other is answered as stale', async () => {
      const summary = await renewalSummaryDirect();
      const answers = await Promise.all([press(summary, 'Add to cart'), press(summary, 'Add to cart')]);
      const texts = answers.map((a) => a[0]?.text ?? '');
      expect(texts.filter((t) => t.startsWith('Added to your cart'))).toHaveLength(1);
      expect(texts.filter((t) => t === STALE)).toHaveLength(1);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 35000 }]);
    });

    it('five "Add to cart" presses at once still add one line', async () => {
      const summary = await renewalSummaryDirect();
      await Promise.all(Array.from({ length: 5 }, () => press(summary, 'Add to cart')));
      expect(await cartLines(chat.demo)).toHaveLength(1);
    });

    it('two payment-method presses at once place one order, at the confirmed total', async () => {
      const summary = await renewalSummaryDirect();
      await press(summary, 'Add to cart');
      const cart = await text('/cart');
      const coupon = await press(cart, 'Proceed to checkout');
      const review = await press(coupon, 'Skip');
      expect(lastText(review)).toContain('Total: EUR 317.63');
      const ordersBefore = (await chat.demo.knex('orders')).length;
      const answers = await Promise.all([press(review, 'Bank transfer (offline)'), press(review, 'Bank transfer (offline)')]);
      // One press places the order; the other is stale and shows the placed order again.
      const firsts = answers.map((a) => a[0]?.text ?? '');
      expect(firsts.filter((t) => /^Order \d+ is placed/.test(t))).toHaveLength(1);
      expect(firsts.filter((t) => t === STALE)).toHaveLength(1);
      const orders = await chat.demo.knex('orders').orderBy('number');
      expect(orders).toHaveLength(ordersBefore + 1);
      expect(orders.at(-1)).toMatchObject({ total_cents: 31763, status: 'awaiting_payment', payment_method: 'offline' });
      expect(await chat.demo.knex('order_lines').where({ order_id: orders.at(-1).id })).toHaveLength(1);
      expect(await cartLines(chat.demo)).toHaveLength(0);
    });

    it('an "Add to cart" press and a /cancel at the same moment leave the conversation consistent', async () => {
      const summary = await renewalSummaryDirect();
      const [added, cancelled] = await Promise.all([press(summary, 'Add to cart'), text('/cancel')]);
      const lines = await cartLines(chat.demo);
      // Whichever came first, the outcome is one of the two orders of events, never a mix.
      if (textOf(added).startsWith('Added to your cart')) {
        expect(lines).toHaveLength(1);
      } else {
        expect(added[0]?.text).toBe(STALE);
        expect(lines).toHaveLength(0);
      }
      expect(textOf(cancelled)).toContain('Cancelled.');
      expect(lastText(cancelled)).toBe('Main menu. What would you like to do?');
    });
  });

  describe('a restart in the middle of a flow', () => {
    it('resumes at the same step, showing it again, and the flow goes on to the right price', async () => {
      await toMenu(chat);
      await chat.press('Buy');
      await chat.press('New license');
      await chat.press('Professional');
      const quantity = await chat.press('16 SC');
      expect(lastText(quantity)).toMatch(/^Professional 16 SC: how many licenses\?/);
      const oldQuantityId = chat.buttonId('2');

      const { demo, key } = chat;
      await chat.close();
      chat = await consoleSession({ demo, key });
      expect(chat.greeting.map((m) => m.text)).toEqual(['Professional 16 SC: how many licenses? Press a number or type one from 1 to 50.']);
      expect(labels(chat.greeting)).toEqual(expect.arrayContaining(['1', '2', '3', '4', '5']));
      expect(await demo.knex('conversations').where({ chat_id: key.chatId, external_user_id: key.userId })).toHaveLength(1);

      // A button of the message printed before the restart is stale; the resumed message's work.
      const stale = await chat.pressId(oldQuantityId);
      expect(stale[0]?.text).toBe(STALE);
      await chat.press('2');
      await chat.press('2');
      const summary = await chat.press('Skip');
      expect(lastText(summary)).toContain('List price: EUR 2,380.00');
      await addToCart(chat);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'new_license', list_cents: 238000 }]);
    });

    it('resumes a half-done login at the password prompt, still secret', async () => {
      const other = await consoleSession({ demo: chat.demo, key: { chatId: 'restart-login', userId: 'restart-login' } });
      await other.send('demo');
      await other.close();
      const resumed = await consoleSession({ demo: chat.demo, key: { chatId: 'restart-login', userId: 'restart-login' } });
      try {
        expect(resumed.greeting).toEqual([{ type: 'message', text: 'Your password? (It is not shown or stored.)', buttons: [], secret: true }]);
        const menu = await resumed.send('demo-pass-1');
        expect(textOf(menu)).toContain('Welcome, Dana Demo');
      } finally {
        await resumed.close();
      }
    });
  });

  describe('JSONL lines that are not inputs', () => {
    it('a line that is not JSON answers a message and then ready, and the session goes on', async () => {
      await toMenu(chat);
      const nonce = (await savedState(chat.demo, chat.key)).nonce;
      const answer = await chat.raw('this is {not json');
      expect(answer).toEqual([{ type: 'message', text: 'That line is not valid JSON. Send {"type":"text","text":"…"} or {"type":"press","id":"…"}.', buttons: [], secret: false }]);
      for (const line of ['{"type":"press"}', '[1,2,3]', '{"type":"voice","text":"hi"}', 'null']) {
        const notInput = await chat.raw(line);
        expect(notInput).toHaveLength(1);
        expect(notInput[0]?.text).toMatch(/^That line is not (an input|valid JSON)\./);
      }
      // A blank line is no JSON either: it is answered, never passed over in silence.
      for (const line of ['', '   ', '\t']) {
        expect(await chat.raw(line)).toEqual([{ type: 'message', text: 'That line is empty. Send {"type":"text","text":"…"} or {"type":"press","id":"…"}.', buttons: [], secret: false }]);
      }
      expect((await savedState(chat.demo, chat.key)).nonce).toBe(nonce);
      // The buttons of the menu shown before the bad lines still work.
      const buy = await chat.press('Buy');
      expect(lastText(buy)).toBe('What would you like to buy?');
    });

    it('a press of an id longer than any button\'s is an id the bot never gave: said so, and the current step again', async () => {
      const menu = await toMenu(chat);
      const buyId = chat.buttonId('Buy');
      const answer = await chat.pressId(`${buyId}${'x'.repeat(80)}`);
      expect(answer[0]?.text).toBe('I do not know that button, so nothing was done. Here is where you are:');
      expect(lastText(answer)).toBe(lastText(menu));
      expect(labels(answer)).toContain('Buy');
    });

    it('a text longer than a message may be is refused whole, with the current step again, whose buttons work', async () => {
      const menu = await toMenu(chat);
      const answer = await chat.raw(JSON.stringify({ type: 'text', text: 'x'.repeat(100_000) }));
      expect(answer[0]?.text).toBe('That message is too long (100000 characters); a message may have up to 4096. Nothing was done with it.');
      expect(lastText(answer)).toBe(lastText(menu));
      expect(labels(answer)).toContain('Buy');
      expect((await savedState(chat.demo, chat.key)).step).toEqual({ name: 'menu' });
      expect(lastText(await chat.press('Buy'))).toBe('What would you like to buy?');
    });

    it('a line that starts with a byte order mark (as some Windows tools write) is read as the JSON after it', async () => {
      await toMenu(chat);
      const cart = await chat.raw(`\uFEFF${JSON.stringify({ type: 'text', text: '/cart' })}`);
      expect(lastText(cart)).toMatch(/^Your cart/);
    });
  });

  describe('cart and checkout', () => {
    it('an empty cart does not offer "Proceed to checkout", also after its last line was removed', async () => {
      const ordersBefore = (await chat.demo.knex('orders')).length;
      const empty = await chat.send('/cart');
      expect(lastText(empty)).toBe('Your cart is empty.');
      expect(labels(empty)).toEqual(['Buy', 'Main menu']);

      await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 1);
      await addToCart(chat);
      const cart = await chat.send('/cart');
      expect(labels(cart)).toContain('Proceed to checkout');
      const goId = chat.buttonId('Proceed to checkout');
      const removed = await chat.press('Remove 1');
      expect(removed.map((m) => m.text)).toEqual(['Your cart is now empty.', 'Your cart is empty.']);
      expect(labels(removed)).not.toContain('Proceed to checkout');
      // The old Proceed button is stale and places nothing.
      const stale = await chat.pressId(goId);
      expect(stale[0]?.text).toBe(STALE);
      expect(lastText(stale)).toBe('Your cart is empty.');
      expect(await chat.demo.knex('orders')).toHaveLength(ordersBefore);
    });

    it('checkout shows a price changed since the line was added (old and new), and Continue goes on to the coupon and the order at the new price', async () => {
      await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 1);
      await addToCart(chat);
      const cart = await chat.send('/cart');
      expect(lastText(cart)).toContain('Total: EUR 317.63');

      await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 8, kind: 'annual', price_cents: 36000, effective_from: '2026-11-26' });
      const changes = await chat.press('Proceed to checkout');
      const shown = lastText(changes);
      expect(shown).toMatch(/^Prices were checked again\. Since you added them, these lines changed:\n/);
      expect(shown).toContain('• Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year: EUR 350.00 → EUR 360.00');
      expect(shown).toContain('New total: EUR 326.70. Do you want to continue with these figures?');
      expect(labels(changes)).toEqual(['Continue', 'View cart']);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 36000 }]);

      const coupon = await chat.press('Continue');
      expect(lastText(coupon)).toBe('Do you have a coupon code? Type it, or press Skip.');
      const review = await chat.press('Skip');
      expect(lastText(review)).toContain('List price: EUR 360.00');
      expect(lastText(review)).toContain('Subtotal: EUR 270.00');
      expect(lastText(review)).toContain('VAT (21 %): EUR 56.70');
      expect(lastText(review)).toContain('Total: EUR 326.70');
      const placed = await chat.press('Bank transfer (offline)');
      expect(textOf(placed)).toContain('Please transfer EUR 326.70');
      const order = await chat.demo.knex('orders').orderBy('number', 'desc').first();
      expect(order).toMatchObject({ list_cents: 36000, subtotal_cents: 27000, vat_cents: 5670, total_cents: 32670 });
      await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 8, kind: 'annual', effective_from: '2026-11-26' }).del();
    });

    it('a changed price is listed once per line, with its figures (no extra vague "terms changed" line)', async () => {
      await renewalSummary(chat, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
      await addToCart(chat);
      await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 16, kind: 'maintenance', price_cents: 31000, effective_from: '2026-11-26' });
      await chat.send('/cart');
      const changes = await chat.press('Proceed to checkout');
      const bullets = lastText(changes).split('\n').filter((l) => l.startsWith('• '));
      expect(bullets).toEqual(['• Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 1 year: EUR 295.00 → EUR 310.00']);
      await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 16, kind: 'maintenance', effective_from: '2026-11-26' }).del();
    });

    it('"View cart" on the changes shows the cart at the new prices, and Proceed then goes straight to the coupon', async () => {
      await renewalSummary(chat, 'Renew annual license', 'H3LT-9W2E-6RQ1-PK7V', 1);
      await addToCart(chat);
      await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 16, kind: 'annual', price_cents: 60000, effective_from: '2026-11-26' });
      await chat.send('/cart');
      await chat.press('Proceed to checkout');
      const cart = await chat.press('View cart');
      expect(lastText(cart)).toContain('EUR 600.00, after partner discount EUR 450.00');
      const coupon = await chat.press('Proceed to checkout');
      expect(lastText(coupon)).toBe('Do you have a coupon code? Type it, or press Skip.');
      await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 16, kind: 'annual', effective_from: '2026-11-26' }).del();
    });
  });

  it('direct engine calls and the console share one conversation: the console sees the step the engine left', async () => {
    await renewalSummaryDirect();
    const state = await savedState(chat.demo, chat.key);
    expect(state.step.name).toBe('line_summary');
    const shown = await chat.send('/back');
    expect(lastText(shown)).toContain('For how many years (1–5)?');
  });
});
