import { describe, it, expect } from 'vitest';
import { computeTotals, couponAmount, type PricedLine } from '../../../../src/domain/pricing/totals';

const line = (listCents: number): PricedLine => ({ kind: 'new_license', listCents });
const GOLD = 2500;
const VAT_21 = 2100;

describe('computeTotals', () => {
  it('new-license example: 2,380.00 / 595.00 / 1,785.00 / 374.85 / 2,159.85', () => {
    expect(computeTotals([line(238_000)], GOLD, VAT_21, null)).toEqual({
      lines: [{ listCents: 238_000, partnerDiscountCents: 59_500, netCents: 178_500 }],
      listCents: 238_000,
      partnerDiscountCents: 59_500,
      subtotalCents: 178_500,
      couponCents: 0,
      taxableCents: 178_500,
      vatCents: 37_485,
      totalCents: 215_985,
    });
  });

  it('upgrade example: 328.77 / 82.19 / 246.58 / 51.78 / 298.36', () => {
    expect(computeTotals([{ kind: 'upgrade', listCents: 32_877 }], GOLD, VAT_21, null)).toMatchObject({
      lines: [{ listCents: 32_877, partnerDiscountCents: 8_219, netCents: 24_658 }],
      subtotalCents: 24_658,
      vatCents: 5_178,
      totalCents: 29_836,
    });
  });

  it('coupon example: 2,031.58 / 203.16 / 1,828.42 / 383.97 / 2,212.39', () => {
    const totals = computeTotals([line(238_000), { kind: 'upgrade', listCents: 32_877 }], GOLD, VAT_21, { type: 'percent', basisPoints: 1000 });
    expect(totals).toMatchObject({
      listCents: 270_877,
      partnerDiscountCents: 67_719,
      subtotalCents: 203_158,
      couponCents: 20_316,
      taxableCents: 182_842,
      vatCents: 38_397,
      totalCents: 221_239,
    });
  });

  it('rounds the partner discount per line, half up, before summing', () => {
    // 25 % of 10 cents is 2.5 → 3 on each line; discounting the sum would give 5.
    const totals = computeTotals([line(10), line(10)], GOLD, 0, null);
    expect(totals.lines.map((l) => l.partnerDiscountCents)).toEqual([3, 3]);
    expect(totals.partnerDiscountCents).toBe(6);
    expect(totals.subtotalCents).toBe(14);
  });

  it('rounds VAT half up, with two-decimal rates such as 20.5 %', () => {
    expect(computeTotals([line(10_000)], 0, 2050, null)).toMatchObject({ vatCents: 2_050, totalCents: 12_050 });
    expect(computeTotals([line(100)], 0, 2050, null).vatCents).toBe(21); // 20.5 → 21
    expect(computeTotals([line(12_345)], 0, 2050, null).vatCents).toBe(2_531); // 2530.725
    expect(computeTotals([line(12_342)], 0, 2050, null).vatCents).toBe(2_530); // 2530.11
    expect(computeTotals([line(10)], 0, 500, null).vatCents).toBe(1); // 0.5 → 1
  });

  it('takes a fixed coupon off the subtotal, capped at the subtotal', () => {
    expect(computeTotals([line(10_000)], GOLD, VAT_21, { type: 'amount', amountCents: 1_000 })).toMatchObject({
      subtotalCents: 7_500,
      couponCents: 1_000,
      taxableCents: 6_500,
      vatCents: 1_365,
      totalCents: 7_865,
    });
    expect(computeTotals([line(10_000)], GOLD, VAT_21, { type: 'amount', amountCents: 50_000 })).toMatchObject({
      subtotalCents: 7_500,
      couponCents: 7_500,
      taxableCents: 0,
      vatCents: 0,
      totalCents: 0,
    });
  });

  it('takes a percent coupon off the subtotal, rounded half up', () => {
    expect(computeTotals([line(1_000)], 0, 0, { type: 'percent', basisPoints: 1250 }).couponCents).toBe(125);
    expect(computeTotals([line(5)], 0, 0, { type: 'percent', basisPoints: 1000 }).couponCents).toBe(1); // 0.5
    expect(computeTotals([line(1_000)], 0, 0, { type: 'percent', basisPoints: 10_000 }).totalCents).toBe(0);
  });

  it('is all zeros for no lines', () => {
    expect(computeTotals([], GOLD, VAT_21, { type: 'amount', amountCents: 500 })).toEqual({
      lines: [],
      listCents: 0,
      partnerDiscountCents: 0,
      subtotalCents: 0,
      couponCents: 0,
      taxableCents: 0,
      vatCents: 0,
      totalCents: 0,
    });
  });

  it('keeps every identity of pricing.md for many carts and rates', () => {
    let seed = 99;
    const next = (max: number): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % max;
    for (let i = 0; i < 500; i++) {
      const lines = Array.from({ length: 1 + next(20) }, () => line(next(5_000_000)));
      const discount = [0, 1500, 2000, 2500, 3000, 3500][next(6)] ?? 0;
      const vat = [0, 900, 2050, 2100, 2500][next(5)] ?? 0;
      const coupon = next(2) === 0 ? { type: 'percent' as const, basisPoints: next(10_001) } : { type: 'amount' as const, amountCents: next(10_000_000) };
      const t = computeTotals(lines, discount, vat, coupon);
      t.lines.forEach((l, index) => {
        expect(l.listCents).toBe(lines[index]?.listCents);
        const product = l.listCents * discount; // below 2^53, so exact
        const remainder = product % 10_000;
        expect(l.partnerDiscountCents).toBe((product - remainder) / 10_000 + (2 * remainder >= 10_000 ? 1 : 0));
        expect(l.netCents).toBe(l.listCents - l.partnerDiscountCents);
      });
      expect(t.subtotalCents).toBe(t.lines.reduce((s, l) => s + l.netCents, 0));
      expect(t.listCents - t.partnerDiscountCents).toBe(t.subtotalCents);
      expect(t.couponCents).toBeLessThanOrEqual(t.subtotalCents);
      expect(t.taxableCents).toBe(t.subtotalCents - t.couponCents);
      expect(t.totalCents).toBe(t.taxableCents + t.vatCents);
      expect(Number.isInteger(t.vatCents) && t.vatCents >= 0).toBe(true);
    }
  });

  it('throws on rates that are bugs', () => {
    expect(() => computeTotals([line(1)], -1, VAT_21, null)).toThrow(RangeError);
    expect(() => computeTotals([line(1)], 25, VAT_21 + 0.5, null)).toThrow(RangeError);
    expect(() => computeTotals([line(1)], 10_001, VAT_21, null)).toThrow(RangeError);
    expect(() => computeTotals([line(1.5)], GOLD, VAT_21, null)).toThrow(RangeError);
    expect(() => couponAmount({ type: 'percent', basisPoints: 12.5 }, 100)).toThrow(RangeError);
    expect(() => couponAmount({ type: 'amount', amountCents: -1 }, 100)).toThrow(RangeError);
  });
});
