import { describe, it, expect } from 'vitest';
import { LICENSE_KEY_ALPHABET, isLicenseKey, licenseKeyFromRandomBytes, normaliseLicenseKey } from '../../../../src/domain/pricing/license-key';

const ok = (key: string) => ({ kind: 'ok', key });
const invalid = { kind: 'invalid_format' };

describe('normaliseLicenseKey', () => {
  it('accepts a key as written', () => {
    expect(normaliseLicenseKey('ABCD-EFGH-JKLM-NP23')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
  });

  it('trims, uppercases, drops spaces and hyphens and re-inserts the hyphens', () => {
    expect(normaliseLicenseKey('  abcd-efgh-jklm-np23 \n')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
    expect(normaliseLicenseKey('ABCDEFGHJKLMNP23')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
    expect(normaliseLicenseKey('abcd efgh jklm np23')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
    expect(normaliseLicenseKey('AB-CD-EF-GH-JK-LM-NP-23')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
    expect(normaliseLicenseKey('a b c d e f g h j k l m n p 2 3')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
    expect(normaliseLicenseKey('--ABCD--EFGH-JKLM-NP23--')).toEqual(ok('ABCD-EFGH-JKLM-NP23'));
    expect(normaliseLicenseKey('0000-0000-0000-0000')).toEqual(ok('0000-0000-0000-0000'));
  });

  it('refuses anything that is not 16 letters and digits', () => {
    for (const input of [
      '',
      '   ',
      'ABCD-EFGH-JKLM-NP2', // 15
      'ABCD-EFGH-JKLM-NP234', // 17
      'ABCDEFGHJKLMNP2', // 15
      'ABCDEFGHJKLMNP234', // 17
      'ABCD_EFGH_JKLM_NP23',
      'ABCD.EFGH.JKLM.NP23',
      'ABCD-EFGH-JKLM-NP2!',
      'ABCD-EFGH-JKLM-NP2Ä',
      'ABCD-EFGH-JKLM-NPß', // 'ß' would uppercase to "SS"
      'ABCD-EFGH-JKLM-NPıı', // dotless i would uppercase to "I"
      'ABCD\tEFGH\tJKLM\tNP23',
      'ABCD–EFGH–JKLM–NP23', // en dashes
      'ＡBCD-EFGH-JKLM-NP23', // full-width A
    ]) {
      expect(normaliseLicenseKey(input), input).toEqual(invalid);
    }
  });

  it('is idempotent', () => {
    for (const input of ['abcd efgh jklm np23', 'ABCDEFGHJKLMNP23']) {
      const first = normaliseLicenseKey(input);
      if (first.kind !== 'ok') throw new Error('expected ok');
      expect(normaliseLicenseKey(first.key)).toEqual(first);
      expect(isLicenseKey(first.key)).toBe(true);
    }
    expect(isLicenseKey('abcd-efgh-jklm-np23')).toBe(false);
    expect(isLicenseKey('ABCDEFGHJKLMNP23')).toBe(false);
  });
});

describe('licenseKeyFromRandomBytes', () => {
  it('maps bytes onto the 36 characters in order', () => {
    expect(licenseKeyFromRandomBytes(Uint8Array.from({ length: 16 }, (_, i) => i))).toBe('ABCD-EFGH-IJKL-MNOP');
    expect(licenseKeyFromRandomBytes(Uint8Array.from({ length: 16 }, (_, i) => 26 + (i % 10)))).toBe('0123-4567-8901-2345');
    expect(licenseKeyFromRandomBytes(new Uint8Array(16).fill(251))).toBe('9999-9999-9999-9999');
    expect(licenseKeyFromRandomBytes(new Uint8Array(16).fill(36))).toBe('AAAA-AAAA-AAAA-AAAA');
  });

  it('skips bytes of 252 and above and ignores bytes it does not need', () => {
    const bytes = Uint8Array.from([252, 253, 254, 255, ...Array.from({ length: 16 }, () => 1), 0, 0, 0]);
    expect(licenseKeyFromRandomBytes(bytes)).toBe('BBBB-BBBB-BBBB-BBBB');
  });

  it('uses only the given bytes: the same bytes give the same key', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 97 + 13) % 256);
    expect(licenseKeyFromRandomBytes(bytes)).toBe(licenseKeyFromRandomBytes(bytes.slice()));
  });

  it('gives every character the same number of byte values (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      const bytes = new Uint8Array(16).fill(0);
      bytes[0] = byte;
      if (byte >= 252) {
        expect(() => licenseKeyFromRandomBytes(bytes)).toThrow(RangeError); // 15 usable bytes
        continue;
      }
      const first = licenseKeyFromRandomBytes(bytes).charAt(0);
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...LICENSE_KEY_ALPHABET].sort().join(''));
    expect(new Set(counts.values())).toEqual(new Set([7]));
  });

  it('always makes a normalised key', () => {
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: 32 }, () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 24);
      const key = licenseKeyFromRandomBytes(bytes);
      expect(key).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(normaliseLicenseKey(key)).toEqual(ok(key));
    }
  });

  it('asks for more bytes when there are not enough usable ones', () => {
    expect(() => licenseKeyFromRandomBytes(new Uint8Array(15))).toThrow(RangeError);
    expect(() => licenseKeyFromRandomBytes(new Uint8Array(32).fill(255))).toThrow(RangeError);
  });
});
