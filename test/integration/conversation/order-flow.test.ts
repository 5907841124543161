import { afterAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';

type Session = Awaited<ReturnType<typeof consoleSession>>;

describe('a whole order through the JSONL console', () => {
  let chat: Session;
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  it('logs in, quotes a new license and an upgrade, applies WELCOME10 and places an offline order at the amounts of pricing.md', async () => {
    chat = await consoleSession();
    expect(chat.greeting.map((m) => m.text).join('\n')).toMatch(/log in[\s\S]*username/i);

    const password = await chat.send('demo');
    expect(password.at(-1)).toMatchObject({ secret: true });
    const menu = await chat.send('demo-pass-1');
    expect(chat.text(menu)).toContain('Dana Demo');
    expect(menu.at(-1)?.buttons.flat().map((b) => b.label)).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out']);

    // New license: Professional 16 SC, quantity 2, 2 years in total (1 additional), no end customer.
    await chat.press('Buy');
    await chat.press('New license');
    await chat.press('Professional');
    const quantity = await chat.press('16 SC');
    expect(chat.text(quantity)).toMatch(/how many licenses/i);
    await chat.send('2');
    await chat.press('2');
    const customers = await chat.press('Skip');
    expect(chat.text(customers)).toContain('EUR 2,380.00');
    expect(chat.text(customers)).toContain('2028-11-26');
    const added = await chat.press('Add to cart');
    expect(chat.text(added)).toMatch(/cart has 1 line/);

    // Upgrade H3LT (Professional 16 SC, 200 days left) to Professional 32 SC.
    await chat.press('Buy more');
    await chat.press('Upgrade');
    const details = await chat.send('h3lt-9w2e 6rq1pk7v');
    expect(chat.text(details)).toMatch(/H3LT-9W2E-6RQ1-PK7V[\s\S]*Professional 16 SC[\s\S]*2027-06-14 \(200 days left\)/);
    await chat.press('Professional');
    const upgrade = await chat.press('32 SC');
    expect(chat.text(upgrade)).toMatch(/200 days[\s\S]*EUR 328\.77[\s\S]*stays 2027-06-14/);
    await chat.press('Add to cart');

    const cart = await chat.press('View cart');
    expect(chat.text(cart)).toMatch(/Subtotal: EUR 2,031\.58/);
    expect(cart.at(-1)?.buttons.flat().map((b) => b.label)).toContain('Proceed to checkout');

    const coupon = await chat.press('Proceed to checkout');
    expect(chat.text(coupon)).toMatch(/coupon/i);
    const review = await chat.send('welcome10');
    const summary = chat.text(review);
    expect(summary).toContain('List price: EUR 2,708.77');
    expect(summary).toContain('Subtotal: EUR 2,031.58');
    expect(summary).toContain('Coupon WELCOME10: −EUR 203.16');
    expect(summary).toContain('VAT (21 %): EUR 383.97');
    expect(summary).toContain('Total: EUR 2,212.39');

    const placed = await chat.press('Bank transfer (offline)');
    const text = chat.text(placed);
    expect(text).toMatch(/Order \d+ is placed/);
    expect(text).toContain('EUR 2,212.39');
    expect(text).toMatch(/TCX-\d{6}-\d{2}/);
    expect(text).toContain('NL91ABNA0417164300');

    const order = await chat.demo.knex('orders').first();
    expect(order).toMatchObject({ status: 'awaiting_payment', total_cents: 221239, coupon_code: 'WELCOME10', channel: 'console', payment_method: 'offline' });
    expect(await chat.demo.knex('cart_lines')).toHaveLength(0);
  });

  it('never acts on a button of an older message, and places one order however often its button is pressed', async () => {
    const staleId = chat.buttonId('Main menu');
    const latest = await chat.press('Main menu');
    expect(chat.text(latest)).toMatch(/Main menu/);
    const stale = await chat.pressId(staleId);
    expect(chat.text(stale)).toMatch(/older message/);
    expect(await chat.demo.knex('orders')).toHaveLength(1);
  });
});
