// VAT identification numbers: the format of each country's numbers (the European Commission's
// VIES list for the member states, plus the United Kingdom, Switzerland and Norway), checked
// when a number is entered. A format is no proof that the number exists: that is what a
// VIES-style check is for (see `VatNumberChecker` in ports.ts).

interface VatIdFormat {
  /** What comes before the number: ISO codes, except EL (Greece), XI (Northern Ireland) and CHE (Switzerland). */
  prefix: string;
  /** The number after the prefix, once spaces, dots and dashes are gone. */
  pattern: RegExp;
  /** The format in words, for the person who typed something else. */
  expected: string;
}

const format = (prefix: string, pattern: RegExp, expected: string): VatIdFormat => ({ prefix, pattern, expected: `${prefix} followed by ${expected}` });

const UK = /^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/;
const UK_WORDS = '9 or 12 digits (GD or HA and 3 digits for government departments and health authorities)';

/** The formats of each country's VAT IDs, by the country's ISO 3166-1 alpha-2 code. */
const FORMATS: Readonly<Record<string, readonly VatIdFormat[]>> = {
  AT: [format('AT', /^U\d{8}$/, 'U and 8 digits')],
  BE: [format('BE', /^[01]\d{9}$/, '10 digits starting with 0 or 1')],
  BG: [format('BG', /^\d{9,10}$/, '9 or 10 digits')],
  CY: [format('CY', /^\d{8}[A-Z]$/, '8 digits and a letter')],
  CZ: [format('CZ', /^\d{8,10}$/, '8, 9 or 10 digits')],
  DE: [format('DE', /^\d{9}$/, '9 digits')],
  DK: [format('DK', /^\d{8}$/, '8 digits')],
  EE: [format('EE', /^\d{9}$/, '9 digits')],
  ES: [format('ES', /^([A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/, '9 characters: a letter or digit, 7 digits, a letter or digit (at least one of the first and last a letter)')],
  FI: [format('FI', /^\d{8}$/, '8 digits')],
  FR: [format('FR', /^[0-9A-HJ-NP-Z]{2}\d{9}$/, '2 digits or letters (not I or O) and 9 digits')],
  GR: [format('EL', /^\d{9}$/, '9 digits')],
  HR: [format('HR', /^\d{11}$/, '11 digits')],
  HU: [format('HU', /^\d{8}$/, '8 digits')],
  IE: [format('IE', /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, '7 digits and 1 or 2 letters, or a digit, a letter or + or *, 5 digits and a letter')],
  IT: [format('IT', /^\d{11}$/, '11 digits')],
  LT: [format('LT', /^(\d{9}|\d{12})$/, '9 or 12 digits')],
  LU: [format('LU', /^\d{8}$/, '8 digits')],
  LV: [format('LV', /^\d{11}$/, '11 digits')],
  MT: [format('MT', /^\d{8}$/, '8 digits')],
  NL: [format('NL', /^\d{9}B\d{2}$/, '9 digits, B and 2 digits')],
  PL: [format('PL', /^\d{10}$/, '10 digits')],
  PT: [format('PT', /^\d{9}$/, '9 digits')],
  RO: [format('RO', /^[1-9]\d{1,9}$/, '2 to 10 digits, not starting with 0')],
  SE: [format('SE', /^\d{10}01$/, '12 digits ending in 01')],
  SI: [format('SI', /^[1-9]\d{7}$/, '8 digits, not starting with 0')],
  SK: [format('SK', /^\d{10}$/, '10 digits')],
  GB: [format('GB', UK, UK_WORDS), format('XI', UK, UK_WORDS)],
  CH: [format('CHE', /^\d{9}$/, '9 digits')],
  NO: [format('NO', /^\d{9}MVA$/, '9 digits and MVA')],
};

/** Every prefix a VAT ID may start with, longest first (CHE before CH-less two-letter ones). */
const KNOWN_PREFIXES = [...new Set(Object.values(FORMATS).flatMap((formats) => formats.map((f) => f.prefix)))].sort((a, b) => b.length - a.length);

/** The countries whose VAT IDs are checked here. */
export const VAT_ID_COUNTRIES: readonly string[] = Object.keys(FORMATS);

export type VatIdCheck =
  /** `vatId` is the number as stored and printed: prefix and number, no separators ("DE123456789"). */
  | { kind: 'ok'; vatId: string; prefix: string; number: string }
  | { kind: 'invalid_format'; country: string; expected: string }
  /** The number carries another country's prefix. */
  | { kind: 'wrong_country'; country: string; prefix: string; expected: string }
  | { kind: 'unsupported_country'; country: string };

/**
 * Checks and normalises a VAT ID typed for a business in `country`: spaces, dots and dashes
 * go, letters become capitals, Switzerland's MWST/TVA/IVA/TPV suffix is dropped, the old
 * 9-digit Belgian numbers get their leading 0, and a number typed without its prefix gets the
 * country's (Greece's is EL; GR is read as EL). A GB business may have a GB or an XI number.
 */
export function checkVatId(typed: string, country: string): VatIdCheck {
  const formats = FORMATS[country];
  if (!formats) return { kind: 'unsupported_country', country };
  let text = typed.toUpperCase().replace(/[\s.\-\u00a0]/g, '');
  if (country === 'CH') text = text.replace(/(MWST|TVA|IVA|TPV)$/, '');
  if (country === 'GR' && text.startsWith('GR')) text = `EL${text.slice(2)}`;
  const expected = formats.map((f) => f.expected).join(', or ');

  const own = formats.find((f) => text.startsWith(f.prefix));
  const foreign = own ? undefined : KNOWN_PREFIXES.find((p) => text.startsWith(p) && /^[A-Z]{2}/.test(text));
  if (foreign !== undefined) return { kind: 'wrong_country', country, prefix: foreign, expected };

  const candidates = own ? [{ format: own, number: text.slice(own.prefix.length) }] : formats.map((f) => ({ format: f, number: text }));
  for (const { format: f, number } of candidates) {
    const fixed = country === 'BE' && /^\d{9}$/.test(number) ? `0${number}` : number;
    if (f.pattern.test(fixed)) return { kind: 'ok', vatId: `${f.prefix}${fixed}`, prefix: f.prefix, number: fixed };
  }
  return { kind: 'invalid_format', country, expected };
}
