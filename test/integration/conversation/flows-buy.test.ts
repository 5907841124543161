// Every Buy flow through the JSONL console, from the main menu to "Added to your cart", with
// the exact amounts of pricing.md (today = 2026-11-26, Acme: Gold 25 %, VAT 21 %).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_TIERS, NAV, addToCart, cartLines, clearCart, labels, lastText, licenseId, loggedInChat, newLicenseSummary, renewalSummary,
  startKeyFlow, startNewLicense, textOf, tierLabels, upgradeSummary, type Chat,
} from '../../support/console-flows';

describe('Buy flows to "Added to your cart" with exact prices', () => {
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

  /** The cart as printed, for the line just added (the cart holds only that line). */
  async function cartText(): Promise<string> {
    return textOf(await chat.send('/cart'));
  }

  describe('new license', () => {
    it('offers the three editions, then Startup only with 4 SC: 1 license, 1 year is EUR 175.00, keys expire 2027-11-26', async () => {
      const editions = await startNewLicense(chat);
      expect(lastText(editions)).toBe('New license: which edition?');
      expect(labels(editions)).toEqual(['Startup', 'Professional', 'Enterprise', ...NAV]);

      const sc = await chat.press('Startup');
      expect(lastText(sc)).toBe('Startup: how many simultaneous calls (SC)?');
      expect(labels(sc)).toEqual(['4 SC', ...NAV]);

      const quantity = await chat.press('4 SC');
      expect(lastText(quantity)).toMatch(/^Startup 4 SC: how many licenses\? .*1 to 50/);
      const years = await chat.press('1');
      expect(lastText(years)).toMatch(/^How many years in total\?/);
      const customers = await chat.press('1');
      expect(lastText(customers)).toMatch(/^Which end customer is this for\?/);

      const summary = await chat.press('Skip');
      expect(lastText(summary)).toBe(
        ['Startup 4 SC, 1 license, 1 year', 'List price: EUR 175.00', 'Your partner discount (25 %) is applied in the cart.', 'The keys expire on 2027-11-26 if paid today.'].join('\n'),
      );
      expect(labels(summary)).toEqual(['Add to cart', 'View cart', ...NAV]);

      const added = await addToCart(chat);
      expect(textOf(added)).toBe('Added to your cart: Startup 4 SC, 1 license, 1 year.\nYour cart has 1 line.');
      const [line, ...rest] = await cartLines(chat.demo);
      expect(rest).toHaveLength(0);
      expect(line).toMatchObject({ kind: 'new_license', list_cents: 17500, license_id: null });
      expect(line?.request).toMatchObject({ kind: 'new_license', edition: 'startup', sc: 4, quantity: 1, additionalYears: 0, customerId: null });

      expect(labels(await chat.send('/menu'))).toContain('Cart (1)');
      const cart = await cartText();
      expect(cart).toContain('1. Startup 4 SC, 1 license, 1 year\n   EUR 175.00, after partner discount EUR 131.25');
      expect(cart).toContain('Subtotal: EUR 131.25 (partner discount 25 %: −EUR 43.75)');
      expect(cart).toContain('VAT: EUR 27.56');
      expect(cart).toContain('Total: EUR 158.81');
    });

    it('Professional offers every tier; 8 SC × 3 licenses × 2 years for an existing end customer is EUR 2,100.00, expiring 2028-11-26', async () => {
      await startNewLicense(chat);
      const sc = await chat.press('Professional');
      expect(labels(sc)).toEqual([...tierLabels(ALL_TIERS), ...NAV]);

      const summary = await newLicenseSummary(chat, { edition: 'Professional', sc: 8, quantity: 3, years: 2, customer: { existing: 'Harbor Dental' } });
      expect(lastText(summary)).toBe(
        [
          'Professional 8 SC, 3 licenses, 2 years',
          'End customer: Harbor Dental',
          'List price: EUR 2,100.00',
          'Your partner discount (25 %) is applied in the cart.',
          'The keys expire on 2028-11-26 if paid today.',
        ].join('\n'),
      );
      await addToCart(chat);

      const harbor = await chat.demo.knex('end_customers').where({ company: 'Harbor Dental' }).first('id');
      const [line] = await cartLines(chat.demo);
      expect(line).toMatchObject({ kind: 'new_license', list_cents: 210000 });
      expect(line?.request).toMatchObject({ edition: 'professional', sc: 8, quantity: 3, additionalYears: 1, customerId: harbor.id });
      const cart = await cartText();
      expect(cart).toContain('EUR 2,100.00, after partner discount EUR 1,575.00');
      expect(cart).toContain('VAT: EUR 330.75');
      expect(cart).toContain('Total: EUR 1,905.75');
    });

    it('pages the end customers five at a time, and the sixth (Tiny Bakery) can be chosen from page 2', async () => {
      await startNewLicense(chat);
      await chat.press('Professional');
      await chat.press('4 SC');
      await chat.press('1');
      const page1 = await chat.press('1');
      expect(labels(page1)).toEqual(['City Library', 'Harbor Dental', 'Mega Corp', 'Nordic Freight', 'Old Mill Hotel', 'Next ›', '+ New customer', 'Skip', ...NAV]);
      const page2 = await chat.press('Next ›');
      expect(labels(page2)).toEqual(['Tiny Bakery', '‹ Previous', '+ New customer', 'Skip', ...NAV]);
      const summary = await chat.press('Tiny Bakery');
      expect(lastText(summary)).toMatch(/^Professional 4 SC, 1 license, 1 year\nEnd customer: Tiny Bakery\nList price: EUR 195\.00\n/);
    });

    it('Enterprise with a new end customer typed in: 32 SC × 1 × 5 years is EUR 7,775.00, expiring 2031-11-26, and the customer is saved', async () => {
      await startNewLicense(chat);
      const sc = await chat.press('Enterprise');
      expect(labels(sc)).toEqual([...tierLabels(ALL_TIERS), ...NAV]);
      await chat.press('32 SC');
      await chat.press('1');
      await chat.press('5');
      const prompt = await chat.press('+ New customer');
      expect(lastText(prompt)).toBe('Type the company name of the new end customer.');
      const summary = await chat.send('  Zeta Telecom  ');
      expect(lastText(summary)).toBe(
        [
          'Enterprise 32 SC, 1 license, 5 years',
          'End customer: Zeta Telecom',
          'List price: EUR 7,775.00',
          'Your partner discount (25 %) is applied in the cart.',
          'The keys expire on 2031-11-26 if paid today.',
        ].join('\n'),
      );
      await addToCart(chat);

      const acme = await chat.demo.knex('resellers').where({ partner_id: '100001' }).first('id');
      const zeta = await chat.demo.knex('end_customers').where({ company: 'Zeta Telecom' });
      expect(zeta).toHaveLength(1);
      expect(zeta[0]).toMatchObject({ reseller_id: acme.id });
      const [line] = await cartLines(chat.demo);
      expect(line).toMatchObject({ kind: 'new_license', list_cents: 777500 });
      expect(line?.request).toMatchObject({ edition: 'enterprise', sc: 32, quantity: 1, additionalYears: 4, customerId: zeta[0].id });
      const cart = await cartText();
      expect(cart).toContain('EUR 7,775.00, after partner discount EUR 5,831.25');
      expect(cart).toContain('VAT: EUR 1,224.56');
      expect(cart).toContain('Total: EUR 7,055.81');
    });

    it('a typed end customer that already exists (any case) is reused, not duplicated', async () => {
      const summary = await newLicenseSummary(chat, { edition: 'Professional', sc: 16, quantity: 2, years: 2, customer: { typed: 'harbor dental' } });
      expect(lastText(summary)).toContain('End customer: Harbor Dental');
      expect(lastText(summary)).toContain('List price: EUR 2,380.00');
      expect(lastText(summary)).toContain('The keys expire on 2028-11-26 if paid today.');
      await addToCart(chat);
      expect(await chat.demo.knex('end_customers').whereRaw('lower(company) = ?', ['harbor dental'])).toHaveLength(1);
      // pricing.md's worked example: 2,380.00 list, 1,785.00 net, VAT 374.85, total 2,159.85.
      const cart = await cartText();
      expect(cart).toContain('EUR 2,380.00, after partner discount EUR 1,785.00');
      expect(cart).toContain('VAT: EUR 374.85');
      expect(cart).toContain('Total: EUR 2,159.85');
    });

    it('a quantity above 5 is typed: Professional 4 SC × 50 × 1 year is EUR 9,750.00', async () => {
      const summary = await newLicenseSummary(chat, { edition: 'Professional', sc: 4, quantity: 50, years: 1 });
      expect(lastText(summary)).toMatch(/^Professional 4 SC, 50 licenses, 1 year\nList price: EUR 9,750\.00\n/);
      await addToCart(chat);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'new_license', list_cents: 975000 }]);
    });
  });

  describe('upgrade', () => {
    it('H3LT (Professional 16 SC, 200 days): editions Professional and Enterprise; Professional 24..1024, Enterprise 16..1024; Enterprise 16 SC is EUR 98.63', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const details = await chat.send('H3LT-9W2E-6RQ1-PK7V');
      expect(lastText(details)).toBe(
        [
          'License H3LT-9W2E-6RQ1-PK7V',
          'Professional 16 SC, annual',
          'expires 2027-06-14 (200 days left)',
          'End customer: Nordic Freight',
          '',
          'Upgrade to which edition?',
        ].join('\n'),
      );
      expect(labels(details)).toEqual(['Professional', 'Enterprise', ...NAV]);

      const professional = await chat.press('Professional');
      expect(lastText(professional)).toBe('Professional: how many simultaneous calls?');
      expect(labels(professional)).toEqual([...tierLabels([24, 32, 48, 64, 96, 128, 192, 256, 512, 1024]), ...NAV]);
      await chat.press('« Back');
      const enterprise = await chat.press('Enterprise');
      expect(labels(enterprise)).toEqual([...tierLabels([16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024]), ...NAV]);

      const summary = await chat.press('16 SC');
      expect(lastText(summary)).toBe(
        [
          'Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Enterprise 16 SC, 200 days remaining',
          'End customer: Nordic Freight',
          'Prorated for 200 days until the license expires',
          'List price: EUR 98.63',
          'Your partner discount (25 %) is applied in the cart.',
          'The expiry date stays 2027-06-14.',
        ].join('\n'),
      );
      await addToCart(chat);
      const [line] = await cartLines(chat.demo);
      expect(line).toMatchObject({ kind: 'upgrade', list_cents: 9863, license_id: await licenseId(chat.demo, 'H3LT-9W2E-6RQ1-PK7V') });
      expect(line?.request).toMatchObject({ kind: 'upgrade', licenseKey: 'H3LT-9W2E-6RQ1-PK7V', toEdition: 'enterprise', toSc: 16 });
      const cart = await cartText();
      expect(cart).toContain('EUR 98.63, after partner discount EUR 73.97');
      expect(cart).toContain('VAT: EUR 15.53');
      expect(cart).toContain('Total: EUR 89.50');
    });

    it('pricing.md\'s example: H3LT to Professional 32 SC is EUR 328.77, expiry stays 2027-06-14', async () => {
      const summary = await upgradeSummary(chat, 'H3LT-9W2E-6RQ1-PK7V', 'Professional', 32);
      expect(lastText(summary)).toContain('List price: EUR 328.77');
      expect(lastText(summary)).toContain('The expiry date stays 2027-06-14.');
      await addToCart(chat);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'upgrade', list_cents: 32877 }]);
      const cart = await cartText();
      expect(cart).toContain('EUR 328.77, after partner discount EUR 246.58');
      expect(cart).toContain('VAT: EUR 51.78');
      expect(cart).toContain('Total: EUR 298.36');
    });

    it('S7UP (Startup 4 SC, 100 days): no Startup target; Professional and Enterprise from 4 SC; Enterprise 4 SC is EUR 21.92', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const details = await chat.send('s7up 1k4g 8bdr 2yhm');
      expect(lastText(details)).toMatch(/^License S7UP-1K4G-8BDR-2YHM\nStartup 4 SC, annual\nexpires 2027-03-06 \(100 days left\)/);
      expect(labels(details)).toEqual(['Professional', 'Enterprise', ...NAV]);
      const professional = await chat.press('Professional');
      expect(labels(professional)).toEqual([...tierLabels(ALL_TIERS), ...NAV]);
      await chat.press('« Back');
      const enterprise = await chat.press('Enterprise');
      expect(labels(enterprise)).toEqual([...tierLabels(ALL_TIERS), ...NAV]);
      const summary = await chat.press('4 SC');
      expect(lastText(summary)).toMatch(/^Upgrade S7UP-1K4G-8BDR-2YHM: Startup 4 SC to Enterprise 4 SC, 100 days remaining\n/);
      expect(lastText(summary)).toContain('List price: EUR 21.92');
      expect(lastText(summary)).toContain('The expiry date stays 2027-03-06.');
      await addToCart(chat);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'upgrade', list_cents: 2192 }]);
    });

    it('7Q2M (Professional 8 SC, 20 days): Professional 16..1024, Enterprise 8..1024; Professional 16 SC is EUR 13.42', async () => {
      await startKeyFlow(chat, 'Upgrade');
      const details = await chat.send('7Q2M4K8PZX3N1A9B');
      expect(labels(details)).toEqual(['Professional', 'Enterprise', ...NAV]);
      const enterprise = await chat.press('Enterprise');
      expect(labels(enterprise)).toEqual([...tierLabels([8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024]), ...NAV]);
      await chat.press('« Back');
      const professional = await chat.press('Professional');
      expect(labels(professional)).toEqual([...tierLabels([16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024]), ...NAV]);
      const summary = await chat.press('16 SC');
      expect(lastText(summary)).toContain('Prorated for 20 days until the license expires');
      expect(lastText(summary)).toContain('List price: EUR 13.42');
      expect(lastText(summary)).toContain('The expiry date stays 2026-12-16.');
      await addToCart(chat);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'upgrade', list_cents: 1342 }]);
      const cart = await cartText();
      expect(cart).toContain('EUR 13.42, after partner discount EUR 10.06');
      expect(cart).toContain('Total: EUR 12.17');
    });
  });

  describe('renew annual', () => {
    it('7Q2M (Professional 8 SC, 20 days left): EUR 350.00 per year; 1 year is EUR 350.00, new expiry 2027-12-16', async () => {
      await startKeyFlow(chat, 'Renew annual license');
      const years = await chat.send('7Q2M-4K8P-ZX3N-1A9B');
      expect(lastText(years)).toBe(
        [
          'License 7Q2M-4K8P-ZX3N-1A9B',
          'Professional 8 SC, annual',
          'expires 2026-12-16 (20 days left)',
          'End customer: Harbor Dental',
          '',
          'Annual license: EUR 350.00 per year (list price). For how many years (1–5)?',
        ].join('\n'),
      );
      const summary = await chat.press('1');
      expect(lastText(summary)).toBe(
        [
          'Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year',
          'End customer: Harbor Dental',
          'List price: EUR 350.00',
          'Your partner discount (25 %) is applied in the cart.',
          'New expiry date: 2027-12-16',
        ].join('\n'),
      );
      const added = await addToCart(chat);
      expect(textOf(added)).toBe('Added to your cart: Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year.\nYour cart has 1 line.');
      const [line] = await cartLines(chat.demo);
      expect(line).toMatchObject({ kind: 'renew_annual', list_cents: 35000, license_id: await licenseId(chat.demo, '7Q2M-4K8P-ZX3N-1A9B') });
      expect(line?.request).toMatchObject({ kind: 'renew_annual', years: 1 });
      expect(line?.quote).toMatchObject({ newExpiresOn: '2027-12-16' });
      const cart = await cartText();
      expect(cart).toContain('EUR 350.00, after partner discount EUR 262.50');
      expect(cart).toContain('VAT: EUR 55.13');
      expect(cart).toContain('Total: EUR 317.63');
    });

    it('7Q2M for 5 years is EUR 1,750.00, new expiry 2031-12-16', async () => {
      const summary = await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 5);
      expect(lastText(summary)).toContain('Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 5 years');
      expect(lastText(summary)).toContain('List price: EUR 1,750.00');
      expect(lastText(summary)).toContain('New expiry date: 2031-12-16');
    });

    it('the expired M8C4 renews from today: 1 year → 2027-11-26 (EUR 1,555.00); 2 years → EUR 3,110.00, 2028-11-26', async () => {
      await startKeyFlow(chat, 'Renew annual license');
      const years = await chat.send('M8C4-2VZK-P5TD-0QJX');
      expect(lastText(years)).toContain('Enterprise 32 SC, annual\nexpires 2026-11-16 (expired 10 days ago)');
      expect(lastText(years)).toContain('Annual license: EUR 1,555.00 per year (list price).');
      const one = await chat.press('1');
      expect(lastText(one)).toContain('List price: EUR 1,555.00');
      expect(lastText(one)).toContain('New expiry date: 2027-11-26');
      await chat.press('« Back');
      const two = await chat.press('2');
      expect(lastText(two)).toContain('Renew M8C4-2VZK-P5TD-0QJX: Enterprise 32 SC, 2 years');
      expect(lastText(two)).toContain('List price: EUR 3,110.00');
      expect(lastText(two)).toContain('New expiry date: 2028-11-26');
      await addToCart(chat);
      const [line] = await cartLines(chat.demo);
      expect(line).toMatchObject({ kind: 'renew_annual', list_cents: 311000 });
      expect(line?.quote).toMatchObject({ newExpiresOn: '2028-11-26' });
      const cart = await cartText();
      expect(cart).toContain('EUR 3,110.00, after partner discount EUR 2,332.50');
      expect(cart).toContain('VAT: EUR 489.83');
      expect(cart).toContain('Total: EUR 2,822.33');
    });
  });

  describe('renew maintenance', () => {
    it('P4RP (perpetual Professional 16 SC): EUR 295.00 per year; 1 year → 2027-12-01; 3 years EUR 885.00 → 2029-12-01', async () => {
      await startKeyFlow(chat, 'Renew maintenance');
      const years = await chat.send('P4RP-7TNE-3L6S-9FWA');
      expect(lastText(years)).toBe(
        [
          'License P4RP-7TNE-3L6S-9FWA',
          'Professional 16 SC, perpetual',
          'maintenance until 2026-12-01 (5 days left)',
          'End customer: Old Mill Hotel',
          '',
          'Maintenance: EUR 295.00 per year (list price). For how many years (1–5)?',
        ].join('\n'),
      );
      const three = await chat.press('3');
      expect(lastText(three)).toContain('Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 3 years');
      expect(lastText(three)).toContain('List price: EUR 885.00');
      expect(lastText(three)).toContain('New maintenance date: 2029-12-01');
      await chat.press('« Back');
      const one = await chat.press('1');
      expect(lastText(one)).toBe(
        [
          'Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 1 year',
          'End customer: Old Mill Hotel',
          'List price: EUR 295.00',
          'Your partner discount (25 %) is applied in the cart.',
          'New maintenance date: 2027-12-01',
        ].join('\n'),
      );
      await addToCart(chat);
      const [line] = await cartLines(chat.demo);
      expect(line).toMatchObject({ kind: 'renew_maintenance', list_cents: 29500, license_id: await licenseId(chat.demo, 'P4RP-7TNE-3L6S-9FWA') });
      expect(line?.quote).toMatchObject({ newMaintenanceUntil: '2027-12-01' });
      const cart = await cartText();
      expect(cart).toContain('EUR 295.00, after partner discount EUR 221.25');
      expect(cart).toContain('VAT: EUR 46.46');
      expect(cart).toContain('Total: EUR 267.71');
    });
  });

  describe('a Silver reseller without VAT (bright, in a chat of its own on the same demo)', () => {
    let bright: Chat;
    afterAll(async () => {
      await bright?.close();
    });

    it('renews B2RV (Professional 32 SC, 45 days) for 1 year: EUR 1,195.00 list, 20 % off, VAT EUR 0.00, total EUR 956.00', async () => {
      bright = await loggedInChat('bright', { demo: chat.demo, key: { chatId: 'bright-chat', userId: 'bright-user' } });
      const summary = await renewalSummary(bright, 'Renew annual license', 'B2RV-6P1W-3HQK-8ZNT', 1);
      expect(lastText(summary)).toContain('List price: EUR 1,195.00');
      expect(lastText(summary)).toContain('Your partner discount (20 %) is applied in the cart.');
      expect(lastText(summary)).toContain('New expiry date: 2028-01-10');
      await addToCart(bright);
      expect(await cartLines(chat.demo, 'bright')).toMatchObject([{ kind: 'renew_annual', list_cents: 119500 }]);
      const cart = textOf(await bright.send('/cart'));
      expect(cart).toContain('EUR 1,195.00, after partner discount EUR 956.00');
      expect(cart).toContain('VAT: EUR 0.00');
      expect(cart).toContain('Total: EUR 956.00');
      // Acme's cart is not touched by another reseller's.
      expect(await cartLines(chat.demo, 'demo')).toHaveLength(0);
    });
  });
});
