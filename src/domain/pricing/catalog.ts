import type { Cents } from './money';
import { isCents } from './money';
import type { LocalDate } from './dates';
import { compareDates, isLocalDate } from './dates';

/**
 * The catalog: editions, the simultaneous-call tiers each may be sold in, and the price
 * list. Prices are data with an effective date, so the distributor changes them without a
 * deploy; `DEFAULT_PRICE_ENTRIES` is pricing.md's default table.
 */

export const EDITIONS = ['startup', 'professional', 'enterprise'] as const;
export type Edition = (typeof EDITIONS)[number];

const EDITION_NAMES: Readonly<Record<Edition, string>> = {
  startup: 'Startup',
  professional: 'Professional',
  enterprise: 'Enterprise',
};

/** Editions rank upwards: an upgrade never goes to a lower rank. */
export const EDITION_RANKS: Readonly<Record<Edition, number>> = {
  startup: 1,
  professional: 2,
  enterprise: 3,
};

/** Simultaneous-call tiers, smallest first. */
export const SC_TIERS = [4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024] as const;

const STARTUP_TIERS: readonly number[] = [4];

/**
 * Whether `s` is an edition code.
 */
export function isEdition(s: unknown): s is Edition {
  return typeof s === 'string' && (EDITIONS as readonly string[]).includes(s);
}

/**
 * The edition's name as people read it: 'professional' → "Professional".
 */
export function editionName(edition: Edition): string {
  return EDITION_NAMES[edition];
}

/**
 * The edition's rank: Startup 1, Professional 2, Enterprise 3.
 */
export function editionRank(edition: Edition): number {
  return EDITION_RANKS[edition];
}

/**
 * The SC tiers the edition may be sold in, smallest first (Startup: only 4).
 */
export function tiersOf(edition: Edition): readonly number[] {
  return edition === 'startup' ? STARTUP_TIERS : SC_TIERS;
}

/**
 * Whether `sc` is a tier the edition may be sold in.
 */
export function isTierOf(edition: Edition, sc: number): boolean {
  return tiersOf(edition).includes(sc);
}

export type PriceKind = 'annual' | 'maintenance';

/** One row of the price list: the yearly price of one edition, size and kind from a date. */
export interface PriceEntry {
  edition: Edition;
  sc: number;
  kind: PriceKind;
  priceCents: Cents;
  effectiveFrom: LocalDate;
}

/** Yearly list prices in force on one day; `undefined` when that item is not for sale. */
export interface PriceList {
  annual(edition: Edition, sc: number): Cents | undefined;
  maintenance(edition: Edition, sc: number): Cents | undefined;
}

/**
 * The yearly price of renewing a license: the annual price for an annual license, the
 * maintenance price for a perpetual one; undefined when the price list has none.
 */
export function yearlyRenewalPrice(prices: PriceList, license: { type: 'annual' | 'perpetual'; edition: Edition; sc: number }): Cents | undefined {
  return license.type === 'annual' ? prices.annual(license.edition, license.sc) : prices.maintenance(license.edition, license.sc);
}

const keyOf = (edition: Edition, sc: number, kind: PriceKind): string => `${edition}/${sc}/${kind}`;

/**
 * The price list in force on `today`: for each edition, SC and kind, the entry with the
 * latest `effectiveFrom` on or before `today` (entries from the future are ignored). When two
 * entries share that date, the later one in `entries` wins. Throws RangeError on an entry
 * that is not valid data (bad date, negative or fractional price): the adapter that loads the
 * table must not hand the domain broken rows.
 */
export function priceListOn(entries: readonly PriceEntry[], today: LocalDate): PriceList {
  if (!isLocalDate(today)) throw new RangeError(`not a LocalDate: ${today}`);
  const chosen = new Map<string, PriceEntry>();
  for (const entry of entries) {
    if (!isLocalDate(entry.effectiveFrom) || !isCents(entry.priceCents) || !isEdition(entry.edition)) {
      throw new RangeError(`invalid price entry: ${JSON.stringify(entry)}`);
    }
    if (compareDates(entry.effectiveFrom, today) > 0) continue;
    const key = keyOf(entry.edition, entry.sc, entry.kind);
    const current = chosen.get(key);
    if (current === undefined || compareDates(entry.effectiveFrom, current.effectiveFrom) >= 0) {
      chosen.set(key, entry);
    }
  }
  const lookUp = (edition: Edition, sc: number, kind: PriceKind): Cents | undefined =>
    chosen.get(keyOf(edition, sc, kind))?.priceCents;
  return {
    annual: (edition, sc) => lookUp(edition, sc, 'annual'),
    maintenance: (edition, sc) => lookUp(edition, sc, 'maintenance'),
  };
}

const DEFAULT_FROM: LocalDate = '2000-01-01';

// [SC, Professional annual, Enterprise annual, Professional maintenance, Enterprise maintenance], EUR.
const DEFAULT_TABLE: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [4, 195_00, 255_00, 95_00, 125_00],
  [8, 350_00, 455_00, 175_00, 225_00],
  [16, 595_00, 775_00, 295_00, 385_00],
  [24, 895_00, 1165_00, 445_00, 580_00],
  [32, 1195_00, 1555_00, 595_00, 775_00],
  [48, 1795_00, 2335_00, 895_00, 1165_00],
  [64, 2395_00, 3115_00, 1195_00, 1555_00],
  [96, 3595_00, 4675_00, 1795_00, 2335_00],
  [128, 4795_00, 6235_00, 2395_00, 3115_00],
  [192, 7195_00, 9355_00, 3595_00, 4675_00],
  [256, 9595_00, 12475_00, 4795_00, 6235_00],
  [512, 19195_00, 24955_00, 9595_00, 12475_00],
  [1024, 38395_00, 49915_00, 19195_00, 24955_00],
];

/**
 * pricing.md's default list prices, effective from 2000-01-01: Startup is sold only as
 * 4 SC annual and has no maintenance price. Frozen (typed mutable only so it can be passed
 * where a `PriceEntry[]` is expected): copy it before changing it.
 */
export const DEFAULT_PRICE_ENTRIES: PriceEntry[] = Object.freeze([
  { edition: 'startup', sc: 4, kind: 'annual', priceCents: 175_00, effectiveFrom: DEFAULT_FROM },
  ...DEFAULT_TABLE.flatMap(([sc, professional, enterprise, professionalMaintenance, enterpriseMaintenance]): PriceEntry[] => [
    { edition: 'professional', sc, kind: 'annual', priceCents: professional, effectiveFrom: DEFAULT_FROM },
    { edition: 'enterprise', sc, kind: 'annual', priceCents: enterprise, effectiveFrom: DEFAULT_FROM },
    { edition: 'professional', sc, kind: 'maintenance', priceCents: professionalMaintenance, effectiveFrom: DEFAULT_FROM },
    { edition: 'enterprise', sc, kind: 'maintenance', priceCents: enterpriseMaintenance, effectiveFrom: DEFAULT_FROM },
  ]),
].map((entry) => Object.freeze(entry))) as PriceEntry[];
