import { describe, it, expect } from 'vitest';
import { MAX_CART_LINES, canAddLine, requote, type CartLine } from '../../../../src/domain/pricing/cart';
import type { LineQuote, LineQuoteResult, LineRequest } from '../../../../src/domain/pricing/line';
import { quoteLine } from '../../../../src/domain/pricing/quote';
import { TODAY, anAnnualLicense, defaultPrices } from './fixtures';

const newLicense: LineRequest = { kind: 'new_license', edition: 'professional', sc: 16, quantity: 1, additionalYears: 0, customerId: null };
const renew = (licenseKey: string): LineRequest => ({ kind: 'renew_annual', licenseId: `id-${licenseKey}`, licenseKey, years: 1 });
const upgradeOf = (licenseKey: string): LineRequest => ({ kind: 'upgrade', licenseId: `id-${licenseKey}`, licenseKey, toEdition: 'enterprise', toSc: 16 });
const someQuote: LineQuote = { kind: 'new_license', listCents: 59_500, unitPriceCents: 59_500, newExpiresOn: '2027-11-26', edition: 'professional', sc: 16, quantity: 1, years: 1 };
const cartLine = (id: string, request: LineRequest, quote: LineQuote = someQuote): CartLine => ({ id, request, quote });
const okQuote = (quote: LineQuote): LineQuoteResult => ({ kind: 'ok', quote });

describe('canAddLine', () => {
  it('takes up to 20 lines', () => {
    const lines = (n: number): CartLine[] => Array.from({ length: n }, (_, i) => cartLine(`l${i}`, newLicense));
    expect(MAX_CART_LINES).toBe(20);
    expect(canAddLine([], newLicense)).toEqual({ kind: 'ok' });
    expect(canAddLine(lines(19), newLicense)).toEqual({ kind: 'ok' });
    expect(canAddLine(lines(20), newLicense)).toEqual({ kind: 'cart_full' });
    expect(canAddLine(lines(20), renew('AAAA-AAAA-AAAA-AAAA'))).toEqual({ kind: 'cart_full' });
  });

  it('holds a key at most once, whatever the line kinds', () => {
    const key = 'AAAA-BBBB-CCCC-DDDD';
    for (const existing of [renew(key), upgradeOf(key)]) {
      for (const next of [renew(key), upgradeOf(key), { ...renew(key), kind: 'renew_maintenance' } as LineRequest]) {
        expect(canAddLine([cartLine('l1', existing)], next)).toEqual({ kind: 'duplicate_key', licenseKey: key });
      }
    }
    expect(canAddLine([cartLine('l1', renew(key))], renew('AAAA-BBBB-CCCC-DDDE'))).toEqual({ kind: 'ok' });
  });

  it('takes any number of new-license lines', () => {
    expect(canAddLine([cartLine('l1', newLicense), cartLine('l2', newLicense)], newLicense)).toEqual({ kind: 'ok' });
  });
});

describe('requote', () => {
  const lines = [cartLine('a', newLicense), cartLine('b', renew('AAAA-BBBB-CCCC-DDDD'), { ...someQuote, kind: 'renew_annual', newExpiresOn: '2027-06-14', years: 1 })];

  it('reports nothing when every figure is the same', () => {
    const fresh = new Map(lines.map((l) => [l.id, okQuote({ ...l.quote })]));
    expect(requote(lines, fresh)).toEqual({ changes: [], lines });
  });

  it('reports a changed price and keeps the new figures', () => {
    const fresh = new Map([
      ['a', okQuote({ ...someQuote, listCents: 62_000, unitPriceCents: 62_000 })],
      ['b', okQuote(lines[1]?.quote ?? someQuote)],
    ]);
    const result = requote(lines, fresh);
    // The price is reported once: the yearly price behind it is not a second change.
    expect(result.changes).toEqual([{ lineId: 'a', kind: 'price_changed', fromCents: 59_500, toCents: 62_000 }]);
    expect(result.lines.map((l) => l.quote.listCents)).toEqual([62_000, 59_500]);
    expect(result.lines[0]?.request).toBe(newLicense);
  });

  it('reports changed terms, such as a new expiry, at the same price', () => {
    const moved = { ...(lines[1]?.quote ?? someQuote), newExpiresOn: '2028-06-14' };
    const result = requote(lines, new Map([['a', okQuote(someQuote)], ['b', okQuote(moved)]]));
    expect(result.changes).toEqual([{ lineId: 'b', kind: 'terms_changed', fields: ['newExpiresOn'], from: lines[1]?.quote, to: moved }]);
    expect(result.lines[1]?.quote).toEqual(moved);
  });

  it('drops a line that can no longer be bought and says why', () => {
    const license = anAnnualLicense({ expiresOn: '2026-11-25' });
    const fresh = new Map<string, LineQuoteResult>([['a', okQuote(someQuote)], ['b', { kind: 'expired', license }]]);
    const result = requote(lines, fresh);
    expect(result.changes).toEqual([{ lineId: 'b', kind: 'no_longer_valid', reason: { kind: 'expired', license } }]);
    expect(result.lines.map((l) => l.id)).toEqual(['a']);
  });

  it('sees an upgrade quoted yesterday as dearer... or cheaper, with fewer days', () => {
    const license = anAnnualLicense();
    const request: LineRequest = { kind: 'upgrade', licenseId: license.id, licenseKey: license.key, toEdition: 'professional', toSc: 32 };
    const yesterday = quoteLine(request, license, defaultPrices('2026-11-25'), '2026-11-25');
    if (yesterday.kind !== 'ok') throw new Error('expected a quote');
    const today = quoteLine(request, license, defaultPrices(), TODAY);
    const result = requote([cartLine('u', request, yesterday.quote)], new Map([['u', today]]));
    expect(result.changes).toEqual([
      { lineId: 'u', kind: 'price_changed', fromCents: 33_041, toCents: 32_877 },
      expect.objectContaining({ kind: 'terms_changed', fields: ['remainingDays'] }),
    ]);
  });

  it('throws when a line was not priced again (a bug in the caller)', () => {
    expect(() => requote(lines, new Map())).toThrow();
  });
});
