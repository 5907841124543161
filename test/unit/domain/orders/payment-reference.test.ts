import { describe, expect, it } from 'vitest';
import { parsePaymentReference, paymentReference } from '../../../../src/domain/orders/payment-reference';

describe('paymentReference', () => {
  it('is the prefix, the order number padded to six digits and two ISO 7064 mod 97-10 check digits', () => {
    expect(paymentReference(42)).toBe('TCX-000042-69');
    expect(paymentReference(1)).toBe('TCX-000001-95');
    expect(paymentReference(1234567)).toBe('TCX-1234567-51');
    expect(paymentReference(42, 'ACME')).toBe('ACME-000042-69');
  });

  it('makes the digits and check digits together ≡ 1 (mod 97)', () => {
    for (const n of [1, 2, 42, 97, 9999, 123456, 999999, 1234567]) {
      const [, body, check] = paymentReference(n).split('-');
      expect(BigInt(`${body}${check}`) % 97n).toBe(1n);
    }
  });
});

describe('parsePaymentReference', () => {
  it('reads back what paymentReference wrote', () => {
    for (const n of [1, 42, 97, 100_000, 999_999, 1_234_567]) {
      expect(parsePaymentReference(paymentReference(n))).toEqual({ orderNumber: n });
    }
    expect(parsePaymentReference(paymentReference(42, 'ACME'), 'ACME')).toEqual({ orderNumber: 42 });
  });

  it('refuses a reference with one digit changed', () => {
    const reference = paymentReference(420_815);
    for (let i = 0; i < reference.length; i += 1) {
      const c = reference.charAt(i);
      if (!/\d/.test(c)) continue;
      const typo = `${reference.slice(0, i)}${(Number(c) + 1) % 10}${reference.slice(i + 1)}`;
      expect(parsePaymentReference(typo), typo).toBeUndefined();
    }
  });

  it('refuses two neighbouring digits swapped', () => {
    expect(paymentReference(123456)).toBe('TCX-123456-76');
    expect(parsePaymentReference('TCX-123465-76')).toBeUndefined();
    expect(parsePaymentReference('TCX-213456-76')).toBeUndefined();
  });

  it('accepts spaces, lowercase, no hyphens and surrounding blanks', () => {
    expect(parsePaymentReference('tcx-000042-69')).toEqual({ orderNumber: 42 });
    expect(parsePaymentReference('  TCX 000042 69 ')).toEqual({ orderNumber: 42 });
    expect(parsePaymentReference('tcx00004269')).toEqual({ orderNumber: 42 });
    expect(parsePaymentReference('Tcx - 000 042 - 69')).toEqual({ orderNumber: 42 });
  });

  it('refuses anything else', () => {
    for (const input of ['', 'TCX', 'TCX-000042', 'TCX-00042-69', 'ABC-000042-69', 'TCX-000042-6', 'TCX-000042-690', 'TCX-00004X-69', '000042-69']) {
      expect(parsePaymentReference(input), input).toBeUndefined();
    }
    expect(parsePaymentReference('TCX-000042-69', 'ACME')).toBeUndefined();
  });
});
