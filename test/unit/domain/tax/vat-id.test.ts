import { describe, expect, it } from 'vitest';
import { EU_STANDARD_VAT_BP } from '../../../../src/domain/tax/eu';
import { VAT_ID_COUNTRIES, checkVatId } from '../../../../src/domain/tax/vat-id';

/** For every country: what is typed → the VAT ID as stored; and numbers of a wrong format. */
const SAMPLES: Record<string, { valid: Array<[typed: string, stored: string]>; invalid: string[] }> = {
  AT: { valid: [['ATU12345678', 'ATU12345678'], [' atu 1234 5678 ', 'ATU12345678']], invalid: ['ATU1234567', 'AT12345678', 'ATU123456789'] },
  BE: { valid: [['BE0123456789', 'BE0123456789'], ['BE 1234.567.890', 'BE1234567890'], ['123456789', 'BE0123456789']], invalid: ['BE2123456789', 'BE12345678901'] },
  BG: { valid: [['BG123456789', 'BG123456789'], ['BG1234567890', 'BG1234567890']], invalid: ['BG12345678', 'BG12345678901'] },
  CY: { valid: [['CY12345678L', 'CY12345678L'], ['cy-12345678-x', 'CY12345678X']], invalid: ['CY123456789', 'CYL12345678'] },
  CZ: { valid: [['CZ12345678', 'CZ12345678'], ['CZ123456789', 'CZ123456789'], ['CZ1234567890', 'CZ1234567890']], invalid: ['CZ1234567', 'CZ12345678901'] },
  DE: { valid: [['DE123456789', 'DE123456789'], ['de 123.456-789', 'DE123456789'], ['123456789', 'DE123456789']], invalid: ['DE12345678', 'DE1234567890', 'DE12345678X'] },
  DK: { valid: [['DK12345678', 'DK12345678'], ['DK 12 34 56 78', 'DK12345678']], invalid: ['DK1234567', 'DK123456789'] },
  EE: { valid: [['EE101234567', 'EE101234567']], invalid: ['EE10123456', 'EE1012345678'] },
  ES: { valid: [['ESX1234567L', 'ESX1234567L'], ['ESA12345674', 'ESA12345674'], ['es12345678z', 'ES12345678Z']], invalid: ['ES123456789', 'ESX123456L'] },
  FI: { valid: [['FI12345678', 'FI12345678']], invalid: ['FI1234567', 'FI123456789'] },
  FR: { valid: [['FR12345678901', 'FR12345678901'], ['FR AB 123456789', 'FRAB123456789']], invalid: ['FRIO123456789', 'FR1234567890', 'FR123456789012'] },
  GR: { valid: [['EL123456789', 'EL123456789'], ['GR123456789', 'EL123456789'], ['123456789', 'EL123456789']], invalid: ['EL12345678', 'EL1234567890'] },
  HR: { valid: [['HR12345678901', 'HR12345678901']], invalid: ['HR1234567890', 'HR123456789012'] },
  HU: { valid: [['HU12345678', 'HU12345678']], invalid: ['HU1234567', 'HU123456789'] },
  IE: { valid: [['IE1234567T', 'IE1234567T'], ['IE1234567WA', 'IE1234567WA'], ['IE1A23456T', 'IE1A23456T'], ['IE1+23456T', 'IE1+23456T']], invalid: ['IE12345678', 'IE1234567Z'] },
  IT: { valid: [['IT12345678901', 'IT12345678901']], invalid: ['IT1234567890', 'IT123456789012'] },
  LT: { valid: [['LT123456789', 'LT123456789'], ['LT123456789012', 'LT123456789012']], invalid: ['LT1234567890', 'LT12345678'] },
  LU: { valid: [['LU12345678', 'LU12345678']], invalid: ['LU1234567', 'LU123456789'] },
  LV: { valid: [['LV12345678901', 'LV12345678901']], invalid: ['LV1234567890', 'LV123456789012'] },
  MT: { valid: [['MT12345678', 'MT12345678']], invalid: ['MT1234567', 'MT123456789'] },
  NL: { valid: [['NL123456789B01', 'NL123456789B01'], ['nl 1234.56.789.b01', 'NL123456789B01'], ['NL859652349B01', 'NL859652349B01']], invalid: ['NL123456789A01', 'NL123456789', 'NL12345678B01'] },
  PL: { valid: [['PL1234567890', 'PL1234567890'], ['PL 123-456-78-90', 'PL1234567890']], invalid: ['PL123456789', 'PL12345678901'] },
  PT: { valid: [['PT123456789', 'PT123456789']], invalid: ['PT12345678', 'PT1234567890'] },
  RO: { valid: [['RO12', 'RO12'], ['RO1234567890', 'RO1234567890']], invalid: ['RO0123', 'RO1', 'RO12345678901'] },
  SE: { valid: [['SE123456789001', 'SE123456789001'], ['SE 123456-7890 01', 'SE123456789001']], invalid: ['SE123456789002', 'SE12345678901'] },
  SI: { valid: [['SI12345678', 'SI12345678']], invalid: ['SI01234567', 'SI123456789'] },
  SK: { valid: [['SK1234567890', 'SK1234567890']], invalid: ['SK123456789', 'SK12345678901'] },
  GB: { valid: [['GB123456789', 'GB123456789'], ['GB123456789012', 'GB123456789012'], ['GBGD001', 'GBGD001'], ['GBHA500', 'GBHA500'], ['XI123456789', 'XI123456789']], invalid: ['GBGD500', 'GBHA499', 'GB12345678'] },
  CH: { valid: [['CHE-123.456.789 MWST', 'CHE123456789'], ['CHE123456789 TVA', 'CHE123456789'], ['123.456.789', 'CHE123456789']], invalid: ['CHE12345678', 'CH123456789'] },
  NO: { valid: [['NO123456789MVA', 'NO123456789MVA'], ['no 123 456 789 mva', 'NO123456789MVA']], invalid: ['NO123456789', 'NO12345678MVA'] },
};

describe('VAT ID formats', () => {
  it('cover every EU member state, the United Kingdom (with Northern Ireland), Switzerland and Norway', () => {
    expect([...VAT_ID_COUNTRIES].sort()).toEqual([...Object.keys(EU_STANDARD_VAT_BP), 'GB', 'CH', 'NO'].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...VAT_ID_COUNTRIES].sort());
  });

  describe.each(Object.entries(SAMPLES))('%s', (country, { valid, invalid }) => {
    it.each(valid)('accepts %j as %s', (typed, stored) => {
      const checked = checkVatId(typed, country);
      expect(checked).toMatchObject({ kind: 'ok', vatId: stored });
      if (checked.kind === 'ok') expect(`${checked.prefix}${checked.number}`).toBe(stored);
    });
    it.each(invalid)('refuses %j, saying what it expects', (typed) => {
      const checked = checkVatId(typed, country);
      expect(checked.kind).toBe('invalid_format');
      if (checked.kind === 'invalid_format') expect(checked.expected).toMatch(/followed by/);
    });
  });

  it('refuses another country\'s number, and a country it does not know', () => {
    expect(checkVatId('NL123456789B01', 'DE')).toEqual({ kind: 'wrong_country', country: 'DE', prefix: 'NL', expected: 'DE followed by 9 digits' });
    expect(checkVatId('DE123456789', 'GR')).toMatchObject({ kind: 'wrong_country', prefix: 'DE' });
    expect(checkVatId('123456789', 'US')).toEqual({ kind: 'unsupported_country', country: 'US' });
  });

  it('reads the demo fixture\'s VAT IDs', () => {
    expect(checkVatId('NL001234567B02', 'NL')).toMatchObject({ kind: 'ok', vatId: 'NL001234567B02' });
    expect(checkVatId('GB123456789', 'GB')).toMatchObject({ kind: 'ok', vatId: 'GB123456789' });
    expect(checkVatId('DE123456789', 'DE')).toMatchObject({ kind: 'ok', vatId: 'DE123456789', prefix: 'DE', number: '123456789' });
  });
});
