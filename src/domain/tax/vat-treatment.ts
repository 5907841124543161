import { euStandardRate, isEuMember } from './eu';

/**
 * How VAT applies to a reseller's orders, judged against the distributor's country
 * (pricing.md, "VAT treatment"):
 * - `domestic`: VAT is charged at a rate (the distributor's country's standard rate, or the
 *   reseller's explicit rate);
 * - `reverse_charge`: a business in another EU member state with a VAT ID accounts for the VAT
 *   itself (Art. 196 Directive 2006/112/EC); 0 % here;
 * - `outside_eu`: the customer is outside the EU, where the service is supplied; 0 % here.
 */
export type VatTreatment = 'domestic' | 'reverse_charge' | 'outside_eu';

export const VAT_TREATMENTS = ['domestic', 'reverse_charge', 'outside_eu'] as const satisfies readonly VatTreatment[];

/** What decides a reseller's VAT. Countries are ISO 3166-1 alpha-2 codes (Greece is GR here). */
export interface VatFacts {
  /** The distributor's country; null when its address is not configured. */
  distributorCountry: string | null;
  resellerCountry: string;
  /** The reseller's VAT ID as stored (normalised), or null when it has none. */
  resellerVatId: string | null;
  /** A rate an admin set for this reseller (basis points); it wins over the table. */
  explicitRateBp: number | null;
}

export type VatResolution =
  | { kind: 'resolved'; treatment: VatTreatment; rateBp: number; source: 'explicit' | 'derived' }
  /** No explicit rate, and the distributor's country is unknown or outside the EU: nothing to derive from. */
  | { kind: 'unresolved'; reason: 'distributor_country_unknown' | 'distributor_outside_eu' };

/**
 * The reseller's VAT treatment and rate. Without an explicit rate, pricing.md's table: same
 * country as the distributor → domestic at that country's standard rate; another EU country
 * with a VAT ID → reverse charge at 0; another EU country without one → domestic at the
 * distributor's rate; outside the EU → outside the scope of EU VAT at 0.
 *
 * An explicit rate wins. A positive one is charged as domestic VAT (no mention can say "reverse
 * charged" on an invoice that charges VAT); an explicit 0 keeps the treatment of the table, so
 * that a reseller outside the EU or with a VAT ID elsewhere in the EU still gets its mention.
 */
export function resolveVat(facts: VatFacts): VatResolution {
  const derived = deriveTreatment(facts);
  if (facts.explicitRateBp !== null) {
    requireRate(facts.explicitRateBp);
    const treatment = facts.explicitRateBp > 0 || derived === undefined ? 'domestic' : derived.treatment;
    return { kind: 'resolved', treatment, rateBp: facts.explicitRateBp, source: 'explicit' };
  }
  if (facts.distributorCountry === null) return { kind: 'unresolved', reason: 'distributor_country_unknown' };
  if (derived === undefined) return { kind: 'unresolved', reason: 'distributor_outside_eu' };
  return { kind: 'resolved', ...derived, source: 'derived' };
}

function deriveTreatment(facts: VatFacts): { treatment: VatTreatment; rateBp: number } | undefined {
  const home = facts.distributorCountry;
  const homeRate = home === null ? undefined : euStandardRate(home);
  if (homeRate === undefined) return undefined;
  if (facts.resellerCountry === home) return { treatment: 'domestic', rateBp: homeRate };
  if (!isEuMember(facts.resellerCountry)) return { treatment: 'outside_eu', rateBp: 0 };
  if (facts.resellerVatId !== null && facts.resellerVatId.trim() !== '') return { treatment: 'reverse_charge', rateBp: 0 };
  return { treatment: 'domestic', rateBp: homeRate };
}

function requireRate(rateBp: number): void {
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000) throw new RangeError(`a VAT rate must be 0–10000 basis points, got ${rateBp}`);
}

/** The words an invoice of `treatment` must carry (Art. 226(11a) and 226(11) of the Directive), or null for none. */
export function vatMention(treatment: VatTreatment, vatIds: { seller: string | null; buyer: string | null }): string | null {
  switch (treatment) {
    case 'domestic':
      return null;
    case 'reverse_charge':
      return `VAT reverse charged (Art. 196 Directive 2006/112/EC). Supplier VAT ID ${vatIds.seller ?? '(not set)'}, customer VAT ID ${vatIds.buyer ?? '(not set)'}.`;
    case 'outside_eu':
      return "Outside the scope of EU VAT: place of supply is the customer's country.";
    default: {
      const never: never = treatment;
      throw new Error(`unknown VAT treatment ${String(never)}`);
    }
  }
}
