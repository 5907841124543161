import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../../support/fake-telegram';
import { ALICE, said, telegramDriverForTests, type TelegramDriver } from '../../support/telegram-driver';

describe('a whole order through Telegram', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));

  it('logs in, buys 2 × Professional 16 SC for 2 years and places an offline order at the amounts of pricing.md', async () => {
    const alice = tg.chat(ALICE);
    const greeting = await alice.send('/start');
    expect(said(greeting)).toMatch(/log in[\s\S]*username/i);
    expect(said(await alice.send('demo'))).toMatch(/your password\?/i);
    const menu = await alice.send('demo-pass-1');
    expect(said(menu)).toContain('Dana Demo');
    expect(alice.labels()).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out']);

    await alice.press('Buy');
    await alice.press('New license');
    await alice.press('Professional');
    expect(said(await alice.press('16 SC'))).toMatch(/how many licenses/i);
    await alice.send('2');
    await alice.press('2');
    const summary = await alice.press('Skip');
    expect(said(summary)).toContain('EUR 2,380.00');
    expect(said(summary)).toContain('2028-11-26');
    expect(said(await alice.press('Add to cart'))).toMatch(/cart has 1 line/);
    const cart = await alice.press('View cart');
    expect(said(cart)).toContain('Subtotal: EUR 1,785.00');
    await alice.press('Proceed to checkout');
    const review = said(await alice.press('Skip'));
    expect(review).toContain('List price: EUR 2,380.00');
    expect(review).toContain('Partner discount (25 %): −EUR 595.00');
    expect(review).toContain('VAT (21 %): EUR 374.85');
    expect(review).toContain('Total: EUR 2,159.85');

    const placed = said(await alice.press('Bank transfer (offline)'));
    expect(placed).toMatch(/Order \d+ is placed/);
    expect(placed).toContain('EUR 2,159.85');
    const reference = /TCX-\d{6}-\d{2}/.exec(placed)?.[0];
    expect(reference).toBeDefined();

    const orders = await tg.demo.knex('orders');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'awaiting_payment', total_cents: 215985, channel: 'telegram', payment_method: 'offline', payment_reference: reference });
    expect(await tg.demo.knex('cart_lines')).toHaveLength(0);
    // What the user sees at the end: the order in the chat, where the review was.
    expect(alice.messages().at(-1)?.text).toContain(reference);

    // The bank transfer's invoice, issued with the order, opened: a PDF document, then how to pay it.
    await alice.send('invoices');
    const opened = await alice.press('Open 1');
    const documents = opened.filter((c) => c.method === 'sendDocument');
    expect(documents).toHaveLength(1);
    expect(documents[0]?.body).toMatchObject({ chat_id: String(ALICE.id), caption: expect.stringMatching(/^INV-\d{4}-\d{6}\.pdf$/), document: { filename: expect.stringMatching(/\.pdf$/) } });
    expect(said(opened)).toContain(`payment reference ${reference}`);
  });

  it('answers every button press, and edits the pressed message in place when one message answers it', async () => {
    const alice = tg.chat(ALICE);
    await alice.send('/menu');
    const presses: Array<{ label: string; messageId: number; calls: ApiCall[]; queryId: string }> = [];
    for (const label of ['Buy', 'New license', 'Enterprise', '« Back', 'Cancel']) {
      const message = alice.lastWithKeyboard();
      const update = tg.pressUpdate(alice.buttonData(label), message.messageId, ALICE);
      presses.push({ label, messageId: message.messageId, calls: await tg.deliver(update), queryId: update.callback_query.id });
    }
    for (const press of presses) {
      const answers = press.calls.filter((c) => c.method === 'answerCallbackQuery');
      expect(answers, press.label).toHaveLength(1);
      expect(answers[0]?.body.callback_query_id, press.label).toBe(press.queryId);
      // Answered before anything else, so the button stops spinning at once.
      expect(press.calls[0]?.method, press.label).toBe('answerCallbackQuery');
    }
    // Buy, New license, Enterprise and Back each answer with one message: the pressed one is edited.
    for (const press of presses.slice(0, 4)) {
      const edits = press.calls.filter((c) => c.method === 'editMessageText');
      expect(edits, press.label).toHaveLength(1);
      expect(edits[0]?.body.message_id, press.label).toBe(press.messageId);
      expect(press.calls.filter((c) => c.method === 'sendMessage'), press.label).toHaveLength(0);
    }
    // Cancel answers with two messages ("Cancelled." and the menu): the pressed message loses
    // its buttons and the answer follows as new messages.
    const cancel = presses[4]!;
    expect(cancel.calls.filter((c) => c.method === 'editMessageReplyMarkup').map((c) => c.body.message_id)).toEqual([cancel.messageId]);
    expect(said(cancel.calls)).toMatch(/Cancelled\.[\s\S]*Main menu/);
    expect(tg.fake.messages.find((m) => m.messageId === cancel.messageId)?.markup).toBeUndefined();
    expect(alice.lastWithKeyboard().messageId).toBeGreaterThan(cancel.messageId);
  });
});
