// The European Union as VAT sees it: its member states (ISO 3166 codes) and their standard
// rates in basis points. The rates are data that changes by law, not code: these are the
// standard rates in force on 1 January 2026 (the European Commission's "VAT rates applied in
// the Member States"). When a state changes its rate, change it here and say when.

/** The standard VAT rate of each EU member state, by ISO 3166-1 alpha-2 code, in basis points. */
export const EU_STANDARD_VAT_BP: Readonly<Record<string, number>> = {
  AT: 2000, BE: 2100, BG: 2000, CY: 1900, CZ: 2100, DE: 1900, DK: 2500, EE: 2400, ES: 2100,
  FI: 2550, FR: 2000, GR: 2400, HR: 2500, HU: 2700, IE: 2300, IT: 2200, LT: 2100, LU: 1700,
  LV: 2100, MT: 1800, NL: 2100, PL: 2300, PT: 2300, RO: 2100, SE: 2500, SI: 2200, SK: 2300,
};

/**
 * Whether `country` (ISO 3166-1 alpha-2) is an EU member state for VAT on services. Northern
 * Ireland is part of the EU VAT area for goods only (its "XI" numbers); licenses are services,
 * so a reseller there is a UK (GB) customer, outside the EU.
 */
export function isEuMember(country: string): boolean {
  return Object.hasOwn(EU_STANDARD_VAT_BP, country);
}

/** The standard rate of an EU member state in basis points; undefined outside the EU. */
export function euStandardRate(country: string): number | undefined {
  return isEuMember(country) ? EU_STANDARD_VAT_BP[country] : undefined;
}
