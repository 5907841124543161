import { describe, it, expect } from 'vitest';
import { formatMoney, isCents, multiplyCents, percentOf, roundDiv, roundMulDiv } from '../../../../src/domain/pricing/money';

// An independent reference: exact integer remainder with Numbers (inputs kept small).
function referenceRound(numerator: number, denominator: number): number {
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  return 2 * remainder >= denominator ? quotient + 1 : quotient;
}

describe('roundDiv', () => {
  it('rounds half up', () => {
    expect(roundDiv(1, 2)).toBe(1);
    expect(roundDiv(3, 2)).toBe(2);
    expect(roundDiv(5, 2)).toBe(3);
    expect(roundDiv(149, 100)).toBe(1);
    expect(roundDiv(150, 100)).toBe(2);
    expect(roundDiv(0, 7)).toBe(0);
    expect(roundDiv(7, 1)).toBe(7);
  });

  it('matches an exact reference for every small numerator and denominator', () => {
    for (let denominator = 1; denominator <= 40; denominator++) {
      for (let numerator = 0; numerator <= 500; numerator++) {
        expect(roundDiv(numerator, denominator)).toBe(referenceRound(numerator, denominator));
      }
    }
  });

  it('is exact at the edge of the safe range, where floats are not', () => {
    expect(roundDiv(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(roundDiv(Number.MAX_SAFE_INTEGER, 2)).toBe(4503599627370496); // 4503599627370495.5 rounds up
    expect(roundDiv(Number.MAX_SAFE_INTEGER - 1, 2)).toBe(4503599627370495);
  });

  it('throws RangeError on input that is a bug', () => {
    for (const [n, d] of [[1.5, 2], [1, 2.5], [Number.NaN, 1], [1, Number.POSITIVE_INFINITY], [2 ** 53, 1], [-1, 2], [1, 0], [1, -2]] as const) {
      expect(() => roundDiv(n, d)).toThrow(RangeError);
    }
  });
});

describe('roundMulDiv', () => {
  it('multiplies exactly beyond the safe range before dividing', () => {
    // (2^53 - 1) × 10000 / 10000 would lose precision as a float product.
    expect(roundMulDiv(Number.MAX_SAFE_INTEGER, 10_000, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(roundMulDiv(60_000, 200, 365)).toBe(32_877);
  });
});

describe('percentOf (basis points)', () => {
  it('reproduces the roundings of the worked examples', () => {
    expect(percentOf(238_000, 2500)).toBe(59_500);
    expect(percentOf(32_877, 2500)).toBe(8_219); // 82.1925
    expect(percentOf(24_658, 2100)).toBe(5_178); // 51.7818
    expect(percentOf(203_158, 1000)).toBe(20_316); // 203.158
    expect(percentOf(182_842, 2100)).toBe(38_397); // 383.9682
  });

  it('rounds exactly half a cent up', () => {
    expect(percentOf(10, 2500)).toBe(3); // 2.5
    expect(percentOf(1, 5000)).toBe(1); // 0.5
    expect(percentOf(3, 5000)).toBe(2); // 1.5
    expect(percentOf(100, 2050)).toBe(21); // 20.5
    expect(percentOf(10, 2050)).toBe(2); // 2.05
  });

  it('handles two-decimal percentages such as 20.5 %', () => {
    expect(percentOf(10_000, 2050)).toBe(2_050);
    expect(percentOf(12_345, 2050)).toBe(2_531); // 2530.725
  });

  it('matches an exact reference for many amounts and rates', () => {
    for (const bp of [0, 1, 1500, 2000, 2050, 2100, 2500, 3000, 3333, 3500, 9999, 10_000]) {
      for (let amount = 0; amount <= 3000; amount += 7) {
        expect(percentOf(amount, bp)).toBe(referenceRound(amount * bp, 10_000));
      }
    }
  });
});

describe('isCents and multiplyCents', () => {
  it('accepts only safe non-negative integers', () => {
    expect(isCents(0)).toBe(true);
    expect(isCents(215_985)).toBe(true);
    expect(isCents(-1)).toBe(false);
    expect(isCents(1.5)).toBe(false);
    expect(isCents(Number.NaN)).toBe(false);
  });

  it('refuses a product that leaves the safe range', () => {
    expect(multiplyCents(59_500, 4)).toBe(238_000);
    expect(() => multiplyCents(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it('writes the currency code, thousands separators and two decimals', () => {
    expect(formatMoney(215_985)).toBe('EUR 2,159.85');
    expect(formatMoney(0)).toBe('EUR 0.00');
    expect(formatMoney(5)).toBe('EUR 0.05');
    expect(formatMoney(99_999)).toBe('EUR 999.99');
    expect(formatMoney(100_000)).toBe('EUR 1,000.00');
    expect(formatMoney(123_456_789)).toBe('EUR 1,234,567.89');
    expect(formatMoney(1_000, 'USD')).toBe('USD 10.00');
    expect(formatMoney(-150)).toBe('EUR -1.50');
  });

  it('refuses what is not cents', () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
  });
});
