// A reseller's orders in the chat (Orders in the main menu, or "my orders"): the list, one
// order with its lines and exact figures, how to pay an order that waits (the bank details and
// its reference, or a card or MultiSafepay page again when the first one was closed), and who
// may see them. Today = 2026-11-26; Acme is Gold (25 %) with 21 % VAT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart, labels, lastText, loggedInChat, newLicenseSummary, placeOfflineOrder, renewalSummary, textOf, upgradeSummary, type Chat,
} from '../../support/console-flows';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';

describe('Orders in the chat', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  it('lists the owner\'s bank-transfer order and opens it with the figures of pricing.md\'s coupon example and how to pay it', async () => {
    expect(labels(await chat.send('/menu'))).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out']);
    expect(textOf(await chat.press('Orders'))).toBe('Your company has no orders yet.');

    await newLicenseSummary(chat, { edition: 'Professional', sc: 16, quantity: 2, years: 2 });
    await addToCart(chat);
    await upgradeSummary(chat, 'H3LT-9W2E-6RQ1-PK7V', 'Professional', 32);
    await addToCart(chat);
    const placed = textOf(await placeOfflineOrder(chat, 'WELCOME10'));
    const reference = /payment reference (TCX-\S+)\./.exec(placed)?.[1];
    expect(reference).toBeDefined();

    const list = await chat.send('my orders');
    expect(lastText(list)).toBe('Your orders (1–1 of 1):\n1. Order 1 — 2026-11-26, EUR 2,212.39, waiting for payment (bank transfer)');
    expect(labels(list)).toEqual(['Open 1', 'Main menu']);

    const opened = await chat.press('Open 1');
    expect(lastText(opened)).toBe([
      'Order 1 — placed 2026-11-26, waiting for payment (bank transfer)',
      '1. Professional 16 SC, 2 licenses, 2 years',
      '   EUR 2,380.00, after partner discount EUR 1,785.00',
      '2. Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining',
      '   EUR 328.77, after partner discount EUR 246.58',
      '',
      'List price: EUR 2,708.77',
      'Partner discount (25 %): −EUR 677.19',
      'Subtotal: EUR 2,031.58',
      'Coupon WELCOME10: −EUR 203.16',
      'VAT (21 %): EUR 383.97',
      'Total: EUR 2,212.39',
      'Invoice INV-2026-000001 is in Invoices.',
      '',
      `To pay it, transfer EUR 2,212.39 by 2026-12-10 with the payment reference ${reference}:`,
      'Local transfer (SEPA):',
      '  Account holder: Demo Distribution B.V.',
      '  IBAN: NL91ABNA0417164300',
      '  BIC: ABNANL2A',
      '  Bank: ABN AMRO',
      'International (SWIFT):',
      '  Account holder: Demo Distribution B.V.',
      '  IBAN: NL91ABNA0417164300',
      '  BIC: ABNANL2A',
      '  Bank: ABN AMRO, Amsterdam, Netherlands',
    ].join('\n'));
    // Only the bank transfer is configured in this chat: no online payment is offered.
    expect(labels(opened)).toEqual(['Cancel this order', '« Orders', 'Main menu']);
    expect(lastText(await chat.press('« Orders'))).toMatch(/^Your orders \(1–1 of 1\)/);
  });

  it('cancels the waiting order after asking, which releases its coupon for the next order and cancels its invoice by a credit note', async () => {
    await chat.send('orders');
    await chat.press('Open 1');
    const ask = await chat.press('Cancel this order');
    expect(lastText(ask)).toBe([
      'Cancel order 1 (EUR 2,212.39)?',
      'Nothing of it will be delivered; coupon WELCOME10 can be used again; invoice INV-2026-000001 is cancelled by a credit note.',
      'If you have already paid it, do not cancel it: a payment that arrives for a cancelled order has to be refunded.',
    ].join('\n'));
    expect(labels(ask)).toEqual(['Yes, cancel order 1', 'No, keep it']);
    expect(lastText(await chat.press('No, keep it'))).toMatch(/^Order 1 — placed 2026-11-26, waiting for payment/);
    await chat.press('Cancel this order');
    const cancelled = await chat.press('Yes, cancel order 1');
    expect(cancelled[0]?.text).toBe('Order 1 is cancelled. Credit note CN-2026-000001 cancels its invoice; it is in Invoices.');
    expect(lastText(cancelled)).toMatch(/^Order 1 — placed 2026-11-26, cancelled \(bank transfer\)\n/);
    expect(lastText(cancelled)).not.toContain('To pay it');
    expect(labels(cancelled)).toEqual(['« Orders', 'Main menu']);
    const row = await chat.demo.knex('orders').where({ number: 1 }).first('status');
    expect(row.status).toBe('cancelled');
    expect(lastText(await chat.send('invoices'))).toContain('credit note for INV-2026-000001, −EUR 2,212.39');

    // WELCOME10 (once per reseller) was reserved by order 1: it is taken again at once.
    await newLicenseSummary(chat, { edition: 'Startup', sc: 4, quantity: 1, years: 1 });
    await addToCart(chat);
    const placed = textOf(await placeOfflineOrder(chat, 'WELCOME10'));
    expect(placed).toContain('Order 2 is placed. Please transfer EUR 142.93');
  });

  it('warns when a key to renew or upgrade is already in an order waiting for payment, until that order is cancelled', async () => {
    await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 2);
    await addToCart(chat);
    expect(textOf(await placeOfflineOrder(chat))).toContain('Order 3 is placed.');

    const again = await chat.send('renew 7Q2M-4K8P-ZX3N-1A9B for 1 year');
    expect(again[0]?.text).toBe('Note: this key is already in order 3, which waits for payment. If both are paid, the key is renewed or upgraded twice. To change that order, cancel it under Orders first.');
    expect(lastText(again)).toMatch(/^Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year\n/);
    const upgrade = await upgradeSummary(chat, '7Q2M-4K8P-ZX3N-1A9B', 'Professional', 16);
    expect(textOf(upgrade)).toContain('this key is already in order 3, which waits for payment');
    // Another key, and a new license, have no such note.
    expect(textOf(await chat.send('renew H3LT-9W2E-6RQ1-PK7V for 1 year'))).not.toContain('Note:');

    await chat.send('orders');
    await chat.press('Open 1');
    await chat.press('Cancel this order');
    await chat.press('Yes, cancel order 3');
    expect(textOf(await chat.send('renew 7Q2M-4K8P-ZX3N-1A9B for 1 year'))).not.toContain('Note:');
  });

  it('is not in the menu of sales and support users, and typed it is refused as Invoices are', async () => {
    for (const username of ['sales1', 'support1']) {
      const other = await loggedInChat(username, { demo: chat.demo, key: { chatId: username, userId: username } });
      try {
        expect(labels(await other.send('/menu'))).not.toContain('Orders');
        expect(textOf(await other.send('orders'))).toMatch(/^Your role \((sales|support)\) does not allow that\./);
      } finally {
        await other.close();
      }
    }
  });

  it('opens an order typed by its number ("order 2", "order #2"), to the users who see Orders, and of their own company only', async () => {
    expect(lastText(await chat.send('order 2'))).toMatch(/^Order 2 — placed 2026-11-26, waiting for payment \(bank transfer\)\n/);
    expect(lastText(await chat.send('show order #1'))).toMatch(/^Order 1 — placed 2026-11-26, cancelled \(bank transfer\)\n/);
    const none = await chat.send('order no. 99');
    expect(none[0]?.text).toBe('Your company has no order 99. Here are its orders:');
    expect(lastText(none)).toMatch(/^Your orders \(1–3 of 3\)/);
    // "order 2 pro" is still a purchase.
    expect(lastText(await chat.send('order 2 pro'))).not.toMatch(/^Order 2 —/);

    const bright = await loggedInChat('bright', { demo: chat.demo, key: { chatId: 'bright-n', userId: 'bright-n' } });
    const sales = await loggedInChat('sales1', { demo: chat.demo, key: { chatId: 'sales-n', userId: 'sales-n' } });
    try {
      expect((await bright.send('order 2'))[0]?.text).toBe('Your company has no order 2. Here are its orders:');
      expect(textOf(await sales.send('order 2'))).toMatch(/^Your role \(sales\) does not allow that\./);
    } finally {
      await bright.close();
      await sales.close();
    }
  });

  it('shows another reseller none of Acme\'s orders', async () => {
    const bright = await loggedInChat('bright', { demo: chat.demo, key: { chatId: 'bright', userId: 'bright' } });
    try {
      expect(textOf(await bright.send('orders'))).toBe('Your company has no orders yet.');
    } finally {
      await bright.close();
    }
  });
});

describe('Orders: a card order whose payment page was closed', () => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'postgres' });
    await h.login();
  }, 60_000);
  afterAll(async () => h?.close());

  it('is found under Orders and paid from there, on the page opened at checkout', async () => {
    const order = await h.placeOrder({ method: 'card', quantity: 2, years: 2, sc: 16 });
    expect(order.totalCents).toBe(215_985);
    expect(order.messages.map((m) => m.text).join('\n')).toContain('Closed the page before paying? Open the order under Orders in the main menu to pay it.');
    await h.chat.send('/menu');
    const list = await h.chat.press('Orders');
    expect(lastText(list)).toContain(`1. Order ${order.number} — 2026-11-26, EUR 2,159.85, waiting for payment (card)`);
    const opened = await h.chat.press('Open 1');
    expect(lastText(opened)).toMatch(/^Order \d+ — placed 2026-11-26, waiting for payment \(card\)\n1\. Professional 16 SC, 2 licenses, 2 years\n/);
    expect(lastText(opened)).toContain('VAT (21 %): EUR 374.85\nTotal: EUR 2,159.85\n\nPay it online by 2026-');
    expect(labels(opened)).toEqual(['Pay by card', 'Pay with MultiSafepay', 'Cancel this order', '« Orders', 'Main menu']);

    const again = await h.chat.press('Pay by card');
    expect(again.flatMap((m) => m.buttons.flat()).find((b) => b.url)?.url).toBe(order.paymentUrl);
    const session = h.stripe.lastSession();
    h.stripe.setState(session.id, 'paid');
    expect(await h.stripe.sendWebhook(h.stripeWebhookUrl, h.stripe.checkoutSessionCompleted(session.id))).toEqual({ status: 200, body: 'ok' });
    await h.orderReaches(order.id, 'fulfilled');

    await h.chat.send('orders');
    const paid = await h.chat.press('Open 1');
    expect(lastText(paid)).toMatch(/^Order \d+ — placed 2026-11-26, paid, licenses delivered \(card\)/);
    expect(lastText(paid)).toMatch(/Invoice INV-2026-\d{6} is in Invoices\.$/);
    expect(labels(paid)).toEqual(['« Orders', 'Main menu']);
  });
});
