import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_ENTRIES, type PriceEntry } from '../../../../src/domain/pricing/catalog';
import { diffPriceList, parsePriceCsv, priceListCsv } from '../../../../src/domain/pricing/price-import';

describe('a price list from CSV', () => {
  it('reads the rows in exact cents, with or without a BOM, CRLF and blank lines', () => {
    expect(parsePriceCsv('\uFEFFedition, sc, kind, price\r\nprofessional,16,annual,595.00\r\n\r\nstartup,4,annual,175\n')).toEqual({
      kind: 'ok', rows: [{ edition: 'professional', sc: 16, kind: 'annual', priceCents: 59_500 }, { edition: 'startup', sc: 4, kind: 'annual', priceCents: 17_500 }],
    });
  });

  it.each([
    ['sc,edition,kind,price\n', 1, 'the first line must be edition,sc,kind,price'],
    ['edition,sc,kind,price\n', 2, 'the list has no prices'],
    ['edition,sc,kind,price\nbasic,4,annual,1.00', 2, 'edition must be one of startup, professional, enterprise'],
    ['edition,sc,kind,price\nstartup,8,annual,1.00', 2, '8 SC is not sold in startup'],
    ['edition,sc,kind,price\nstartup,4,maintenance,1.00', 2, 'startup has no maintenance price'],
    ['edition,sc,kind,price\nprofessional,4,perpetual,1.00', 2, 'kind must be annual or maintenance'],
    ['edition,sc,kind,price\nprofessional,4,annual,1.5', 2, 'price must be an amount above 0 like 595.00'],
    ['edition,sc,kind,price\nprofessional,4,annual,0.00', 2, 'price must be an amount above 0 like 595.00'],
    ['edition,sc,kind,price\nprofessional,4,annual,1.00\nprofessional,4,annual,2.00', 3, 'professional 4 SC annual is given twice'],
    ['edition,sc,kind,price\nprofessional,4,annual', 2, 'expected 4 values: edition,sc,kind,price'],
  ])('refuses %j at line %i', (csv, line, problem) => {
    expect(parsePriceCsv(csv)).toEqual({ kind: 'invalid_csv', line, problem });
  });

  it('compares with the list in force the day before it takes effect', () => {
    const entries: PriceEntry[] = [...DEFAULT_PRICE_ENTRIES, { edition: 'professional', sc: 16, kind: 'annual', priceCents: 60_000, effectiveFrom: '2027-01-01' }];
    const rows = [{ edition: 'professional', sc: 16, kind: 'annual', priceCents: 60_000 }, { edition: 'enterprise', sc: 4, kind: 'annual', priceCents: 25_500 }] as const;
    // From 2027-01-01 the 600.00 is the one in force the day before, so nothing changes from 2027-02-01.
    expect(diffPriceList(entries, rows, '2027-02-01')).toMatchObject({ changed: [], unchanged: 2 });
    expect(diffPriceList(entries, rows, '2027-01-01')).toMatchObject({ changed: [{ edition: 'professional', sc: 16, kind: 'annual', before: 59_500, after: 60_000 }], unchanged: 1 });
    expect(diffPriceList(entries, rows, '2027-01-01').kept).toHaveLength(DEFAULT_PRICE_ENTRIES.length - 2);
  });

  it('writes the list of a day as CSV that reads back to the same prices', () => {
    const csv = priceListCsv(DEFAULT_PRICE_ENTRIES, '2026-11-26');
    const parsed = parsePriceCsv(csv);
    expect(parsed.kind === 'ok' && parsed.rows.length).toBe(DEFAULT_PRICE_ENTRIES.length);
    expect(diffPriceList(DEFAULT_PRICE_ENTRIES, parsed.kind === 'ok' ? parsed.rows : [], '2027-01-01')).toEqual({ changed: [], unchanged: DEFAULT_PRICE_ENTRIES.length, kept: [] });
    expect(csv).toContain('enterprise,1024,maintenance,24955.00\n');
  });
});
