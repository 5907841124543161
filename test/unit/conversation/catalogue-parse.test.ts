// What an administrator types in the catalogue steps, read: a level's change, pasted price
// lines, a coupon on one line, a broadcast's audience.
import { describe, expect, it } from 'vitest';
import { audienceOf, basisPointsOf, couponRequestOf, levelChangeOf, priceCsvOf } from '../../../src/conversation/flows/admin-catalogue/parse';
import { t } from '../../../src/conversation/wording';
import { labelsOf, message, press, said, type } from './drive';
import { exampleState } from './states';

describe('a level\'s change', () => {
  const known = ['bronze', 'gold'];
  it('reads a discount, a name, or both; a new level needs both', () => {
    expect(levelChangeOf('gold 27.5%', known)).toEqual({ kind: 'ok', change: { code: 'gold', name: null, discountBp: 2750 } });
    expect(levelChangeOf('Gold 27,5 % Gold Plus', known)).toEqual({ kind: 'ok', change: { code: 'gold', name: 'Gold Plus', discountBp: 2750 } });
    expect(levelChangeOf('gold name Gold Plus', known)).toEqual({ kind: 'ok', change: { code: 'gold', name: 'Gold Plus', discountBp: null } });
    expect(levelChangeOf('diamond 40 Diamond', known)).toEqual({ kind: 'ok', change: { code: 'diamond', name: 'Diamond', discountBp: 4000 } });
    expect(levelChangeOf('diamond 40%', known)).toEqual({ kind: 'level_new_needs_both' });
  });
  it('refuses what is not one', () => {
    expect(levelChangeOf('gold', known)).toEqual({ kind: 'level_syntax' });
    expect(levelChangeOf('gold 101%', known)).toEqual({ kind: 'level_discount' });
    expect(levelChangeOf('gold lots', known)).toEqual({ kind: 'level_discount' });
    expect(levelChangeOf('9x 10%', known)).toEqual({ kind: 'level_code' });
    // A name the use case refuses (over 60 characters) is said as typed, not cut and confirmed first.
    expect(levelChangeOf(`gold name ${'G'.repeat(61)}`, known)).toEqual({ kind: 'level_name' });
    expect(levelChangeOf('gold 20% G', known)).toEqual({ kind: 'level_name' });
    expect(levelChangeOf(`gold name ${'G'.repeat(60)}`, known)).toEqual({ kind: 'ok', change: { code: 'gold', name: 'G'.repeat(60), discountBp: null } });
    expect(basisPointsOf('100')).toBe(10_000);
    expect(basisPointsOf('100.01')).toBeUndefined();
  });
});

describe('the levels\' step', () => {
  it('says at once that a level has that name and discount already, instead of a confirmation that changes nothing', () => {
    const state = exampleState('cat_levels');
    for (const text of ['gold 25%', 'gold 25% Gold', 'gold name Gold']) {
      const out = type(state, text);
      expect(out.replies[0]?.text, text).toBe(t.catalogue.levelRefused('nothing_to_change', 'gold'));
      expect(out.state.step, text).toEqual(state.step);
    }
    expect(type(state, 'gold 26%').state.step).toMatchObject({ name: 'cat_level_confirm', change: { code: 'gold', name: null, discountBp: 2600 } });
  });
});

describe('the coupon\'s line', () => {
  it('is refused as typed when it breaks a rule of the use case (all but a code in use), not after its summary was confirmed', () => {
    const state = exampleState('cat_coupon_create');
    const cases: Array<[string, string]> = [
      ['SPRING25 10% until 2020-01-31', 'Nothing was stored: "until" is before today.'],
      ['SPRING25 10% until 2099-01-31 from 2099-02-01', 'Nothing was stored: "from" must be on or before "until".'],
      ['S 10% until 2099-01-31', 'Nothing was stored: a code is 3 to 30 letters, digits, _ or -.'],
      ['SPRING25 10% until 2099-01-31 kinds new_license,gift', 'Nothing was stored: "kinds" must be a comma-separated list of new_license, upgrade, renew_annual, renew_maintenance.'],
      ['SPRING25 10% until 2099-01-31 uses 2000000', 'Nothing was stored: "uses" and "per-reseller" must be whole numbers from 1 to 1,000,000.'],
    ];
    for (const [line, sentence] of cases) {
      const out = type(state, line);
      expect(out.replies[0]?.text, line).toBe(sentence);
      expect(out.state.step, line).toEqual(state.step);
    }
    expect(type(state, 'SPRING25 10% until 2099-01-31 uses 1000000').state.step).toMatchObject({ name: 'cat_coupon_confirm' });
  });
});

describe('a broadcast\'s recipients', () => {
  it('are paged twenty at a time, each page read again; the history\'s buttons open only the broadcasts it lists', () => {
    const history = exampleState('cat_broadcast_history');
    expect(press(history, 'catalogue.recipients.7').command).toEqual({ kind: 'catalogue_broadcast_recipients', id: 7, page: 0 });
    expect(said(press(history, 'catalogue.recipients.8'))).toContain(t.staleButton);
    const base = exampleState('cat_broadcast_recipients');
    const first = { ...base, step: { ...base.step, total: 45 } } as typeof base;
    expect(message(first).text.split('\n')[1]).toBe('Sent to 45 chats (1–2 here):');
    expect(labelsOf(message(first))).toEqual(['Next', 'History', t.catalogue.back]);
    expect(press(first, 'catalogue.next').command).toEqual({ kind: 'catalogue_broadcast_recipients', id: 7, page: 1 });
    const lastPage = { ...base, step: { ...base.step, total: 45, page: 2 } } as typeof base;
    expect(labelsOf(message(lastPage))).toEqual(['Previous', 'History', t.catalogue.back]);
    expect(said(press(lastPage, 'catalogue.next'))).toContain(t.staleButton);
    expect(press(lastPage, 'catalogue.prev').command).toEqual({ kind: 'catalogue_broadcast_recipients', id: 7, page: 1 });
    expect(message(base).text).toMatch(/^Broadcast 7 2026-11-26 10:00 by admin1: "Maintenance window on Sunday" .*\nSent to 2 chats:\n• 100001 Acme Telecom BV: demo on Telegram, delivered/);
  });
});

describe('the price list\'s confirmation', () => {
  it('takes corrected lines pasted instead of a press: their difference is asked for, nothing stored', () => {
    const state = exampleState('cat_price_confirm');
    expect(type(state, 'professional,16,annual,640.00').command).toEqual({
      kind: 'catalogue_price_import', effective: '2027-01-01', csv: 'edition,sc,kind,price\nprofessional,16,annual,640.00\n', added: 1, apply: false,
    });
  });
});

describe('pasted price lines', () => {
  it('get the header when it was left out, and say so (a refused line is numbered as pasted)', () => {
    expect(priceCsvOf(' professional,16,annual,650.00\n')).toEqual({ csv: 'edition,sc,kind,price\nprofessional,16,annual,650.00\n', added: 1 });
    expect(priceCsvOf('Edition, SC, Kind, Price\nstartup,4,annual,1.00')).toEqual({ csv: 'Edition, SC, Kind, Price\nstartup,4,annual,1.00\n', added: 0 });
  });
});

describe('a coupon on one line', () => {
  it('reads a percentage or an amount, its days, minimum, kinds and limits', () => {
    expect(couponRequestOf('spring25 10% until 2027-03-31 from 2026-12-01 minimum 500.00 kinds new_license,upgrade uses 100 per-reseller 2', '2026-11-26')).toEqual({
      kind: 'ok',
      request: { code: 'spring25', value: { type: 'percent', basisPoints: 1000 }, validFrom: '2026-12-01', validUntil: '2027-03-31', minSubtotalCents: 50_000, appliesTo: ['new_license', 'upgrade'], maxRedemptions: 100, perResellerLimit: 2 },
    });
    expect(couponRequestOf('FIX 50.00 until 2027-01-31', '2026-11-26')).toMatchObject({ kind: 'ok', request: { value: { type: 'amount', amountCents: 5000 }, validFrom: '2026-11-26', appliesTo: null } });
  });
  it('says what is wrong', () => {
    expect(couponRequestOf('X', '2026-11-26')).toEqual({ kind: 'coupon_syntax' });
    expect(couponRequestOf('X 0% until 2027-01-01', '2026-11-26')).toEqual({ kind: 'coupon_value', value: '0%' });
    expect(couponRequestOf('X 10% until 2027-02-30', '2026-11-26')).toEqual({ kind: 'coupon_date', option: 'until', value: '2027-02-30' });
    expect(couponRequestOf('X 10% until 2027-01-01 uses many', '2026-11-26')).toEqual({ kind: 'coupon_number', option: 'uses', value: 'many' });
    // A limit of 0 is refused as it is typed, not after its summary was confirmed.
    expect(couponRequestOf('X 10% until 2027-01-01 uses 0', '2026-11-26')).toEqual({ kind: 'coupon_number', option: 'uses', value: '0' });
    expect(couponRequestOf('X 10% until 2027-01-01 per-reseller 00', '2026-11-26')).toEqual({ kind: 'coupon_number', option: 'per-reseller', value: '00' });
    expect(couponRequestOf('X 10% until 2027-01-01 forever', '2026-11-26')).toEqual({ kind: 'coupon_option', option: 'forever' });
    expect(couponRequestOf('X 10% from 2027-01-01', '2026-11-26')).toEqual({ kind: 'coupon_until' });
  });
});

describe('a broadcast\'s audience', () => {
  it('is everyone, a level, a country or both', () => {
    expect(audienceOf('all')).toEqual({ level: null, country: null });
    expect(audienceOf('level gold')).toEqual({ level: 'gold', country: null });
    expect(audienceOf('country nl')).toEqual({ level: null, country: 'NL' });
    expect(audienceOf('gold NL')).toEqual({ level: 'gold', country: 'NL' });
    expect(audienceOf('country Netherlands')).toBeUndefined();
    expect(audienceOf('')).toBeUndefined();
  });
});
