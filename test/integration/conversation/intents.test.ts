// Saying what you want instead of pressing buttons, through the JSONL console: each intent from
// the main menu to its quote with the amounts of pricing.md (today = 2026-11-26, Acme: Gold
// 25 %, VAT 21 %), only what is missing asked, and every rule refused as the buttons refuse it.
import { beforeEach, describe, expect, it } from 'vitest';
import { addToCart, cartLines, clearCart, labels, lastText, loggedInChat, loggedInChatForTests, NAV, textOf, toMenu, type Chat } from '../../support/console-flows';

describe('intents typed into the chat', () => {
  let chat: Chat;
  loggedInChatForTests('demo', (c) => (chat = c));
  beforeEach(async () => {
    await clearCart(chat.demo);
    await toMenu(chat);
  });

  it('"renew KEY for 2 years" goes straight to the quote: 2 × EUR 350.00, new expiry two years after 2026-12-16', async () => {
    const quote = await chat.send('renew 7q2m 4k8p zx3n 1a9b for 2 years');
    expect(lastText(quote)).toBe(['Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 2 years', 'End customer: Harbor Dental', 'List price: EUR 700.00',
      'Your partner discount (25 %) is applied in the cart.', 'New expiry date: 2028-12-16'].join('\n'));
    expect(labels(quote)).toEqual(['Add to cart', 'View cart', ...NAV]);
    await addToCart(chat);
    expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 70000 }]);
  });

  it('"renew KEY" without years asks only for the years, after the license details and its yearly price', async () => {
    const years = await chat.send('Renew 7Q2M-4K8P-ZX3N-1A9B');
    expect(lastText(years)).toContain('License 7Q2M-4K8P-ZX3N-1A9B');
    expect(lastText(years)).toMatch(/Annual license: EUR 350\.00 per year \(list price\)\. For how many years \(1–5\)\?$/);
    const quote = await chat.press('1');
    expect(lastText(quote)).toContain('List price: EUR 350.00');
  });

  it('"renew maintenance of KEY 2 years": 2 × EUR 295.00, maintenance until two years after 2026-12-01', async () => {
    const quote = await chat.send('renew maintenance of P4RP-7TNE-3L6S-9FWA 2 years');
    expect(lastText(quote)).toBe(['Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 2 years', 'End customer: Old Mill Hotel', 'List price: EUR 590.00',
      'Your partner discount (25 %) is applied in the cart.', 'New maintenance date: 2028-12-01'].join('\n'));
  });

  it('"upgrade KEY to 32" keeps the edition and prices pricing.md\'s worked example: EUR 328.77 for 200 days', async () => {
    const quote = await chat.send('upgrade H3LT-9W2E-6RQ1-PK7V to 32');
    expect(lastText(quote)).toBe(['Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining', 'End customer: Nordic Freight',
      'Prorated for 200 days until the license expires', 'List price: EUR 328.77', 'Your partner discount (25 %) is applied in the cart.', 'The expiry date stays 2027-06-14.'].join('\n'));
  });

  it('"upgrade KEY to enterprise" asks only for the SC, offering the allowed ones', async () => {
    const sc = await chat.send('upgrade H3LT-9W2E-6RQ1-PK7V to enterprise');
    expect(lastText(sc)).toBe('Enterprise: how many simultaneous calls?');
    expect(labels(sc)).toEqual(['16 SC', '24 SC', '32 SC', '48 SC', '64 SC', '96 SC', '128 SC', '192 SC', '256 SC', '512 SC', '1024 SC', ...NAV]);
  });

  it('"upgrade KEY to 8" (a downgrade) is refused as the buttons refuse it, and asks for a size it may have', async () => {
    const refused = await chat.send('upgrade H3LT-9W2E-6RQ1-PK7V to 8 sc');
    expect(refused[0]?.text).toBe('That upgrade is not allowed: upgrades go up in edition and/or SC, never down.');
    expect(lastText(refused)).toBe('Professional: how many simultaneous calls?');
  });

  it('"buy 2 pro 16 for 2 years" asks only for the end customer, then the worked example: EUR 2,380.00, keys until 2028-11-26, total 2,159.85', async () => {
    const customers = await chat.send('buy 2 pro 16 for 2 years');
    expect(lastText(customers)).toMatch(/^Which end customer is this for\?/);
    const quote = await chat.press('Skip');
    expect(lastText(quote)).toBe(['Professional 16 SC, 2 licenses, 2 years', 'List price: EUR 2,380.00', 'Your partner discount (25 %) is applied in the cart.',
      'The keys expire on 2028-11-26 if paid today.'].join('\n'));
    await addToCart(chat);
    expect(lastText(await chat.send('cart'))).toContain('Total: EUR 2,159.85');
  });

  it('"buy 3 pro" asks for the SC, then the years, keeping the quantity', async () => {
    const sc = await chat.send('buy 3 pro');
    expect(lastText(sc)).toBe('Professional: how many simultaneous calls (SC)?');
    const years = await chat.press('8 SC');
    expect(lastText(years)).toMatch(/^How many years in total\?/);
    await chat.press('1');
    const quote = await chat.press('Skip');
    expect(lastText(quote)).toMatch(/^Professional 8 SC, 3 licenses, 1 year\nList price: EUR 1,050\.00/);
  });

  it('51 licenses, 7 years and an SC that is not a tier are refused with the buttons\' words, asking again for that value', async () => {
    const quantity = await chat.send('buy 51 pro 16');
    expect(quantity[0]?.text).toBe('The quantity must be a whole number from 1 to 50.');
    expect(lastText(quantity)).toMatch(/^Professional 16 SC: how many licenses\?/);

    const tier = await chat.send('buy 2 startup 8 sc');
    expect(tier[0]?.text).toBe('Startup is not sold with 8 SC. Choose one of its sizes.');
    expect(labels(tier)).toEqual(['4 SC', ...NAV]);

    const years = await chat.send('renew 7Q2M-4K8P-ZX3N-1A9B for 7 years');
    expect(years[0]?.text).toBe('Type a whole number from 1 to 5.');
    expect(lastText(years)).toMatch(/For how many years \(1–5\)\?$/);
    expect(await cartLines(chat.demo)).toEqual([]);
  });

  it('another reseller\'s key is "not found", as at the key prompt', async () => {
    const refused = await chat.send('renew B2RV-6P1W-3HQK-8ZNT for 1 year');
    expect(refused[0]?.text).toBe('License key not found. Check it and type it again.');
    expect(lastText(refused)).toBe('Renew annual license: type the license key (XXXX-XXXX-XXXX-XXXX).');
    // At the key prompt the whole text is the key (a key among words is "not a license key");
    // elsewhere a key mentioned in words opens its card, here none.
    expect((await chat.send('what about B2RV 6P1W 3HQK 8ZNT?'))[0]?.text).toMatch(/^That is not a license key\./);
    await chat.send('/menu');
    const card = await chat.send('what about B2RV 6P1W 3HQK 8ZNT?');
    expect(card[0]?.text).toBe('License key not found. Check it and type it again.');
  });

  it('a key alone opens its card: edition, SC, expiry, end customer, with Renew and Upgrade; a perpetual one offers Renew maintenance', async () => {
    const card = await chat.send('h3lt 9w2e 6rq1 pk7v');
    expect(lastText(card)).toBe(['License H3LT-9W2E-6RQ1-PK7V', 'Professional 16 SC, annual', 'expires 2027-06-14 (200 days left)', 'End customer: Nordic Freight'].join('\n'));
    expect(labels(card)).toEqual(['Renew', 'Upgrade', 'Change end customer', 'Quote for my customer', 'Main menu']);
    const years = await chat.press('Renew');
    expect(lastText(years)).toMatch(/Annual license: EUR 595\.00 per year/);

    await toMenu(chat);
    const perpetual = await chat.send('Is P4RP-7TNE-3L6S-9FWA still covered?');
    expect(lastText(perpetual)).toContain('Professional 16 SC, perpetual');
    expect(labels(perpetual)).toEqual(['Renew maintenance', 'Change end customer', 'Quote for my customer', 'Main menu']);
  });

  it('at a key prompt a key is the prompt\'s, not a card', async () => {
    await chat.press('Buy');
    await chat.press('Upgrade');
    const editions = await chat.send('H3LT-9W2E-6RQ1-PK7V');
    expect(lastText(editions)).toMatch(/Upgrade to which edition\?$/);
  });

  it('"expiring" lists the licenses ending within 30 days and those expired lately, each marked; "cart", "invoices", "my licenses" and "checkout" go where they say', async () => {
    const expiring = await chat.send('expiring');
    expect(lastText(expiring)).toBe([
      'Your licenses to renew: ending within 30 days or expired in the last 90 days (1–3 of 3):',
      '1. M8C4-2VZK-P5TD-0QJX — Enterprise 32 SC, expired on 2026-11-16 (10 days ago)\n   End customer: City Library',
      '2. P4RP-7TNE-3L6S-9FWA — Professional 16 SC, maintenance expires on 2026-12-01 (5 days left)\n   End customer: Old Mill Hotel',
      '3. 7Q2M-4K8P-ZX3N-1A9B — Professional 8 SC, expires on 2026-12-16 (20 days left)\n   End customer: Harbor Dental',
    ].join('\n'));
    expect(labels(expiring)).toEqual(['Renew M8C4…', 'Renew P4RP…', 'Renew 7Q2M…', 'Upgrade 7Q2M…', 'All my licenses', 'Main menu']);
    expect(lastText(await chat.send('expired licenses'))).toMatch(/^Your licenses to renew: /);

    expect(lastText(await chat.send('show my cart'))).toBe('Your cart is empty.');
    expect(lastText(await chat.send('invoices'))).toMatch(/^Your invoices/);
    expect(lastText(await chat.send('My licenses'))).toMatch(/^Your licenses \(1–5 of 6\):/);
    await chat.send('renew 7Q2M-4K8P-ZX3N-1A9B for 1 year');
    await addToCart(chat);
    expect(lastText(await chat.send('checkout'))).toMatch(/coupon code/);
  });

  it('"expiring" renews an expired key from its line; a term that ended 90 days ago is listed, 91 days ago not, and one ending in 30 days is, in 31 not', async () => {
    const renew = await chat.send('expiring').then(() => chat.press('Renew M8C4…'));
    expect(lastText(renew)).toContain('License M8C4-2VZK-P5TD-0QJX');
    expect(lastText(renew)).toMatch(/For how many years \(1–5\)\?$/);

    const knex = chat.demo.knex;
    const original = await knex('licenses').whereIn('license_key', ['M8C4-2VZK-P5TD-0QJX', 'H3LT-9W2E-6RQ1-PK7V', 'P4RP-7TNE-3L6S-9FWA']).select('license_key', 'expires_on', 'maintenance_until');
    const keysListed = async () => [...lastText(await chat.send('expiring')).matchAll(/^\d+\. (\S+) — .*$/gm)].map((m) => m[0]);
    try {
      await knex('licenses').where({ license_key: 'M8C4-2VZK-P5TD-0QJX' }).update({ expires_on: '2026-08-28' });
      await knex('licenses').where({ license_key: 'H3LT-9W2E-6RQ1-PK7V' }).update({ expires_on: '2026-12-26' });
      await knex('licenses').where({ license_key: 'P4RP-7TNE-3L6S-9FWA' }).update({ maintenance_until: '2026-08-27' });
      expect(await keysListed()).toEqual([
        '1. M8C4-2VZK-P5TD-0QJX — Enterprise 32 SC, expired on 2026-08-28 (90 days ago)',
        '2. 7Q2M-4K8P-ZX3N-1A9B — Professional 8 SC, expires on 2026-12-16 (20 days left)',
        '3. H3LT-9W2E-6RQ1-PK7V — Professional 16 SC, expires on 2026-12-26 (30 days left)',
      ]);
      await knex('licenses').where({ license_key: 'M8C4-2VZK-P5TD-0QJX' }).update({ expires_on: '2026-08-27' });
      await knex('licenses').where({ license_key: 'H3LT-9W2E-6RQ1-PK7V' }).update({ expires_on: '2026-12-27' });
      await knex('licenses').where({ license_key: 'P4RP-7TNE-3L6S-9FWA' }).update({ maintenance_until: '2026-08-28' });
      expect(await keysListed()).toEqual([
        '1. P4RP-7TNE-3L6S-9FWA — Professional 16 SC, maintenance expired on 2026-08-28 (90 days ago)',
        '2. 7Q2M-4K8P-ZX3N-1A9B — Professional 8 SC, expires on 2026-12-16 (20 days left)',
      ]);
    } finally {
      for (const row of original) await knex('licenses').where({ license_key: row.license_key }).update({ expires_on: row.expires_on, maintenance_until: row.maintenance_until });
    }
  });

  it('a support user stating a purchase is refused by role, like the buttons', async () => {
    const support = await loggedInChat('support1', { demo: chat.demo, key: { chatId: 'support-chat', userId: 'support-user' } });
    try {
      const refused = await support.send('buy 3 pro 16');
      expect(refused[0]?.text).toBe('Your role (support) does not allow that. Ask an owner of your company if you need it.');
      const card = await support.send('7Q2M-4K8P-ZX3N-1A9B');
      expect(labels(card)).toEqual(['Main menu']);
    } finally {
      await support.close();
    }
  });

  it('text that states nothing keeps the old answer: what is expected, and the menu after three misses', async () => {
    await chat.press('Buy');
    await chat.press('New license');
    await chat.press('Professional');
    await chat.press('16 SC');
    const miss = await chat.send('a few');
    expect(miss[0]?.text).toBe('Sorry, I did not understand that. Type a whole number from 1 to 50.');
  });
  it('"log out" logs out; at the password prompt intents are never read: "renew KEY" there is a (wrong) password', async () => {
    const out = await chat.send('log out');
    expect(textOf(out)).toContain('You are logged out.');
    expect(lastText(out)).toBe('What is your username?');
    await chat.send('demo');
    const refused = await chat.send('renew 7Q2M-4K8P-ZX3N-1A9B');
    expect(textOf(refused)).toContain('That username and password do not match.');
    expect(textOf(await chat.login('demo'))).toContain('Welcome, Dana Demo');
  });
});
