/**
 * Money is integer cents of the one deployment currency. Never a float: every division that
 * can leave a remainder goes through `roundDiv`/`roundMulDiv`, which round half up exactly.
 */

/** An amount in cents: a safe, non-negative integer. */
export type Cents = number;

/** The number of basis points in 100 %: 25 % is 2500, 20.5 % is 2050. */
export const BASIS_POINTS_PER_WHOLE = 10_000;

/**
 * Whether `value` is a valid amount of cents (a safe, non-negative integer).
 */
export function isCents(value: number): value is Cents {
  return Number.isSafeInteger(value) && value >= 0;
}

function toBigInt(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${value}`);
  }
  return BigInt(value);
}

function roundHalfUp(numerator: bigint, denominator: bigint): number {
  if (numerator < 0n) throw new RangeError('amounts are never negative');
  if (denominator <= 0n) throw new RangeError('the denominator must be positive');
  // floor((2n + d) / 2d) is n/d rounded half up, for n >= 0 and d > 0.
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  const result = Number(rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError('the result is not a safe integer');
  return result;
}

/**
 * `numerator / denominator` rounded half up to a whole number, computed exactly.
 * Throws RangeError if an input is not a safe integer, the numerator is negative, or the
 * denominator is not positive: those are programming errors, not user errors.
 */
export function roundDiv(numerator: number, denominator: number): number {
  return roundHalfUp(toBigInt(numerator, 'numerator'), toBigInt(denominator, 'denominator'));
}

/**
 * `a × b / denominator` rounded half up, with the product computed exactly, so that
 * `a × b` may exceed the safe-integer range. Same RangeErrors as `roundDiv`.
 */
export function roundMulDiv(a: number, b: number, denominator: number): number {
  return roundHalfUp(toBigInt(a, 'a') * toBigInt(b, 'b'), toBigInt(denominator, 'denominator'));
}

/**
 * `basisPoints` of `amount`, rounded half up to a cent: pricing.md's "round(x × p / 100)"
 * with the percentage p stored as basis points (p × 100), so 25 % of 32877 is 8219.
 */
export function percentOf(amount: Cents, basisPoints: number): Cents {
  return roundMulDiv(amount, basisPoints, BASIS_POINTS_PER_WHOLE);
}

/**
 * `a × b` for money, throwing RangeError if the product leaves the safe-integer range
 * (a price list that overflows is a data bug, not something to quote).
 */
export function multiplyCents(amount: Cents, factor: number): Cents {
  const product = toBigInt(amount, 'amount') * toBigInt(factor, 'factor');
  const result = Number(product);
  if (!Number.isSafeInteger(result) || result < 0) {
    throw new RangeError(`${amount} × ${factor} is not a valid amount of cents`);
  }
  return result;
}

/**
 * Formats cents for people as the ISO currency code, a space, and the amount with
 * comma thousands separators and two decimals: `formatMoney(215985)` is "EUR 2,159.85".
 * The code rather than a symbol, because the deployment currency is configurable and
 * "EUR 10.00" reads the same in Telegram, Slack and a terminal. Assumes a currency with
 * two minor digits. A negative amount (only ever a difference) is written "EUR -1.00".
 */
export function formatMoney(cents: number, currency = 'EUR'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const whole = Math.floor(absolute / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (absolute % 100).toString().padStart(2, '0');
  return `${currency} ${sign}${whole}.${fraction}`;
}
