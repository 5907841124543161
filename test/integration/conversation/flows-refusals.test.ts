// Every refusal of the Buy flows and of checkout, each explained with the next step the
// user can take, through the JSONL console on the demo data (today = 2026-11-26).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NAV, addToCart, cartLines, clearCart, labels, lastText, loggedInChat, newLicenseSummary, placeOfflineOrder, renewalSummary,
  startKeyFlow, textOf, toCouponStep, toMenu, upgradeSummary, userId, type Chat, type KeyFlow, type Messages,
} from '../../support/console-flows';

const NOT_FOUND = 'License key not found. Check it and type it again.';
const KEY_FLOWS: KeyFlow[] = ['Upgrade', 'Renew annual license', 'Renew maintenance'];
const PROMPT: Record<KeyFlow, string> = {
  Upgrade: 'Upgrade: type the license key (XXXX-XXXX-XXXX-XXXX).',
  'Renew annual license': 'Renew annual license: type the license key (XXXX-XXXX-XXXX-XXXX).',
  'Renew maintenance': 'Renew maintenance: type the license key (XXXX-XXXX-XXXX-XXXX).',
};

/** What a message says and offers, without the ids (which change with every message). */
const shape = (messages: Messages) => messages.map((m) => ({ text: m.text, buttons: m.buttons.map((row) => row.map((b) => b.label)) }));

describe('refusals, each with the next step', () => {
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

  describe('license keys', () => {
    it.each(KEY_FLOWS)('%s: a key in the wrong format is refused and the key is asked again', async (flow) => {
      await startKeyFlow(chat, flow);
      for (const typed of ['ABCD', '7Q2M-4K8P-ZX3N-1A9', '7Q2M-4K8P-ZX3N-1A9B-X', '7Q2M_4K8P_ZX3N_1A9B', 'hello world', '7Q2M-4K8P-ZX3N-1A9B!', 'key 7Q2M-4K8P-ZX3N-1A9B']) {
        const answer = await chat.send(typed);
        expect(shape(answer)).toEqual([
          { text: 'That is not a license key. A key has 16 letters and digits, like XXXX-XXXX-XXXX-XXXX. Type it again.', buttons: [] },
          { text: PROMPT[flow], buttons: [NAV] },
        ]);
      }
      // The next step works: a real key goes on.
      const next = await chat.send(flow === 'Renew maintenance' ? 'P4RP-7TNE-3L6S-9FWA' : 'H3LT-9W2E-6RQ1-PK7V');
      expect(lastText(next)).toMatch(/^License (P4RP|H3LT)/);
    });

    it.each(KEY_FLOWS)('%s: another reseller\'s key (B2RV…) and a key that does not exist get the identical "not found"', async (flow) => {
      await startKeyFlow(chat, flow);
      const foreign = await chat.send('B2RV-6P1W-3HQK-8ZNT');
      const missing = await chat.send('ZZZZ-9999-ZZZZ-9999');
      const foreignLower = await chat.send('b2rv6p1w3hqk8znt');
      expect(shape(foreign)).toEqual([{ text: NOT_FOUND, buttons: [] }, { text: PROMPT[flow], buttons: [NAV] }]);
      expect(shape(missing)).toEqual(shape(foreign));
      expect(shape(foreignLower)).toEqual(shape(foreign));
      expect(textOf(foreign)).not.toMatch(/Bright|Kent|Professional 32/);
    });

    it('upgrade of the expired M8C4: "renew it first", and "Renew this license" leads to the renewal with its price', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const refused = await chat.send('M8C4-2VZK-P5TD-0QJX');
      expect(shape(refused)).toEqual([
        { text: 'This license expired on 2026-11-16. An expired key must be renewed before it can be upgraded.', buttons: [] },
        { text: PROMPT.Upgrade, buttons: [['Renew this license'], NAV] },
      ]);
      const years = await chat.press('Renew this license');
      expect(lastText(years)).toMatch(/^License M8C4-2VZK-P5TD-0QJX\nEnterprise 32 SC, annual\nexpires 2026-11-16 \(expired 10 days ago\)/);
      expect(lastText(years)).toContain('Annual license: EUR 1,555.00 per year (list price). For how many years (1–5)?');
      const summary = await chat.press('1');
      expect(lastText(summary)).toContain('Renew M8C4-2VZK-P5TD-0QJX: Enterprise 32 SC, 1 year');
      expect(lastText(summary)).toContain('List price: EUR 1,555.00');
      expect(lastText(summary)).toContain('New expiry date: 2027-11-26');
      await addToCart(chat);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 155500 }]);
    });

    it('upgrade of the perpetual P4RP: refused, offering "Renew maintenance" (with its price) and "Buy a new license"', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const refused = await chat.send('P4RP-7TNE-3L6S-9FWA');
      expect(shape(refused)).toEqual([
        { text: 'This is a perpetual license: upgrade and annual renewal are not available for it. Renew its maintenance, or buy a new annual license.', buttons: [] },
        { text: PROMPT.Upgrade, buttons: [['Renew maintenance', 'Buy a new license'], NAV] },
      ]);
      const years = await chat.press('Renew maintenance');
      expect(lastText(years)).toContain('Maintenance: EUR 295.00 per year (list price).');
      const summary = await chat.press('2');
      expect(lastText(summary)).toContain('List price: EUR 590.00');
      expect(lastText(summary)).toContain('New maintenance date: 2028-12-01');

      await startKeyFlow(chat, 'Upgrade');
      await chat.send('P4RP-7TNE-3L6S-9FWA');
      const editions = await chat.press('Buy a new license');
      expect(lastText(editions)).toBe('New license: which edition?');
    });

    it('renew annual of the perpetual P4RP: refused, offering "Renew maintenance" and "Buy a new license"', async () => {
      await startKeyFlow(chat, 'Renew annual license');
      const refused = await chat.send('P4RP-7TNE-3L6S-9FWA');
      expect(textOf(refused)).toContain('This is a perpetual license: upgrade and annual renewal are not available for it. Renew its maintenance, or buy a new annual license.');
      expect(lastText(refused)).toBe(PROMPT['Renew annual license']);
      expect(labels(refused)).toEqual(['Renew maintenance', 'Buy a new license', ...NAV]);
      const years = await chat.press('Renew maintenance');
      expect(lastText(years)).toContain('Maintenance: EUR 295.00 per year (list price).');
      const summary = await chat.press('1');
      expect(lastText(summary)).toContain('New maintenance date: 2027-12-01');
    });

    it('renew maintenance of the annual 7Q2M: refused, offering "Renew this license" (EUR 350.00 per year)', async () => {
      await startKeyFlow(chat, 'Renew maintenance');
      const refused = await chat.send('7Q2M-4K8P-ZX3N-1A9B');
      expect(shape(refused)).toEqual([
        { text: 'This is an annual license; renew the license instead of maintenance.', buttons: [] },
        { text: PROMPT['Renew maintenance'], buttons: [['Renew this license'], NAV] },
      ]);
      const years = await chat.press('Renew this license');
      expect(lastText(years)).toContain('Annual license: EUR 350.00 per year (list price).');
      const summary = await chat.press('1');
      expect(lastText(summary)).toContain('List price: EUR 350.00');
      expect(lastText(summary)).toContain('New expiry date: 2027-12-16');
    });

    it('upgrade of E1TE (Enterprise 1024 SC): "already at the highest edition and size", offering a renewal', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const refused = await chat.send('E1TE-5N3Q-7JXC-4MZL');
      expect(shape(refused)).toEqual([
        { text: 'This license is already at the highest edition and size (Enterprise 1024 SC). There is nothing to upgrade to.', buttons: [] },
        { text: PROMPT.Upgrade, buttons: [['Renew this license'], NAV] },
      ]);
      const years = await chat.press('Renew this license');
      expect(lastText(years)).toContain('Annual license: EUR 49,915.00 per year (list price).');
    });

    it('a forged downgrade press (Startup edition, or 8 SC from 16 SC) is not acted on and quotes nothing', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const editions = await chat.send('H3LT-9W2E-6RQ1-PK7V');
      expect(labels(editions)).toEqual(['Professional', 'Enterprise', ...NAV]);
      const forgedEdition = await chat.pressId(chat.buttonId('Professional').replace(/:upgrade\.edition\.professional$/, ':upgrade.edition.startup'));
      expect(forgedEdition[0]?.text).not.toMatch(/^Startup/);
      expect(lastText(forgedEdition)).toMatch(/Upgrade to which edition\?$/);
      await chat.press('Professional');
      for (const sc of [8, 16, 4]) {
        const forged = await chat.pressId(chat.buttonId('24 SC').replace(/:upgrade\.sc\.24$/, `:upgrade.sc.${sc}`));
        expect(textOf(forged)).not.toMatch(/List price/);
        expect(lastText(forged)).toBe('Professional: how many simultaneous calls?');
      }
      expect(await cartLines(chat.demo)).toHaveLength(0);
    });

    it('a key already in the cart: the second line for it is refused, saying what to do, and the cart keeps one line', async () => {
      await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 1);
      await addToCart(chat);
      const duplicate = `Your cart already has a line for 7Q2M-4K8P-ZX3N-1A9B. A key can be upgraded or renewed once per order; remove that line first to change it.`;

      const upgrade = await upgradeSummary(chat, '7Q2M-4K8P-ZX3N-1A9B', 'Professional', 16);
      expect(lastText(upgrade)).toContain('List price: EUR 13.42');
      const refused = await chat.press('Add to cart');
      expect(textOf(refused)).toContain(duplicate);
      expect(labels(refused)).toContain('View cart');

      await renewalSummary(chat, 'Renew annual license', '7q2m-4k8p-zx3n-1a9b', 2);
      const again = await chat.press('Add to cart');
      expect(textOf(again)).toContain(duplicate);

      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 35000 }]);
      const cart = await chat.press('View cart');
      expect(labels(cart)).toContain('Remove 1');
    });
  });

  it('a full cart (20 lines) refuses a 21st line, saying what to do', async () => {
    await newLicenseSummary(chat, { edition: 'Startup', sc: 4, quantity: 1, years: 1 });
    await addToCart(chat);
    const demoId = await userId(chat.demo, 'demo');
    const cart = await chat.demo.knex('carts').where({ reseller_user_id: demoId }).first('id');
    await chat.demo.knex.raw(
      'insert into cart_lines (cart_id, kind, license_id, request, quote, list_cents, quoted_on) select cart_id, kind, license_id, request, quote, list_cents, quoted_on from cart_lines, generate_series(1, 19) where cart_id = ?',
      [cart.id],
    );
    expect(await cartLines(chat.demo)).toHaveLength(20);
    await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 1);
    const refused = await chat.press('Add to cart');
    expect(refused[0]?.text).toBe('Your cart is full (20 lines). Place this order first, or remove a line.');
    expect(labels(refused)).toContain('View cart');
    expect(await cartLines(chat.demo)).toHaveLength(20);
  });

  describe('numbers out of range', () => {
    const quantityAnswers: Record<string, string> = {
      0: '0 is less than 1, the least that can be chosen here. Type a whole number from 1 to 50.',
      51: '51 is more than 50, the most that can be chosen here. Type a whole number from 1 to 50.',
      abc: 'Sorry, I did not understand that. Type a whole number from 1 to 50.',
    };

    it('quantity 0 and 51 are refused as out of range, "abc" as not understood, and the quantity is asked again; 50 is taken', async () => {
      await toMenu(chat);
      await chat.press('Buy');
      await chat.press('New license');
      await chat.press('Professional');
      await chat.press('8 SC');
      for (const typed of ['0', '51', 'abc']) {
        const answer = await chat.send(typed);
        expect(answer[0]?.text).toBe(quantityAnswers[typed]);
        expect(lastText(answer)).toBe('Professional 8 SC: how many licenses? Press a number or type one from 1 to 50.');
      }
      const years = await chat.send('50');
      expect(lastText(years)).toMatch(/^How many years in total\?/);
    });

    it('years 6 (and 0) for a new license are refused with the range 1–5', async () => {
      await toMenu(chat);
      await chat.press('Buy');
      await chat.press('New license');
      await chat.press('Startup');
      await chat.press('4 SC');
      await chat.press('1');
      for (const typed of ['6', '0']) {
        const answer = await chat.send(typed);
        expect(answer[0]?.text).toBe(`${typed} is ${typed === '6' ? 'more than 5, the most' : 'less than 1, the least'} that can be chosen here. Type a whole number from 1 to 5.`);
        expect(lastText(answer)).toMatch(/^How many years in total\?/);
      }
      const customers = await chat.send('5');
      expect(lastText(customers)).toMatch(/^Which end customer/);
    });

    it('renewal years 6 are refused with the range 1–5 and the price is shown again', async () => {
      await startKeyFlow(chat, 'Renew maintenance');
      await chat.send('P4RP-7TNE-3L6S-9FWA');
      const answer = await chat.send('6');
      expect(answer[0]?.text).toBe('6 is more than 5, the most that can be chosen here. Type a whole number from 1 to 5.');
      expect(lastText(answer)).toContain('Maintenance: EUR 295.00 per year (list price). For how many years (1–5)?');
      expect(await cartLines(chat.demo)).toHaveLength(0);
    });
  });

  describe('coupons at checkout', () => {
    const tryAgain = 'Type another code, or press Skip.';

    async function smallCart() {
      // Startup 4 SC × 1 × 1 year: list 175.00, subtotal 131.25 (below FIXED50's 200.00).
      await newLicenseSummary(chat, { edition: 'Startup', sc: 4, quantity: 1, years: 1 });
      await addToCart(chat);
    }

    async function expectCouponRefused(code: string, reason: string) {
      const answer = await chat.send(code);
      expect(shape(answer)).toEqual([
        { text: `${reason} ${tryAgain}`, buttons: [] },
        { text: 'Do you have a coupon code? Type it, or press Skip.', buttons: [['Skip', 'View cart']] },
      ]);
    }

    it('unknown, expired (EXPIRED5), below the minimum (FIXED50), not for these items (RENEW15), not yet valid: each named, nothing placed', async () => {
      await chat.demo.knex('coupons').insert({ code: 'SOON5', percent_bp: 500, valid_from: '2026-12-01', valid_until: '2027-01-31' });
      await smallCart();
      await toCouponStep(chat);
      await expectCouponRefused('NOPE-2026', 'That coupon code is not known.');
      await expectCouponRefused('expired5', 'That coupon expired on 2026-11-25.');
      await expectCouponRefused('FIXED50', 'That coupon needs a subtotal of at least EUR 200.00.');
      await expectCouponRefused('RENEW15', 'That coupon is only valid for renew annual license and renew maintenance lines, and your cart has other lines.');
      await expectCouponRefused('SOON5', 'That coupon is valid from 2026-12-01.');
      // Skip is the way on, at the amounts without a coupon.
      const review = await chat.press('Skip');
      expect(lastText(review)).toContain('Subtotal: EUR 131.25');
      expect(lastText(review)).toContain('Total: EUR 158.81');
      expect(lastText(review)).not.toMatch(/Coupon/);
      expect(await chat.demo.knex('orders')).toHaveLength(0);
      expect(await chat.demo.knex('coupon_redemptions')).toHaveLength(0);
    });

    it('RENEW15 is taken for a cart of renewals only (control for the refusal above)', async () => {
      await renewalSummary(chat, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
      await addToCart(chat);
      await toCouponStep(chat);
      const review = await chat.send('renew15');
      expect(lastText(review)).toContain('Subtotal: EUR 221.25');
      expect(lastText(review)).toContain('Coupon RENEW15: −EUR 33.19');
      expect(lastText(review)).toContain('VAT (21 %): EUR 39.49');
      expect(lastText(review)).toContain('Total: EUR 227.55');
    });

    it('WELCOME10 works once: after an order with it, the next cart is told "already used"', async () => {
      await smallCart();
      const placed = await placeOfflineOrder(chat, 'WELCOME10');
      expect(textOf(placed)).toContain('EUR 142.93');
      const order = await chat.demo.knex('orders').where({ coupon_code: 'WELCOME10' }).first();
      expect(order).toMatchObject({ subtotal_cents: 13125, coupon_cents: 1313, vat_cents: 2481, total_cents: 14293, status: 'awaiting_payment' });
      const welcome = await chat.demo.knex('coupons').where({ code: 'WELCOME10' }).first('id');
      expect(await chat.demo.knex('coupon_redemptions').where({ coupon_id: welcome.id })).toMatchObject([{ order_id: order.id, status: 'reserved' }]);

      await smallCart();
      await toCouponStep(chat);
      await expectCouponRefused('WELCOME10', 'Your company has already used that coupon.');
      expect(await chat.demo.knex('coupon_redemptions').where({ coupon_id: welcome.id })).toHaveLength(1);
    });

    it('a price changed and the coupon lapsed at once, found when paying: the changes say the coupon no longer applies, with the new total; nothing placed', async () => {
      await chat.demo.knex('coupons').insert({ code: 'LAPSING5', percent_bp: 500, valid_from: '2026-11-01', valid_until: '2026-12-31' });
      await renewalSummary(chat, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
      await addToCart(chat);
      await toCouponStep(chat);
      const review = await chat.send('lapsing5');
      expect(lastText(review)).toContain('Coupon LAPSING5');

      await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 16, kind: 'maintenance', price_cents: 31000, effective_from: '2026-11-26' });
      await chat.demo.knex('coupons').where({ code: 'LAPSING5' }).update({ valid_until: '2026-11-25' });
      try {
        const ordersBefore = (await chat.demo.knex('orders')).length;
        const changes = await chat.press('Bank transfer (offline)');
        const shown = lastText(changes);
        expect(shown).toContain('• Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 1 year: EUR 295.00 → EUR 310.00');
        expect(shown).toMatch(/That coupon expired on 2026-11-25\.\nNew total: EUR [\d.]+\. Do you want to continue with these figures\?$/);
        expect(labels(changes)).toEqual(['Continue', 'View cart']);
        expect(await chat.demo.knex('orders')).toHaveLength(ordersBefore);
        // Shown again (a text it does not understand), it still says so.
        expect(lastText(await chat.send('hello'))).toContain('That coupon expired on 2026-11-25.');
      } finally {
        await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 16, kind: 'maintenance', effective_from: '2026-11-26' }).del();
      }
    });

    it('a price changed while the coupon still applies: the changes say nothing of the coupon', async () => {
      await chat.demo.knex('coupons').insert({ code: 'STAYING5', percent_bp: 500, valid_from: '2026-11-01', valid_until: '2026-12-31' });
      await renewalSummary(chat, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
      await addToCart(chat);
      await toCouponStep(chat);
      await chat.send('staying5');
      await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 16, kind: 'maintenance', price_cents: 31000, effective_from: '2026-11-26' });
      try {
        const shown = lastText(await chat.press('Bank transfer (offline)'));
        expect(shown).toMatch(/^Prices were checked again/);
        expect(shown).not.toMatch(/coupon/i);
      } finally {
        await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 16, kind: 'maintenance', effective_from: '2026-11-26' }).del();
      }
    });

    describe('a sales user asking an owner to approve', () => {
      let sales: Chat;
      beforeAll(async () => {
        sales = await loggedInChat('sales1', { demo: chat.demo, key: { chatId: 'sales', userId: 'sales' } });
      });
      afterAll(async () => {
        await sales?.close();
      });
      beforeEach(async () => {
        await clearCart(chat.demo, 'sales1');
      });

      it('a price changed and the coupon lapsed at once, found when asking: the changes say the coupon no longer applies, with the new total; nothing asked', async () => {
        await chat.demo.knex('coupons').insert({ code: 'ASKLAPSE5', percent_bp: 500, valid_from: '2026-11-01', valid_until: '2026-12-31' });
        await renewalSummary(sales, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
        await addToCart(sales);
        await toCouponStep(sales);
        const review = await sales.send('asklapse5');
        expect(lastText(review)).toContain('Coupon ASKLAPSE5');
        expect(labels(review)).toContain('Ask an owner to approve');

        await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 16, kind: 'maintenance', price_cents: 31000, effective_from: '2026-11-26' });
        await chat.demo.knex('coupons').where({ code: 'ASKLAPSE5' }).update({ valid_until: '2026-11-25' });
        try {
          const changes = await sales.press('Ask an owner to approve');
          const shown = lastText(changes);
          expect(shown).toContain('• Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 1 year: EUR 295.00 → EUR 310.00');
          expect(shown).toMatch(/That coupon expired on 2026-11-25\.\nNew total: EUR [\d.]+\. Do you want to continue with these figures\?$/);
          expect(labels(changes)).toEqual(['Continue', 'View cart']);
          expect(await chat.demo.knex('approval_requests')).toHaveLength(0);
          expect(lastText(await sales.send('hello'))).toContain('That coupon expired on 2026-11-25.');
        } finally {
          await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 16, kind: 'maintenance', effective_from: '2026-11-26' }).del();
        }
      });

      it('the coupon lapsed alone, found when asking: its refusal is said and the coupon asked for again, as when paying; nothing asked', async () => {
        await chat.demo.knex('coupons').insert({ code: 'ASKEXPIRE5', percent_bp: 500, valid_from: '2026-11-01', valid_until: '2026-12-31' });
        await renewalSummary(sales, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
        await addToCart(sales);
        await toCouponStep(sales);
        expect(lastText(await sales.send('askexpire5'))).toContain('Coupon ASKEXPIRE5');
        await chat.demo.knex('coupons').where({ code: 'ASKEXPIRE5' }).update({ valid_until: '2026-11-25' });
        const refused = await sales.press('Ask an owner to approve');
        expect(shape(refused)).toEqual([
          { text: `That coupon expired on 2026-11-25. ${tryAgain}`, buttons: [] },
          { text: 'Do you have a coupon code? Type it, or press Skip.', buttons: [['Skip', 'View cart']] },
        ]);
        expect(await chat.demo.knex('approval_requests')).toHaveLength(0);
      });

      it('a price changed while the coupon still applies: the changes say nothing of the coupon', async () => {
        await chat.demo.knex('coupons').insert({ code: 'ASKSTAY5', percent_bp: 500, valid_from: '2026-11-01', valid_until: '2026-12-31' });
        await renewalSummary(sales, 'Renew maintenance', 'P4RP-7TNE-3L6S-9FWA', 1);
        await addToCart(sales);
        await toCouponStep(sales);
        await sales.send('askstay5');
        await chat.demo.knex('catalog_prices').insert({ edition: 'professional', sc: 16, kind: 'maintenance', price_cents: 31000, effective_from: '2026-11-26' });
        try {
          const shown = lastText(await sales.press('Ask an owner to approve'));
          expect(shown).toMatch(/^Prices were checked again/);
          expect(shown).not.toMatch(/coupon/i);
        } finally {
          await chat.demo.knex('catalog_prices').where({ edition: 'professional', sc: 16, kind: 'maintenance', effective_from: '2026-11-26' }).del();
        }
      });
    });

    describe('LASTONE (one redemption in all) against another reseller', () => {
      let bright: Chat;
      beforeAll(async () => {
        bright = await loggedInChat('bright', { demo: chat.demo, key: { chatId: 'second', userId: 'second' } });
      });
      afterAll(async () => {
        await bright?.close();
      });

      it('bright takes it while demo is looking at the summary with it: demo\'s payment press is refused "used up" and places nothing', async () => {
        await smallCart();
        await toCouponStep(chat);
        const review = await chat.send('lastone');
        expect(lastText(review)).toContain('Coupon LASTONE: −EUR 26.25');

        await renewalSummary(bright, 'Renew annual license', 'B2RV-6P1W-3HQK-8ZNT', 1);
        await addToCart(bright);
        const placed = await placeOfflineOrder(bright, 'LASTONE');
        expect(textOf(placed)).toContain('EUR 764.80');

        const ordersBefore = (await chat.demo.knex('orders')).length;
        const refused = await chat.press('Bank transfer (offline)');
        expect(shape(refused)).toEqual([
          { text: `That coupon has been used up. ${tryAgain}`, buttons: [] },
          { text: 'Do you have a coupon code? Type it, or press Skip.', buttons: [['Skip', 'View cart']] },
        ]);
        expect(await chat.demo.knex('orders')).toHaveLength(ordersBefore);
        const lastone = await chat.demo.knex('coupons').where({ code: 'LASTONE' }).first('id');
        const redemptions = await chat.demo.knex('coupon_redemptions as r').join('resellers as s', 's.id', 'r.reseller_id').where({ coupon_id: lastone.id }).select('s.company');
        expect(redemptions).toEqual([{ company: 'Bright Voice Ltd' }]);
        expect(await cartLines(chat.demo)).toHaveLength(1);
      });

      it('typed afterwards, LASTONE is "used up"', async () => {
        await smallCart();
        await toCouponStep(chat);
        await expectCouponRefused('LASTONE', 'That coupon has been used up.');
      });
    });
  });
});
