import { describe, it, expect } from 'vitest';
import {
  DEFAULT_PRICE_ENTRIES,
  EDITIONS,
  SC_TIERS,
  editionName,
  editionRank,
  isEdition,
  isTierOf,
  priceListOn,
  tiersOf,
  type PriceEntry,
} from '../../../../src/domain/pricing/catalog';
import { defaultPrices, euros } from './fixtures';

// pricing.md's table, copied as written: SC, Startup, Pro annual, Ent annual, Pro maint., Ent maint.
const TABLE = `
4    | 175.00 | 195.00   | 255.00   | 95.00    | 125.00
8    |        | 350.00   | 455.00   | 175.00   | 225.00
16   |        | 595.00   | 775.00   | 295.00   | 385.00
24   |        | 895.00   | 1165.00  | 445.00   | 580.00
32   |        | 1195.00  | 1555.00  | 595.00   | 775.00
48   |        | 1795.00  | 2335.00  | 895.00   | 1165.00
64   |        | 2395.00  | 3115.00  | 1195.00  | 1555.00
96   |        | 3595.00  | 4675.00  | 1795.00  | 2335.00
128  |        | 4795.00  | 6235.00  | 2395.00  | 3115.00
192  |        | 7195.00  | 9355.00  | 3595.00  | 4675.00
256  |        | 9595.00  | 12475.00 | 4795.00  | 6235.00
512  |        | 19195.00 | 24955.00 | 9595.00  | 12475.00
1024 |        | 38395.00 | 49915.00 | 19195.00 | 24955.00`
  .trim()
  .split('\n')
  .map((row) => row.split('|').map((cell) => cell.trim()));

describe('editions and tiers', () => {
  it('names and ranks the three editions', () => {
    expect(EDITIONS).toEqual(['startup', 'professional', 'enterprise']);
    expect(EDITIONS.map(editionName)).toEqual(['Startup', 'Professional', 'Enterprise']);
    expect(EDITIONS.map(editionRank)).toEqual([1, 2, 3]);
    expect(isEdition('professional')).toBe(true);
    expect(isEdition('standard')).toBe(false);
    expect(isEdition('Professional')).toBe(false);
  });

  it('sells Startup only at 4 SC and the others at every tier', () => {
    expect(SC_TIERS).toEqual([4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024]);
    expect(tiersOf('startup')).toEqual([4]);
    expect(tiersOf('professional')).toEqual(SC_TIERS);
    expect(tiersOf('enterprise')).toEqual(SC_TIERS);
    for (let sc = 0; sc <= 1100; sc++) {
      const tier = (SC_TIERS as readonly number[]).includes(sc);
      expect(isTierOf('startup', sc)).toBe(sc === 4);
      expect(isTierOf('professional', sc)).toBe(tier);
      expect(isTierOf('enterprise', sc)).toBe(tier);
    }
  });
});

describe('DEFAULT_PRICE_ENTRIES', () => {
  const prices = defaultPrices();

  it('is every cell of the table and nothing more', () => {
    expect(DEFAULT_PRICE_ENTRIES).toHaveLength(1 + 13 * 4);
    expect(new Set(DEFAULT_PRICE_ENTRIES.map((e) => e.effectiveFrom))).toEqual(new Set(['2000-01-01']));
    for (const [sc, startup, proAnnual, entAnnual, proMaintenance, entMaintenance] of TABLE) {
      const n = Number(sc);
      expect(prices.annual('startup', n)).toBe(startup ? euros(startup) : undefined);
      expect(prices.annual('professional', n)).toBe(euros(proAnnual ?? ''));
      expect(prices.annual('enterprise', n)).toBe(euros(entAnnual ?? ''));
      expect(prices.maintenance('professional', n)).toBe(euros(proMaintenance ?? ''));
      expect(prices.maintenance('enterprise', n)).toBe(euros(entMaintenance ?? ''));
      expect(prices.maintenance('startup', n)).toBeUndefined();
    }
  });

  it('has no price for what is not sold', () => {
    expect(prices.annual('professional', 12)).toBeUndefined();
    expect(prices.annual('startup', 8)).toBeUndefined();
  });

  it('is frozen so that no caller changes the defaults for everyone', () => {
    expect(Object.isFrozen(DEFAULT_PRICE_ENTRIES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PRICE_ENTRIES[0])).toBe(true);
  });
});

describe('priceListOn', () => {
  const entry = (priceCents: number, effectiveFrom: string): PriceEntry => ({ edition: 'professional', sc: 16, kind: 'annual', priceCents, effectiveFrom });
  const entries = [entry(650_00, '2027-01-01'), entry(595_00, '2000-01-01'), entry(620_00, '2026-06-01')];

  it('uses the latest price effective on or before today, whatever the order of entries', () => {
    expect(priceListOn(entries, '2026-05-31').annual('professional', 16)).toBe(595_00);
    expect(priceListOn(entries, '2026-06-01').annual('professional', 16)).toBe(620_00);
    expect(priceListOn(entries, '2026-12-31').annual('professional', 16)).toBe(620_00);
    expect(priceListOn(entries, '2027-01-01').annual('professional', 16)).toBe(650_00);
    expect(priceListOn([...entries].reverse(), '2027-01-01').annual('professional', 16)).toBe(650_00);
  });

  it('does not use a future price yet, nor one that was never set', () => {
    const future = priceListOn([entry(650_00, '2027-01-01')], '2026-11-26');
    expect(future.annual('professional', 16)).toBeUndefined();
    expect(future.maintenance('professional', 16)).toBeUndefined();
  });

  it('keeps kinds, editions and sizes apart', () => {
    const list = priceListOn([...DEFAULT_PRICE_ENTRIES, { edition: 'enterprise', sc: 16, kind: 'maintenance', priceCents: 400_00, effectiveFrom: '2026-01-01' }], '2026-11-26');
    expect(list.maintenance('enterprise', 16)).toBe(400_00);
    expect(list.annual('enterprise', 16)).toBe(775_00);
    expect(list.maintenance('professional', 16)).toBe(295_00);
  });

  it('lets the later of two entries with the same date win', () => {
    expect(priceListOn([entry(1, '2026-01-01'), entry(2, '2026-01-01')], '2026-11-26').annual('professional', 16)).toBe(2);
  });

  it('refuses broken rows', () => {
    expect(() => priceListOn([entry(-1, '2026-01-01')], '2026-11-26')).toThrow(RangeError);
    expect(() => priceListOn([entry(1.5, '2026-01-01')], '2026-11-26')).toThrow(RangeError);
    expect(() => priceListOn([entry(100, '2026-02-30')], '2026-11-26')).toThrow(RangeError);
    expect(() => priceListOn([], 'today')).toThrow(RangeError);
  });
});
